"""One coding per passage, codebook, code, coder and span, even with concurrent writers (SQLite and PostgreSQL).

Parallel writer *processes* (two app servers, the app and the CLI, two ``duiding code auto`` runs) store the
same codings; the unique key plus ``INSERT ... ON CONFLICT`` keeps exactly one of each. A project created at
revision 0001 with duplicates already stored migrates to one coding per key.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from team_builders import add_source

from analysis.domain import Code, Codebook, Coding, CodingOrigin, CodingStatus
from analysis.store import Project
from analysis.store import engine as eng

ROOT = Path(__file__).resolve().parents[2]
PASSAGES = 60
PROCESSES = 3

SENTENCES = [
    "Ik belde drie keer naar het loket en niemand nam de telefoon op.",
    "We stonden maanden op de wachtlijst voor hulp.",
    "De werkdruk en de caseload bij het wijkteam zijn veel te hoog.",
    "Als mantelzorger voor mijn moeder ben ik overbelast.",
]


def _setup(project: Project) -> list[int]:
    project.save_codebook(
        Codebook(
            "cb",
            "Test",
            codes=[
                Code("toegang", "Toegang", definition="De weg naar hulp: loket en telefoon.", keywords=["loket", "telefoon"]),
                Code("wachten", "Wachttijden", definition="Wachten op hulp.", keywords=["wachtlijst"]),
                Code("werkdruk", "Werkdruk", definition="Werkdruk bij professionals.", keywords=["werkdruk", "caseload"]),
                Code("mantelzorg", "Mantelzorg", definition="Zorg voor naasten.", keywords=["mantelzorger"]),
            ],
        )
    )
    return add_source(project, [f"{i}. {SENTENCES[i % len(SENTENCES)]}" for i in range(PASSAGES)])


def _run_processes(script: str, args: list[list[str]]) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", script, *a], stderr=subprocess.PIPE, text=True, cwd=str(ROOT)) for a in args
    ]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err


def _keys(codings: list[Coding]) -> list[tuple]:
    return [(c.passage_id, c.codebook_id, c.code_id, c.coder, c.start, c.end) for c in codings]


_SAME_CODINGS = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from analysis.domain import Coding
    from analysis.store import Project
    project = Project.open({location!r}, user="anne")
    ids = [int(x) for x in sys.argv[1].split(",")]
    for pid in ids:   # the same codings in every process, by the same coder
        project.add_coding(Coding(pid, "toegang", "cb", coder="anne"))
        project.add_coding(Coding(pid, "wachten", "cb", coder="anne", start=None, end=None))
    project.close()
    """
)


def _same_writes_in_parallel(project: Project, script: str) -> None:
    ids = _setup(project)
    _run_processes(script.format(root=str(ROOT), location=project.url), [[",".join(map(str, ids))]] * PROCESSES)
    keys = _keys(project.codings())
    assert len(keys) == 2 * PASSAGES
    assert len(set(keys)) == len(keys)


def test_parallel_processes_store_each_coding_once(project):
    _same_writes_in_parallel(project, _SAME_CODINGS)


_SUGGEST = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from analysis.domain import Coding, CodingOrigin, CodingStatus
    from analysis.store import Project
    project = Project.open({location!r}, user="auto")
    ids = [int(x) for x in sys.argv[1].split(",")]
    batch = [
        Coding(pid, code, "cb", coder="duiding-auto", origin=CodingOrigin.MODEL, status=CodingStatus.SUGGESTED, confidence=0.6)
        for pid in ids for code in ("toegang", "werkdruk")
    ]
    for k in range(0, len(batch), 7):
        project.upsert_suggestions(batch[k : k + 7])
    project.close()
    """
)


def test_parallel_suggestion_writers_store_each_suggestion_once(project):
    _same_writes_in_parallel(project, _SUGGEST)


_AUTO = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from analysis.coding.auto import auto_code
    from analysis.store import Project
    project = Project.open({location!r}, user="auto")
    auto_code(project, "cb", progress=False, batch_size=7)
    project.close()
    """
)


def test_two_auto_code_runs_at_once_do_not_duplicate_suggestions(project):
    _setup(project)
    script = _AUTO.format(root=str(ROOT), location=project.url)
    _run_processes(script, [[], []])
    keys = _keys(project.codings())
    assert keys, "the auto-coder suggested nothing"
    assert len(set(keys)) == len(keys)
    # a later solo run leaves the same suggestions (idempotent), still without duplicates
    from analysis.coding.auto import auto_code

    auto_code(project, "cb", progress=False)
    again = _keys(project.codings())
    assert sorted(again) == sorted(set(keys))


