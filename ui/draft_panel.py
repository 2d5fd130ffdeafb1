"""The 'Conceptrapport' panel of Rapportage › Normenkader: thin, the draft is :mod:`analysis.reports.draft`."""

from __future__ import annotations

import streamlit as st

from analysis.errors import DuidingError
from analysis.reports.draft import MARKED_TITLE, build_draft, render_draft
from analysis.store import Project
from ui.format import error_text
from ui.i18n import t
from ui.safe import md as escape

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown",
}


def draft_panel(project: Project, codebook_id: str, include_suggestions: bool, project_name: str | None) -> None:
    """Upload an optional .dotx, make the draft, offer it as Word and Markdown."""
    ss = st.session_state
    st.markdown(f"#### {t('draft.title')}")
    st.caption(t("draft.caption"))
    cols = st.columns([2.4, 1])
    upload = cols[0].file_uploader(
        t("draft.template"), type=["dotx", "docx"], key=f"draft_template_{codebook_id}", help=t("draft.template_help")
    )
    made_key = f"draft_made_{codebook_id}"
    if cols[1].button(t("draft.make"), key=f"draft_make_{codebook_id}", type="primary", icon=":material/description:"):
        try:
            with st.spinner(t("draft.making")):
                report = build_draft(project, codebook_id, include_suggestions=include_suggestions, project_name=project_name)
                files = {
                    "docx": render_draft(report, "docx", template=upload.getvalue() if upload is not None else None),
                    "md": render_draft(report, "md"),
                }
        except DuidingError as exc:
            st.error(t("draft.failed", error=escape(error_text(exc))))
        else:
            marked = sum(1 for _, q in report.quote_lists() if q.title == MARKED_TITLE)
            norms = sum(1 for s in report.sections if s.level == 2 and s.heading.startswith("Norm: "))
            ss[made_key] = (files, t("draft.ready", norms=norms, marked=marked))
    made = ss.get(made_key)
    if made:
        files, note = made
        st.success(note)
        buttons = st.columns(len(files))
        for col, (fmt, data) in zip(buttons, files.items()):
            col.download_button(
                t(f"draft.download.{fmt}"), data=data, file_name=f"conceptrapport-{codebook_id}.{fmt}", mime=MIME[fmt],
                key=f"draft_dl_{codebook_id}_{fmt}", icon=":material/download:",
            )
