"""auto_code against a real Project on a temporary SQLite file."""

from __future__ import annotations

import pytest
from coding_testdata import make_codebook, synthetic_corpus

from analysis.domain import Coding, CodingOrigin, CodingStatus, Passage, Source

store = pytest.importorskip("analysis.store")


def _build_project(tmp_path, n_sources: int = 6, per_source: int = 8):
    from analysis.store import Project

    project = Project.create(tmp_path / "proj")
    cb = make_codebook()
    project.save_codebook(cb)
    texts, labels = synthetic_corpus(n_sources * per_source, seed=7)
    truth: dict[int, set[str]] = {}
    for s in range(n_sources):
        chunk = texts[s * per_source : (s + 1) * per_source]
        header = f"Interview {s}\n\n"
        body = ""
        passages = []
        offset = len(header)
        for k, t in enumerate(chunk):
            turn = f"R: {t}"
            start = offset + len(body) + 3
            passages.append(Passage(start=start, end=start + len(t), text=t, ordinal=k, speaker="R"))
            body += turn + "\n\n"
        source = Source(
            name=f"interview-{s}.txt",
            text=header + body,
            municipality="Testdorp",
            respondent_group="mantelzorger" if s % 2 else "inwoner",
            checksum=f"sum-{s}",
        )
        project.add_source(source, passages)
    for rec, label in zip(project.passages(), labels):
        truth[rec.id] = label
    return project, cb, truth


def code_first_half(project, cb, truth) -> list[int]:
    """The researcher codes the first half completely (accepted codes per passage); all passage ids."""
    ids = sorted(truth)
    for pid in ids[: len(ids) // 2]:
        for code in truth[pid]:
            project.add_coding(Coding(passage_id=pid, code_id=code, codebook_id=cb.id, coder="onderzoeker"))
    return ids


def test_auto_code_stores_suggestions_with_round_tripping_evidence(tmp_path):
    from analysis.coding import auto_code

    project, cb, _ = _build_project(tmp_path)
    report = auto_code(project, cb.id, progress=False)
    assert report.mode == "zero_shot"
    assert report.passages == project.count_passages()
    assert report.inserted == report.suggestions > 0
    stored = project.codings(codebook_id=cb.id, status=CodingStatus.SUGGESTED)
    assert len(stored) == report.suggestions
    sources = {s.id: s for s in project.sources()}
    records = {r.id: r for r in project.passages()}
    n_spans = 0
    for c in stored:
        assert c.coder == "duiding-auto"
        assert c.origin in (CodingOrigin.RULE, CodingOrigin.MODEL)
        assert 0.0 <= c.confidence <= 1.0
        text = sources[records[c.passage_id].source_id].text
        for e in c.evidence:
            assert text[e.start : e.end] == e.text
            n_spans += 1
    assert n_spans > 0


def test_rerun_is_idempotent_and_never_overrides_decisions(tmp_path):
    from analysis.coding import auto_code

    project, cb, _ = _build_project(tmp_path)
    auto_code(project, cb.id, progress=False)
    first = {(c.passage_id, c.code_id): c for c in project.codings(codebook_id=cb.id)}
    suggestions = [c for c in first.values() if c.status is CodingStatus.SUGGESTED]
    accepted, rejected = suggestions[0], suggestions[1]
    project.set_status(accepted.id, CodingStatus.ACCEPTED, coder="onderzoeker")
    project.set_status(rejected.id, CodingStatus.REJECTED, coder="onderzoeker")

    again = auto_code(project, cb.id, progress=False)
    after = project.codings(codebook_id=cb.id)
    keys = [(c.passage_id, c.code_id, c.coder) for c in after]
    assert len(keys) == len(set(keys)), "a suggestion was duplicated"
    by_id = {c.id: c for c in after}
    assert by_id[accepted.id].status is CodingStatus.ACCEPTED
    assert by_id[rejected.id].status is CodingStatus.REJECTED
    open_pairs = {(c.passage_id, c.code_id) for c in after if c.status is CodingStatus.SUGGESTED}
    assert (accepted.passage_id, accepted.code_id) not in open_pairs
    assert (rejected.passage_id, rejected.code_id) not in open_pairs
    third = auto_code(project, cb.id, progress=False)
    assert third.inserted == 0 and third.updated == 0 and third.removed == 0
    assert len(project.codings(codebook_id=cb.id)) == len(after)
    # the report counts the passages the researcher decided on (both decisions may share one)
    assert again.decisions == len({accepted.passage_id, rejected.passage_id})


def test_auto_code_learns_from_decisions_and_orders_the_queue(tmp_path):
    from analysis.coding import auto_code

    project, cb, truth = _build_project(tmp_path)
    ids = code_first_half(project, cb, truth)
    report = auto_code(project, cb.id, progress=False)
    assert report.mode == "learned"
    assert set(report.trained_codes) >= {"werkdruk", "toegang"}
    decided = {pid for pid in ids[: len(ids) // 2] if truth[pid]}
    assert report.decisions == len(decided)
    assert report.review_queue and not set(report.review_queue) & decided
    assert set(report.review_queue) <= set(ids)
    assert "passages coded with" in report.summary()  # English for the command line
    # Decisions remain untouched and are not duplicated as suggestions.
    manual = project.codings(codebook_id=cb.id, coder="onderzoeker")
    assert all(c.status is CodingStatus.ACCEPTED for c in manual)
    suggested = {(c.passage_id, c.code_id) for c in project.codings(codebook_id=cb.id, status=CodingStatus.SUGGESTED)}
    assert not suggested & {(c.passage_id, c.code_id) for c in manual}


def test_training_data_reads_decisions(tmp_path):
    from analysis.coding import training_data

    project, cb, truth = _build_project(tmp_path, n_sources=1, per_source=4)
    ids = sorted(truth)
    project.add_coding(Coding(passage_id=ids[0], code_id="wachttijden", codebook_id=cb.id))
    project.add_coding(Coding(passage_id=ids[1], code_id="werkdruk", codebook_id=cb.id, status=CodingStatus.REJECTED))
    got_ids, labels, negatives = training_data(project, cb)
    assert got_ids == ids[:2]
    assert labels[0] == {"wachttijden"}
    # accepted child: parent is not a negative; the other thematic codes are
    assert "toegang" not in negatives[0] and {"werkdruk", "mantelzorg"} <= negatives[0]
    assert "knelpunt" not in negatives[0]  # another axis: unknown
    assert labels[1] == set() and negatives[1] == {"werkdruk"}


def test_empty_project(tmp_path):
    from analysis.coding import auto_code
    from analysis.store import Project

    project = Project.create(tmp_path / "leeg")
    project.save_codebook(make_codebook())
    report = auto_code(project, "test-cb", progress=False)
    assert report.passages == 0 and report.suggestions == 0


def test_auto_code_reports_progress_through_every_stage(tmp_path):
    from analysis.coding.auto import STAGES, auto_code

    project, cb, _ = _build_project(tmp_path, n_sources=3, per_source=6)
    calls: list[tuple[str, int, int]] = []
    report = auto_code(
        project, cb.id, progress=False, batch_size=5, on_progress=lambda *a: calls.append(a)
    )
    total = project.count_passages()
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == list(STAGES)
    coded = [(done, tot) for stage, done, tot in calls if stage == "code"]
    assert coded[0] == (0, total) and coded[-1] == (total, total)
    assert len(coded) == 1 + -(-total // 5)  # one call per batch of 5, after the opening 0
    assert [d for d, _ in coded] == sorted(d for d, _ in coded)
    assert report.passages == total
