"""What the store says when a thing is gone: a keyed message, in Dutch on the pages, the same English as before
on the command line."""

from __future__ import annotations

import pytest
from team_builders import CODEBOOK

from analysis.errors import message
from analysis.store import StoreError


@pytest.mark.parametrize(
    ("call", "key", "dutch", "english"),
    [
        (lambda p: p.set_status(987654, "accepted", coder="x"), "store.no_coding", "Codering 987654 bestaat niet",
         "no coding with id 987654"),
        (lambda p: p.delete_memo(4321), "store.no_memo", "Memo 4321 bestaat niet", "no memo with id 4321"),
        (lambda p: p.update_source(555, name="x"), "store.no_source", "Bron 555 bestaat niet", "no source with id 555"),
        (lambda p: p.move_code(CODEBOOK.id, "bestaat-niet", None), "store.no_code",
         "heeft geen code 'bestaat-niet'", "has no code 'bestaat-niet'"),
    ],
)
def test_a_missing_thing_is_named_in_dutch_and_in_english(project, call, key, dutch, english):
    project.save_codebook(CODEBOOK)
    with pytest.raises(StoreError) as caught:
        call(project)
    assert caught.value.key == key
    assert dutch in message(caught.value, "nl")
    assert english in str(caught.value)


# -- every store raise site is keyed: what a researcher meets, through the real store methods ----------------


def _norms_codebook():
    from analysis.domain import Codebook, Norm

    return Codebook(CODEBOOK.id, CODEBOOK.name, codes=list(CODEBOOK.codes),
                    norms=[Norm("n1", "De toegang is laagdrempelig", "1", ["toegang"])])


def _source(project) -> tuple[int, list[int]]:
    from team_builders import add_source

    passages = add_source(project, ["Het wachten duurde lang.", "De buurtcoach hielp."], name="els.txt")
    return project.get_passage(passages[0]).source_id, passages


def _span_outside(project):
    from analysis.domain import Coding

    _, passages = _source(project)
    first = project.get_passage(passages[0])
    project.add_coding(Coding(first.id, "toegang", CODEBOOK.id, coder="els", start=first.start, end=first.end + 10))


def _resize_outside(project):
    from team_builders import code

    _, passages = _source(project)
    coding_id = code(project, passages[0], "toegang", "els")
    project.update_coding(coding_id, start=0, end=10_000)


def _bad_offsets(project):
    from analysis.domain import Passage, Source

    project.add_source(Source(name="kapot.txt", text="Een tekst.", checksum="k"), [Passage(0, 4, "Twee", 0)])


def _story_twice(project):
    project.save_story_collection({"name": "Wijkverhalen", "stories": []})
    project.save_story_collection({"name": "Wijkverhalen", "stories": []})


