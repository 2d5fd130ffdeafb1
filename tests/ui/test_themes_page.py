"""The Thema's page through AppTest, on a small hand-made project with three clear themes.

Fits on the page use PCA and a fixed number of topics so they stay quick; the
tests that only read a model get one fitted once per module (through the
themes package) and stored in their own copy of the project.
"""

from __future__ import annotations

import random
import shutil
from html import escape
from pathlib import Path

import pytest

from analysis.domain import Code, Codebook, Coding, CodingStatus, Passage, Source, SourceKind

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGE = "views/themes.py"
CODEBOOK_ID = "thema-test"
FIT_BUTTON = "FormSubmitter:themes_fit-Thema's zoeken"

SENTENCES = {
    "wachten": [
        "Ik sta al maanden op de wachtlijst voor begeleiding.",
        "De wachttijd voor jeugdhulp is veel te lang.",
        "Na de aanmelding duurde het weken voordat iemand terugbelde over de wachtlijst.",
        "We moesten wachten op een indicatie en de wachttijd werd steeds langer.",
    ],
    "mantelzorg": [
        "Als mantelzorger voor mijn moeder ben ik overbelast.",
        "De mantelzorgondersteuning regelde respijtzorg zodat ik even rust had.",
        "Mijn man heeft dementie en als mantelzorger sta ik er alleen voor.",
        "Mantelzorgers raken uitgeput, ze hebben respijtzorg nodig.",
    ],
    "buurthuis": [
        "In het buurthuis organiseren vrijwilligers een koffieochtend voor de wijk.",
        "De buurtkamer is een ontmoetingsplek waar buurtbewoners elkaar leren kennen.",
        "Vrijwilligers van het buurthuis halen eenzame ouderen op voor de maaltijd.",
        "In de buurtkamer drinken bewoners koffie met de vrijwilligers.",
    ],
}
MUNICIPALITIES = ("Lindewaard", "Heemsteden")
CODES = [
    Code(id="wachttijden", name="Wachttijden", keywords=["wachtlijst", "wachttijd"]),
    Code(id="mantelzorg", name="Mantelzorg", keywords=["mantelzorger", "respijtzorg"]),
]


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def build_theme_project(location: Path, per_theme: int = 20, seed: int = 3) -> Path:
    """Two municipalities, one interview each per theme, ``per_theme`` passages per theme; accepted
    codings of 'wachttijden' on half of the waiting-list passages."""
    from analysis.store import Project

    rng = random.Random(seed)
    project = Project.create(location)
    try:
        project.save_codebook(Codebook(id=CODEBOOK_ID, name="Themacodeboek", codes=list(CODES)))
        for theme, sentences in SENTENCES.items():
            for m, municipality in enumerate(MUNICIPALITIES):
                bodies = [" ".join(rng.sample(sentences, 2)) for _ in range(per_theme // len(MUNICIPALITIES))]
                text, passages, pos = "", [], 0
                for i, body in enumerate(bodies):
                    line = f"R: {body}\n\n"
                    passages.append(Passage(start=pos + 3, end=pos + 3 + len(body), text=body, ordinal=i, speaker="R"))
                    text += line
                    pos += len(line)
                project.add_source(
                    Source(name=f"{theme}_{m}.txt", text=text, kind=SourceKind.INTERVIEW, municipality=municipality,
                           respondent_group="inwoner" if m == 0 else "mantelzorger"),
                    passages,
                )
        waiting = [p for p in project.passages() if "wacht" in p.text]
        project.add_codings(
            Coding(passage_id=p.id, code_id="wachttijden", codebook_id=CODEBOOK_ID, coder="tester",
                   status=CodingStatus.ACCEPTED)
            for p in waiting[::2]
        )
    finally:
        project.close()
    return location


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_theme_project(tmp_path_factory.mktemp("themes") / "proj")


@pytest.fixture(scope="module")
def fitted_template(template, tmp_path_factory) -> tuple[Path, int]:
    """A copy of the project with one stored model (fitted through the themes package)."""
    from analysis.store import Project
    from analysis.themes import ThemeConfig, fit_project, save_to_project

    location = tmp_path_factory.mktemp("themes-fitted") / "proj"
    shutil.copytree(template, location)
    project = Project.open(location)
    try:
        model = fit_project(project, ThemeConfig(nr_topics=3, reducer="pca", random_state=5))
        model_id = save_to_project(project, model, "vooraf gefit")
    finally:
        project.close()
    return location, model_id


def _use(source: Path, tmp_path: Path, monkeypatch) -> Path:
    target = tmp_path / "proj"
    shutil.copytree(source, target)
    monkeypatch.setenv("DUIDING_PROJECT", str(target))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return target


def _open():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=240)
    at.run()
    at.switch_page(PAGE).run()
    assert not _errors(at), _errors(at)
    return at


@pytest.fixture
def store_at():
    from analysis.store import Project

    opened = []

    def open_(location):
        p = Project.open(location)
        opened.append(p)
        return p

    yield open_
    for p in opened:
        p.close()


@pytest.fixture
def fresh(template, tmp_path, monkeypatch, store_at):
    location = _use(template, tmp_path, monkeypatch)
    return location, store_at(location)


@pytest.fixture
def fitted(fitted_template, tmp_path, monkeypatch, store_at):
    source, model_id = fitted_template
    location = _use(source, tmp_path, monkeypatch)
    return location, store_at(location), model_id


def _html(at) -> str:
    return "".join(m.value for m in at.markdown)


def _table(at, column):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a column {column!r}")


# -- fitting on the page ---------------------------------------------------------------------------


def test_fitting_on_the_page_stores_a_model_and_shows_its_topics(fresh):
    from analysis.themes import load_from_project

    _location, store = fresh
    at = _open()
    assert store.topic_models() == []
    assert any("Nog geen themamodel" in i.value for i in at.info)
    at.text_input(key="themes_name").input("Proef")
    at.selectbox(key="themes_seed_codebook").set_value(CODEBOOK_ID)
    at.number_input(key="themes_nr_topics").set_value(3)
    at.selectbox(key="themes_reducer").set_value("pca")
    at.number_input(key="themes_seed").set_value(11)
    at.button(key=FIT_BUTTON).click().run()
    assert not _errors(at), _errors(at)

    models = store.topic_models()
    assert len(models) == 1
    stored = models[0]
    assert stored["name"] == "Proef"
    config = stored["params"]["config"]
    assert (config["nr_topics"], config["reducer"], config["random_state"]) == (3, "pca", 11)
    assert stored["params"]["seed_codebook"] == CODEBOOK_ID
    assert stored["params"]["n_passages"] == store.count_passages()
    assert any("3 thema's gevonden" in tst.value for tst in at.toast)

    # the new model is chosen and its topic cards show the keywords and example passages
    assert at.selectbox(key="themes_model").value == stored["id"]
    model = load_from_project(store, stored["id"])
    html = _html(at)
    assert html.count("duiding-keywords") == len(model.topics()) == 3
    for topic in model.topics():
        assert escape(topic.label) in html
        for word in topic.words[:10]:
            assert f">{escape(word)}</span>" in html
        for text in topic.representatives:
            assert escape(text) in html


def test_restricting_the_fit_to_a_municipality(fresh):
    _location, store = fresh
    at = _open()
    at.selectbox(key="themes_f_muni").set_value("Heemsteden")
    at.number_input(key="themes_nr_topics").set_value(2)
    at.selectbox(key="themes_reducer").set_value("pca")
    at.button(key=FIT_BUTTON).click().run()
    assert not _errors(at), _errors(at)
    (model,) = store.topic_models()
    assigned = [pid for pid, _topic, _p in store.topic_assignments(model["id"])]
    assert len(assigned) == store.count_passages(municipality="Heemsteden")
    assert {store.get_passage(pid).municipality for pid in assigned} == {"Heemsteden"}


def test_a_failing_fit_is_explained_and_stores_nothing(fresh):
    _location, store = fresh
    at = _open()
    n = store.count_passages()
    at.number_input(key="themes_nr_topics").set_value(n)  # as many topics as passages: refused
    at.selectbox(key="themes_reducer").set_value("pca")
    at.button(key=FIT_BUTTON).click().run()
    assert any("Thema's zoeken lukt niet" in e.value and str(n) in e.value for e in at.error)
    # the catalogue's Dutch text (issue "errors"), not the English "nr_topics=... asks for as many topics"
    assert any("passages: vraag minder thema" in e.value for e in at.error), [e.value for e in at.error]
    assert not any("asks for" in e.value for e in at.error)
    assert store.topic_models() == []


# -- reading a stored model -------------------------------------------------------------------------


def test_topics_per_municipality(fitted):
    from analysis.themes import load_from_project

    _location, store, model_id = fitted
    at = _open()
    at.selectbox(key="themes_class_field").set_value("municipality").run()
    at.radio(key="themes_measure").set_value("frequency").run()
    assert not _errors(at)
    table = _table(at, "Lindewaard")
    assert set(table.columns) == set(MUNICIPALITIES)
    model = load_from_project(store, model_id)
    # counts add up to the number of passages per municipality
    for municipality in MUNICIPALITIES:
        assert table[municipality].sum() == store.count_passages(municipality=municipality)
    assert len(table) == len(model.topics())


def test_topic_code_overlap_table(fitted):
    from analysis.themes import load_from_project, topic_code_overlap

    _location, store, model_id = fitted
    at = _open()
    at.selectbox(key="themes_overlap_codebook").set_value(CODEBOOK_ID).run()
    assert not _errors(at)
    model = load_from_project(store, model_id)
    expected = topic_code_overlap(model, store.codings(codebook_id=CODEBOOK_ID), status=("accepted", "suggested"))
    table = _table(at, "Meest voorkomende code")
    assert len(table) == len(expected)
    names = {"wachttijden": "Wachttijden", "mantelzorg": "Mantelzorg"}
    for (tid, row), (_, shown) in zip(expected.iterrows(), table.iterrows()):
        assert shown["Thema"].startswith(f"{tid}: ")
        assert shown["Gecodeerd"] == row["coded_passages"]
        assert shown["Meest voorkomende code"] == (names[row["best_code"]] if isinstance(row["best_code"], str) else "")
        assert shown["Oordeel"] == ("past bij code" if row["matches_code"] else "nieuw thema")
    # the waiting-list theme is recognised as the code it is
    assert expected["matches_code"].any()


def test_make_a_code_of_a_topic(fitted):
    from analysis.themes import load_from_project, topic_to_code

    _location, store, model_id = fitted
    before = {c.id for c in store.get_codebook(CODEBOOK_ID).codes}
    model = load_from_project(store, model_id)
    topic = model.topics()[1]
    expected = topic_to_code(model, topic.id, store.get_codebook(CODEBOOK_ID), parent="mantelzorg")
    at = _open()
    at.selectbox(key="themes_make_codebook").set_value(CODEBOOK_ID).run()
    at.selectbox(key="themes_make_topic").set_value(topic.id).run()
    at.selectbox(key="themes_make_parent").set_value("mantelzorg").run()
    at.button(key="themes_make_button").click().run()
    assert not _errors(at), _errors(at)
    codebook = store.get_codebook(CODEBOOK_ID)
    (new_id,) = {c.id for c in codebook.codes} - before
    code = codebook.code(new_id)
    assert (code.id, code.name, code.parent, code.keywords) == (expected.id, expected.name, "mantelzorg",
                                                                 expected.keywords)
    assert code.examples == expected.examples
    assert any(code.name in s.value and code.id in s.value for s in at.success)
    # making it again gives a second code with a fresh id, never a clash
    at.button(key="themes_make_button").click().run()
    assert not _errors(at)
    assert len(store.get_codebook(CODEBOOK_ID).codes) == len(before) + 2


def test_english_labels(fitted):
    at = _open()
    at.radio(key="lang").set_value("en").run()
    assert not _errors(at)
    assert at.title[0].value == "Themes"
    assert at.selectbox(key="themes_model").label == "Theme model"
    assert [tab.label for tab in at.tabs] == ["Themes", "Per group", "Themes × codes", "Theme → code"]
