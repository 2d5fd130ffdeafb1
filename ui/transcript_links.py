"""Links from a passage shown anywhere to the transcript page, opened at that passage (issue 15)."""

from __future__ import annotations

from urllib.parse import urlencode

from .i18n import t

TRANSCRIPT_URL_PATH = "transcript"  # ui/nav.py: the transcript page's url_path


def transcript_href(source_id: int, passage_id: int | None = None) -> str:
    """A relative link (it works under any base path): ``transcript?source=3&passage=120``."""
    query = {"source": source_id} if passage_id is None else {"source": source_id, "passage": passage_id}
    return f"{TRANSCRIPT_URL_PATH}?{urlencode(query)}"


def transcript_link_html(source_id: int, passage_id: int | None = None) -> str:
    """An HTML link "Open in transcript" (a new browser tab: the page you came from stays as it was).
    HTML, not Markdown: the pages' Markdown surfaces carry no Markdown links (see test_harden_escaping)."""
    return (f"<a href=\"{transcript_href(source_id, passage_id)}\" target=\"_blank\" title=\"{t('tr.link_help')}\" "
            f"style=\"font-size:.85em\">{t('tr.link')} ↗</a>")
