"""The transcript coding component (Streamlit Components v2): its HTML, CSS and JavaScript live in
``ui/transcript/`` and are handed to Streamlit inline, so the app serves them itself: no CDN, no
build step, nothing fetched at run time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from .i18n import NL, TABLES, current_language, t

HERE = Path(__file__).resolve().parent / "transcript"
HELP_KEYS = (
    ("⇱ muis / mouse", "tr.key.select"), ("j / k", "tr.key.jk"), ("⇧→ / ⇧←", "tr.key.shift"),
    ("Ctrl ⇧→ / Ctrl ⇧←", "tr.key.ctrlshift"), ("c / Enter", "tr.key.c"), ("1 – 9", "tr.key.digits"),
    (".", "tr.key.dot"), ("n / p", "tr.key.np"), ("a", "tr.key.a"), ("r", "tr.key.r"),
    ("z / Ctrl Z", "tr.key.z"), ("Esc", "tr.key.esc"), ("?", "tr.key.help"),
)

_component = st.components.v2.component(
    "duiding_transcript",
    css=(HERE / "transcript.css").read_text(encoding="utf-8"),
    js=(HERE / "transcript.js").read_text(encoding="utf-8"),
    isolate_styles=False,  # the page's own selection (window.getSelection) must reach the text
)


def component_strings() -> dict[str, Any]:
    """The component's texts in the current language (keys ``tr.js.*`` without the prefix)."""
    table = {**NL, **TABLES.get(current_language(), NL)}
    out: dict[str, Any] = {k[len("tr.js."):]: v for k, v in table.items() if k.startswith("tr.js.")}
    out["help_rows"] = [[keys, t(key)] for keys, key in HELP_KEYS]
    return out


def transcript_component(data: dict, *, key: str, on_action: Callable[[], None]) -> Any:
    """Mount the transcript; ``on_action`` runs (before the rerun) when the component sends an action."""
    return _component(key=key, data=data, on_action_change=on_action, height="content")
