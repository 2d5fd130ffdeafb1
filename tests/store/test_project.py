from __future__ import annotations

import pytest
from team_builders import add_source

from analysis.domain import (
    Code,
    Codebook,
    Coding,
    CodingOrigin,
    CodingStatus,
    EvidenceSpan,
    Memo,
    Norm,
    Participant,
    Passage,
    Source,
    SourceKind,
)
from analysis.store import DuplicateSource, Project, ProjectNotFound, StoreError

TEXT = "I: Hoe ging het?\n\nR: Nou, het wachten duurde lang. Maar de buurtcoach hielp.\n\nI: En toen?"


def _passages(text: str) -> list[Passage]:
    out = []
    for i, marker in enumerate(["Hoe ging het?", "Nou, het wachten duurde lang. Maar de buurtcoach hielp.", "En toen?"]):
        start = text.index(marker)
        out.append(Passage(start, start + len(marker), marker, i, speaker="I" if i != 1 else "R"))
    return out


def _add(project: Project, name: str = "int1.txt", checksum: str = "c1", **kw) -> int:
    src = Source(name=name, text=TEXT, municipality="Lindewaard", checksum=checksum, participant="R-01",
                 respondent_group="inwoner", study="Evaluatie", **kw)
    return project.add_source(src, _passages(TEXT), participant=Participant("R-01", "Lindewaard", "inwoner", "70+", "De Esch", {"wet": "Wmo"}))


def _codebook() -> Codebook:
    return Codebook("cb", "Test", codes=[
        Code("toegang", "Toegang", keywords=["wachten"]),
        Code("wachttijden", "Wachttijden", parent="toegang"),
        Code("wijk", "Wijkgericht", keywords=["buurtcoach"]),
    ], norms=[Norm("n1", "De toegang is laagdrempelig", "1", ["toegang"])])


def test_open_missing_project_names_the_path(tmp_path):
    with pytest.raises(ProjectNotFound, match="duiding init"):
        Project.open(tmp_path / "nope")


def test_source_round_trip_with_context(project):
    sid = _add(project)
    src = project.get_source(sid)
    assert src.text == TEXT and src.municipality == "Lindewaard" and src.study == "Evaluatie"
    recs = project.passages(source_id=sid)
    assert [r.ordinal for r in recs] == [0, 1, 2]
    for r in recs:
        assert src.text[r.start:r.end] == r.text
    r = recs[1]
    assert r.speaker == "R" and r.respondent_group == "inwoner" and r.participant == "R-01"
    assert r.attributes["age_group"] == "70+" and r.attributes["wet"] == "Wmo"
    assert project.count_passages(municipality="Lindewaard") == 3
    assert project.count_passages(search="buurtcoach") == 1
    assert project.count_passages(municipality="Elders") == 0


def test_search_ignores_case_and_diacritics_and_takes_wildcards_literally(project):
    texts = ["De cliënt kreeg één gesprek.", "Een client zonder accent.", "Korting van 50% op_de rekening.", "Vijftig procent korting."]
    add_source(project, texts, name="zoek.txt")

    def found(term):
        return sorted(r.ordinal for r in project.passages(search=term))

    assert found("CLIENT") == [0, 1]
    assert found("cliënt") == [0, 1]
    assert found("één gesprek") == [0] == found("een gesprek")
    assert found("50%") == [2]  # % and _ are text, not LIKE wildcards
    assert found("p_de") == [2] and found("op%de") == []
    assert project.count_passages(search="Korting") == 2


def test_duplicate_checksum_is_refused(project):
    _add(project)
    with pytest.raises(DuplicateSource) as exc:
        _add(project, name="copy.txt")
    assert "copy.txt" in str(exc.value)
    assert project.stats()["sources"] == 1


def test_bad_offsets_store_nothing(project):
    src = Source(name="bad.txt", text="abc def", checksum="x")
    with pytest.raises(StoreError, match="bad.txt"):
        project.add_source(src, [Passage(0, 3, "abc"), Passage(4, 7, "xyz", 1)])
    assert project.stats()["sources"] == 0 and project.stats()["passages"] == 0


def test_failure_inside_transaction_rolls_back(project):
    with pytest.raises(RuntimeError), project.transaction():
        project.add_source(Source(name="a", text="abc", checksum="t1"), [Passage(0, 3, "abc")])
        raise RuntimeError("boom")
    assert project.stats()["sources"] == 0


def test_iter_passages_batches_cover_everything(project):
    for i in range(3):
        _add(project, name=f"s{i}", checksum=f"c{i}")
    batches = list(project.iter_passages(batch_size=4))
    assert [len(b) for b in batches] == [4, 4, 1]
    ids = [r.id for b in batches for r in b]
    assert ids == sorted(ids) and len(set(ids)) == 9


