"""Pseudonymisation without deduce (rules + lists): placeholders, key, offsets, import, existing sources."""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import segment
from analysis.corpus.batch import ingest_paths
from analysis.domain import Code, Codebook, Coding, Source
from analysis.privacy import (
    KEY_FILENAME,
    ListError,
    PrivacyError,
    ProjectLists,
    PseudonymisationWarning,
    Pseudonymiser,
    PseudonymKey,
    load_lists,
    project_pseudonymiser,
    pseudonymise_project,
    pseudonymise_text,
    speaker_names,
)
from analysis.store import Project

LISTS = ProjectLists(names=["Joke van der Meer", "Henk"], places=["Kerkdorp"], keep=["Lindewaard"])
TRANSCRIPT = (
    "I: Hoe gaat het, mevrouw Van der Meer?\n\n"
    "Joke van der Meer: Goed. Mijn zoon Henk belt elke dag, zijn nummer is 06-41236587.\n"
    "Hij woont in Kerkdorp, Kloosterstraat 14b, 7261 KL.\n\n"
    "I: En uw buurvrouw?\n\n"
    "Joke van der Meer: Die mailt met henk.vandermeer@ziggo.nl. Mijn BSN is 628194821, geboren op 3 mei 1947.\n"
    "Lindewaard doet het goed."
)


def _pseudonymiser(tmp_path, lists=LISTS) -> Pseudonymiser:
    return Pseudonymiser(PseudonymKey(tmp_path / KEY_FILENAME), lists, use_deduce=False)


def test_every_kind_is_replaced_and_offsets_round_trip(tmp_path):
    pz = _pseudonymiser(tmp_path)
    passages = segment(TRANSCRIPT, kind="interview")
    assert "Joke van der Meer" in speaker_names(passages)
    source = Source(name="interview-van-der-meer.txt", text=TRANSCRIPT, kind="interview", municipality="Lindewaard")
    new, new_passages, result = pz.pseudonymise_source(source, passages)
    for original in [
        "Van der Meer",
        "Joke van der Meer",
        "Henk",
        "06-41236587",
        "Kerkdorp",
        "Kloosterstraat 14b",
        "7261 KL",
        "henk.vandermeer@ziggo.nl",
        "628194821",
        "3 mei 1947",
    ]:
        assert original not in new.text, original
    assert "Lindewaard doet het goed." in new.text  # the keep list and the municipality stay
    assert {"PERSOON", "TELEFOON", "PLAATS", "ADRES", "POSTCODE", "EMAIL", "BSN", "GEBOORTEDATUM"} <= set(result.counts)
    assert len(new_passages) == len(passages)
    for old, p in zip(passages, new_passages):
        assert new.text[p.start : p.end] == p.text and p.ordinal == old.ordinal
    speakers = [p.speaker for p in new_passages]
    assert "Joke van der Meer" not in speakers and speakers[0] == "I" and speakers[1].startswith("[PERSOON-")
    assert new.metadata["pseudonimisering"]["methode"] == "regels + lijsten"
    assert new.name.startswith("interview-[PERSOON-") and new.name.endswith(".txt")


def test_the_same_original_gets_the_same_placeholder_across_texts_and_runs(tmp_path):
    first = _pseudonymiser(tmp_path).pseudonymise("Mevrouw Jansen belde 06-12345678. Henk ook.").text
    # a new pseudonymiser (a new run) reads the key file again
    second = _pseudonymiser(tmp_path).pseudonymise("Henk sprak mevrouw Jansen. Nummer: 06 1234 5678.").text
    p_jansen = first.split("Mevrouw ")[1].split(" ")[0]
    assert f"mevrouw {p_jansen}" in second
    phone = first.split("belde ")[1].split(".")[0]
    assert phone.startswith("[TELEFOON-") and phone in second  # same number, other spacing
    key = json.loads((tmp_path / KEY_FILENAME).read_text(encoding="utf-8"))
    assert key["sleutel"][p_jansen]["origineel"] == "Jansen"
    assert PseudonymKey(tmp_path / KEY_FILENAME).reverse(second).startswith("Henk sprak mevrouw Jansen")


def test_existing_placeholders_are_left_alone(tmp_path):
    pz = _pseudonymiser(tmp_path)
    once = pz.pseudonymise("Henk belde met Kerkdorp.").text
    assert pz.pseudonymise(once).text == once
    assert not pz.pseudonymise(once).replacements


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Henk komt langs.",
                "Bel 06-12345678 vandaag.",
                "Het wachten duurde lang.",
                "Mail a.b@c.nl graag.",
                "Woont in Kerkdorp.",
                "BSN 628194821 klopt.",
                "geboren op 3 mei 1947",
                "De buurtcoach hielp.",
            ]
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["\n\n", " ", "\n"]),
)
def test_offsets_always_round_trip(sentences, joiner):
    text = joiner.join(sentences)
    pz = Pseudonymiser(PseudonymKey(None), LISTS, use_deduce=False)
    passages = segment(text, kind="report")
    new, new_passages, result = pz.pseudonymise_source(Source(name="x.txt", text=text, kind="report"), passages)
    for p in new_passages:
        assert new.text[p.start : p.end] == p.text
    for r in result.replacements:
        assert new.text[r.new_start : r.new_end] == r.placeholder and text[r.start : r.end] == r.original


