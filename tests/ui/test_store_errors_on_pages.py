"""A store refusal on a page is the catalogue's Dutch text, not "Dat kon niet: <English>" nor the English
``str(err)``: the account forms on the Team page ("Accounts beheren") and the source form on Bronnen beheren."""

from __future__ import annotations

from test_nocli_pages import _page, accounts_app  # noqa: F401 - the fixture: anna (beheerder) signed in, bram (codeur)


def test_account_refusals_on_the_team_page_are_dutch(accounts_app):  # noqa: F811 - pytest fixture
    at, _ = accounts_app
    at.selectbox(key="acc_target").set_value("anna").run()
    at.selectbox(key="acc_new_role").set_value("codeur").run()
    at.button(key="acc_role_submit").click().run()
    errors = [e.value for e in at.error]
    assert any("anna is de laatste beheerder van het project" in e for e in errors), errors
    assert not any("last beheerder" in e for e in errors), errors
    at.text_input(key="acc_own_pw_new").input("kort")
    at.text_input(key="acc_own_pw_again").input("kort")
    at.button(key="FormSubmitter:acc_own_pw_form-Wachtwoord wijzigen").click().run()
    errors = [e.value for e in at.error]
    assert any("Een wachtwoord moet ten minste 10 tekens hebben." in e for e in errors), errors
    assert not any("a password needs" in e for e in errors), errors


def test_a_source_without_a_name_is_refused_in_dutch(app, store):
    source = store.sources(with_text=False)[0]
    _page(app, "views/sources.py")
    app.selectbox(key="src_edit_id").set_value(source.id).run()
    app.text_input(key=f"src_name_{source.id}").input("  ")
    app.button(key=f"src_save_{source.id}").click().run()
    errors = [e.value for e in app.error]
    assert any(f"Bron {source.id} heeft een naam nodig: vul een naam in." in e for e in errors), errors
    assert not any("Dat kon niet" in e or "needs a name" in e for e in errors), errors
    assert store.get_source(source.id).name == source.name
