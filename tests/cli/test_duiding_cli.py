"""The ``duiding`` command line on real files: init, ingest, export, codebooks, demo."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.store import Project

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def _docx(path: Path) -> Path:
    d = docx.Document()
    for line in ["I: Hoe ging het contact met het wijkteam?", "R: Nou, ik moest lang wachten op een keukentafelgesprek.",
                 "I: En daarna?", "R: Daarna ging het snel, de consulent dacht echt mee."]:
        d.add_paragraph(line)
    d.save(path)
    return path


def test_help_on_every_command():
    for cmd in ([], ["init"], ["ingest"], ["codebook", "validate"], ["codebook", "import"], ["codebook", "export"],
                ["sources"], ["passages"], ["demo"], ["export", "passages"], ["export", "sources"], ["evaluate"]):
        res = run(*cmd, "--help")
        assert res.exit_code == 0, (cmd, res.output)
        assert "Usage" in res.output


def test_ingest_seeds_and_export_round_trip(tmp_path, seeds_dir):
    proj = tmp_path / "p"
    assert run("init", proj).exit_code == 0
    res = run("ingest", "--project", proj, *sorted(seeds_dir.glob("*.txt")))
    assert res.exit_code == 0, res.output
    assert "5 imported" in res.output
    out_p, out_s = tmp_path / "passages.jsonl", tmp_path / "sources.jsonl"
    assert run("export", "passages", "--project", proj, "--format", "jsonl", "-o", out_p).exit_code == 0
    assert run("export", "sources", "--project", proj, "--format", "jsonl", "-o", out_s).exit_code == 0
    sources = {d["id"]: d for d in map(json.loads, out_s.read_text(encoding="utf-8").splitlines())}
    rows = [json.loads(line) for line in out_p.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 500
    assert set(rows[0]) >= {"source_id", "source_name", "municipality", "kind", "speaker", "start", "end", "text"}
    assert {"heading", "question"} <= set(rows[0])  # verslagen: heading path and table question
    assert "role" in set(rows[0])
    assert set(next(iter(sources.values()))) == {"id", "name", "kind", "municipality", "metadata", "text"}
    assert all(sources[r["source_id"]]["text"][r["start"]:r["end"]] == r["text"] for r in rows)
    # re-import is recognised by checksum
    res = run("ingest", "--project", proj, *sorted(seeds_dir.glob("*.txt")))
    assert res.exit_code == 0 and "5 skipped as duplicate" in res.output


def test_batch_with_corrupt_docx_is_partial_and_leaves_no_trace(tmp_path):
    good = _docx(tmp_path / "goed.docx")
    txt = tmp_path / "tweede.txt"
    txt.write_text("I: Vraag een?\n\nR: Antwoord een, met de buurtcoach.\n\nI: Vraag twee?\n\nR: Antwoord twee.\n", encoding="utf-8")
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(good.read_bytes()[:700])
    proj = tmp_path / "p"
    run("init", proj)
    res = run("ingest", "-p", proj, good, bad, txt)
    assert res.exit_code == 2
    assert "kapot.docx" in res.output and "docx" in res.output
    p = Project.open(proj)
    names = {s.name for s in p.sources()}
    assert names == {"goed.docx", "tweede.txt"}
    assert all("kapot" not in (s.path or "") for s in p.sources())


def test_all_files_failing_exits_1(tmp_path):
    empty = tmp_path / "leeg.txt"
    empty.write_text("", encoding="utf-8")
    unknown = tmp_path / "data.xyz"
    unknown.write_text("iets", encoding="utf-8")
    proj = tmp_path / "p"
    run("init", proj)
    res = run("ingest", "-p", proj, empty, unknown)
    assert res.exit_code == 1
    assert "leeg.txt" in res.output and "data.xyz" in res.output


def test_ingest_with_manifest_sets_metadata(tmp_path):
    (tmp_path / "int.txt").write_text("I: Hoe gaat het?\n\nR: Goed.\n\nI: Echt?\n\nR: Ja, de wijkcoach hielp.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,municipality,study,kind,respondent_group,date,participant,age_group\n"
        "int.txt,Lindewaard,Studie,interview,mantelzorger,2026-03-01,R-9,70+\n", encoding="utf-8")
    proj = tmp_path / "p"
    run("init", proj)
    assert run("ingest", "-p", proj, tmp_path).exit_code == 0
    rec = Project.open(proj).passages()[0]
    assert rec.municipality == "Lindewaard" and rec.respondent_group == "mantelzorger"
    assert rec.participant == "R-9" and rec.attributes["age_group"] == "70+"


def test_export_passages_csv(tmp_path):
    proj = tmp_path / "p"
    run("init", proj)
    run("ingest", "-p", proj, "-m", "Oosterzande", _docx(tmp_path / "a.docx"))
    res = run("export", "passages", "-p", proj, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout.split("\n", 0)[0])))
    assert rows and rows[0]["municipality"] == "Oosterzande"
    assert rows[1]["speaker"] == "R" and "keukentafelgesprek" in rows[1]["text"]


def test_codebook_validate_import_export(tmp_path, repo_root):
    shipped = sorted((repo_root / "codebooks").glob("*.yaml"))
    res = run("codebook", "validate", *shipped)
    assert res.exit_code == 0, res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad Id\nname: x\ncodes:\n  - id: a\n    name: A\n    colour: red\n", encoding="utf-8")
    res = run("codebook", "validate", bad)
    assert res.exit_code == 1 and "bad.yaml" in res.output and "colour" in res.output
    proj = tmp_path / "p"
    run("init", proj)
    assert run("codebook", "import", "-p", proj, repo_root / "codebooks" / "almelo.yaml").exit_code == 0
    qdc = tmp_path / "almelo.qdc"
    assert run("codebook", "export", "-p", proj, "almelo", qdc).exit_code == 0
    assert "urn:QDA-XML:codebook:1.0" in qdc.read_text(encoding="utf-8")
    proj2 = tmp_path / "p2"
    run("init", proj2)
    assert run("codebook", "import", "-p", proj2, qdc).exit_code == 0
    assert [c.id for c in Project.open(proj2).get_codebook("almelo").codes] == [c.id for c in Project.open(proj).get_codebook("almelo").codes]


def test_unknown_project_is_a_clear_error(tmp_path):
    res = run("sources", "-p", tmp_path / "nergens")
    assert res.exit_code == 1 and "duiding init" in res.output


@pytest.mark.slow
def test_demo_builds_without_serving(tmp_path):
    res = run("demo", "--project", tmp_path / "demo", "--no-serve", "--no-autocode")
    assert res.exit_code == 0, res.output
    p = Project.open(tmp_path / "demo")
    stats = p.stats()
    assert stats["sources"] >= 21 and stats["codebooks"] >= 4
    assert set(p.municipalities()) >= {"Lindewaard", "Oosterzande", "Heemsteden"}
    # every demo gold turn is a passage of the demo project
    texts = {r.text for b in p.iter_passages() for r in b}
    gold = [row for g in sorted((Path(__file__).parents[2] / "corpora" / "demo").glob("*/gold.csv"))
            for row in csv.DictReader(g.open(encoding="utf-8"))]
    assert gold and sum(row["text"] in texts for row in gold) / len(gold) > 0.95


def test_code_auto_and_evaluate_commands(tmp_path, repo_root):
    proj = tmp_path / "p"
    run("init", proj)
    run("ingest", "-p", proj, "-m", "Lindewaard", repo_root / "corpora" / "demo" / "lindewaard" / "inwoner_01_molenkamp.txt")
    run("codebook", "import", "-p", proj, repo_root / "codebooks" / "sociaal-domein.yaml")
    res = run("code", "auto", "-p", proj, "--no-progress")
    assert res.exit_code == 0, res.output
    p = Project.open(proj)
    first = {(c.passage_id, c.code_id) for c in p.codings(status="suggested")}
    assert first, "auto-coding stored no suggestions on a real interview"
    assert run("code", "auto", "-p", proj, "--codebook", "sociaal-domein", "--no-progress").exit_code == 0
    assert {(c.passage_id, c.code_id) for c in p.codings(status="suggested")} == first
    gold = repo_root / "corpora" / "demo" / "lindewaard" / "gold.csv"
    res = run("evaluate", "--codebook", repo_root / "codebooks" / "sociaal-domein.yaml", "--gold", gold, "--json")
    assert res.exit_code == 0
    result = json.loads(res.stdout)
    assert 0.0 <= result["zero_shot"]["macro_f1"] <= 1.0 and "toegang" in result["zero_shot"]["per_code"]
