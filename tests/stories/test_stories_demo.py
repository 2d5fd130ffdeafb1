from __future__ import annotations

from analysis.stories.importer import import_manifest, to_sources
from analysis.stories.model import StoryCollection, is_na
from analysis.stories.stats import TOO_FEW, compare_groups

MUNICIPALITIES = {"Lindewaard", "Oosterzande", "Heemsteden"}


def _load(demo_dir):
    results = import_manifest(demo_dir / "collections.yaml")
    for r in results:
        assert r.errors == [] and r.warnings == [], [str(e) for e in r.errors]
    return [r.collection for r in results]


def test_demo_collections_load_and_are_marked_fictional(demo_dir):
    collections = _load(demo_dir)
    assert {c.municipality for c in collections} == MUNICIPALITIES
    texts = set()
    for c in collections:
        assert c.fictional and c.study == f"Evaluatie sociale wijkteams {c.municipality} 2026"
        assert len(c.stories) >= 40
        for s in c.stories:
            assert 50 <= s.word_count <= 250, (s.id, s.word_count)
            assert s.title and s.text not in texts
            texts.add(s.text)
            for q in c.questions_of("classification"):
                assert not is_na(s.answers[q.id]), (s.id, q.id)
    assert "FICTIEF" in (demo_dir / "README.md").read_text(encoding="utf-8")


def test_demo_sources_round_trip_offsets(demo_dir):
    for c in _load(demo_dir):
        for source, passages, participant in to_sources(c):
            assert passages and all(source.text[p.start : p.end] == p.text for p in passages)
            assert participant.municipality == c.municipality
            assert source.metadata["fictief"] is True


def test_demo_patterns_documented_in_readme(demo_dir):
    collections = _load(demo_dir)
    for c in collections:
        older = compare_groups(c, "hoofdrol", "leeftijd", "70+")
        assert older.p_value is not None and older.p_value < 0.05
        assert older.mean_a[0] > older.mean_b[0]  # 'ik zelf'
        jeugd = compare_groups(c, "duur", "wet", "Jeugdwet")
        assert jeugd.too_few and TOO_FEW in jeugd.verdict.lower()
    pooled = StoryCollection("alle", "alle", collections[0].questions, [s for c in collections for s in c.stories])
    jeugd = compare_groups(pooled, "duur", "wet", "Jeugdwet")
    assert jeugd.p_value < 0.05 and jeugd.mean_a[0] < jeugd.mean_b[0]
