"""Code many at once (issue 15 point 4): one panel for keyword-in-context hits (Corpus) and search
results (Zoekvragen). The researcher picks rows (or takes all), a code, and whether each coding
spans the hit's sentence or its passage; one click stores them all as one undoable action."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from analysis.review.bulk import PASSAGE, SENTENCE, Hit, code_hits
from analysis.store import Project
from ui import render, state
from ui.format import error_text
from ui.i18n import t
from ui.safe import md


def bulk_code_panel(project: Project, hits: Sequence[Hit], key: str, *, picked: bool, spans: bool) -> None:
    """Draw the panel for ``hits`` (the picked rows, or all rows when ``picked`` is False).

    ``spans``: the hits carry offsets (keyword hits), so "the sentence" can be chosen.
    """
    codebooks = {cb.id: cb for cb in project.codebooks()}
    if not codebooks or not hits:
        return
    st.caption(t("bulk.picked", n=len(hits)) if picked else t("bulk.all", n=len(hits)))
    cols = st.columns([2, 3, 2])
    cb_id = cols[0].selectbox(t("bulk.codebook"), list(codebooks), key=f"{key}_codebook",
                              format_func=lambda c: codebooks[c].name, placeholder=t("review.choose_code"))
    codable = dict(render.tree_options(codebooks[cb_id], codable_only=True))
    code_id = cols[1].selectbox(t("bulk.code"), list(codable), index=None, key=f"{key}_code",
                                format_func=codable.__getitem__, placeholder=t("review.choose_code"))
    units = [SENTENCE, PASSAGE] if spans else [PASSAGE]
    unit = cols[2].radio(t("bulk.unit"), units, key=f"{key}_unit", horizontal=True,
                         format_func=lambda u: t(f"bulk.unit.{u}"))
    if st.button(t("bulk.do", n=len(hits)), key=f"{key}_do", type="primary", disabled=code_id is None,
                 icon=":material/sell:"):
        try:
            result = code_hits(project, hits, cb_id, code_id, state.coder(), unit=unit)
        except Exception as exc:  # noqa: BLE001 - shown to the researcher; nothing was stored
            st.error(md(error_text(exc)))
            return
        if result.action is not None:
            state.undo_stack().push(result.action)  # one step back on the review page
            state.bump_data_version()
        st.toast(t("bulk.done", n=result.coded, code=md(codable[code_id].strip()), already=result.already,
                   skipped=result.skipped), icon="✅")
