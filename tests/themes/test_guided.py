from __future__ import annotations

import re
from collections import Counter

import pytest

from analysis.domain import Code, Codebook, Coding, CodingStatus, slugify
from analysis.themes import (
    ThemeConfig,
    ThemeError,
    ThemeModel,
    codebook_seed_topics,
    topic_code_overlap,
    topic_to_code,
)

# The recurring themes the seed reports name themselves, as word prefixes that
# may appear among a topic's top words (lemmas, bigrams or kept phrases).
REPORT_THEMES = {
    "toegang / vindbaarheid / bereikbaarheid": ("toegang", "toegankelijk", "vindba", "bereikba"),
    "werkdruk / capaciteit": ("werkdruk", "capaciteit"),
    "samenwerking": ("samenwerk",),
    "preventie": ("preventie", "preventief"),
    "zelfredzaamheid": ("zelfredza",),
    "wachttijden": ("wachttijd", "wachtlijst", "wachten"),
    "monitoring / KPI's": ("monitor", "kpi"),
}


def _found(model: ThemeModel, prefixes: tuple[str, ...], top_n: int = 10) -> bool:
    return any(
        token.startswith(prefixes)
        for topic in model.topics()
        for word in topic.words[:top_n]
        for token in re.split(r"[ _]", word)
    )


@pytest.fixture(scope="module")
def sociaal_domein() -> Codebook:
    from analysis.codebook import load_shipped

    return load_shipped("sociaal-domein")


@pytest.fixture(scope="module")
def guided_seed_model(seed_passages, sociaal_domein) -> ThemeModel:
    return ThemeModel(ThemeConfig(min_topic_size=5, random_state=42)).fit(seed_passages, codebook=sociaal_domein)


def test_codebook_seed_topics_skip_groups_and_the_stance_axis(sociaal_domein) -> None:
    seeds = codebook_seed_topics(sociaal_domein)
    assert {"wachttijden", "werkdruk", "preventie", "toegang"} <= set(seeds)
    assert not {"houding", "gaat-goed", "knelpunt", "verbetersuggestie"} & set(seeds)
    assert all(sociaal_domein.code(code).codable for code in seeds)
    assert "wachtlijst" in seeds["wachttijden"]
    with_axes = codebook_seed_topics(sociaal_domein, include_axes=True)
    assert "knelpunt" in with_axes and "houding" not in with_axes


def test_recurring_report_themes_appear_in_topic_words(guided_seed_model) -> None:
    missing = [name for name, prefixes in REPORT_THEMES.items() if not _found(guided_seed_model, prefixes)]
    assert not missing, f"themes missing from every topic's top-10 words: {missing}"


def test_codebook_codes_grow_into_stable_seeded_topics(guided_seed_model, sociaal_domein) -> None:
    seeded = {t.seed_code for t in guided_seed_model.topics() if t.seed_code}
    assert len(seeded) >= 10
    assert seeded <= {c.id for c in sociaal_domein.codes}
    # the codebook's multi-word keywords are kept whole when they need to be
    assert "een_gezin_een_plan" in guided_seed_model.preparer_.phrase_terms
    # a seeded topic is about its code: its keywords share words with the code's seeds
    for topic in guided_seed_model.topics():
        if topic.seed_code:
            seeds = {w for term in guided_seed_model.seed_topics_[topic.seed_code] for w in re.split(r"[ _]", term)}
            words = {w for term in topic.words for w in re.split(r"[ _]", term)}
            assert seeds & words or topic.size < 15, (topic.seed_code, topic.words)
    # and new themes still form: not every topic is a seeded one
    assert any(t.seed_code is None for t in guided_seed_model.topics())


def test_a_seeded_topic_appears_in_a_synthetic_corpus(synthetic, synthetic_model) -> None:
    seeds = {"wachttijden": ["wachtlijst", "wachttijd", "lang wachten"], "werkdruk": ["werkdruk", "caseload"]}
    model = ThemeModel(ThemeConfig(random_state=3)).fit(synthetic, seed_topics=seeds)
    seeded = {t.seed_code: t for t in model.topics() if t.seed_code}
    assert {"wachttijden", "werkdruk"} <= set(seeded)
    assert {"wachtlijst", "wachttijd"} & set(seeded["wachttijden"].words)
    assert {"werkdruk", "caseload"} & {w for t in model.topics() if t.seed_code == "werkdruk" for w in t.words}
    assert model.seed_topics_["wachttijden"][:2] == ["wachtlijst", "wachttijd"]
    # without seeds no topic claims a seed
    assert all(t.seed_code is None for t in synthetic_model.topics())


