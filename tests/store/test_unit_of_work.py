"""project.unit_of_work(): several writes as one transaction, with the audit writer and the rights check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from team_builders import CODEBOOK

from analysis.accounts import PermissionDenied, add_user
from analysis.domain import Coding, CodingStatus, Memo, Passage, Source
from analysis.store import Project

PW = {"anna": "anna-heeft-een-wachtwoord", "bram": "bram-heeft-ook-eentje"}


def _source(name: str = "a.txt") -> tuple[Source, list[Passage]]:
    text = "Eerste zin.\n\nTweede zin."
    return Source(name=name, text=text, checksum=name), [Passage(0, 11, "Eerste zin.", 0), Passage(13, 24, "Tweede zin.", 1)]


def test_writes_in_a_unit_commit_together_and_reads_see_them(project):
    with project.unit_of_work("import", "codebook") as uow:
        project.save_codebook(CODEBOOK)
        sid = project.add_source(*_source())
        ordinals = project.passage_ordinals(sid)  # read inside the unit: sees its own write
        assert sorted(ordinals) == [0, 1]
        project.add_coding(Coding(ordinals[1], "toegang", "wmo", coder="anna"))
        uow.audit("note", "project", None, after={"why": "test"})
    assert project.stats()["sources"] == 1 and project.stats()["codings"] == 1
    assert [e["action"] for e in project.audit_log(entity="project")] == ["note"]


def test_an_error_in_a_unit_rolls_back_every_write(project):
    with pytest.raises(RuntimeError, match="stroomstoring"), project.unit_of_work("import", "codebook"):
        project.save_codebook(CODEBOOK)
        sid = project.add_source(*_source())
        project.add_memo(Memo("memo", target_type="source", target_id=str(sid)))
        raise RuntimeError("stroomstoring")
    assert project.stats()["sources"] == 0 and project.codebook_ids() == [] and project.memos() == []
    assert project.audit_log() == []


def test_via_marks_every_audit_entry_of_the_unit(project):
    with project.unit_of_work("import", via="qdpx"):
        project.add_source(*_source())
    project.add_source(*_source("b.txt"))
    entries = project.audit_log(entity="source")
    assert [e["after"].get("via") for e in entries] == ["qdpx", None]


def test_new_codings_are_inserted_in_bulk_with_one_audit_entry(project):
    project.save_codebook(CODEBOOK)
    with project.unit_of_work("import", "code"):
        ids = list(project.passage_ordinals(project.add_source(*_source())).values())
        n = project.insert_new_codings([Coding(pid, "toegang", "wmo", coder="anna", memo="m") for pid in ids])
    assert n == 2
    stored = project.codings(codebook_id="wmo")
    assert [(c.passage_id, c.status, c.memo) for c in stored] == [(pid, CodingStatus.ACCEPTED, "m") for pid in ids]
    assert [(e["action"], e["after"]) for e in project.audit_log(entity="coding")] == [("import", {"inserted": 2})]


def test_a_unit_checks_its_rights_up_front_and_each_method_its_own(tmp_path):
    path = tmp_path / "team"
    owner = Project.create(path)
    owner.save_codebook(CODEBOOK)
    add_user(owner, "anna", PW["anna"], "beheerder")
    add_user(owner, "bram", PW["bram"], "codeur")
    owner.close()
    codeur = Project.open(path, user="bram", password=PW["bram"])
    try:
        with pytest.raises(PermissionDenied, match="import"), codeur.unit_of_work("import"):
            pytest.fail("the block must not run")  # pragma: no cover
        # a codeur's unit may code, but a source added inside it still needs the import right
        with pytest.raises(PermissionDenied, match="import"), codeur.unit_of_work("code"):
            codeur.add_source(*_source())
        assert codeur.stats()["sources"] == 0
    finally:
        codeur.close()
    lezer = Project.open(path)  # a name without a password: no rights at all
    try:
        with pytest.raises(PermissionDenied), lezer.unit_of_work():
            pytest.fail("the block must not run")  # pragma: no cover
    finally:
        lezer.close()


def test_no_module_outside_the_store_uses_private_store_methods():
    root = Path(__file__).resolve().parents[2]
    private = {n for n in dir(Project) if n.startswith("_") and not n.startswith("__")} | {"_sessions", "_unit"}
    pattern = re.compile(r"\.(" + "|".join(sorted(map(re.escape, private))) + r")\b")
    found = []
    for folder in ("analysis", "views", "ui", "scripts", "benchmarks"):
        for path in sorted((root / folder).rglob("*.py")):
            if path.is_relative_to(root / "analysis" / "store"):
                continue
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(root)}:{lineno}: {line.strip()}")
    assert found == []