def test_ingest_with_the_transform(tmp_path):
    project = Project.create(tmp_path / "proj")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "interview.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "proj" / "pseudoniemen-lijst.yaml").write_text(
        "namen: [Joke van der Meer, Henk]\nplaatsen: [Kerkdorp]\nbehouden: [Lindewaard]\n", encoding="utf-8"
    )
    transform = project_pseudonymiser(project, use_deduce=False)
    result = ingest_paths(project, [tmp_path / "in"], defaults={"municipality": "Lindewaard"}, transform=transform)
    assert len(result.imported) == 1, result.files
    (source,) = project.sources()
    assert "Henk" not in source.text and "06-41236587" not in source.text and "[PERSOON-" in source.text
    for rec in project.passages(source_id=source.id):
        assert source.text[rec.start : rec.end] == rec.text
    assert (tmp_path / "proj" / KEY_FILENAME).exists()  # outside the database, beside it
    assert "Henk" not in (tmp_path / "proj" / "duiding.sqlite").read_bytes().decode("latin-1")
    project.close()


def test_pseudonymise_project_keeps_codings_and_moves_spans(tmp_path):
    project = Project.create(tmp_path / "proj")
    project.save_codebook(Codebook("cb", "Test", codes=[Code("zorg", "Zorg")]))
    passages = segment(TRANSCRIPT, kind="interview")
    sid = project.add_source(Source(name="int.txt", text=TRANSCRIPT, kind="interview", checksum="c"), passages)
    recs = project.passages(source_id=sid)
    target = next(r for r in recs if "zoon Henk belt" in r.text)
    s = TRANSCRIPT.index("Mijn zoon Henk belt elke dag")
    cid = project.add_coding(Coding(target.id, "zorg", "cb", start=s, end=s + len("Mijn zoon Henk belt elke dag")))
    whole = project.add_coding(Coding(recs[0].id, "zorg", "cb"))
    dry = pseudonymise_project(project, dry_run=True, lists=LISTS, use_deduce=False)
    assert dry.sources_changed == [sid] and project.get_source(sid).text == TRANSCRIPT
    done = pseudonymise_project(project, lists=LISTS, use_deduce=False)
    assert done.sources_changed == [sid] and done.codings_moved == 1 and done.replaced["PERSOON"] >= 3
    source = project.get_source(sid)
    assert "Henk" not in source.text
    moved = project.get_coding(cid)
    assert source.text[moved.start : moved.end].startswith("Mijn zoon [PERSOON-") and moved.passage_id == target.id
    assert project.get_coding(whole).start is None
    for rec in project.passages(source_id=sid):
        assert source.text[rec.start : rec.end] == rec.text
    again = pseudonymise_project(project, lists=LISTS, use_deduce=False)
    assert again.sources_changed == [] and again.sources_unchanged == [sid]
    project.close()


def test_pseudonymise_text_for_exports(tmp_path):
    project = Project.create(tmp_path / "proj")
    quote = "Henk zei: bel me op 06-12345678."
    out = pseudonymise_text(project, quote, lists=LISTS, use_deduce=False)
    assert "06-12345678" not in out and "Henk" not in out
    assert pseudonymise_text(project, quote, lists=LISTS, use_deduce=False) == out  # consistent
    project.close()


def test_server_projects_need_an_explicit_key(tmp_path, monkeypatch):
    from analysis.privacy import key_path

    class ServerProject:  # a project on PostgreSQL has no folder
        folder = None
        location = "postgresql://server/duiding"

    monkeypatch.delenv("DUIDING_PSEUDONIEMEN_SLEUTEL", raising=False)
    with pytest.raises(PrivacyError, match="DUIDING_PSEUDONIEMEN_SLEUTEL"):
        key_path(ServerProject())
    monkeypatch.setenv("DUIDING_PSEUDONIEMEN_SLEUTEL", str(tmp_path / "k.json"))
    assert key_path(ServerProject()) == tmp_path / "k.json"


def test_lists_from_yaml_and_csv(tmp_path):
    (tmp_path / "l.yaml").write_text(
        "namen:\n  - Piet de Vries\nplaatsen: [De Esch]\nbehouden: [De Kern]\nplaatsen_vervangen: true\n",
        encoding="utf-8",
    )
    lists = load_lists(tmp_path / "l.yaml")
    assert lists.names == ["Piet de Vries"] and lists.places == ["De Esch"] and lists.replace_places
    (tmp_path / "l.csv").write_text(
        "soort;tekst\nnaam;Piet de Vries\nplaats;De Esch\nbehouden;De Kern\n", encoding="utf-8"
    )
    assert load_lists(tmp_path / "l.csv").keep == ["De Kern"]
    found = {(h.kind, h.text) for h in lists.find("piet de Vries woont in De Esch; Piet de Vriesland niet")}
    assert found == {("PERSOON", "piet de Vries"), ("PLAATS", "De Esch")}
    (tmp_path / "bad.yaml").write_text("mensen: [x]\n", encoding="utf-8")
    with pytest.raises(ListError, match="bad.yaml.*unknown key 'mensen'"):
        load_lists(tmp_path / "bad.yaml")
    (tmp_path / "bad.csv").write_text("wie,wat\nx,y\n", encoding="utf-8")
    with pytest.raises(ListError, match="bad.csv.*soort and tekst"):
        load_lists(tmp_path / "bad.csv")


def test_without_deduce_a_warning_says_so(monkeypatch):
    from analysis.privacy import detect

    monkeypatch.setattr(detect, "_STATE", {"instance": None, "error": "ModuleNotFoundError: No module named 'deduce'"})
    with pytest.warns(PseudonymisationWarning, match="rules and the project lists only"):
        pz = Pseudonymiser(lists=LISTS)
    assert pz.method == "regels + lijsten" and pz.pseudonymise("Henk belt 06-12345678.").text.count("[") == 2
    with pytest.raises(PrivacyError):
        Pseudonymiser(use_deduce=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Pseudonymiser(use_deduce=False)  # asked for: no warning
