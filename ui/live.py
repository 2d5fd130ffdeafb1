"""Pages show what is stored now, for every session: a small fragment that polls the project's data version.

A page whose whole run is cheap enough to repeat when something changed (the review page) calls :func:`watch`;
the transcript polls inside its own fragment (``views/transcript.py``, :mod:`analysis.live`). Both use
:data:`POLL_SECONDS`. A poll that finds nothing new draws nothing and costs one small query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from . import state

POLL_SECONDS = 3  # how soon a change stored elsewhere (another session or tab, the command line) shows


def watch(known: Callable[[], Iterable[int]]) -> None:
    """Run the whole page again once the project's data version is none of ``known()`` (the version the page
    was drawn at, and the one this session's own last write produced): someone else stored something."""
    _watch(known)


@st.fragment(run_every=POLL_SECONDS)
def _watch(known: Callable[[], Iterable[int]]) -> None:
    if state.data_version() not in set(known()):
        st.rerun()
