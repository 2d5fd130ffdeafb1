"""Deleting a source and editing its metadata through the store API (one transaction, audit logged)."""

from __future__ import annotations

import pytest
from team_builders import CODEBOOK, add_source, code

from analysis.accounts import PermissionDenied, add_user
from analysis.domain import CodingStatus, Memo
from analysis.store import Project, StoreError

TEXTS = ["De toegang was lastig.", "Het wachten duurde lang.", "Ik wil zelf kiezen."]


@pytest.fixture
def filled(project):
    """On SQLite, and on PostgreSQL when a test server is configured."""
    project.user = "tester"
    project.save_codebook(CODEBOOK)
    pids = add_source(project, TEXTS, name="a.txt")
    other = add_source(project, ["Een andere bron."], name="b.txt")
    code(project, pids[0], "toegang", "anna")
    code(project, pids[1], "wachttijd", "duiding-auto", status=CodingStatus.SUGGESTED)
    code(project, other[0], "regie", "anna")
    project.add_memo(Memo("let op", author="anna", target_type="passage", target_id=str(pids[0])))
    sid = project.get_passage(pids[0]).source_id
    return project, sid, pids, other


def test_delete_source_takes_its_passages_codings_and_memos(filled):
    project, sid, _pids, other = filled
    counts = project.delete_source(sid)
    assert counts == {"passages": 3, "codings": 2, "memos": 1}
    assert [s.name for s in project.sources(with_text=False)] == ["b.txt"]
    assert project.count_passages() == 1
    left = project.codings()
    assert [(c.passage_id, c.code_id) for c in left] == [(other[0], "regie")]
    assert project.memos(target_type="passage") == []
    entry = project.audit_log(entity="source", entity_id=sid)[-1]
    assert entry["action"] == "delete" and entry["user"] == "tester"
    assert entry["before"]["name"] == "a.txt"
    assert entry["before"]["codings"] == 2
    assert entry["before"]["codings_by_status"] == {"accepted": 1, "suggested": 1}


def test_delete_unknown_source_changes_nothing(filled):
    project, *_ = filled
    n_audit = len(project.audit_log())
    with pytest.raises(StoreError):
        project.delete_source(9999)
    assert len(project.audit_log()) == n_audit and len(project.sources(with_text=False)) == 2


def test_update_source_metadata_is_audited_and_keeps_codings(filled):
    project, sid, _pids, _ = filled
    before = project.codings(source_id=sid)
    src = project.update_source(
        sid,
        name="interview-anna.txt",
        kind="interview",
        municipality="Lindewaard",
        study="Evaluatie 2026",
        participant="R-07",
        respondent_group="inwoner",
        date="2026-03-01",
        metadata={"wijk": "De Esch"},
    )
    assert src.name == "interview-anna.txt"
    stored = project.get_source(sid)
    assert (stored.name, stored.kind.value, stored.municipality, stored.study) == (
        "interview-anna.txt",
        "interview",
        "Lindewaard",
        "Evaluatie 2026",
    )
    assert (stored.participant, stored.respondent_group, stored.date) == ("R-07", "inwoner", "2026-03-01")
    assert stored.metadata == {"wijk": "De Esch"}
    assert stored.text == "\n\n".join(TEXTS)
    assert len(project.codings(source_id=sid)) == len(before)
    entry = project.audit_log(entity="source", entity_id=sid)[-1]
    assert entry["action"] == "update"
    assert entry["before"]["name"] == "a.txt" and entry["after"]["name"] == "interview-anna.txt"
    assert entry["after"]["municipality"] == "Lindewaard" and "text" not in entry["after"]
    # clearing a field
    project.update_source(sid, municipality="", date=None)
    stored = project.get_source(sid)
    assert stored.municipality is None and stored.date is None and stored.name == "interview-anna.txt"


def test_update_source_refuses_bad_values_and_writes_nothing(filled):
    project, sid, *_ = filled
    n_audit = len(project.audit_log())
    with pytest.raises(StoreError):
        project.update_source(sid, name="   ")
    with pytest.raises(StoreError):
        project.update_source(sid, kind="podcast")
    with pytest.raises(StoreError):
        project.update_source(sid, colour="rood")
    assert project.get_source(sid).name == "a.txt" and len(project.audit_log()) == n_audit


def test_update_without_change_writes_no_audit_row(filled):
    project, sid, *_ = filled
    n_audit = len(project.audit_log())
    project.update_source(sid, name="a.txt")
    assert len(project.audit_log()) == n_audit


def test_a_lezer_may_not_delete_or_edit_sources(filled, tmp_path):
    project, sid, *_ = filled
    add_user(project, "beheer", "beheer-wachtwoord", role="beheerder")
    add_user(project, "lees", "lees-wachtwoord", role="lezer")
    reader = Project.open(project.location, user="lees")
    try:
        with pytest.raises(PermissionDenied):
            reader.delete_source(sid)
        with pytest.raises(PermissionDenied):
            reader.update_source(sid, name="x.txt")
    finally:
        reader.close()
    assert project.get_source(sid).name == "a.txt"


def test_deleting_a_story_source_takes_the_story_out_of_its_collection(project):
    from analysis.stories import load_collections, save_collection
    from analysis.stories.importer import questions_from_dicts
    from analysis.stories.model import Story, StoryCollection

    questions = questions_from_dicts(
        [{"id": "ervaring", "type": "slider", "label": "Hoe?", "poles": ["slecht", "goed"]}]
    )
    collection = StoryCollection(
        id="wijk",
        name="Verhalen uit de wijk",
        questions=list(questions.questions),
        stories=[
            Story("1", "Een", "Het wijkteam hielp.", {"ervaring": 0.8}),
            Story("2", "Twee", "Ik wachtte lang.", {"ervaring": 0.2}),
        ],
    )
    ids = save_collection(project, collection)
    project.delete_source(ids[0])
    (stored,) = load_collections(project)
    assert [st.id for st in stored.stories] == ["2"]
    assert [s.metadata["story_id"] for s in project.sources(kind="story", with_text=False)] == ["2"]
