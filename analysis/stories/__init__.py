"""Story collections the Sprockler way: model, import, statistics and plots.

Residents tell a story and interpret it themselves (triads, sliders, stones,
choices, free text, classification questions). This package reads such
collections from CSV/XLSX, turns stories into sources with participants, compares
groups with a permutation test and draws plotly figures in which every dot is a
story. ``plots`` imports plotly lazily: import it explicitly.
"""

from analysis.stories.groups import select_stories, split_groups, story_labels
from analysis.stories.importer import (
    ImportIssue,
    ImportResult,
    StoryImportError,
    import_manifest,
    import_stories,
    load_collections,
    save_collection,
    to_sources,
)
from analysis.stories.model import (
    NOT_APPLICABLE,
    ChoiceQuestion,
    Question,
    QuestionsError,
    QuestionSet,
    SliderQuestion,
    Stone,
    StonesQuestion,
    Story,
    StoryCollection,
    TextQuestion,
    TriadPoint,
    TriadQuestion,
    barycentric_to_cartesian,
    cartesian_to_barycentric,
    flatten_answers,
    load_questions,
)
from analysis.stories.stats import GroupComparison, compare_groups, compare_stories, permutation_test

__all__ = [
    "NOT_APPLICABLE",
    "ChoiceQuestion",
    "GroupComparison",
    "ImportIssue",
    "ImportResult",
    "Question",
    "QuestionSet",
    "QuestionsError",
    "SliderQuestion",
    "Stone",
    "StonesQuestion",
    "Story",
    "StoryCollection",
    "StoryImportError",
    "TextQuestion",
    "TriadPoint",
    "TriadQuestion",
    "barycentric_to_cartesian",
    "cartesian_to_barycentric",
    "compare_groups",
    "compare_stories",
    "flatten_answers",
    "import_manifest",
    "import_stories",
    "load_collections",
    "load_questions",
    "permutation_test",
    "save_collection",
    "select_stories",
    "split_groups",
    "story_labels",
    "to_sources",
]
