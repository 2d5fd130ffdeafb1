"""The codebook import box (YAML or REFI-QDA .qdc), shared by the Project and Codebook pages."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import streamlit as st

from analysis.domain import Codebook
from analysis.errors import localise
from analysis.store import Project, StoreError

from . import state
from .format import error_text
from .i18n import current_language, t

CODEBOOK_TYPES = ["yaml", "yml", "qdc"]


def load_upload(name: str, data: bytes) -> tuple[Codebook, list[str]]:
    """Read an uploaded codebook file; returns it with the warnings the reader gave."""
    from analysis.codebook import import_qdc, load_codebook

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="duiding-codebook-") as tmp:
        path = Path(tmp) / (Path(name.replace("\\", "/")).name or f"codebook{suffix}")
        path.write_bytes(data)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cb = import_qdc(path) if suffix == ".qdc" else load_codebook(path)
    return cb, [localise(w.message.args[0] if w.message.args else str(w.message), current_language()) for w in caught]


def import_box(project: Project, prefix: str) -> None:
    """Uploader + 'replace' checkbox + button; stores the codebook and reruns on success."""
    from analysis.codebook import CodebookError

    ss = st.session_state
    round_ = ss.setdefault(f"{prefix}_round", 0)
    upload = st.file_uploader(t("codebook_import.file"), type=CODEBOOK_TYPES, key=f"{prefix}_file_{round_}")
    replace = st.checkbox(t("codebook_import.replace"), key=f"{prefix}_replace")
    if not st.button(t("codebook_import.submit"), key=f"{prefix}_submit", disabled=upload is None):
        return
    try:
        cb, notes = load_upload(upload.name, upload.getvalue())
    except (CodebookError, OSError, ValueError) as exc:
        st.error(t("codebook_import.failed", error=error_text(exc)))
        return
    if cb.id in project.codebook_ids() and not replace:
        st.warning(t("codebook_import.exists", id=cb.id))
        return
    try:
        project.save_codebook(cb)
    except StoreError as exc:  # e.g. no permission to change codebooks
        st.error(t("codebook_import.failed", error=error_text(exc)))
        return
    ss[f"{prefix}_round"] = round_ + 1  # empty the upload box
    state.bump_data_version()
    state.flash(t("codebook_import.done", name=cb.name, n=len(cb.codes)))
    for note in notes:
        state.flash(note, "warning")
    st.rerun()
