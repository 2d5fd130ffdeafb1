"""With accounts a user name alone gives nothing: a password on the CLI and the Python API, backoff, strength."""

from __future__ import annotations

import pytest
from team_builders import CODEBOOK, add_source
from typer.testing import CliRunner

from analysis.accounts import (
    AccountError,
    AuthenticationError,
    LoginRequired,
    LoginThrottled,
    PasswordError,
    PermissionDenied,
    add_user,
    authenticate,
    can,
)
from analysis.accounts.passwords import check_password_strength
from analysis.accounts.throttle import LoginThrottle
from analysis.domain import Code
from analysis.store import Project

PW = {"anne": "anne-blauwe-fiets", "lies": "lies-rode-fiets", "mallory": "mallory-raadt-maar"}


@pytest.fixture
def team(sqlite_project):
    """A SQLite project with a source, a codebook, beheerder anne and codeur lies."""
    sqlite_project.save_codebook(CODEBOOK)
    add_source(sqlite_project, ["Een geheime passage over de wachtlijst."])
    add_user(sqlite_project, "anne", PW["anne"], "beheerder")
    add_user(sqlite_project, "lies", PW["lies"], "codeur")
    return sqlite_project


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_name_without_password_reads_and_writes_nothing(team):
    for name in ("anne", "lies", "mallory"):
        p = Project.open(team.url, user=name)
        try:
            assert p.role is None and not p.signed_in and not can(p, "read")
            with pytest.raises(PermissionDenied):
                p.passages()
            with pytest.raises(PermissionDenied):
                p.sources()
            with pytest.raises(PermissionDenied):
                list(p.iter_passages())
            with pytest.raises(PermissionDenied):
                p.add_code("wmo", Code("nieuw", "Nieuw"))
            with pytest.raises(PermissionDenied):
                p.save_user("lies", role="beheerder")  # no promotion on a name
        finally:
            p.close()
    with pytest.raises(LoginRequired, match="sign in"):
        Project.open(team.url, user="anne").stats()
    assert team.get_user("lies")["role"] == "codeur"


def test_the_password_opens_the_project_and_a_wrong_one_does_not(team):
    with pytest.raises(AuthenticationError):
        Project.open(team.url, user="anne", password="niet-het-wachtwoord")
    anne = Project.open(team.url, user="anne", password=PW["anne"])
    try:
        assert anne.signed_in and anne.role == "beheerder" and anne.passages()
        anne.save_user("lies", role="beheerder")  # a signed-in beheerder may promote
        assert anne.get_user("lies")["role"] == "beheerder"
        anne.user = "lies"  # switching the name on an open project drops the rights
        with pytest.raises(LoginRequired):
            anne.passages()
    finally:
        anne.close()
    lies = Project.open(team.url, user="lies")
    try:
        lies.login("lies", PW["lies"])
        assert lies.role == "beheerder" and lies.codebook_ids() == ["wmo"]
    finally:
        lies.close()


def test_a_codeur_cannot_promote_herself(team):
    lies = Project.open(team.url, user="lies", password=PW["lies"])
    try:
        with pytest.raises(PermissionDenied, match="users"):
            lies.save_user("lies", role="beheerder")
    finally:
        lies.close()


