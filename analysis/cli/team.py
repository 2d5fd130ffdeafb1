"""Team commands: agreement, pseudonymise, audit export|undo, user add|list|passwd, assign.

Register on the root app without a name so the commands sit at the top level::

    from . import team as _team_cli
    app.add_typer(_team_cli.app)          # duiding agreement, duiding user add, ...

When a project has accounts, every command here opens it as ``--user`` (default
``$DUIDING_USER``) with the password from ``$DUIDING_PASSWORD`` or a prompt.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import typer

from .. import settings
from .common import EXIT_PARTIAL, ProjectOption, console, fail, fail_key, open_project, out

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
audit_app = typer.Typer(no_args_is_help=True, help="Export the audit trail or undo coding changes.")
user_app = typer.Typer(no_args_is_help=True, help="Accounts and roles (beheerder, codeur, lezer).")
app.add_typer(audit_app, name="audit", help="Export the audit trail (csv, jsonl, xlsx) or undo coding changes.")
app.add_typer(user_app, name="user", help="Add, list and change accounts (team mode).")

UserOption = typer.Option(None, "--user", "-u", help="Your account (default: $DUIDING_USER).", envvar=settings.USER)


def register(root: typer.Typer) -> None:
    """Add the team commands to ``root`` at the top level."""
    root.add_typer(app)


def _open(location: str | None, user: str | None):
    """Open the project; sign in when it has accounts (see :func:`.common.open_project`)."""
    return open_project(location, user)


def _fmt(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f}%" if pct else f"{value:.3f}"


@app.command()
def agreement(
    project: str | None = ProjectOption,
    codebook: str | None = typer.Option(None, "--codebook", "-c", help="Codebook id (default: the only one)."),
    coders: str | None = typer.Option(
        None, "--coders", help="Comma-separated coders (default: all with accepted codings)."
    ),
    level: str = typer.Option("passage", "--level", help="passage (passage × code) or sentence (zin × code)."),
    units: str = typer.Option("coded", "--units", help="coded: only units someone coded; all: every unit in scope."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    user: str | None = UserOption,
) -> None:
    """Intercoder agreement per code and overall: percent, Cohen's kappa, Krippendorff's alpha."""
    from rich.table import Table

    from ..agreement import AgreementError
    from ..agreement import agreement as compute
    from ..store import StoreError

    p = _open(project, user)
    chosen = [c.strip() for c in coders.split(",")] if coders else None
    try:
        report = compute(p, codebook, chosen, level=level, units=units)
    except (AgreementError, StoreError) as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps(report.to_dict(), ensure_ascii=False, default=str))
        return
    table = Table(
        "Code",
        "Units",
        *[f"# {k}" for k in report.coders],
        "Agreement",
        "Cohen's κ",
        "Krippendorff's α",
        title=f"Agreement {report.codebook_id} ({'passage' if report.level == 'passage' else 'sentence'} × code, "
        f"{'coded units only' if report.unit_mode == 'coded' else 'all units'}, {report.n_units} units)",
    )
    for row in [*report.per_code, report.overall]:
        name = f"[bold]{row.code_name}[/]" if row.code_id == "*" else f"{row.code_name} ({row.code_id})"
        table.add_row(
            name,
            str(row.units),
            *[str(row.applied.get(k, 0)) for k in report.coders],
            _fmt(row.percent, True),
            _fmt(row.kappa),
            _fmt(row.alpha),
        )
    out.print(table)
    for note in report.notes:
        console.print(f"[yellow]let op:[/] {note}", highlight=False)


@app.command()
def pseudonymise(
    project: str | None = ProjectOption,
    source: list[int] | None = typer.Option(None, "--source", "-s", help="Only this source id (repeatable)."),
    key: Path | None = typer.Option(
        None, "--key", help="Pseudonym key file (default: pseudoniemen-sleutel.json beside the project)."
    ),
    lists: Path | None = typer.Option(
        None, "--lists", help="Names/places/keep list (default: pseudoniemen-lijst.yaml beside the project)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would be replaced."),
    no_deduce: bool = typer.Option(False, "--no-deduce", help="Rules and lists only (faster, finds fewer names)."),
    places: bool = typer.Option(False, "--places", help="Also replace every place name deduce recognises."),
    user: str | None = UserOption,
) -> None:
    """Pseudonymise sources already in the project (names, addresses, phone, e-mail, BSN, dates of birth)."""
    from ..privacy import ListError, PrivacyError, PseudonymKeyError, pseudonymise_project
    from ..store import StoreError

    p = _open(project, user)
    console.print("Pseudonimiseren (deduce laden kan even duren)…", highlight=False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = pseudonymise_project(
                p,
                source or None,
                dry_run=dry_run,
                key=key,
                lists=lists,
                use_deduce=False if no_deduce else None,
                replace_places=True if places else None,
            )
    except (PrivacyError, ListError, PseudonymKeyError, StoreError) as exc:
        fail(exc)
    for w in result.warnings:
        console.print(f"[yellow]let op:[/] {w}", highlight=False)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(result.replaced.items())) or "niets"
    verb = "would change" if dry_run else "changed"
    console.print(
        f"Methode: {result.method}. {len(result.sources_changed)} sources {verb}, {len(result.sources_unchanged)} unchanged; "
        f"replaced: {counts}." + ("" if dry_run else f" {result.codings_moved} coding spans moved."),
        highlight=False,
    )
    for sid, why in result.skipped.items():
        console.print(f"[red]skipped[/] source {sid}: {why}", highlight=False)
    if result.skipped:
        raise typer.Exit(EXIT_PARTIAL)


@audit_app.command("export")
def audit_export(
    path: Path = typer.Argument(..., help="Target file: .csv, .jsonl or .xlsx."),
    project: str | None = ProjectOption,
    format: str | None = typer.Option(None, "--format", "-f", help="csv, jsonl or xlsx (default: from the suffix)."),
    entity: str | None = typer.Option(
        None, help="Only this kind of object (coding, code, codebook, source, user, ...)."
    ),
    by: str | None = typer.Option(None, "--by", help="Only changes by this user."),
    user: str | None = UserOption,
) -> None:
    """Write the audit trail (who, when, what, before, after) for the onderzoeksdossier."""
    from ..audit import AuditExportError, export_audit

    p = _open(project, user)
    try:
        n = export_audit(p, path, format, entity=entity, user=by)
    except AuditExportError as exc:
        fail(exc)
    console.print(f"{n} audit rows written to {path}.", highlight=False)


@audit_app.command("undo")
def audit_undo(
    project: str | None = ProjectOption,
    entry: int | None = typer.Option(None, "--entry", help="Audit entry to undo (default: your last coding change)."),
    anyone: bool = typer.Option(False, "--anyone", help="The last coding change by anyone, not just yours."),
    force: bool = typer.Option(False, "--force", help="Undo even when the coding changed afterwards."),
    list_only: bool = typer.Option(False, "--list", help="Only list the changes that can be undone."),
    user: str | None = UserOption,
) -> None:
    """Undo a coding change (create -> delete, delete -> restore, status/update -> previous state)."""
    from ..audit import UndoError, describe, undo, undoable_entries
    from ..store import StoreError

    p = _open(project, user)
    if list_only:
        for e in undoable_entries(p, anyone=anyone):
            out.print(
                f"{e['id']:>6}  {e['at']:%Y-%m-%d %H:%M}  {e['user']:<12} {e['action']:<7} {describe(e)}",
                highlight=False,
            )
        return
    try:
        done = undo(p, entry, anyone=anyone, force=force)
    except (UndoError, StoreError) as exc:
        fail(exc)
    word = "deleted" if done.action == "deleted" else "restored"
    console.print(f"Undid audit entry {done.entry_id}: coding {done.coding_id} {word}.", highlight=False)


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="New account name."),
    project: str | None = ProjectOption,
    role: str = typer.Option("codeur", "--role", "-r", help="beheerder, codeur or lezer."),
    user: str | None = UserOption,
) -> None:
    """Add an account (the first one must be a beheerder). The new password is asked for (or $DUIDING_NEW_PASSWORD)."""
    from ..accounts import AccountError, add_user
    from ..store import StoreError

    p = _open(project, user)
    secret = settings.new_password()
    if secret is None:
        if not sys.stdin.isatty():
            fail_key("cli.password_for_new_account", name=name)
        secret = typer.prompt(f"Nieuw wachtwoord voor {name}", hide_input=True, confirmation_prompt=True)
    try:
        account = add_user(p, name, secret, role)
    except (AccountError, StoreError) as exc:
        fail(exc)
    console.print(f"Account {account.name} ({account.role}) added.", highlight=False)


@user_app.command("list")
def user_list(project: str | None = ProjectOption, user: str | None = UserOption) -> None:
    """List the accounts and their roles."""
    from rich.table import Table

    from ..accounts import users

    p = _open(project, user)
    accounts = users(p)
    if not accounts:
        console.print("No accounts: the project is in single-user mode.", highlight=False)
        return
    table = Table("name", "role", "created")
    for a in accounts:
        table.add_row(a.name, a.role, f"{a.created_at:%Y-%m-%d}" if a.created_at else "")
    out.print(table)


@user_app.command("passwd")
def user_passwd(
    name: str = typer.Argument(..., help="Account whose password changes (your own, or anyone's as beheerder)."),
    project: str | None = ProjectOption,
    role: str | None = typer.Option(None, "--role", "-r", help="Also give the account this role (beheerder only)."),
    user: str | None = UserOption,
) -> None:
    """Change a password (new password asked for, or $DUIDING_NEW_PASSWORD)."""
    from ..accounts import AccountError, set_password, set_role
    from ..store import StoreError

    p = _open(project, user)
    secret = settings.new_password()
    if secret is None:
        if not sys.stdin.isatty():
            fail_key("cli.new_password_needed", name=name)
        secret = typer.prompt(f"Nieuw wachtwoord voor {name}", hide_input=True, confirmation_prompt=True)
    try:
        set_password(p, name, secret)
        if role:
            set_role(p, name, role)
    except (AccountError, StoreError) as exc:
        fail(exc)
    console.print(f"Password of {name} changed" + (f", role {role}." if role else "."), highlight=False)


@app.command()
def assign(
    coder: str = typer.Argument(..., help="The coder who gets the work."),
    project: str | None = ProjectOption,
    source: list[int] | None = typer.Option(None, "--source", "-s", help="Source id (repeatable)."),
    passage: list[int] | None = typer.Option(None, "--passage", help="Passage id (repeatable)."),
    remove: bool = typer.Option(False, "--remove", help="Withdraw these assignments instead."),
    list_only: bool = typer.Option(False, "--list", help="Only show the coder's assignments."),
    user: str | None = UserOption,
) -> None:
    """Assign sources or passages to a coder for blind double coding."""
    from ..agreement import assign as do_assign
    from ..agreement import assignments, unassign
    from ..store import StoreError

    p = _open(project, user)
    try:
        if list_only:
            rows = assignments(p, coder)
            for a in rows:
                out.print(a.label, highlight=False)
            if not rows:
                console.print(f"{coder} has no assignments.", highlight=False)
            return
        if remove:
            n = unassign(p, coder, source or [], passage or [])
            console.print(f"{n} assignments of {coder} withdrawn.", highlight=False)
            return
        n = do_assign(p, coder, source or [], passage or [])
    except StoreError as exc:
        fail(exc)
    console.print(f"{n} new assignments for {coder}.", highlight=False)
