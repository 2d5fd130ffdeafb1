"""Several coders writing to one project at the same time lose no writes (SQLite and PostgreSQL).

Each writer has its own :class:`Project` object (its own engine and connections), as two
researchers on two laptops (PostgreSQL) or two app sessions on one machine (SQLite) would.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from analysis.domain import Code, Codebook, Coding, CodingOrigin, CodingStatus, Memo, Passage, Source
from analysis.store import Project

WRITERS = 4
PASSAGES = 30
ROOT = Path(__file__).resolve().parents[2]


def _setup(project: Project) -> list[int]:
    project.save_codebook(Codebook("cb", "Test", codes=[Code("a", "A"), Code("b", "B")]))
    texts = [f"Passage {i}: het wachten op hulp duurde lang." for i in range(PASSAGES)]
    full = "\n\n".join(texts)
    passages, pos = [], 0
    for i, t in enumerate(texts):
        start = full.index(t, pos)
        passages.append(Passage(start, start + len(t), t, i))
        pos = start + len(t)
    project.add_source(Source(name="s.txt", text=full, checksum="s"), passages)
    return project.passage_ids()


def _run_parallel(target, n: int) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(n)

    def wrapped(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            target(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return errors


def test_parallel_coders_lose_no_codings(project):
    ids = _setup(project)

    def coder(i: int) -> None:
        mine = Project.open(project.url, user=f"coder{i}")
        try:
            for pid in ids:
                cid = mine.add_coding(Coding(pid, "a", "cb", coder=f"coder{i}", status=CodingStatus.SUGGESTED))
                mine.set_status(cid, "accepted")
            mine.add_memo(Memo(f"memo van coder{i}", author=f"coder{i}"))
        finally:
            mine.close()

    errors = _run_parallel(coder, WRITERS)
    assert errors == []
    codings = project.codings()
    assert len(codings) == WRITERS * PASSAGES
    for i in range(WRITERS):
        mine = [c for c in codings if c.coder == f"coder{i}"]
        assert len(mine) == PASSAGES and all(c.status == CodingStatus.ACCEPTED for c in mine)
        trail = [e for e in project.audit_log(entity="coding") if e["user"] == f"coder{i}"]
        assert [e["action"] for e in trail].count("create") == PASSAGES
        assert [e["action"] for e in trail].count("status") == PASSAGES
    assert len(project.memos()) == WRITERS


def test_parallel_suggestions_and_decisions_on_the_same_passages(project):
    ids = _setup(project)

    def worker(i: int) -> None:
        mine = Project.open(project.url, user=f"coder{i}")
        try:
            if i % 2 == 0:  # an auto-coder storing suggestions in batches
                batch = [
                    Coding(
                        pid,
                        "b",
                        "cb",
                        coder=f"model{i}",
                        origin=CodingOrigin.MODEL,
                        status=CodingStatus.SUGGESTED,
                        confidence=0.5,
                    )
                    for pid in ids
                ]
                for start in range(0, len(batch), 5):
                    mine.upsert_suggestions(batch[start : start + 5])
            else:  # a researcher coding by hand
                for pid in ids:
                    mine.add_coding(Coding(pid, "a", "cb", coder=f"coder{i}"))
        finally:
            mine.close()

    assert _run_parallel(worker, WRITERS) == []
    codings = project.codings()
    for i in range(WRITERS):
        who = f"model{i}" if i % 2 == 0 else f"coder{i}"
        assert len([c for c in codings if c.coder == who]) == PASSAGES


_WORKER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from analysis.domain import Coding
    from analysis.store import Project
    coder = sys.argv[1]
    project = Project.open({location!r}, user=coder)
    for pid in [int(x) for x in sys.argv[2].split(",")]:
        project.add_coding(Coding(pid, "a", "cb", coder=coder))
    project.close()
    """
)


def test_parallel_processes_on_sqlite(tmp_path):
    """Separate processes (two app servers, or the app and the CLI) on one SQLite file."""
    project = Project.create(tmp_path / "proj")
    ids = _setup(project)
    script = _WORKER.format(root=str(ROOT), location=str(tmp_path / "proj"))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, f"proc{i}", ",".join(map(str, ids))], stderr=subprocess.PIPE, text=True
        )
        for i in range(3)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    codings = project.codings()
    assert len(codings) == 3 * PASSAGES
    assert {c.coder for c in codings} == {"proc0", "proc1", "proc2"}
    project.close()


def test_every_parallel_write_bumps_the_data_version_exactly_once(project):
    """The project's data version (what the app's caches key on) counts every committed write,
    also when writers commit at the same time; reads leave it alone."""
    ids = _setup(project)
    start = project.data_version()

    def coder(i: int) -> None:
        mine = Project.open(project.url, user=f"coder{i}")
        try:
            for pid in ids[:10]:
                mine.add_coding(Coding(pid, "b", "cb", coder=f"coder{i}", status=CodingStatus.ACCEPTED))
                mine.codings(passage_ids=[pid])
        finally:
            mine.close()

    assert _run_parallel(coder, WRITERS) == []
    assert project.data_version() == start + WRITERS * 10