@pytest.mark.parametrize(
    ("call", "key", "dutch", "english"),
    [
        (lambda p: p.delete_user("niemand"), "store.no_account_named", "Er is geen account 'niemand' in dit project",
         "no account 'niemand' in this project"),
        (lambda p: p.save_passage_set("  ", []), "store.passage_set_no_name",
         "Een bewaarde set heeft een naam nodig", "a saved set needs a name"),
        (lambda p: p.save_passage_set("wachten", [424242]), "store.passage_set_unknown_passages",
         "De set 'wachten' is niet bewaard: passage(s) 424242 bestaan niet", "saved set 'wachten': no passage with id 424242"),
        (_span_outside, "store.span_outside_passage", "valt buiten passage", None),
        (_resize_outside, "store.span_outside_passage_short", "De gecodeerde tekst (tekens 0-10000) valt buiten passage",
         None),
        (lambda p: p.judge_norm(CODEBOOK.id, "n9", "voldoet"), "store.no_norm",
         "Het codeboek 'wmo' heeft geen norm 'n9'", "codebook 'wmo' has no norm 'n9'"),
        (lambda p: p.judge_norm(CODEBOOK.id, "n1", "prima"), "store.judgement_not_on_scale",
         "'prima' staat niet op de beoordelingsschaal van codeboek 'wmo'. Kies een van: voldoet, ",
         "'prima' is not on the scale of 'wmo': voldoet, voldoet-merendeels, voldoet-deels, voldoet-niet"),
        (lambda p: p.get_codebook("jeugd"), "store.no_codebook_known",
         "Het codeboek 'jeugd' staat niet in dit project. Wel in dit project: wmo.", "no codebook 'jeugd' in this project (known: wmo)"),
        (lambda p: p.update_source(_source(p)[0], name=" "), "store.source_needs_name", "heeft een naam nodig", None),
        (lambda p: p.update_source(_source(p)[0], kind="podcast"), "store.source_unknown_kind",
         "onbekende bronsoort 'podcast'. Kies een van: interview, ", None),
        (lambda p: p.update_source(1, kleur="rood"), "store.unknown_source_fields",
         "Een bron heeft geen veld kleur. De velden van een bron zijn: name, kind,", "unknown source field(s): kleur"),
        (lambda p: p.get_passage(777), "store.no_passage", "Passage 777 bestaat niet", "no passage with id 777"),
        (lambda p: p.add_assignments("els", [(888, None)]), "store.assign_no_source",
         "Bron 888 kan niet aan els worden toegewezen", "cannot assign source 888 to 'els': no such source"),
        (_bad_offsets, "store.offsets_mismatch", "kapot.txt is niet opgeslagen",
         "kapot.txt: passage 0 offsets 0-4 do not reproduce its text"),
        (_story_twice, "store.story_collection_exists", "Er staat al een verhalencollectie 'Wijkverhalen'",
         "a story collection named 'Wijkverhalen' is already in this project"),
    ],
)
def test_store_errors_a_researcher_meets_are_dutch_and_keep_their_english(project, call, key, dutch, english):
    project.save_codebook(_norms_codebook())
    with pytest.raises(StoreError) as caught:
        call(project)
    assert caught.value.key == key
    nl = message(caught.value, "nl")
    assert dutch in nl
    assert "Dat kon niet" not in nl and nl != str(caught.value)
    assert message(caught.value, "en") == str(caught.value)
    if english is not None:
        assert str(caught.value) == english


def test_the_english_of_a_span_outside_its_passage_is_unchanged(project):
    from analysis.domain import Coding

    project.save_codebook(_norms_codebook())
    _, passages = _source(project)
    first = project.get_passage(passages[0])
    with pytest.raises(StoreError) as caught:
        project.add_coding(Coding(first.id, "toegang", CODEBOOK.id, coder="els", start=first.start, end=first.end + 10))
    assert str(caught.value) == (
        f"coding span {first.start}-{first.end + 10} lies outside passage {first.id} ({first.start}-{first.end})"
    )
    assert f"(tekens {first.start}-{first.end})" in message(caught.value, "nl")


def test_a_codebook_asked_for_in_an_empty_project_says_there_is_none(project):
    with pytest.raises(StoreError) as caught:
        project.get_codebook("wmo")
    assert str(caught.value) == "no codebook 'wmo' in this project (known: none)"
    assert "er staat nog geen codeboek in" in message(caught.value, "nl")


@pytest.mark.parametrize(
    ("password", "dutch", "english"),
    [
        ("kort", "Een wachtwoord moet ten minste 10 tekens hebben.", "a password needs at least 10 characters"),
        ("1212121212", "te makkelijk te raden", "this password is too easy to guess"),
        ("wachtwoord123", "meest gebruikte wachtwoorden", "this is one of the most common passwords"),
        ("els.janssen", "gelijk zijn aan de gebruikersnaam", "a password cannot be the user name"),
    ],
)
def test_a_refused_password_is_dutch_in_the_app_and_english_on_the_command_line(project, password, dutch, english):
    from analysis.accounts import AccountError, add_user

    with pytest.raises(AccountError) as caught:
        add_user(project, "els.janssen", password, role="beheerder")
    assert dutch in message(caught.value, "nl")
    assert "Account:" not in message(caught.value, "nl")
    assert str(caught.value).startswith(f"account 'els.janssen': {english}")


def _add_user(project, name, role="beheerder"):
    from analysis.accounts import add_user

    add_user(project, name, "lange-zin-van-woorden", role=role)


def _remove_the_last_beheerder(project):
    from analysis.accounts import remove_user

    _add_user(project, "els")
    remove_user(project, "els")


