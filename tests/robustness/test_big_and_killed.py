"""A 50 MB transcript, and imports killed with SIGKILL halfway.

A killed import must leave a project that opens and holds all or none of the
file: every source with all its passages (ordinals 0..n-1, offsets reproducing
the text), no passages or codings without their source.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from robust_helpers import ROOT, check_project_invariants

from analysis.store import Project

WORDS = ["het", "wachten", "duurde", "lang", "maar", "de", "buurtcoach", "hielp", "mij", "met", "de", "aanvraag", "voor", "huishoudelijke", "hulp", "en", "dat", "was", "fijn", "omdat", "ik", "alleen", "woon", "sinds", "mijn", "man", "overleed", "in", "de", "wijk", "kent", "iedereen", "elkaar"]


def write_transcript(path: Path, megabytes: float, seed: int) -> int:
    """A transcript of alternating I:/R: turns; returns the number of turns."""
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    parts, size, turns = [], 0, 0
    while size < target:
        label = "I" if turns % 2 == 0 else "R"
        turn = f"{label}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 120))) + ".\n\n"
        parts.append(turn)
        size += len(turn)
        turns += 1
    path.write_text("".join(parts), encoding="utf-8")
    return turns


@pytest.mark.slow  # about 15 s on an idle machine, 35 s under load
def test_fifty_megabyte_transcript(tmp_path):
    from analysis.corpus.batch import ingest_paths

    path = tmp_path / "lang-interview.txt"
    turns = write_transcript(path, 50, seed=1)
    project = Project.create(tmp_path / "proj")
    try:
        result = ingest_paths(project, [path])
        (fr,) = result.files
        assert fr.status == "imported", fr.reason
        assert fr.passages >= turns  # one passage per turn at least (long turns may split)
        (src,) = project.sources()
        assert len(src.text) >= 50 * 1024 * 1024 - 1024
        recs = project.passages(source_id=src.id)
        assert len(recs) == fr.passages
        assert {r.speaker for r in recs} == {"I", "R"}
        check_project_invariants(project)
    finally:
        project.close()


# --------------------------------------------------------------------------- SIGKILL

_INGEST_CHILD = textwrap.dedent(
    """
    import sys
    from analysis.corpus.batch import ingest_paths
    from analysis.store import Project

    original = Project.add_source

    def announced(self, *args, **kwargs):
        print("WRITING", flush=True)
        return original(self, *args, **kwargs)

    Project.add_source = announced
    project = Project.open(sys.argv[1])
    result = ingest_paths(project, [sys.argv[2]])
    print("DONE", result.files[0].status, flush=True)
    """
)

_QDPX_CHILD = textwrap.dedent(
    """
    import sys
    import analysis.refi._store as store
    from analysis.refi import import_qdpx
    from analysis.store import Project

    original = store.write_plan

    def announced(project, plan):
        print("WRITING", flush=True)
        return original(project, plan)

    store.write_plan = announced
    project = Project.open(sys.argv[1])
    report = import_qdpx(sys.argv[2], project)
    print("DONE", report.sources, flush=True)
    """
)


def _run_and_kill(code: str, args: list[str], *, after_marker: bool, delay: float, limit: float = 180) -> str:
    """Start a child; SIGKILL it ``delay`` s after start (or after it prints WRITING). Returns its stdout."""
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    out = []
    try:
        if after_marker:
            start = time.monotonic()
            for line in proc.stdout:  # type: ignore[union-attr]
                out.append(line)
                if line.startswith("WRITING") or time.monotonic() - start > limit:
                    break
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=limit)
        out.append(rest)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return "".join(out)


def _timed_run(code: str, args: list[str]) -> tuple[float, float]:
    """Run the child to completion: (seconds until WRITING, seconds of writing)."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    marker = None
    for line in proc.stdout:  # type: ignore[union-attr]
        if line.startswith("WRITING") and marker is None:
            marker = time.monotonic()
    proc.wait(timeout=300)
    assert proc.returncode == 0, proc.stderr.read()  # type: ignore[union-attr]
    end = time.monotonic()
    assert marker is not None
    return marker - start, end - marker