def test_the_store_refuses_a_duplicate_written_past_the_api(project):
    ids = _setup(project)
    project.add_coding(Coding(ids[0], "toegang", "cb", coder="anne"))
    with pytest.raises(IntegrityError), project.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO codings (passage_id, codebook_id, code_id, coder, origin, status, evidence, memo, created_at, updated_at)"
                " VALUES (:p, 'cb', 'toegang', 'anne', 'manual', 'accepted', '[]', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"p": ids[0]},
        )
    # a coded span is a different coding from the whole passage
    p = project.get_passage(ids[0])
    project.add_coding(Coding(ids[0], "toegang", "cb", coder="anne", start=p.start, end=p.start + 3))
    assert len(project.codings()) == 2


def test_accepting_a_suggestion_the_researcher_already_holds_keeps_one_coding(project):
    ids = _setup(project)
    mine = project.add_coding(Coding(ids[0], "toegang", "cb", coder="anne", memo="eigen memo"))
    # (e.g. a suggestion stored before anne coded the passage by hand, or brought in by a REFI import)
    project.add_coding(Coding(ids[0], "toegang", "cb", coder="duiding-auto", origin=CodingOrigin.MODEL, status=CodingStatus.SUGGESTED))
    suggestion = next(c for c in project.codings() if c.coder == "duiding-auto")
    decided = project.set_status(suggestion.id, "accepted", coder="anne")
    codings = project.codings()
    assert [c.id for c in codings] == [suggestion.id]
    assert decided.coder == "anne" and decided.status == CodingStatus.ACCEPTED and decided.memo == "eigen memo"
    assert mine not in [c.id for c in codings]


def _project_at_0001(location) -> str:
    url = eng.resolve_url(location)
    if url.startswith("sqlite:///"):
        eng.sqlite_path(str(location)).parent.mkdir(parents=True, exist_ok=True)
    engine = eng.make_engine(url)
    cfg = eng.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    return url


def test_a_project_with_duplicates_migrates_to_one_coding_each(tmp_path):
    from project_fixtures import PG_URL, fresh_pg_database

    locations = [tmp_path / "oud"]
    if PG_URL:
        locations.append(fresh_pg_database())
    for location in locations:
        url = _project_at_0001(location)
        engine = eng.make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO sources (id, name, kind, text, metadata, imported_at) VALUES (1, 's', 'interview', 'abc def', '{}', CURRENT_TIMESTAMP)"))
            conn.execute(text('INSERT INTO passages (id, source_id, ordinal, start, "end", text) VALUES (1, 1, 0, 0, 7, \'abc def\')'))
            rows = [
                # three copies of one whole-passage coding: two suggestions and the researcher's acceptance
                ("t", "anne", "suggested", None, None, "", "2026-01-01 10:00:00"),
                ("t", "anne", "accepted", None, None, "memo 1", "2026-01-01 09:00:00"),
                ("t", "anne", "suggested", None, None, "memo 2", "2026-01-02 10:00:00"),
                # two copies of a span coding
                ("t", "anne", "suggested", 0, 3, "", "2026-01-01 10:00:00"),
                ("t", "anne", "suggested", 0, 3, "", "2026-01-03 10:00:00"),
                # not duplicates: another coder, another code
                ("t", "bert", "accepted", None, None, "", "2026-01-01 10:00:00"),
                ("u", "anne", "accepted", None, None, "", "2026-01-01 10:00:00"),
            ]
            for code, coder, status, start, end, memo, at in rows:
                conn.execute(
                    text(
                        'INSERT INTO codings (passage_id, codebook_id, code_id, coder, origin, status, start, "end", evidence, memo, created_at, updated_at)'
                        " VALUES (1, 'cb', :code, :coder, 'manual', :status, :start, :end, '[]', :memo, :at, :at)"
                    ),
                    {"code": code, "coder": coder, "status": status, "start": start, "end": end, "memo": memo, "at": at},
                )
        engine.dispose()
        project = Project.open(location)
        try:
            codings = project.codings()
            assert len(codings) == 4
            whole = [c for c in codings if c.code_id == "t" and c.coder == "anne" and c.start is None]
            assert len(whole) == 1
            assert whole[0].status == CodingStatus.ACCEPTED
            assert "memo 1" in whole[0].memo and "memo 2" in whole[0].memo
            assert len([c for c in codings if c.start == 0]) == 1
            assert any(e["action"] == "merge_duplicates" for e in project.audit_log(entity="coding"))
            # and from now on the key holds
            with pytest.raises(IntegrityError), project.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO codings (passage_id, codebook_id, code_id, coder, origin, status, evidence, memo, created_at, updated_at)"
                        " VALUES (1, 'cb', 't', 'anne', 'manual', 'accepted', '[]', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    )
                )
        finally:
            project.close()
