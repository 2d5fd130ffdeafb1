"""Progress bars for long work started from a page: per file, per source, or per stage of a run."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import streamlit as st

from .i18n import t

# Share of the bar each stage of analysis.coding.auto_code fills (coding every passage is most of the work).
AUTOCODE_WEIGHTS = {"read": 0.10, "fit": 0.10, "train": 0.10, "code": 0.70}


def number(value: int) -> str:
    """A count the Dutch way (72.000), or the English way (72,000)."""
    text = f"{int(value):,}"
    return text.replace(",", ".") if st.session_state.get("lang", "nl") == "nl" else text


def stage_fraction(weights: Mapping[str, float], stage: str, done: int, total: int) -> float:
    """How far along a run is, 0-1, when ``stage`` has done ``done`` of ``total``."""
    names = list(weights)
    start = sum(weights[s] for s in names[: names.index(stage)]) if stage in weights else 0.0
    part = weights.get(stage, 0.0) * (min(done, total) / total if total else 1.0)
    return max(0.0, min(1.0, (start + part) / (sum(weights.values()) or 1.0)))


@contextmanager
def stages(weights: Mapping[str, float], text_prefix: str) -> Iterator[Callable[[str, int, int], None]]:
    """A bar driven by ``on_progress(stage, done, total)``; texts are ``t(f"{text_prefix}.{stage}")``."""
    bar = st.progress(0.0, text=t(f"{text_prefix}.{next(iter(weights))}", done=0, total=0))

    def on_progress(stage: str, done: int, total: int) -> None:
        bar.progress(
            stage_fraction(weights, stage, done, total),
            text=t(f"{text_prefix}.{stage}", done=number(done), total=number(total)),
        )

    try:
        yield on_progress
    finally:
        bar.empty()


@contextmanager
def counter(text_key: str, total: int) -> Iterator[Callable[..., None]]:
    """A bar driven by ``on_item(done, total, *_)`` (files, sources); text ``t(text_key, done=, total=)``."""
    bar = st.progress(0.0, text=t(text_key, done=0, total=number(total)))

    def on_item(done: int, total: int, *_: object) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=t(text_key, done=number(done), total=number(total)))

    try:
        yield on_item
    finally:
        bar.empty()
