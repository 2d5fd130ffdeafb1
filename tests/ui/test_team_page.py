"""The Team page and the login gate through AppTest, on tiny projects built in the test.

The project: one source of four passages, codebook ``wmo``; anna and bram both judged
the whole source (each made accepted codings in it). ``toegang`` per passage:
anna 1 1 0 0, bram 1 1 1 0; ``regie``: anna on passage 4 only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from team_builders import CODEBOOK, add_source, code

from analysis.domain import CodingStatus
from analysis.store import Project

APP = ROOT / "app.py"
PAGE = "views/team.py"
TEXTS = [
    "De toegang tot het wijkteam was lastig te vinden.",
    "Via de huisarts kwam ik toch bij de toegang terecht.",
    "Het loket was alleen op dinsdag open.",
    "Ik wil zelf bepalen welke hulp ik krijg.",
]
ANNA = {"toegang": [1, 1, 0, 0], "regie": [0, 0, 0, 1]}
BRAM = {"toegang": [1, 1, 1, 0], "regie": [0, 0, 0, 0]}
PASSWORDS = {"anna": "anna-wachtwoord", "lisa": "lisa-wachtwoord"}


def _kappa(a: list[int], b: list[int]) -> float:
    """Cohen's kappa for two binary raters, by the textbook formula."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (observed - expected) / (1 - expected)


def _build(location: Path, *, with_accounts: bool = False) -> list[int]:
    project = Project.create(location, user="tester")
    try:
        project.save_codebook(CODEBOOK)
        pids = add_source(project, TEXTS)
        for coder, table in (("anna", ANNA), ("bram", BRAM)):
            for code_id, values in table.items():
                for pid, value in zip(pids, values, strict=True):
                    if value:
                        code(project, pid, code_id, coder)
        if with_accounts:
            from analysis.accounts import add_user

            add_user(project, "anna", PASSWORDS["anna"], role="beheerder")
            add_user(project, "lisa", PASSWORDS["lisa"], role="lezer")
    finally:
        project.close()
    return pids


@pytest.fixture
def team_project(tmp_path, monkeypatch):
    location = tmp_path / "team"
    pids = _build(location)
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return location, pids


@pytest.fixture
def accounts_project(tmp_path, monkeypatch):
    location = tmp_path / "accounts"
    pids = _build(location, with_accounts=True)
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return location, pids


def _errors(at) -> list[str]:
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _app():
    from streamlit.testing.v1 import AppTest

    from ui import state

    state.open_project.clear()  # a fresh project object per test (the cache outlives one AppTest)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    return at


def _team(at):
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _login(at, name: str, password: str):
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    at.button[0].click()  # the form's submit button
    return at.run()


def _open(location: Path) -> Project:
    """The project for checking results; with accounts signed in as the beheerder (a name alone reads nothing)."""
    project = Project.open(location)
    if project.has_accounts():
        project.login("anna", PASSWORDS["anna"])
    return project


def _consensus(location: Path) -> list:
    project = _open(location)
    try:
        return project.codings(codebook_id="wmo", coder="consensus")
    finally:
        project.close()


