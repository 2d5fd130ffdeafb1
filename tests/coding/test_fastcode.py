"""The fast lexical pipeline gives exactly what the code before it gave, and auto-coding in two worker
processes stores exactly what one process stores.

The reference functions below are the implementations before the speed work (copied verbatim, only
renamed); the new ones must agree with them on the demo corpus and on hostile text (emoji, combining
accents, ligatures, soft hyphens, very long turns, empty text).
"""

from __future__ import annotations

import gc
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from test_auto import _build_project, code_first_half

from analysis.codebook import load_codebook
from analysis.coding import auto_code
from analysis.coding.base import _content, analyze_passages, word_forms
from analysis.coding.features import _rows_to_csr
from analysis.coding.rules import RuleCoder, RuleMatch, _overlaps
from analysis.domain import CodingStatus
from analysis.nlp import STOP_WORDS, iter_tokens
from analysis.nlp.normalize import _COMBINING_RANGE, _EXPANDING, _has_length_change
from analysis.nlp.stopwords import FILLER_PHRASES

ROOT = Path(__file__).resolve().parents[2]

# ----------------------------------------------------------------------------- the code before


def _old_has_length_change(text):
    if any(ch in text for ch in _EXPANDING):
        return True
    return any(_COMBINING_RANGE[0] <= ord(ch) <= _COMBINING_RANGE[1] for ch in text if ord(ch) >= 0x0300)


_FILLER_FIRST = frozenset(p[0] for p in FILLER_PHRASES)
_FILLER_SIZES = sorted({len(p) for p in FILLER_PHRASES}, reverse=True)


def _old_content(tokens):
    out = []
    stop = STOP_WORDS
    skip_until = -1
    n = len(tokens)
    for i, t in enumerate(tokens):
        norm = t.norm
        if norm in _FILLER_FIRST and i >= skip_until:
            for size in _FILLER_SIZES:
                if i + size <= n and tuple(x.norm for x in tokens[i : i + size]) in FILLER_PHRASES:
                    skip_until = i + size
                    break
        if i < skip_until:
            continue
        lem = t.lemma
        if len(lem) < 2 or lem in stop or norm in stop or not lem[0].isalpha():
            continue
        out.append(lem)
    return out


def _old_word_forms(tokens):
    return [t.norm for t in tokens if t.is_word]


def _old_matches(coder, passage):
    """RuleCoder.matches before: a match-info tuple per token, every token visited."""

    def info(lemma, norm):
        if not lemma[:1].isalpha():
            return ([], [], frozenset(), frozenset())
        singles = coder._index.lookup(lemma, norm)
        inner = frozenset(p for p, _ in coder._inner.lookup(lemma, norm)) if coder._phrases else frozenset()
        last = frozenset(p for p, _ in coder._last.lookup(lemma, norm)) if coder._phrases else frozenset()
        starts = [ph for pid in inner for ph in coder._by_first.get(pid, ())]
        return (singles, starts, inner, last)

    found, vetoed = [], []
    tokens = passage.tokens
    infos = [info(t.lemma, t.norm) for t in tokens]
    n = len(tokens)
    for i, (singles, starts, _, _) in enumerate(infos):
        if singles:
            tok = tokens[i]
            for (code_id, term, excl), kind in singles:
                (vetoed if excl else found).append(RuleMatch(code_id, term, kind, tok.start, tok.end))
        for ph in starts:
            j = i
            last_k = len(ph.pieces) - 1
            for k in range(1, last_k + 1):
                pid = ph.pieces[k]
                slot = 3 if k == last_k else 2
                if j + 1 < n and pid in infos[j + 1][slot]:
                    j += 1
                elif j + 2 < n and pid in infos[j + 2][slot]:
                    j += 2
                else:
                    j = -1
                    break
            if j < 0:
                continue
            code_id, term, excl = ph.payload
            (vetoed if excl else found).append(RuleMatch(code_id, term, "phrase", tokens[i].start, tokens[j].end))
    if vetoed:
        found = [m for m in found if not any(_overlaps(m, v) for v in vetoed)]
    return found, vetoed


def _old_rows_to_csr(rows, index, *, grow):
    indptr, indices = [0], []
    for row in rows:
        for key in row:
            j = index.get(key)
            if j is None:
                if not grow:
                    continue
                j = index[key] = len(index)
            indices.append(j)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    m = sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), indptr), shape=(len(indptr) - 1, len(index)))
    m.sum_duplicates()
    return m


# ----------------------------------------------------------------------------- texts

