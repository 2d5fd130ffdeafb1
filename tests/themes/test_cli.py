from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from analysis.cli.themes import app

runner = CliRunner()


def _location(project) -> str:
    return str(project.folder)


def test_fit_show_export(project, tmp_path: Path) -> None:
    where = _location(project)
    result = runner.invoke(app, ["fit", "--project", where, "--topics", "4", "--seed", "3", "--name", "proef"])
    assert result.exit_code == 0, result.output
    models = project.topic_models()
    assert [m["name"] for m in models] == ["proef"]
    assert models[0]["params"]["config"]["nr_topics"] == 4

    listed = runner.invoke(app, ["show", "--project", where, "--list"])
    assert listed.exit_code == 0 and "proef" in listed.output

    shown = runner.invoke(app, ["show", "--project", where, "--per", "municipality", "--examples"])
    assert shown.exit_code == 0, shown.output
    for muni in {p.municipality for p in project.passages()}:
        assert muni in shown.output

    out_dir = tmp_path / "export"
    exported = runner.invoke(app, ["export", "--project", where, "--out", str(out_dir)])
    assert exported.exit_code == 0, exported.output
    with (out_dir / "topics.csv").open(encoding="utf-8") as fh:
        topics = list(csv.DictReader(fh))
    with (out_dir / "assignments.csv").open(encoding="utf-8") as fh:
        assignments = list(csv.DictReader(fh))
    assert len(topics) == 4
    assert len(assignments) == project.count_passages()
    by_id = {p.id: p for p in project.passages()}
    for row in assignments[:5]:
        passage = by_id[int(row["passage_id"])]
        assert row["text"] == passage.text and row["municipality"] == passage.municipality
        assert row["topic"] in {t["topic"] for t in topics}

    json_path = tmp_path / "themes.json"
    exported = runner.invoke(app, ["export", "--project", where, "--format", "json", "--out", str(json_path)])
    assert exported.exit_code == 0, exported.output
    payload = json.loads(json_path.read_text(encoding="utf-8"))
    assert len(payload["topics"]) == 4 and len(payload["assignments"]) == project.count_passages()
    assert payload["model"]["config"]["random_state"] == 3


def test_cli_errors_are_plain_and_exit_1(project, tmp_path: Path) -> None:
    where = _location(project)
    shown = runner.invoke(app, ["show", "--project", where])
    assert shown.exit_code == 1 and "no topic models yet" in shown.output
    bad = runner.invoke(app, ["fit", "--project", where, "--reducer", "tsne"])
    assert bad.exit_code == 1 and "reducer must be one of umap, pca" in bad.output
    unknown = runner.invoke(app, ["fit", "--project", where, "--codebook", "bestaat-niet"])
    assert unknown.exit_code == 1 and "no codebook 'bestaat-niet'" in unknown.output
    fmt = runner.invoke(app, ["export", "--project", where, "--format", "xml", "--out", str(tmp_path / "x")])
    assert fmt.exit_code == 1 and "unknown format 'xml'" in fmt.output
    missing = runner.invoke(app, ["show", "--project", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1
