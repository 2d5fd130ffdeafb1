from __future__ import annotations

import pytest

from analysis.domain import CodingStatus
from analysis.review import (
    STATUS_ACCEPTED,
    STATUS_REJECTED,
    STATUS_SUGGESTED,
    STATUS_UNCODED,
    ReviewFilters,
    accept,
    apply_order,
    build_queue,
    codings_for,
    filtered_ids,
    load_item,
    load_passages,
    reject,
)


def _speech(project):
    """The passages the queue holds by default: respondent speech, not interviewer turns."""
    return [p for p in project.passages() if p.role == "respondent"]


def _doc_order(project):
    return [p.id for p in _speech(project)]


def test_unfiltered_queue_is_every_passage_in_document_order(project, codebook_id):
    queue = build_queue(project, codebook_id)
    assert queue.ids == _doc_order(project)
    assert len(queue) == project.count_passages(exclude_roles=["interviewer", "other"])
    assert queue.order == "document"


def test_interviewer_turns_are_in_the_queue_only_with_the_all_speakers_filter(project, codebook_id):
    every = project.passages()
    interviewer = {p.id for p in every if p.role == "interviewer"}
    assert interviewer and {p.speaker for p in every if p.id in interviewer} == {"I"}
    for status in (STATUS_SUGGESTED, "all", STATUS_UNCODED):
        assert not interviewer & set(build_queue(project, codebook_id, ReviewFilters(status=status)).ids)
    # the builder's keyword suggestions hit an interviewer question ("... bij het wijkteam terecht?")
    suggested_on_questions = interviewer & {c.passage_id for c in project.codings(codebook_id=codebook_id, status="suggested")}
    assert suggested_on_questions
    shown = build_queue(project, codebook_id, ReviewFilters(all_speakers=True))
    assert shown.ids == [p.id for p in every]
    assert suggested_on_questions <= set(build_queue(project, codebook_id, ReviewFilters(status=STATUS_SUGGESTED, all_speakers=True)).ids)


def test_status_suggested_keeps_passages_with_open_suggestions(project, codebook_id):
    speech = set(_doc_order(project))
    expected = sorted({c.passage_id for c in project.codings(codebook_id=codebook_id, status="suggested")} & speech)
    queue = build_queue(project, codebook_id, ReviewFilters(status=STATUS_SUGGESTED))
    assert sorted(queue.ids) == expected
    assert expected  # the builder made suggestions


def test_filters_by_municipality_source_group_and_search(project, codebook_id):
    every = _speech(project)
    lw = build_queue(project, codebook_id, ReviewFilters(municipality="Lindewaard"))
    assert set(lw.ids) == {p.id for p in every if p.municipality == "Lindewaard"}
    src = every[0].source_id
    assert set(build_queue(project, codebook_id, ReviewFilters(source_id=src)).ids) == {p.id for p in every if p.source_id == src}
    mz = build_queue(project, codebook_id, ReviewFilters(respondent_group="mantelzorger"))
    assert set(mz.ids) == {p.id for p in every if p.respondent_group == "mantelzorger"}
    found = build_queue(project, codebook_id, ReviewFilters(search="WERKDRUK"))
    assert set(found.ids) == {p.id for p in every if "werkdruk" in p.text.lower()}
    assert found.ids


def test_code_and_status_filters_follow_decisions(project, codebook_id):
    sugg = project.codings(codebook_id=codebook_id, code_id="wachttijden", status="suggested")
    assert len(sugg) == 2
    accept(project, sugg[0].id, "tester")
    reject(project, sugg[1].id, "tester")
    f = ReviewFilters(code_id="wachttijden")
    assert filtered_ids(project, codebook_id, f.with_(status=STATUS_ACCEPTED)) == [sugg[0].passage_id]
    assert filtered_ids(project, codebook_id, f.with_(status=STATUS_REJECTED)) == [sugg[1].passage_id]
    assert filtered_ids(project, codebook_id, f.with_(status=STATUS_SUGGESTED)) == []
    assert sorted(filtered_ids(project, codebook_id, f)) == sorted(c.passage_id for c in sugg)


