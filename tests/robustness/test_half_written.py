"""A fault while an import writes must leave the project as it was (never half a file)."""

from __future__ import annotations

import pytest
from robust_helpers import QUESTIONS, check_project_invariants, project_state, sample


def _fail_on(monkeypatch, project, entity: str):
    original = type(project)._audit

    def failing(self, s, action, ent, *args, **kwargs):
        if ent == entity:
            raise RuntimeError(f"injected fault while writing a {entity}")
        return original(self, s, action, ent, *args, **kwargs)

    monkeypatch.setattr(type(project), "_audit", failing)


def test_ingest_fault_inside_the_transaction(tmp_path, project, monkeypatch):
    from analysis.corpus.batch import ingest_paths

    path = tmp_path / "interview.txt"
    path.write_bytes(sample("ingest.txt"))
    before = project_state(project)
    _fail_on(monkeypatch, project, "source")
    try:
        result = ingest_paths(project, [path])
    except RuntimeError:
        pass  # an unexpected store fault may surface; what matters is what it left behind
    else:
        assert result.files[0].status == "failed"
    assert project_state(project) == before
    check_project_invariants(project)


def test_ingest_one_bad_file_in_a_batch_leaves_the_good_ones_whole(tmp_path, project):
    from analysis.corpus.batch import ingest_paths

    good = tmp_path / "goed.txt"
    good.write_bytes(sample("ingest.txt"))
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(sample("ingest.docx")[:2000])
    result = ingest_paths(project, [good, bad])
    assert sorted(f.status for f in result.files) == ["failed", "imported"]
    assert "kapot.docx" in next(f.reason for f in result.files if f.status == "failed")
    assert project.stats()["sources"] == 1
    check_project_invariants(project)


def test_story_collection_fault_while_saving(tmp_path, project, monkeypatch):
    """A story collection is saved whole or not at all (its stories are sources)."""
    from analysis.stories import import_stories, save_collection

    path = tmp_path / "verhalen.csv"
    path.write_bytes(sample("stories.csv"))
    collection = import_stories(path, QUESTIONS).raise_for_errors()
    before = project_state(project), len(project.story_collections())

    def broken(*args, **kwargs):
        raise RuntimeError("injected fault while saving the collection")

    monkeypatch.setattr(type(project), "save_story_collection", broken)
    with pytest.raises(RuntimeError, match="injected fault"):
        save_collection(project, collection)
    assert (project_state(project), len(project.story_collections())) == before, (
        "save_collection left the stories as sources without their collection"
    )


def test_qdpx_fault_while_writing(tmp_path, project, monkeypatch):
    from analysis.refi import import_qdpx

    path = tmp_path / "project.qdpx"
    path.write_bytes(sample("refi.qdpx"))
    before = project_state(project)
    _fail_on(monkeypatch, project, "source")
    with pytest.raises(RuntimeError, match="injected fault"):
        import_qdpx(path, project)
    assert project_state(project) == before