HOSTILE = [
    "",
    "   \n\t  ",
    "___ _a_ b__c",
    "🙂👍🏽 wachtlijst🙂jeugdzorg 👨‍👩‍👧 ❤️",
    "e\u0301e\u0301n ide\u0301e\u0308n cafe\u0301 financie\u0308le zorg",  # combining accents (NFD)
    "ﬁnanciële ondersteuning, ﬂexibele zorg; Œuvre, straße, Ĳsselmonde",  # ligatures
    "wacht\u00adlijst keuken\u00adtafel\u200bgesprek \ufeffWmo-loket",  # soft hyphen, zero width
    "½ ² ³ ١٢٣ x² 5,5 3.000 2024-01-01 10:30 €1.000,- 50%",
    "zeg maar, weet je wel, zeg maar zeg maar eigenlijk gewoon, ja ja, uh, eh",
    "EIGEN REGIE eigen   regie Eigen-regie eigen (echt) regie zelf regie",
    "Team Toegang heeft toegang tot de toegang van het wijkteam; toegangspoort",
    "‘aanhalingstekens’ “dubbel” «Franse» – gedachtestreep — lang",
    "İstanbul ǅemal ŉ ΣΊΣΥΦΟΣ Ω ω straße",
    "关怀 ケア 돌봄 مراقبة עזרה",
    "jeugdzorgwachtlijsten mantelzorgondersteuning wijkteammedewerkers keukentafelgesprekken",
]


