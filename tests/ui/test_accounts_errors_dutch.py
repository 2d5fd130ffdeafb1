"""The account forms on the Team page ("Accounts beheren") show a refusal in Dutch, from the errors catalogue,
not the English ``str(err)``."""

from __future__ import annotations

from test_nocli_pages import accounts_app  # noqa: F401 - the fixture: anna (beheerder) signed in, bram (codeur)


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
