"""Accounts, password hashing and role enforcement in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from team_builders import CODEBOOK, add_source, code
from typer.testing import CliRunner

from analysis.accounts import (
    AccountError,
    AuthenticationError,
    PermissionDenied,
    add_user,
    authenticate,
    can,
    hash_password,
    open_as,
    remove_user,
    require,
    role_of,
    set_password,
    set_role,
    users,
    verify_password,
)
from analysis.accounts.passwords import needs_rehash
from analysis.domain import Code, Memo, Source
from analysis.store import Project

PW = {"anna": "anna-wachtwoord", "bram": "bram-wachtwoord", "carla": "carla-wachtwoord"}


def _team(project: Project) -> None:
    add_user(project, "anna", PW["anna"], "beheerder")
    add_user(project, "bram", PW["bram"], "codeur")
    add_user(project, "carla", PW["carla"], "lezer")


def _as(project: Project, user: str) -> Project:
    """Open as ``user`` with the right password (the name alone gives no rights)."""
    return Project.open(project.url, user=user, password=PW.get(user))


def test_hashes_are_salted_and_verified_in_constant_form():
    one, two = hash_password("geheim-genoeg"), hash_password("geheim-genoeg")
    assert one != two and one.startswith("scrypt$")
    assert verify_password("geheim-genoeg", one) and verify_password("geheim-genoeg", two)
    assert not verify_password("geheim-genoeG", one)
    assert not verify_password("geheim-genoeg", "garbage")
    weak = hash_password("geheim-genoeg", n=2**10)
    assert verify_password("geheim-genoeg", weak) and needs_rehash(weak) and not needs_rehash(one)


def test_single_user_mode_allows_everything(project):
    assert not project.has_accounts()
    assert project.role == "beheerder" and can(project, "users") and can(project, "import")
    project.save_codebook(CODEBOOK)
    (pid,) = add_source(project, ["Een passage over toegang."])
    code(project, pid, "toegang", "researcher")


def test_first_account_must_be_beheerder_and_names_are_checked(project):
    with pytest.raises(AccountError, match="first account"):
        add_user(project, "bram", PW["bram"], "codeur")
    with pytest.raises(AccountError, match="at least 10"):
        add_user(project, "anna", "kort", "beheerder")
    with pytest.raises(AccountError, match="unknown role"):
        add_user(project, "anna", PW["anna"], "koning")
    with pytest.raises(AccountError, match="invalid user name"):
        add_user(project, "anna de boer", PW["anna"], "beheerder")
    with pytest.raises(AccountError, match="reserved"):
        add_user(project, "consensus", PW["anna"], "beheerder")
    _team(project)
    with pytest.raises(AccountError, match="exists already"):
        add_user(project, "bram", PW["bram"], "codeur")
    assert [(u.name, u.role) for u in users(project)] == [("anna", "beheerder"), ("bram", "codeur"), ("carla", "lezer")]


def test_authenticate(project):
    _team(project)
    assert authenticate(project, "bram", PW["bram"]).role == "codeur"
    with pytest.raises(AuthenticationError) as wrong:
        authenticate(project, "bram", PW["anna"])
    with pytest.raises(AuthenticationError) as unknown:
        authenticate(project, "dirk", PW["anna"])
    assert str(wrong.value) == str(unknown.value) == "wrong user name or password"
    entries = project.audit_log(entity="user")
    assert [e["entity_id"] for e in entries] == ["anna", "bram", "carla"]
    assert all("hash" not in json.dumps(e["after"]) and "scrypt" not in json.dumps(e["after"]) for e in entries)


def test_roles_are_enforced_in_the_store(project):
    project.save_codebook(CODEBOOK)
    (pid,) = add_source(project, ["Het wachten duurde lang."])
    _team(project)
    assert project.user == "anna"  # creating the first account made this object its beheerder
    # once accounts exist a user without one (the default 'researcher') may write nothing
    nobody = _as(project, "researcher")
    try:
        assert nobody.role is None and not can(nobody, "read")
        with pytest.raises(PermissionDenied, match="no account"):
            code(nobody, pid, "toegang", "researcher")
    finally:
        nobody.close()
    lezer = _as(project, "carla")
    try:
        assert lezer.role == "lezer" and lezer.passages()  # reading works
        with pytest.raises(PermissionDenied, match="lezer"):
            code(lezer, pid, "toegang", "carla")
        with pytest.raises(PermissionDenied):
            lezer.add_memo(Memo("een memo"))
        with pytest.raises(PermissionDenied), lezer.transaction():
            pass
        assert not can(lezer, "code") and can(lezer, "export")
    finally:
        lezer.close()
    codeur = _as(project, "bram")
    try:
        cid = code(codeur, pid, "toegang", "bram")
        codeur.set_status(cid, "rejected")
        codeur.add_memo(Memo("memo van bram", author="bram"))
        with pytest.raises(PermissionDenied, match="codebook"):
            codeur.add_code("wmo", Code("nieuw", "Nieuw"))
        with pytest.raises(PermissionDenied, match="import"):
            codeur.add_source(Source(name="x.txt", text="x", checksum="x"), [])
        with pytest.raises(PermissionDenied, match="users"):
            add_user(codeur, "dirk", "dirk-wachtwoord", "codeur")
    finally:
        codeur.close()
    beheerder = _as(project, "anna")
    try:
        beheerder.add_code("wmo", Code("nieuw", "Nieuw"))
        assert can(beheerder, "users")
    finally:
        beheerder.close()
    assert project.stats()["codings"] == 1  # nothing the refused writes tried is there


def test_writes_inside_a_transaction_and_imports_check_their_own_right(project, tmp_path):
    from analysis.refi import export_qdpx, import_qdpx

    add_source(project, ["Het wachten duurde lang."])
    qdpx = tmp_path / "project.qdpx"
    export_qdpx(project, qdpx)
    _team(project)
    codeur = _as(project, "bram")
    try:
        # A codeur may write (codings) through a transaction, but a source added inside it
        # still needs the import right: the outer check does not cover a stricter one.
        with pytest.raises(PermissionDenied, match="import"), codeur.transaction():
            codeur.add_source(Source(name="y.txt", text="y", checksum="y"), [])
        with pytest.raises(PermissionDenied, match="import"):
            import_qdpx(qdpx, codeur)
        assert [src.name for src in codeur.sources()] == ["s.txt"]
    finally:
        codeur.close()
    beheerder = _as(project, "anna")
    try:
        with beheerder.transaction():
            beheerder.add_source(Source(name="y.txt", text="y", checksum="y"), [])
        assert sorted(src.name for src in beheerder.sources()) == ["s.txt", "y.txt"]
    finally:
        beheerder.close()


def test_role_changes_take_effect_at_once_and_the_last_beheerder_stays(project):
    _team(project)
    admin = _as(project, "anna")
    bram = _as(project, "bram")
    try:
        assert can(bram, "code")
        set_role(admin, "bram", "lezer")
        assert not can(bram, "code") and role_of(admin, "bram") == "lezer"
        with pytest.raises(AccountError, match="last beheerder"):
            set_role(admin, "anna", "codeur")
        with pytest.raises(AccountError, match="last beheerder"):
            remove_user(admin, "anna")
        set_role(admin, "bram", "beheerder")
        remove_user(admin, "anna")
        assert [u.name for u in users(bram)] == ["bram", "carla"]
    finally:
        admin.close()
        bram.close()


def test_passwords_own_and_others(project):
    _team(project)
    carla = _as(project, "carla")
    admin = _as(project, "anna")
    try:
        set_password(carla, "carla", "nieuw-wachtwoord")  # a lezer may change her own
        assert authenticate(project, "carla", "nieuw-wachtwoord")
        with pytest.raises(PermissionDenied):
            set_password(carla, "bram", "overgenomen!")
        set_password(admin, "bram", "door-anna-gezet")
        assert authenticate(project, "bram", "door-anna-gezet")
    finally:
        carla.close()
        admin.close()


def test_require_and_open_as(project):
    _team(project)
    require(project, "anna", "users")
    require(project, "bram", "code")
    with pytest.raises(PermissionDenied):
        require(project, "carla", "code")
    with pytest.raises(PermissionDenied, match="no account"):
        require(project, "dirk", "read")
    with pytest.raises(ValueError, match="unknown action"):
        require(project, "anna", "vliegen")
    opened = open_as(project.url, "bram", PW["bram"])
    try:
        assert opened.user == "bram" and opened.role == "codeur"
    finally:
        opened.close()
    with pytest.raises(AuthenticationError):
        open_as(project.url, "bram", "fout-wachtwoord")
    with pytest.raises(AuthenticationError, match="user name"):
        open_as(project.url, None, PW["bram"])


def test_cli_user_commands(sqlite_project, monkeypatch):
    from analysis.cli.team import app

    loc = str(sqlite_project.location)
    runner = CliRunner()
    monkeypatch.setenv("DUIDING_NEW_PASSWORD", PW["anna"])
    monkeypatch.delenv("DUIDING_USER", raising=False)
    first = runner.invoke(app, ["user", "add", "anna", "--project", loc, "--role", "beheerder"])
    assert first.exit_code == 0, first.output
    # now the project has accounts: commands need a user and password
    nouser = runner.invoke(app, ["user", "list", "--project", loc])
    assert nouser.exit_code == 1 and "--user" in nouser.output
    monkeypatch.setenv("DUIDING_PASSWORD", "fout-wachtwoord")
    wrong = runner.invoke(app, ["user", "list", "--project", loc, "--user", "anna"])
    assert wrong.exit_code == 1 and "wrong user name or password" in wrong.output
    monkeypatch.setenv("DUIDING_PASSWORD", PW["anna"])
    monkeypatch.setenv("DUIDING_NEW_PASSWORD", PW["carla"])
    added = runner.invoke(app, ["user", "add", "carla", "--project", loc, "--role", "lezer", "--user", "anna"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["user", "list", "--project", loc, "--user", "anna"])
    assert listed.exit_code == 0 and "carla" in listed.stdout and "lezer" in listed.stdout
    monkeypatch.setenv("DUIDING_PASSWORD", PW["carla"])
    refused = runner.invoke(app, ["user", "add", "dirk", "--project", loc, "--user", "carla"])
    assert refused.exit_code == 1 and "may not" in refused.output
    monkeypatch.setenv("DUIDING_NEW_PASSWORD", "carla-nieuw-1")
    own = runner.invoke(app, ["user", "passwd", "carla", "--project", loc, "--user", "carla"])
    assert own.exit_code == 0, own.output
    assert authenticate(sqlite_project, "carla", "carla-nieuw-1")