def test_uncoded_are_the_passages_without_any_coding(project, codebook_id):
    coded = {c.passage_id for c in project.codings(codebook_id=codebook_id)}
    uncoded = filtered_ids(project, codebook_id, ReviewFilters(status=STATUS_UNCODED))
    assert set(uncoded) == set(_doc_order(project)) - coded
    assert uncoded == [pid for pid in _doc_order(project) if pid not in coded]


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="unknown review status"):
        ReviewFilters(status="maybe")


def test_queue_is_a_snapshot_that_does_not_shift_when_reviewing(project, codebook_id):
    queue = build_queue(project, codebook_id, ReviewFilters(status=STATUS_SUGGESTED))
    before = list(queue.ids)
    for c in project.codings(codebook_id=codebook_id, passage_ids=[before[0]]):
        accept(project, c.id, "tester")
    assert queue.ids == before
    rebuilt = build_queue(project, codebook_id, ReviewFilters(status=STATUS_SUGGESTED))
    assert before[0] not in rebuilt.ids


def test_apply_order_ranks_known_ids_and_keeps_the_rest_in_order():
    assert apply_order([1, 2, 3, 4, 5], [4, 2, 99]) == [4, 2, 1, 3, 5]
    assert apply_order([1, 2, 3], None) == [1, 2, 3]
    assert apply_order([1, 2, 3], [3, 3, 1]) == [3, 1, 2]


def test_active_order_is_used_when_given(project, codebook_id):
    ids = _doc_order(project)
    queue = build_queue(project, codebook_id, order=list(reversed(ids)))
    assert queue.ids == list(reversed(ids))
    assert queue.order == "active"


def test_pagination_covers_every_id_once(project, codebook_id):
    queue = build_queue(project, codebook_id, ReviewFilters(all_speakers=True))
    size = 5
    pages = [queue.page_ids(i, size) for i in range(queue.n_pages(size))]
    assert [pid for page in pages for pid in page] == queue.ids
    assert all(len(page) <= size for page in pages)
    assert queue.page_ids(queue.n_pages(size), size) == []
    assert queue.position(queue.ids[7]) == 7
    assert queue.position(-1) is None
    assert queue.clamp(10_000) == len(queue) - 1
    with pytest.raises(ValueError):
        queue.page_ids(0, 0)


def test_load_passages_keeps_the_requested_order(project):
    ids = _doc_order(project)[:6][::-1]
    assert [p.id for p in load_passages(project, ids)] == ids
    assert load_passages(project, []) == []


def test_load_item_has_context_turns_and_sorted_codings(project, codebook_id):
    pid = next(c.passage_id for c in project.codings(codebook_id=codebook_id, code_id="mantelzorg")
               if project.get_passage(c.passage_id).ordinal == 3)
    item = load_item(project, pid, codebook_id, context=2)
    assert item.passage.id == pid
    assert [p.ordinal for p in item.before] == [1, 2]
    assert item.after == []  # last turn of its source
    assert {c.code_id for c in item.suggestions} == {"mantelzorg", "wachttijden"}
    accept(project, item.suggestions[-1].id, "tester")
    item = load_item(project, pid, codebook_id)
    assert [CodingStatus(c.status).value for c in item.codings] == ["suggested", "accepted"]


def test_codings_for_groups_by_passage(project, codebook_id):
    ids = [p.id for p in project.passages()]
    grouped = codings_for(project, codebook_id, ids)
    assert set(grouped) == set(ids)
    assert sum(len(v) for v in grouped.values()) == len(project.codings(codebook_id=codebook_id))
    assert all(c.passage_id == pid for pid, cs in grouped.items() for c in cs)


def test_saved_set_limits_the_queue(project, codebook_id):
    every = _doc_order(project)
    chosen = [every[5], every[1], every[3]]
    project.save_passage_set("mijn selectie", chosen)
    queue = build_queue(project, codebook_id, ReviewFilters(passage_set="mijn selectie"))
    assert queue.ids == [every[1], every[3], every[5]]  # document order
    lw = build_queue(project, codebook_id, ReviewFilters(passage_set="mijn selectie", search="zzz-nergens"))
    assert lw.ids == []
