"""Project: open or create a project, import files and codebooks, see what is in it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit as st

from analysis import settings
from analysis.domain import RESPONDENT_GROUPS, SourceKind
from analysis.review import corpus_breakdown
from analysis.store import Project
from ui import codebook_upload, state
from ui.format import error_text
from ui.i18n import t
from ui.safe import md
from ui.served import project_picker as served_picker

ss = st.session_state
DOCUMENT_TYPES = ["txt", "md", "docx", "odt", "pdf", "vtt", "srt"]
MANIFEST_TYPES = ["csv", "yaml", "yml"]


def _open(location: str, create: bool) -> None:
    location = (location or "").strip()
    if state.served() is not None:  # a served app opens only what its server offers
        state.flash(t("served.choose_help"), "error")
        return
    if not location:
        state.flash(t("project.need_location"), "warning")
        return
    try:
        project = Project.create(location) if create else Project.open(location)
        project.close()
    except Exception as exc:  # noqa: BLE001 - any reason a location cannot be opened is shown as is
        state.flash(t("project.open_failed", error=md(error_text(exc))), "error")
        return
    ss["project_location"] = location
    state.bump_data_version()
    state.flash(t("project.created" if create else "project.opened", location=md(state.display_location(location))))


state.show_flash()
st.title(t("project.title"))
project = state.get_project()
location = state.project_location()


if state.served() is not None:  # duiding serve: users pick among what the server offers, never a path or URL
    served_picker(location)
else:
    with st.expander(t("project.open_create"), expanded=project is None):
        if ss.get("project_error"):
            st.error(t("project.open_failed", error=md(ss["project_error"])))
        st.text_input(
            t("project.location"), key="project_location_input", placeholder=t("project.location_placeholder"),
            help=t("project.location_help"),
        )
        cols = st.columns(3)
        cols[0].button(t("project.open"), key="project_open", on_click=lambda: _open(ss.get("project_location_input", ""), False))
        cols[1].button(t("project.create"), key="project_create", on_click=lambda: _open(ss.get("project_location_input", ""), True))
        if settings.database_url():
            cols[2].button(
                t("project.open_database_url"), key="project_open_db",
                on_click=lambda: _open(settings.database_url() or "", True),
            )

if project is None or location is None:
    st.info(t("project.none_yet"))
    st.stop()

st.caption(t("project.current", location=md(state.display_location(location))))


# -- statistics ----------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=32)
def _breakdown(_project: Project, location: str, version: int) -> list[tuple[str | None, str, int, int]]:
    return [(r.municipality, r.kind.value, r.sources, r.passages) for r in corpus_breakdown(_project)]


st.subheader(t("project.stats"))
stats = project.stats()
metrics = st.columns(6)
for col, key in zip(metrics, ("sources", "passages", "municipalities", "codebooks", "accepted", "suggested")):
    col.metric(t(f"stats.{key}"), f"{stats.get(key, 0):,}".replace(",", "."))
rows = [
    {
        t("col.municipality"): municipality or "—",
        t("col.kind"): t(f"kind.{kind}"),
        t("col.sources"): n_sources,
        t("col.passages"): n_passages,
    }
    for municipality, kind, n_sources, n_passages in _breakdown(project, location, state.data_version())
]
if rows:
    st.dataframe(rows, hide_index=True, width="stretch", key="project_breakdown")


# -- the demo's reference coding -----------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=32)
def _reference_state(_project: Project, location: str, version: int) -> tuple[bool, list[str]]:
    from analysis.demo_reference import has_demo_sources, reference_coders_in

    return has_demo_sources(_project), reference_coders_in(_project)


def _load_reference() -> None:
    from analysis.demo_reference import load_reference_coding

    try:
        result = load_reference_coding(project)
    except Exception as exc:  # noqa: BLE001 - shown to the researcher
        state.flash(t("project.reference_failed", error=md(error_text(exc))), "error")
        return
    state.flash(t("project.reference_done", reference=result.reference, second=result.second))


is_demo, reference_coders = _reference_state(project, location, state.data_version())
if is_demo:
    with st.expander(t("project.reference_title"), expanded=not reference_coders):
        st.caption(t("project.reference_help"))
        if reference_coders:
            st.success(t("project.reference_loaded", coders=", ".join(reference_coders)))
        st.button(
            t("project.reference_load"), key="project_load_reference", on_click=_load_reference,
            disabled=bool(reference_coders), type="primary",
        )


# -- import files ------------------------------------------------------------------------------------
def _safe_name(name: str, used: set[str]) -> str:
    """The uploaded file's own name without any folder part, unique within this import."""
    base = Path(name.replace("\\", "/")).name or "bestand"
    candidate, n = base, 1
    while candidate.lower() in used:
        stem, suffix = os.path.splitext(base)
        candidate = f"{stem}_{n}{suffix}"
        n += 1
    used.add(candidate.lower())
    return candidate


