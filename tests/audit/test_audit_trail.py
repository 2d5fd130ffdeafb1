"""Audit-trail export and undo, on real changes made through the store."""

from __future__ import annotations

import csv
import json

import pytest
from team_builders import CODEBOOK, add_source, code

from analysis.audit import (
    AuditExportError,
    UndoConflict,
    UndoError,
    export_audit,
    readable_rows,
    undo,
    undoable_entries,
)
from analysis.domain import CodingStatus
from analysis.store import Project, StoreError


def _work(project: Project) -> tuple[list[int], int]:
    project.save_codebook(CODEBOOK)
    p = add_source(project, ["Het wachten op een indicatie duurde lang.", "De buurtcoach hielp snel."])
    cid = code(project, p[0], "wachttijd", project.user, status=CodingStatus.SUGGESTED)
    project.set_status(cid, "accepted")
    project.update_coding(cid, memo="duidelijk voorbeeld")
    return p, cid


def test_export_formats_are_readable(sqlite_project, tmp_path):
    from openpyxl import load_workbook

    _, cid = _work(sqlite_project)
    sqlite_project.delete_coding(cid)
    rows = readable_rows(sqlite_project, entity="coding")
    assert [r["actie"] for r in rows] == ["aangemaakt", "status gewijzigd", "gewijzigd", "verwijderd"]
    assert "status: voorgesteld → geaccepteerd" in rows[1]["omschrijving"]
    assert "memo: '' → 'duidelijk voorbeeld'" in rows[2]["omschrijving"]
    assert all(r["wie"] == "researcher" and r["wanneer"] for r in rows)

    n = export_audit(sqlite_project, tmp_path / "trail.csv")
    assert n == len(readable_rows(sqlite_project)) and n >= 6  # source, codebook and the four coding rows
    with open(tmp_path / "trail.csv", encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert list(table[0]) == ["Nr", "Wanneer", "Wie", "Actie", "Object", "Object-id", "Omschrijving", "Voor", "Na"]
    status_row = next(r for r in table if r["Actie"] == "status gewijzigd")
    assert (
        json.loads(status_row["Voor"])["status"] == "suggested" and json.loads(status_row["Na"])["status"] == "accepted"
    )

    export_audit(sqlite_project, tmp_path / "trail.jsonl", entity="coding")
    records = [json.loads(line) for line in (tmp_path / "trail.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4 and records[-1]["na"] is None and records[-1]["voor"]["id"] == cid

    export_audit(sqlite_project, tmp_path / "trail.xlsx")
    ws = load_workbook(tmp_path / "trail.xlsx").active
    assert ws["A1"].value == "Nr" and ws.max_row == n + 1
    assert any(c.value == "status gewijzigd" for c in ws["D"])

    with pytest.raises(AuditExportError, match="trail.pdf"):
        export_audit(sqlite_project, tmp_path / "trail.pdf")
    with pytest.raises(AuditExportError, match="does not exist"):
        export_audit(sqlite_project, tmp_path / "nope" / "trail.csv")


def test_undo_walks_back_through_the_changes(project):
    _, cid = _work(project)
    assert project.get_coding(cid).memo == "duidelijk voorbeeld"
    first = undo(project)  # the memo update
    assert first.action == "restored" and project.get_coding(cid).memo == ""
    undo(project)  # the status change
    assert project.get_coding(cid).status == CodingStatus.SUGGESTED
    last = undo(project)  # the creation
    assert last.action == "deleted"
    with pytest.raises(StoreError):
        project.get_coding(cid)
    with pytest.raises(UndoError, match="nothing to undo"):
        undo(project)
    # every undo is itself in the trail, and undone entries are not offered again
    markers = project.audit_log(entity="audit")
    assert [m["action"] for m in markers] == ["undo", "undo", "undo"]
    assert undoable_entries(project) == []


def test_undo_a_delete_restores_the_same_coding(project):
    p, cid = _work(project)
    before = project.get_coding(cid)
    project.delete_coding(cid)
    result = undo(project)
    again = project.get_coding(cid)
    assert result.coding_id == cid and again.status == before.status and again.memo == before.memo
    assert again.code_id == "wachttijd" and again.passage_id == p[0]


def test_undo_a_given_entry_and_refuse_others(project):
    p, _ = _work(project)
    other = code(project, p[1], "toegang", "researcher")
    create_entry = next(e for e in project.audit_log(entity="coding", entity_id=other) if e["action"] == "create")
    undo(project, entry_id=create_entry["id"])
    assert all(c.id != other for c in project.codings())
    with pytest.raises(UndoError, match="undone already"):
        undo(project, entry_id=create_entry["id"])
    codebook_entry = project.audit_log(entity="codebook")[0]
    with pytest.raises(UndoError, match="not a coding change"):
        undo(project, entry_id=codebook_entry["id"])


def test_undo_refuses_when_someone_changed_the_coding_since(project):
    _, cid = _work(project)
    colleague = Project.open(project.url, user="bram")
    try:
        colleague.set_status(cid, "rejected")
        # the researcher's last change is the memo update, but bram rejected the coding since
        with pytest.raises(UndoConflict, match="status is 'rejected'"):
            undo(project)
        assert project.get_coding(cid).status == CodingStatus.REJECTED
        # bram's own undo is fine, after which the researcher's undo goes through
        assert undo(colleague).action == "restored"
        assert undo(project).action == "restored"
        assert project.get_coding(cid).memo == ""
        # anyone=True: the last change by anybody
        assert undoable_entries(project, anyone=True)[0]["user"] == "researcher"
    finally:
        colleague.close()


def test_force_undo(project):
    _, cid = _work(project)
    colleague = Project.open(project.url, user="bram")
    try:
        colleague.update_coding(cid, memo="aangepast door bram")
        with pytest.raises(UndoConflict):
            undo(project)
        undo(project, force=True)
        assert project.get_coding(cid).memo == ""
    finally:
        colleague.close()


def test_lezer_cannot_undo(project):
    from analysis.accounts import PermissionDenied, add_user

    _work(project)
    add_user(project, "anna", "anna-wachtwoord", "beheerder")
    add_user(project, "carla", "carla-wachtwoord", "lezer")
    carla = Project.open(project.url, user="carla", password="carla-wachtwoord")  # signed in: her role applies
    try:
        with pytest.raises(PermissionDenied, match="role lezer"):
            undo(carla, anyone=True)
        assert project.stats()["codings"] == 1
    finally:
        carla.close()


def test_cli_audit(sqlite_project, tmp_path):
    from typer.testing import CliRunner

    from analysis.cli.team import app

    _work(sqlite_project)
    loc = str(sqlite_project.location)
    runner = CliRunner()
    listed = runner.invoke(app, ["audit", "undo", "--project", loc, "--list"])
    assert listed.exit_code == 0 and "wachttijd" in listed.stdout
    done = runner.invoke(app, ["audit", "undo", "--project", loc])
    assert done.exit_code == 0, done.output
    assert sqlite_project.get_coding(sqlite_project.codings()[0].id).memo == ""
    exported = runner.invoke(app, ["audit", "export", str(tmp_path / "dossier.xlsx"), "--project", loc])
    assert exported.exit_code == 0 and (tmp_path / "dossier.xlsx").exists()