def _cli(args, env, monkeypatch):
    from analysis.cli import app

    for key in ("DUIDING_USER", "DUIDING_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return CliRunner().invoke(app, args)


def test_cli_needs_the_password_for_reads_and_writes(team, tmp_path, monkeypatch):
    loc = str(team.location)
    doc = tmp_path / "interview.txt"
    doc.write_text("Anne: We wachten al maanden op een keukentafelgesprek.\n", encoding="utf-8")
    before = team.stats()["sources"]
    # a name only: refused (no terminal to ask in, no DUIDING_PASSWORD)
    r = _cli(["ingest", str(doc), "--project", loc], {"DUIDING_USER": "anne"}, monkeypatch)
    assert r.exit_code == 1 and "DUIDING_PASSWORD" in r.output
    r = _cli(
        ["export", "passages", "--project", loc], {"DUIDING_USER": "mallory", "DUIDING_PASSWORD": "x"}, monkeypatch
    )
    assert r.exit_code == 1 and "geheime passage" not in r.output
    r = _cli(["export", "passages", "--project", loc], {}, monkeypatch)
    assert r.exit_code == 1 and "DUIDING_USER" in r.output and "geheime passage" not in r.output
    assert team.stats()["sources"] == before
    # with the password
    r = _cli(
        ["ingest", str(doc), "--project", loc], {"DUIDING_USER": "anne", "DUIDING_PASSWORD": PW["anne"]}, monkeypatch
    )
    assert r.exit_code == 0, r.output
    assert team.stats()["sources"] == before + 1


def test_cli_promotion_needs_a_signed_in_beheerder(team, monkeypatch):
    loc = str(team.location)
    env = {"DUIDING_USER": "lies", "DUIDING_PASSWORD": PW["lies"], "DUIDING_NEW_PASSWORD": "lies-nieuw-en-lang"}
    r = _cli(["user", "passwd", "lies", "--role", "beheerder", "--project", loc], env, monkeypatch)
    assert r.exit_code == 1 and team.get_user("lies")["role"] == "codeur"
    env = {"DUIDING_USER": "anne", "DUIDING_PASSWORD": "fout-fout-fout", "DUIDING_NEW_PASSWORD": "lies-nieuw-en-lang"}
    r = _cli(["user", "passwd", "lies", "--role", "beheerder", "--project", loc], env, monkeypatch)
    assert r.exit_code == 1 and team.get_user("lies")["role"] == "codeur"
    env["DUIDING_PASSWORD"] = PW["anne"]
    r = _cli(["user", "passwd", "lies", "--role", "beheerder", "--project", loc], env, monkeypatch)
    assert r.exit_code == 0, r.output
    assert team.get_user("lies")["role"] == "beheerder"


@pytest.mark.parametrize(
    "weak",
    ["12345678", "1234567890", "wachtwoord", "Wachtwoord2024!", "welkom01welkom", "qwertyuiop", "Password123",
     "aaaaaaaaaaaa", "1212121212", "kort", "          ", "9876543210"],
)  # fmt: skip
def test_weak_passwords_are_refused(weak, sqlite_project):
    with pytest.raises(PasswordError):
        check_password_strength(weak)
    with pytest.raises(AccountError):
        add_user(sqlite_project, "anne", weak, "beheerder")
    assert not sqlite_project.has_accounts()


def test_reasonable_passwords_are_accepted():
    for good in ("blauwe-fiets-op-dinsdag", "Kx9#mvQ2pL", "anne-blauwe-fiets"):
        check_password_strength(good)
    with pytest.raises(PasswordError, match="user name"):
        check_password_strength("annedevries", "AnneDeVries")


def test_backoff_per_account(team):
    clock = FakeClock()
    gate = LoginThrottle(clock=clock)
    outcomes = []
    for _ in range(12):  # a guesser trying a password every 0.1 s
        try:
            authenticate(team, "anne", "geraden-wachtwoord", throttle=gate)
        except LoginThrottled:
            outcomes.append("wait")
        except AuthenticationError:
            outcomes.append("checked")
        clock.now += 0.1
    assert outcomes.count("checked") <= 4  # the rest were refused without checking the password
    with pytest.raises(LoginThrottled) as waiting:  # even the right password must wait now
        authenticate(team, "anne", PW["anne"], throttle=gate)
    assert waiting.value.seconds >= 1 and "try again" in str(waiting.value)
    clock.now += waiting.value.seconds
    assert authenticate(team, "anne", PW["anne"], throttle=gate).name == "anne"
    assert authenticate(team, "lies", PW["lies"], throttle=gate).name == "lies"  # another account was never slowed


def test_backoff_grows_and_is_per_client(team):
    clock = FakeClock()
    gate = LoginThrottle(clock=clock)
    waits = []
    for _ in range(6):
        with pytest.raises(AuthenticationError):
            authenticate(team, "anne", "geraden-wachtwoord", throttle=gate)
        waits.append(gate.wait(("account", str(team.location), "anne")))
        clock.now += waits[-1]
    assert waits[:2] == [0, 0] and waits[3] == 2 * waits[2] and waits[5] == 4 * waits[3]
    # one client guessing across many accounts is slowed down too
    clock.now += 10_000
    for name in ("x1", "x2", "x3"):
        with pytest.raises(AuthenticationError):
            authenticate(team, name, "geraden-wachtwoord", client="10.0.0.9", throttle=gate)
    with pytest.raises(LoginThrottled):
        authenticate(team, "lies", PW["lies"], client="10.0.0.9", throttle=gate)
    assert authenticate(team, "lies", PW["lies"], client="10.0.0.7", throttle=gate).name == "lies"


def test_project_login_uses_the_process_wide_backoff(team, monkeypatch):
    from analysis.store import throttle

    clock = FakeClock()
    monkeypatch.setattr(throttle, "THROTTLE", LoginThrottle(clock=clock))
    p = Project.open(team.url, user="anne")
    try:
        for _ in range(throttle.FREE_ATTEMPTS):
            with pytest.raises(AuthenticationError):
                p.login("anne", "verkeerd-geraden")
        with pytest.raises(LoginThrottled):
            p.login("anne", PW["anne"])
        assert not p.signed_in
    finally:
        p.close()