def _assign_to_stranger(project):
    from analysis.agreement.assignments import assign

    _add_user(project, "els")
    assign(project, "onbekend", source_ids=[1])


@pytest.mark.parametrize(
    ("call", "key", "dutch", "english"),
    [
        (lambda p: _add_user(p, "consensus", "beheerder"),
         "accounts.reserved_name", "De naam 'consensus' is gereserveerd",
         "'consensus' is reserved (consensus decisions are recorded under that name)"),
        (lambda p: _add_user(p, "els", "codeur"),
         "accounts.first_not_beheerder", "Het eerste account van een project moet de rol beheerder hebben",
         ("the first account of a project must be a beheerder (asked: codeur for 'els'); "
          "otherwise nobody could manage the accounts")),
        (lambda p: _add_user(p, "els", "baas"),
         "accounts.unknown_role", "Onbekende rol 'baas': kies een van beheerder, ",
         "unknown role 'baas'; expected one of: beheerder, "),
        (lambda p: _add_user(p, "els janssen"),
         "accounts.invalid_name", "'els janssen' kan geen gebruikersnaam zijn", "invalid user name 'els janssen'"),
        (_remove_the_last_beheerder, "accounts.last_beheerder_removed", "els is de laatste beheerder van het project",
         "'els' is the last beheerder of the project and cannot be removed"),
        (_assign_to_stranger, "agreement.assign_no_account", "Er kan geen werk aan onbekend worden toegewezen",
         "cannot assign work to 'onbekend': no account with that name in project "),
    ],
)
def test_account_errors_on_the_team_page_are_dutch_and_keep_their_english(project, call, key, dutch, english):
    with pytest.raises(StoreError) as caught:
        call(project)
    assert caught.value.key == key
    nl = message(caught.value, "nl")
    assert dutch in nl and "Account:" not in nl
    assert str(caught.value).startswith(english)
    assert str(project.location) not in nl  # the project's folder is for the command line, not for the page


def test_undo_refusals_are_dutch_and_keep_their_english(project):
    """The review and Team pages put "Niet ongedaan gemaakt: " in front of these texts."""
    from team_builders import add_source, code

    from analysis.audit import UndoConflict, UndoError, undo
    from analysis.domain import CodingStatus
    from analysis.review.actions import accept
    from analysis.review.undo import undo as undo_review_action
    from analysis.store import Project

    project.save_codebook(CODEBOOK)
    passages = add_source(project, ["Het wachten op een indicatie duurde lang.", "De buurtcoach hielp snel."])
    with pytest.raises(UndoError) as caught:
        undo(project)
    assert str(caught.value) == f"nothing to undo: no coding change by {project.user!r} is left in the audit trail"
    assert message(caught.value, "nl") == (
        f"het logboek heeft geen wijziging van een codering door {project.user} meer die ongedaan kan worden gemaakt."
    )
    coding_id = code(project, passages[0], "wachttijd", project.user, status=CodingStatus.SUGGESTED)
    project.update_coding(coding_id, memo="duidelijk voorbeeld")
    colleague = Project.open(project.url, user="bram")
    try:
        colleague.set_status(coding_id, "rejected")
        last = project.audit_log(entity="coding", entity_id=coding_id)[-1]["id"]
        with pytest.raises(UndoConflict) as caught:
            undo(project)
    finally:
        colleague.close()
    assert str(caught.value).startswith(f"coding {coding_id} changed since entry ")
    assert "status is 'rejected'" in str(caught.value)
    assert str(caught.value).endswith(f" (last change: status by bram, entry {last}; undo that first)")
    assert message(caught.value, "nl") == (
        f"codering {coding_id} is daarna nog veranderd (status door bram, logregel {last}). "
        "Maak die wijziging eerst ongedaan."
    )
    suggestion = code(project, passages[1], "toegang", "els", status=CodingStatus.SUGGESTED)
    action = accept(project, suggestion, "els")
    project.set_status(suggestion, "rejected", coder="collega")
    with pytest.raises(StoreError) as caught:
        undo_review_action(project, action)
    assert str(caught.value).startswith(f"coding {suggestion} was changed since this action (")
    assert message(caught.value, "nl").startswith(f"codering {suggestion} is na deze actie nog veranderd")