def _table(at, column: str):
    """The first table with ``column`` (AppTest does not expose a dataframe's key)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    return None


def _button(at, key: str):
    return next(b for b in at.button if b.key == key)


# -- agreement ----------------------------------------------------------------------------------
def test_agreement_table_shows_the_hand_computed_kappa(team_project):
    at = _team(_app())
    assert not _errors(at), _errors(at)
    assert sorted(at.multiselect(key="team_coders").value) == ["anna", "bram"]
    table = _table(at, "Cohens kappa")
    row = table[table["Code"] == "Toegang"].iloc[0]
    expected = _kappa(ANNA["toegang"], BRAM["toegang"])
    assert 0 < expected < 1
    assert "," in row["Cohens kappa"]  # Dutch form: 0,62
    assert float(row["Cohens kappa"].replace(",", ".")) == pytest.approx(expected, abs=0.005)
    agree = sum(x == y for x, y in zip(ANNA["toegang"], BRAM["toegang"], strict=True)) / len(TEXTS)
    assert float(row["% overeenstemming"].replace(",", ".")) == pytest.approx(100 * agree, abs=0.05)
    assert row["Eenheden (n)"] == len(TEXTS)
    assert "Alle codes" in set(table["Code"])
    assert any("0,80" in i.value for i in at.info)  # the reading aid states its convention


def test_agreement_needs_two_coders(team_project):
    at = _team(_app())
    at.multiselect(key="team_coders").set_value(["anna"]).run()
    assert not at.exception
    assert _table(at, "Cohens kappa") is None
    assert any("minstens twee codeurs" in i.value for i in at.info)


# -- disagreements --------------------------------------------------------------------------
def test_resolving_a_disagreement_stores_a_consensus_coding(team_project):
    location, pids = team_project
    at = _team(_app())
    # passage 3: bram applied toegang, anna did not
    key = f"team_yes_{pids[2]}_toegang"
    assert key in {b.key for b in at.button}
    assert f"team_no_{pids[3]}_regie" in {b.key for b in at.button}
    assert f"team_yes_{pids[0]}_toegang" not in {b.key for b in at.button}  # they agree on passage 1
    _button(at, key).click()
    at.run()
    assert not _errors(at), _errors(at)
    decided = _consensus(location)
    assert [(c.passage_id, c.code_id, CodingStatus(c.status)) for c in decided] == [
        (pids[2], "toegang", CodingStatus.ACCEPTED)
    ]
    # rejecting the other one is recorded as a rejected consensus coding
    _button(at, f"team_no_{pids[3]}_regie").click()
    at.run()
    statuses = {(c.passage_id, c.code_id): CodingStatus(c.status) for c in _consensus(location)}
    assert statuses[(pids[3], "regie")] is CodingStatus.REJECTED


# -- audit trail ----------------------------------------------------------------------------
def test_audit_tab_lists_a_change_and_undo_reverts_it(team_project):
    location, pids = team_project
    project = Project.open(location, user="tester")
    try:
        new_id = code(project, pids[2], "wachttijd", "tester")
    finally:
        project.close()
    at = _team(_app())
    table = _table(at, "Wijziging (voor → na)")
    assert str(new_id) in set(table["Object-id"].astype(str))
    newest = table.iloc[0]
    assert newest["Wie"] == "tester" and "wachttijd" in newest["Wijziging (voor → na)"]

    # the newest undoable change is preselected: the coding just made
    entry = at.selectbox(key="team_undo_entry")
    assert "wachttijd" in entry.format_func(entry.value)
    _button(at, "team_undo_submit").click()
    at.run()
    assert not _errors(at), _errors(at)
    project = _open(location)
    try:
        assert not project.codings(codebook_id="wmo", code_id="wachttijd")
    finally:
        project.close()
    # the undo itself shows up in the trail
    assert "ongedaan gemaakt" in set(_table(at, "Wijziging (voor → na)")["Actie"])


def test_an_undo_that_conflicts_is_refused_with_a_message(team_project):
    location, pids = team_project
    project = Project.open(location, user="tester")
    try:
        new_id = code(project, pids[2], "wachttijd", "tester")
        project.set_status(new_id, CodingStatus.REJECTED)  # changed after it was created
    finally:
        project.close()
    at = _team(_app())
    entry = at.selectbox(key="team_undo_entry")
    create = next(o for o in entry.options if "aangemaakt" in o and "wachttijd" in o)
    entry.select(create).run()
    _button(at, "team_undo_submit").click()
    at.run()
    assert any("Niet ongedaan gemaakt" in e.value for e in at.error)
    project = _open(location)
    try:
        left = project.codings(codebook_id="wmo", code_id="wachttijd")
        assert [CodingStatus(c.status) for c in left] == [CodingStatus.REJECTED]  # untouched
    finally:
        project.close()


# -- login and roles ------------------------------------------------------------------------
def test_without_accounts_no_login_is_asked(team_project):
    at = _app()
    assert not _errors(at)
    assert not [w for w in at.text_input if w.key == "login_password"]
    assert at.title[0].value == "Beoordelen & coderen"


def test_with_accounts_the_login_form_comes_first_then_the_review_page(accounts_project):
    at = _app()
    assert not at.exception
    assert at.title[0].value == "Aanmelden"
    assert [w for w in at.text_input if w.key == "login_password"]
    _login(at, "anna", PASSWORDS["anna"])
    assert not _errors(at), _errors(at)
    assert at.title[0].value == "Beoordelen & coderen"
    coder = at.sidebar.text_input(key="coder")
    assert coder.value == "anna" and coder.disabled


def test_a_wrong_password_shows_an_error(accounts_project):
    at = _app()
    _login(at, "anna", "niet-het-wachtwoord")
    assert any("Onjuiste gebruikersnaam of wachtwoord" in e.value for e in at.error)
    assert at.title[0].value == "Aanmelden"
    _login(at, "niemand", PASSWORDS["anna"])
    assert any("Onjuiste gebruikersnaam of wachtwoord" in e.value for e in at.error)


def test_a_lezer_cannot_resolve(accounts_project):
    location, pids = accounts_project
    at = _app()
    _login(at, "lisa", PASSWORDS["lisa"])
    at = _team(at)
    assert any("beheerder" in w.value for w in at.warning)
    _button(at, f"team_yes_{pids[2]}_toegang").click()
    at.run()
    assert at.caption[0].value == "Je werkt als **lisa**, rol: Lezer."
    # Dutch all through: who, which role, what is not allowed (no English "(role lezer) may not"), escaped as text
    from ui.safe import md

    assert any(
        "Niet toegestaan" in e.value and ("lisa (lezer) mag dit niet" in e.value or md("lisa (lezer) mag dit niet") in e.value)
        for e in at.error
    )
    assert _consensus(location) == []


def test_a_beheerder_resolves_and_adds_a_user(accounts_project):
    location, pids = accounts_project
    at = _app()
    _login(at, "anna", PASSWORDS["anna"])
    at = _team(at)
    assert at.caption[0].value == "Je werkt als **anna**, rol: Beheerder."
    _button(at, f"team_yes_{pids[2]}_toegang").click()
    at.run()
    decided = _consensus(location)
    assert [(c.passage_id, c.code_id) for c in decided] == [(pids[2], "toegang")]

    at.text_input(key="team_user_name").input("bram")
    at.selectbox(key="team_user_role").select("codeur")
    at.text_input(key="team_user_password").input("bram-wachtwoord")
    next(b for b in at.button if "Account toevoegen" in b.label).click()
    at.run()
    assert not _errors(at), _errors(at)
    from analysis.accounts import authenticate, users

    project = _open(location)
    try:
        assert {(u.name, u.role) for u in users(project)} >= {("bram", "codeur")}
        assert authenticate(project, "bram", "bram-wachtwoord").name == "bram"
    finally:
        project.close()


def test_sentence_level_all_units_and_english_render(team_project):
    at = _team(_app())
    at.selectbox(key="team_level").select("sentence").run()
    at.selectbox(key="team_units").select("all").run()
    assert not _errors(at), _errors(at)
    table = _table(at, "Cohens kappa")
    assert table is not None and (table["Eenheden (n)"] >= 1).all()
    at.session_state["lang"] = "en"
    at.run()
    assert not _errors(at), _errors(at)
    assert at.title[0].value == "Team"
    assert _table(at, "Cohen's kappa") is not None