def _demo_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpora" / "demo").glob("*/*.txt")):
        texts.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return texts


def _long_turn() -> str:
    rng = random.Random(3)
    words = " ".join(HOSTILE + _demo_texts()[:200]).split()
    return " ".join(rng.choice(words) for _ in range(40_000))  # ≈ 300k characters, one turn


@pytest.fixture(scope="module")
def texts() -> list[str]:
    demo = _demo_texts()
    assert len(demo) > 200, "the demo corpus is missing"
    return demo + HOSTILE + [_long_turn()]


@pytest.fixture(scope="module")
def token_lists(texts):
    return list(iter_tokens(texts))


# ----------------------------------------------------------------------------- equivalence


def test_tokens_round_trip_on_hostile_text(texts, token_lists):
    for text, tokens in zip(texts, token_lists):
        assert all(text[t.start : t.end] == t.text for t in tokens)


def test_length_change_check_agrees_with_the_character_loop():
    chars = [chr(c) for c in range(0x3100)] + sorted(_EXPANDING) + [chr(c) for c in range(0xFB00, 0x10000, 7)]
    for ch in chars:
        for text in (ch, f"ab{ch}é", f"café{ch}"):
            assert _has_length_change(text) == _old_has_length_change(text), hex(ord(ch))


def test_content_lemmas_and_word_forms_as_before(token_lists):
    for tokens in token_lists:
        assert _content(tokens) == _old_content(tokens)
        assert word_forms(tokens) == _old_word_forms(tokens)
    # and again with the per-form caches warm
    for tokens in token_lists:
        assert _content(tokens) == _old_content(tokens)


@pytest.mark.parametrize("codebook_file", ["sociaal-domein.yaml", "deventer.yaml"])
def test_rule_matches_and_suggestions_as_before(codebook_file, texts):
    codebook = load_codebook(ROOT / "codebooks" / codebook_file)
    coder = RuleCoder(codebook).fit()
    analyzed = analyze_passages(texts)
    hits = 0
    for a in analyzed:
        new = coder.matches(a)
        assert new == _old_matches(coder, a)
        hits += len(new[0])
    assert hits > 100  # the comparison saw matches, phrases included
    assert any(m.kind == "phrase" for a in analyzed for m in coder.matches(a)[0])


@pytest.mark.parametrize("grow", [True, False])
def test_count_matrix_as_before(grow):
    rng = random.Random(5)
    vocab = [f"w{k}" for k in range(300)]
    rows = [[rng.choice(vocab) for _ in range(rng.randint(0, 40))] for _ in range(200)] + [[], []]
    start = {w: k for k, w in enumerate(vocab[:150])}
    old_index, new_index = dict(start), dict(start)
    old = _old_rows_to_csr(rows, old_index, grow=grow)
    new = _rows_to_csr(iter(rows), new_index, grow=grow)
    assert new_index == old_index and list(new_index) == list(old_index)
    assert new.shape == old.shape and new.dtype == old.dtype and new.indices.dtype == old.indices.dtype
    assert np.array_equal(new.indptr, old.indptr) and np.array_equal(new.indices, old.indices)
    assert np.array_equal(new.data, old.data)
    empty = _rows_to_csr([], {}, grow=grow)
    assert empty.shape == _old_rows_to_csr([], {}, grow=grow).shape


# ----------------------------------------------------------------------------- worker processes


def _stored(project, cb_id):
    return sorted(
        (c.passage_id, c.code_id, c.confidence, str(c.origin), [(e.start, e.end, e.text, e.reason) for e in c.evidence])
        for c in project.codings(codebook_id=cb_id, coder="duiding-auto", status=CodingStatus.SUGGESTED)
    )


@pytest.mark.parametrize("learned", [True, False])
def test_two_worker_processes_store_what_one_process_stores(tmp_path, learned):
    project, cb, truth = _build_project(tmp_path / "one")
    if learned:
        code_first_half(project, cb, truth)
    project.close()
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    from analysis.store import Project

    results = {}
    for jobs, folder in ((1, "one"), (2, "two")):
        p = Project.open(tmp_path / folder / "proj")
        progress: list[tuple] = []
        report = auto_code(
            p, cb.id, progress=False, batch_size=7, jobs=jobs, on_progress=lambda *a, sink=progress: sink.append(a)
        )
        results[jobs] = (report, _stored(p, cb.id), progress)
        p.close()
    (one, stored_one, progress_one), (two, stored_two, progress_two) = results[1], results[2]
    assert stored_one and stored_two == stored_one
    assert two.mode == one.mode == ("learned" if learned else "zero_shot")
    for field in ("passages", "suggestions", "inserted", "updated", "removed", "skipped", "per_code", "review_queue"):
        assert getattr(two, field) == getattr(one, field), field
    assert progress_two == progress_one  # the same stages and counts, in batch order
    assert not learned or one.review_queue


def test_auto_code_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    project, cb, _ = _build_project(tmp_path, n_sources=2, per_source=4)
    assert gc.isenabled()
    auto_code(project, cb.id, progress=False, jobs=1)
    assert gc.isenabled()
    gc.disable()
    try:
        auto_code(project, cb.id, progress=False, jobs=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


def _interviews_with_vectors(folder):
    """Interviews with the interviewer's questions (the learned coder's context) and every turn's vector
    cached: the batches a worker gets carry question texts and vectors read by the main process."""
    from coding_testdata import make_codebook
    from test_auto_encoder import HashEncoder
    from test_context import _answers_with_questions

    from analysis.domain import Coding, Passage, Source
    from analysis.embeddings import embed_project
    from analysis.store import Project

    project = Project.create(folder)
    cb = make_codebook()
    project.save_codebook(cb)
    texts, questions, labels = _answers_with_questions(40, seed=5)
    for s in range(4):
        turns = [("interviewer", "I", questions[k]) for k in range(s * 10, s * 10 + 10)]
        turns = [t for q, k in zip(turns, range(s * 10, s * 10 + 10)) for t in (q, ("respondent", "R", texts[k]))]
        lines = [f"{speaker}: {text}\n\n" for _, speaker, text in turns]
        offsets = [sum(map(len, lines[:n])) + 3 for n in range(len(lines))]
        passages = [
            Passage(start=o, end=o + len(text), text=text, ordinal=n, speaker=speaker, role=role)
            for n, (o, (role, speaker, text)) in enumerate(zip(offsets, turns))
        ]
        project.add_source(Source(name=f"interview-{s}.txt", text="".join(lines), checksum=f"c{s}"), passages)
    answers = [p for p in project.passages() if p.role == "respondent"]
    for p, label in zip(answers[:25], labels[:25]):
        for code in label:
            project.add_coding(Coding(passage_id=p.id, code_id=code, codebook_id=cb.id, coder="onderzoeker"))
    embed_project(project, HashEncoder())
    project.close()
    return cb, HashEncoder


def test_workers_get_the_vectors_and_questions_one_process_uses(tmp_path):
    from analysis.store import Project

    cb, encoder = _interviews_with_vectors(tmp_path / "one" / "proj")
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    results = {}
    for jobs, folder in ((1, "one"), (2, "two")):
        p = Project.open(tmp_path / folder / "proj")
        report = auto_code(
            p,
            cb.id,
            progress=False,
            batch_size=15,
            jobs=jobs,
            encoder=encoder(),
            learned_options={"context_weight": 0.5, "embeddings": True},
        )
        results[jobs] = (report, _stored(p, cb.id))
        p.close()
    (one, stored_one), (two, stored_two) = results[1], results[2]
    assert one.encoder_model == two.encoder_model == "test/hash-16" and one.mode == "learned"
    assert one.skipped == two.skipped == 40  # the interviewer's turns
    assert stored_one and stored_two == stored_one
    assert two.review_queue == one.review_queue and two.per_code == one.per_code



def test_a_run_outside_the_main_thread_codes_in_one_process(tmp_path, monkeypatch):
    """The workbench runs auto-coding in a thread of its server: there it must not fork, even with jobs=2."""
    import multiprocessing
    import threading

    from analysis.coding import auto

    assert auto._can_fork()  # the main thread on Linux
    project, cb, truth = _build_project(tmp_path)
    code_first_half(project, cb, truth)

    def no_fork(*args, **kwargs):
        raise AssertionError("forked workers from a thread")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    out: dict = {}

    def run():
        try:
            out["report"] = auto_code(project, cb.id, progress=False, batch_size=7, jobs=2)
        except BaseException as err:  # noqa: BLE001 - handed to the main thread's assert
            out["error"] = err

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert "error" not in out, out.get("error")
    assert out["report"].mode == "learned" and out["report"].suggestions > 0
    with pytest.raises(AssertionError, match="forked"):
        auto_code(project, cb.id, progress=False, batch_size=7, jobs=2)  # the main thread forks