def test_codebook_round_trip_and_codings(project):
    _add(project)
    project.save_codebook(_codebook())
    cb = project.get_codebook("cb")
    assert [c.id for c in cb.codes] == ["toegang", "wachttijden", "wijk"]
    assert cb.code("wachttijden").parent == "toegang" and cb.norms[0].codes == ["toegang"]
    pid = project.passages()[1].id
    cid = project.add_coding(Coding(pid, "toegang", "cb", coder="anne"))
    # the same coding again updates instead of duplicating
    assert project.add_coding(Coding(pid, "toegang", "cb", coder="anne", memo="lang")) == cid
    assert len(project.codings()) == 1 and project.codings()[0].memo == "lang"
    with pytest.raises(StoreError, match="no code"):
        project.add_coding(Coding(pid, "onbekend", "cb"))
    with pytest.raises(StoreError, match="outside passage"):
        project.add_coding(Coding(pid, "wijk", "cb", start=0, end=3))


def test_suggestions_are_idempotent_and_respect_decisions(project):
    _add(project)
    project.save_codebook(_codebook())
    p1, p2 = [r.id for r in project.passages()[:2]]

    def suggest(conf: float) -> list[Coding]:
        return [
            Coding(p, code, "cb", coder="auto", origin=CodingOrigin.RULE, status=CodingStatus.SUGGESTED,
                   confidence=conf, evidence=[EvidenceSpan(0, 3, "I: ")])
            for p in (p1, p2) for code in ("toegang", "wijk")
        ]

    assert project.upsert_suggestions(suggest(0.5)) == (4, 0)
    assert project.upsert_suggestions(suggest(0.5)) == (0, 0)
    assert project.upsert_suggestions(suggest(0.7)) == (0, 4)
    target = next(c for c in project.codings() if c.passage_id == p2 and c.code_id == "toegang")
    project.set_status(target.id, "rejected", coder="anne")
    assert project.upsert_suggestions(suggest(0.9)) == (0, 3)
    kept = project.get_coding(target.id)
    assert kept.status is CodingStatus.REJECTED and kept.confidence == 0.7
    assert len(project.codings()) == 4
    assert project.codings(status="suggested", passage_ids=[p1])[0].evidence[0].text == "I: "


def test_merge_moves_codings_and_children(project):
    _add(project)
    project.save_codebook(_codebook())
    pid = project.passages()[1].id
    project.add_coding(Coding(pid, "wijk", "cb", coder="anne"))
    project.add_coding(Coding(pid, "wachttijden", "cb", coder="anne"))
    project.add_code("cb", Code("kind", "Kind", parent="wijk"))
    moved = project.merge_codes("cb", "wijk", "toegang")
    assert moved == 1
    cb = project.get_codebook("cb")
    assert "wijk" not in [c.id for c in cb.codes]
    assert cb.code("kind").parent == "toegang" and "buurtcoach" in cb.code("toegang").keywords
    assert {c.code_id for c in project.codings()} == {"toegang", "wachttijden"}
    with pytest.raises(StoreError, match="descendant"):
        project.move_code("cb", "toegang", "wachttijden")


def test_audit_log_records_who_and_what(project):
    _add(project)
    project.save_codebook(_codebook())
    pid = project.passages()[0].id
    cid = project.add_coding(Coding(pid, "toegang", "cb", coder="anne", status=CodingStatus.SUGGESTED))
    project.set_status(cid, "accepted")
    log = project.audit_log(entity="coding", entity_id=cid)
    assert [e["action"] for e in log] == ["create", "status"]
    assert log[1]["before"]["status"] == "suggested" and log[1]["after"]["status"] == "accepted"


def test_memos_topic_models_and_norms(project):
    _add(project)
    project.save_codebook(_codebook())
    project.add_memo(Memo("Opvallend: wachttijden", target_type="code", target_id="toegang"))
    assert project.memos("code", "toegang")[0].text.startswith("Opvallend")
    pid = project.passages()[0].id
    mid = project.save_topic_model("m", {"seed": 1}, [{"id": 0, "label": "wachten"}], [(pid, 0, 0.9)], blob=b"xyz")
    loaded = project.load_topic_model(mid)
    assert loaded["blob"] == b"xyz" and loaded["topics"][0]["label"] == "wachten"
    assert project.topic_assignments(mid) == [(pid, 0, 0.9)]
    project.judge_norm("cb", "n1", "voldoet-deels", "Wachttijden te lang", [pid])
    assert project.norm_judgements("cb")["n1"]["judgement"] == "voldoet-deels"
    with pytest.raises(StoreError, match="not on the scale"):
        project.judge_norm("cb", "n1", "prima")


def test_source_kind_parsing():
    assert SourceKind.parse("groepsinterview") is SourceKind.GROUP_INTERVIEW
    assert SourceKind.parse("policy-document") is SourceKind.POLICY_DOCUMENT
    with pytest.raises(ValueError, match="expected one of"):
        SourceKind.parse("podcast")