def _theme_codings(passages, theme_to_code, status=CodingStatus.ACCEPTED):
    return [
        Coding(passage_id=p.id, code_id=theme_to_code[p.attributes["theme"]], codebook_id="cb", status=status)
        for p in passages
        if p.attributes["theme"] in theme_to_code
    ]


def test_topic_code_overlap_flags_known_codes_and_new_themes(synthetic, synthetic_model) -> None:
    codings = _theme_codings(synthetic, {"wachten": "wachttijden", "mantelzorg": "mantelzorg"})
    # noise that must be ignored: a rejected coding on every passage
    codings += [Coding(p.id, "digitalisering", "cb", status=CodingStatus.REJECTED) for p in synthetic]
    table = topic_code_overlap(synthetic_model, codings)
    assert list(table.index) == [t.id for t in synthetic_model.topics()]
    assert {"wachttijden", "mantelzorg"} <= set(table.columns)
    assert "digitalisering" not in table.columns
    theme_of = {p.id: p.attributes["theme"] for p in synthetic}
    for topic in synthetic_model.topics():
        members = [pid for pid, t, _ in synthetic_model.assignments() if t == topic.id]
        main = Counter(theme_of[pid] for pid in members).most_common(1)[0][0]
        row = table.loc[topic.id]
        assert row["topic_size"] == topic.size
        if main == "wachten":
            assert row["matches_code"] and row["best_code"] == "wachttijden" and not row["new_theme"]
        elif main == "mantelzorg":
            assert row["matches_code"] and row["best_code"] == "mantelzorg"
        else:  # werkdruk, digitaal, buurthuis: nobody coded them
            assert row["new_theme"] and not row["matches_code"]
        assert row["wachttijden"] == sum(1 for pid in members if theme_of[pid] == "wachten")


def test_topic_code_overlap_status_filter(synthetic, synthetic_model) -> None:
    suggested = _theme_codings(synthetic, {"wachten": "wachttijden"}, status=CodingStatus.SUGGESTED)
    assert topic_code_overlap(synthetic_model, suggested)["matches_code"].any()
    only_accepted = topic_code_overlap(synthetic_model, suggested, status="accepted")
    assert not only_accepted["matches_code"].any()
    assert only_accepted["new_theme"].all()


def test_topic_to_code_makes_a_unique_code_with_keywords_and_examples(synthetic_model) -> None:
    topic = synthetic_model.topics()[0]
    taken = slugify("-".join(topic.label.split(", ")[:3]))
    codebook = Codebook(id="cb", name="Test", codes=[Code(id=taken, name="bestaat al"), Code(id="thema", name="Thema")])
    code = topic_to_code(synthetic_model, topic.id, codebook, parent="thema")
    assert code.id == f"{taken}-2"
    assert code.id not in {c.id for c in codebook.codes}
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code.id)
    assert code.parent == "thema"
    assert code.keywords == topic.words[: len(code.keywords)] and len(code.keywords) >= 5
    assert code.examples and all(
        ex[:40] in " ".join(rep.split()) for ex, rep in zip(code.examples, topic.representatives)
    )
    assert code.name.lower().startswith(topic.label.split(",")[0].lower())
    codebook.codes.append(code)
    assert topic_to_code(synthetic_model, topic.id, codebook).id == f"{taken}-3"


def test_topic_to_code_refuses_outliers_and_unknown_parents(synthetic_model) -> None:
    codebook = Codebook(id="cb", name="Test")
    with pytest.raises(ThemeError, match="outlier group"):
        topic_to_code(synthetic_model, -1, codebook)
    with pytest.raises(ThemeError, match="no topic 999"):
        topic_to_code(synthetic_model, 999, codebook)
    with pytest.raises(KeyError, match="has no code 'nergens'"):
        topic_to_code(synthetic_model, 0, codebook, parent="nergens")
