from __future__ import annotations

import pytest

from analysis.stories.importer import import_stories, load_collections, save_collection

store = pytest.importorskip("analysis.store")


def test_save_collection_persists_sources_participants_and_collection(tmp_path, demo_dir):
    c = import_stories(
        demo_dir / "oosterzande.csv", demo_dir / "questions.yaml", municipality="Oosterzande", study="S"
    ).raise_for_errors()
    project = store.Project.create(tmp_path / "proj")
    try:
        ids = save_collection(project, c)
        assert len(ids) == len(c.stories)
        sources = project.sources(kind="story")
        assert len(sources) == len(c.stories)
        first = project.get_source(ids[0])
        assert first.name == c.stories[0].title and first.text == c.stories[0].text
        participant = project.source_participant(ids[0])
        assert participant.attributes["hoofdrol_1"] == pytest.approx(c.stories[0].answers["hoofdrol"].w1)
        assert participant.attributes["leeftijd"] == c.stories[0].answers["leeftijd"]
        assert participant.age_group == c.stories[0].answers["leeftijd"]
        (back,) = load_collections(project)
        assert [s.answers for s in back.stories] == [s.answers for s in c.stories]
        with pytest.raises(store.StoreError):  # same collection again: nothing new stored
            save_collection(project, c)
        assert len(project.sources(kind="story")) == len(c.stories)
    finally:
        project.close()
