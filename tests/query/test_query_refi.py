"""Saved sets travel through REFI-QDA: exact in a Duiding round trip, as sets of sources elsewhere."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from query_builders import build

from analysis.query import run_query
from analysis.refi import export_qdpx, import_qdpx
from analysis.store import Project

SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "refi" / "Project.xsd"


@pytest.fixture
def exported(tmp_path):
    project = Project.create(tmp_path / "src")
    ids = build(project)
    result = run_query(project, "toegang AND wachttijd")
    project.save_passage_set("toegang en wachten", result.passage_ids, query="toegang AND wachttijd")
    path = tmp_path / "sets.qdpx"
    report = export_qdpx(project, path)
    project.close()
    return path, report, ids


def _texts(project, name):
    ids = project.get_passage_set(name)["passage_ids"]
    return [r.text[:14] for r in project.passages(ids=ids)]


def test_round_trip_keeps_the_exact_passages(exported, tmp_path):
    path, report, _ids = exported
    assert report.passage_sets == 1
    target = Project.create(tmp_path / "dst")
    try:
        imported = import_qdpx(path, target)
        assert imported.passage_sets == 1
        stored = target.get_passage_set("toegang en wachten")
        assert stored["query"] == "toegang AND wachttijd"
        assert sorted(_texts(target, "toegang en wachten")) == sorted(
            ["Het loket was ", "De wachtlijst ", "De gemeente st"]
        )
        # a second import of the same file keeps the first set and names the new one apart
        import_qdpx(path, target)
        assert {s["name"] for s in target.passage_sets()} == {"toegang en wachten", "toegang en wachten (import)"}
    finally:
        target.close()


@pytest.mark.skipif(not SCHEMA.exists(), reason="../shared/refi/Project.xsd is absent")
def test_export_with_sets_validates_against_the_schema(exported):
    path, _report, _ids = exported
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    with zipfile.ZipFile(path) as zf:
        doc = etree.fromstring(zf.read("project.qde"))
    assert schema.validate(doc), schema.error_log
    sets = doc.findall(".//{urn:QDA-XML:project:1.0}Set")
    mine = [s for s in sets if s.get("name") == "toegang en wachten"]
    assert len(mine) == 1 and len(mine[0].findall("{urn:QDA-XML:project:1.0}MemberSource")) == 2


def test_a_foreign_set_of_sources_becomes_a_set_of_their_passages(exported, tmp_path):
    """Without Duiding's sidecar (as NVivo or ATLAS.ti write it), a Set of sources holds all their passages."""
    path, _report, _ids = exported
    foreign = tmp_path / "foreign.qdpx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(foreign, "w") as zout:
        for info in zin.infolist():
            if info.filename != "duiding.json":
                zout.writestr(info, zin.read(info))
    target = Project.create(tmp_path / "dst2")
    try:
        import_qdpx(foreign, target)
        texts = _texts(target, "toegang en wachten")
        # the sources behind the set: A-inwoner-1 (4 passages, re-segmented) and B-beleid (1)
        assert "De gemeente st" in texts and "Het weer was m" in texts
        assert not any(t.startswith("Als mantelzorg") for t in texts)
    finally:
        target.close()