def test_ingest_killed_at_random_moments_leaves_all_or_nothing(tmp_path):
    from analysis.corpus import ingest_file

    location = tmp_path / "proj"
    Project.create(location).close()
    files = []
    for seed in range(4):
        path = tmp_path / f"interview-{seed}.txt"
        write_transcript(path, 3, seed=seed)
        files.append(path)
    expected = {}
    for path in files:
        source, passages = ingest_file(path)
        expected[source.checksum] = (len(source.text), len(passages))
    # the first file runs to completion: it measures how long reading and writing take
    before_write, writing = _timed_run(_INGEST_CHILD, [str(location), str(files[0])])
    rng = random.Random(7)
    outcomes = []
    for i, path in enumerate(files[1:], start=1):
        if i % 2:  # somewhere in the whole run (reading, cleaning, segmenting or writing)
            out = _run_and_kill(_INGEST_CHILD, [str(location), str(path)], after_marker=False,
                                delay=rng.uniform(0.2, before_write + writing))
        else:  # inside the write transaction
            out = _run_and_kill(_INGEST_CHILD, [str(location), str(path)], after_marker=True,
                                delay=rng.uniform(0, writing * 0.9))
        outcomes.append("DONE" in out)
    print("ingest runs finished before the kill:", outcomes)
    project = Project.open(location)
    try:
        check_project_invariants(project)
        sources = project.sources()
        assert 1 <= len(sources) <= len(files)
        for src in sources:
            n_chars, n_passages = expected[src.checksum]
            assert len(src.text) == n_chars
            assert project.count_passages(source_id=src.id) == n_passages, f"{src.name}: partially written"
        assert project.stats()["passages"] == sum(expected[s.checksum][1] for s in sources)
    finally:
        project.close()


def _big_qdpx(path: Path, tmp: Path, sources: int) -> int:
    """A QualCoder-style .qdpx with ``sources`` transcripts and a coding on every turn; returns the codings."""
    import zipfile

    codes = '<Code guid="11111111-1111-4111-8111-111111111111" name="Wachten" isCodable="true"/>'
    parts = []
    files = {}
    n = 0
    for i in range(sources):
        t = tmp / f"t{i}.txt"
        write_transcript(t, 0.05, seed=100 + i)
        text = t.read_text(encoding="utf-8")
        guid = f"22222222-2222-4222-8222-{i:012d}"
        files[f"Sources/{guid}.txt"] = text
        sels = []
        pos = 0
        for j, turn in enumerate(text.split("\n\n")):
            if turn.strip():
                start = pos + 3  # after "I: " / "R: "
                sels.append(
                    f'<PlainTextSelection guid="33333333-3333-4333-8333-{i:06d}{j:06d}" startPosition="{start}" '
                    f'endPosition="{pos + len(turn)}"><Coding guid="44444444-4444-4444-8444-{i:06d}{j:06d}">'
                    '<CodeRef targetGUID="11111111-1111-4111-8111-111111111111"/></Coding></PlainTextSelection>'
                )
                n += 1
            pos += len(turn) + 2
        parts.append(f'<TextSource guid="{guid}" name="interview {i}" plainTextPath="internal://{guid}.txt">{"".join(sels)}</TextSource>')
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="groot" origin="QualCoder 3.5">'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook><Sources>{''.join(parts)}</Sources></Project>"
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for name, text in files.items():
            zf.writestr(name, text)
    return n


def test_qdpx_import_killed_while_writing_leaves_all_or_nothing(tmp_path):
    qdpx = tmp_path / "groot.qdpx"
    n_codings = _big_qdpx(qdpx, tmp_path, 60)
    done = tmp_path / "volledig"
    Project.create(done).close()
    _, writing = _timed_run(_QDPX_CHILD, [str(done), str(qdpx)])
    with Project.open(done) as full:
        assert full.stats()["sources"] == 60 and full.stats()["codings"] == n_codings
        check_project_invariants(full)
    rng = random.Random(3)
    for attempt in range(2):
        location = tmp_path / f"doel{attempt}"
        Project.create(location).close()
        _run_and_kill(_QDPX_CHILD, [str(location), str(qdpx)], after_marker=True, delay=rng.uniform(0, writing * 0.9))
        with Project.open(location) as project:
            check_project_invariants(project)
            stats = project.stats()
            complete = stats["sources"] == 60 and stats["codings"] == n_codings and project.codebook_ids() == ["groot"]
            empty = stats["sources"] == 0 and stats["codings"] == 0 and project.codebook_ids() == []
            assert complete or empty, f"attempt {attempt}: half an import: {stats}, codebooks {project.codebook_ids()}"
            print(f"kill {attempt}: {'all' if complete else 'nothing'}")
