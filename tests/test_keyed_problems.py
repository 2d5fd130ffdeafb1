"""A problem inside a Dutch frame is Dutch too: keyed parameters are read in the frame's language, and a code
the codebook lacks is a keyed error (still a KeyError) that the command line shows in its language."""

from __future__ import annotations

import pytest
import typer

from analysis.coding.headings import template_from_dict
from analysis.domain import Codebook, Code, UnknownCode
from analysis.errors import DuidingError, KeyedText, message, render


@pytest.mark.parametrize(
    ("data", "nl", "en"),
    [
        ([], "verwacht een lijst met 'codebook' en 'headings'", "expected a mapping"),
        ({"headings": {"A": ["x"]}}, "'codebook' (de id van het codeboek) ontbreekt", "(the codebook id) is missing"),
        ({"codebook": "k"}, "'headings' (kop: [codes]) ontbreekt of is leeg", "is missing or empty"),
        ({"codebook": "k", "headings": {"Toegang": []}}, "de kop 'Toegang' heeft geen codes", "heading 'Toegang' has no codes"),
        ({"codebook": "k", "headings": {"A": ["x"]}, "threshold": "hoog"}, "drempel 'hoog' is geen getal", "is not a number"),
        ({"codebook": "k", "headings": {"A": ["x"]}, "threshold": 150}, "tussen 0 en 100", "between 0 and 100"),
    ],
)
def test_a_template_problem_reads_in_the_frame_s_language(data, nl, en):
    with pytest.raises(DuidingError) as err:
        template_from_dict(data, source="kop.yaml")
    assert err.value.key == "verslag.template_invalid"
    dutch, english = message(err.value, "nl"), message(err.value, "en")
    assert dutch.startswith("kop.yaml: dit is geen bruikbaar kop-sjabloon: ") and nl in dutch
    assert en not in dutch
    assert en in english and en in str(err.value)


def test_render_reads_a_keyed_parameter_in_the_same_language():
    inner = KeyedText("threshold must lie between 0 and 100", "verslag.problem.threshold_range")
    assert render("verslag.template_invalid", {"file": "a.yaml", "problem": inner}, "nl").endswith(
        "de drempel moet tussen 0 en 100 liggen."
    )
    assert render("verslag.template_invalid", {"file": "a.yaml", "problem": "plain"}, "nl").endswith("plain.")


def test_an_unknown_code_is_a_keyed_key_error():
    book = Codebook(id="kader", name="Kader", codes=[Code(id="toegang", name="Toegang")])
    with pytest.raises(KeyError) as err:
        book.code("nergens")
    assert isinstance(err.value, UnknownCode)
    assert str(err.value) == "codebook 'kader' has no code 'nergens'"  # not KeyError's quoted repr
    assert message(err.value, "nl") == "Het codeboek 'kader' heeft geen code 'nergens'."


@pytest.mark.parametrize(("lang", "expected"), [("nl", "fout: Het codeboek 'kader' heeft geen code 'nergens'."),
                                                ("en", "error: codebook 'kader' has no code 'nergens'")])
def test_the_command_line_shows_an_unknown_code_in_its_language(monkeypatch, capsys, lang, expected):
    from analysis.cli.report import _run

    monkeypatch.setenv("DUIDING_LANG", lang)
    book = Codebook(id="kader", name="Kader", codes=[])
    with pytest.raises(typer.Exit):
        _run(lambda: book.code("nergens"))
    captured = capsys.readouterr()
    assert expected in " ".join((captured.out + captured.err).split())
