"""The app's navigation: one explicit list of its pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from .i18n import t

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class PageSpec:
    file: str  # relative to the app folder
    title_key: str
    icon: str
    url_path: str
    section: str  # i18n key of the navigation section
    default: bool = False


# Every page of the app, in navigation order (sections appear in the order of their first page).
# A new page adds its line here; tests/ui/test_helpers.py checks that every file in views/ is listed.
PAGES = (
    PageSpec("views/review.py", "nav.review", ":material/fact_check:", "beoordelen", "nav.section.work", default=True),
    PageSpec("views/codebook.py", "nav.codebook", ":material/account_tree:", "codeboek", "nav.section.work"),
    PageSpec("views/corpus.py", "nav.corpus", ":material/description:", "corpus", "nav.section.work"),
    PageSpec("views/transcript.py", "nav.transcript", ":material/edit_note:", "transcript", "nav.section.work"),
    PageSpec("views/headings.py", "nav.headings", ":material/format_list_numbered:", "codeer-op-kop", "nav.section.work"),
    PageSpec("views/project.py", "nav.project", ":material/folder_open:", "project", "nav.section.project"),
    PageSpec("views/team.py", "nav.team", ":material/groups:", "team", "nav.section.project"),
    PageSpec("views/sources.py", "nav.sources", ":material/edit_document:", "bronnen", "nav.section.project"),
    PageSpec("views/exchange.py", "nav.exchange", ":material/swap_horiz:", "uitwisseling", "nav.section.project"),
    PageSpec("views/themes.py", "nav.themes", ":material/hub:", "themas", "nav.section.analysis"),
    PageSpec("views/stories.py", "nav.stories", ":material/auto_stories:", "verhalen", "nav.section.analysis"),
    PageSpec("views/query.py", "nav.query", ":material/manage_search:", "zoekvragen", "nav.section.analysis"),
    PageSpec("views/reports.py", "nav.reports", ":material/summarize:", "rapportage", "nav.section.analysis"),
    PageSpec("views/memos.py", "nav.memos", ":material/sticky_note_2:", "memos", "nav.section.analysis"),
)


def page_specs() -> list[PageSpec]:
    return list(PAGES)


def navigation() -> st.navigation:  # type: ignore[valid-type]
    """``st.navigation`` with the pages grouped in sections, titles in the chosen language."""
    sections: dict[str, list] = {}
    for spec in page_specs():
        page = st.Page(
            str(ROOT / spec.file),
            title=t(spec.title_key),
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.default,
        )
        sections.setdefault(t(spec.section), []).append(page)
    return st.navigation(sections, expanded=True)  # every page in view, never "View n more"