def _import(files: list, manifest, defaults: dict) -> list[dict]:
    from analysis.corpus.batch import ingest_paths

    rows: list[dict] = []
    progress = st.progress(0.0, text=t("import.progress", done=0, total=len(files)))
    with tempfile.TemporaryDirectory(prefix="duiding-upload-") as tmp:
        folder = Path(tmp)
        used: set[str] = set()
        paths = []
        for f in files:
            target = folder / _safe_name(f.name, used)
            target.write_bytes(f.getvalue())
            paths.append(target)
        manifest_path = None
        if manifest is not None:
            suffix = Path(manifest.name).suffix.lower() or ".csv"
            manifest_path = folder / f"manifest{suffix}"
            manifest_path.write_bytes(manifest.getvalue())
        done = 0

        def on_file(result) -> None:
            nonlocal done
            if result.path in paths:
                done += 1
            progress.progress(min(1.0, done / max(1, len(paths))), text=t("import.progress", done=done, total=len(paths)))

        result = ingest_paths(project, paths, manifest=manifest_path, defaults=defaults, on_file=on_file)
        for r in result.files:
            rows.append({"file": r.path.name, "status": r.status, "passages": r.passages,
                         "reason": error_text(r.error) if r.error is not None else r.reason})
    progress.empty()
    return rows


st.subheader(t("import.title"))
round_ = ss.setdefault("import_round", 0)
uploads = st.file_uploader(t("import.files"), type=DOCUMENT_TYPES, accept_multiple_files=True, key=f"import_files_{round_}")
manifest = st.file_uploader(t("import.manifest"), type=MANIFEST_TYPES, key=f"import_manifest_{round_}", help=t("import.manifest_help"))
with st.expander(t("import.defaults")):
    dcols = st.columns(3)
    default_muni = dcols[0].text_input(t("filter.municipality"), key="import_municipality")
    kinds = [None, *(k.value for k in SourceKind)]
    default_kind = dcols[1].selectbox(
        t("col.kind"), kinds, key="import_kind", format_func=lambda k: t("import.from_manifest") if k is None else t(f"kind.{k}")
    )
    default_group = dcols[2].selectbox(
        t("filter.group"), [None, *RESPONDENT_GROUPS], key="import_group",
        format_func=lambda g: t("import.from_manifest") if g is None else g,
    )
if st.button(t("import.submit"), key="import_submit", type="primary", disabled=not uploads):
    defaults = {"municipality": default_muni.strip() or None, "kind": default_kind, "respondent_group": default_group}
    try:
        ss["import_rows"] = _import(list(uploads or []), manifest, defaults)
    except ImportError as exc:
        st.error(t("import.unavailable", error=md(error_text(exc))))
    else:
        ss["import_round"] = round_ + 1  # empty the upload boxes
        state.bump_data_version()
        st.rerun()
if ss.get("import_rows"):
    rows = ss["import_rows"]
    failed = sum(1 for r in rows if r["status"] == "failed")
    imported = sum(1 for r in rows if r["status"] == "imported")
    (st.warning if failed else st.success)(t("import.summary", imported=imported, failed=failed, total=len(rows)))
    st.dataframe(
        [
            {
                t("col.file"): r["file"],
                t("col.result"): t(f"import.status.{r['status']}"),
                t("col.passages"): r["passages"],
                t("col.reason"): r["reason"],
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
        key="import_results",
    )


# -- import a codebook --------------------------------------------------------------------------
st.subheader(t("codebook_import.title"))
codebook_upload.import_box(project, "codebook")
