"""Codeboek: the code tree; edit, add, move and merge codes; import/export; coded passages."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from analysis.domain import Code, Codebook, slugify
from analysis.review import local_spans
from analysis.review.tree import move_code
from analysis.store import StoreError
from ui import code_tree, codebook_upload, render, state
from ui.format import error_text
from ui.i18n import current_language, t
from ui.memo_labels import memo_box
from ui.safe import md

PAGE_SIZE = 20
ss = st.session_state
project = state.require_project()
state.show_flash()
st.title(t("codebook.title"))

codebook_ids = project.codebook_ids()
if not codebook_ids:
    st.info(t("codebook.none"))
    st.page_link(state.PROJECT_PAGE, label=t("nav.project"), icon=":material/folder_open:")
    st.stop()

if ss.get("cb_select") not in codebook_ids:
    ss["cb_select"] = ss.get("review_codebook") if ss.get("review_codebook") in codebook_ids else codebook_ids[0]
cb_names = {cb.id: cb.name for cb in project.codebooks()}
cb_id = st.selectbox(t("review.codebook"), codebook_ids, key="cb_select", format_func=lambda c: cb_names.get(c, c))
codebook = project.get_codebook(cb_id)
try:  # a lezer sees the coding buttons disabled, with the reason
    project.check_permission("code")
    read_only: str | None = None
except StoreError:
    read_only = t("harden.read_only", role=md(project.role or "–"))
if codebook.description:
    st.caption(md(codebook.description))


def _validate(cb: Codebook) -> list[str]:
    """Problems the codebook format finds in ``cb`` (empty when it is valid)."""
    from analysis.codebook import CodebookError, codebook_from_dict, codebook_to_dict

    try:
        codebook_from_dict(codebook_to_dict(cb), source=f"codebook {cb.id!r}")
    except CodebookError as exc:
        return exc.problems(current_language())
    return []


def _export_yaml(cb: Codebook) -> bytes | str:
    from analysis.codebook import CodebookError, dump_codebook

    with tempfile.TemporaryDirectory(prefix="duiding-export-") as tmp:
        try:
            return dump_codebook(cb, Path(tmp) / f"{cb.id}.yaml").read_bytes()
        except CodebookError as exc:
            return error_text(exc)


def _export_qdc(cb: Codebook) -> bytes | str:
    from analysis.codebook import CodebookError, qdc_bytes

    try:
        return qdc_bytes(cb)
    except CodebookError as exc:
        return error_text(exc)


left, right = st.columns([2, 3], gap="large")
options = render.tree_options(codebook)
labels = dict(options)

with left:
    st.subheader(t("codebook.tree"))
    if "cb_code_next" in ss:
        ss["cb_code"] = ss.pop("cb_code_next")
    if ss.get("cb_code") not in labels:
        ss["cb_code"] = options[0][0] if options else None
    try:  # moving codes needs the right to change the codebook
        project.check_permission("codebook")
        cannot_move: str | None = None
    except StoreError:
        cannot_move = t("harden.read_only", role=md(project.role or "–"))
    # the tree: drag (or Alt+Shift+arrows) to restructure, a click opens the code
    code_tree.code_tree(project, codebook, ss.get("cb_code"), cannot_move)
    code_tree.undo_button(project, codebook, cannot_move)
    with st.expander(t("ctree.table")):
        code_tree.tree(project, codebook)  # counts per code in a table; a click opens the code
    code_tree.outline_buttons(project, codebook, ss.get("cb_code"))
    st.divider()
    yaml_data = _export_yaml(codebook)
    qdc_data = _export_qdc(codebook)
    ecols = st.columns(2)
    if isinstance(yaml_data, bytes):
        ecols[0].download_button(
            t("codebook.export_yaml"), yaml_data, file_name=f"{cb_id}.yaml", mime="application/x-yaml", key="cb_export_yaml"
        )
    else:
        ecols[0].error(t("codebook.export_failed", error=md(yaml_data)))
    if isinstance(qdc_data, bytes):
        ecols[1].download_button(
            t("codebook.export_qdc"), qdc_data, file_name=f"{cb_id}.qdc", mime="application/xml", key="cb_export_qdc"
        )
    else:
        ecols[1].error(t("codebook.export_failed", error=md(qdc_data)))
    with st.expander(t("codebook_import.title")):
        codebook_upload.import_box(project, "cb_import")

with right:
    if not options:
        st.info(t("codebook.no_codes"))
        code = None
    else:
        code_id = st.selectbox(t("codebook.code"), list(labels), key="cb_code", format_func=labels.__getitem__)
        code = codebook.code(code_id)

    tab_edit, tab_passages, tab_structure, tab_new = st.tabs(
        [t("codebook.tab_edit"), t("codebook.tab_passages"), t("codebook.tab_structure"), t("codebook.tab_new")]
    )

    if code is not None:
        with tab_edit:
            k = f"{cb_id}__{code.id}"
            with st.form(f"edit_{k}"):
                name = st.text_input(t("codebook.name"), value=code.name, key=f"ed_name_{k}")
                definition = st.text_area(t("codebook.definition"), value=code.definition, key=f"ed_def_{k}", height=110)
                c1, c2 = st.columns(2)
                inclusion = c1.text_area(t("codebook.inclusion"), value=render.lines(code.inclusion), key=f"ed_inc_{k}",
                                         help=t("codebook.one_per_line"))
                exclusion = c2.text_area(t("codebook.exclusion"), value=render.lines(code.exclusion), key=f"ed_exc_{k}",
                                         help=t("codebook.one_per_line"))
                keywords = c1.text_area(t("codebook.keywords"), value=render.lines(code.keywords), key=f"ed_kw_{k}",
                                        help=t("codebook.keywords_help"))
                exclude_keywords = c2.text_area(t("codebook.exclude_keywords"), value=render.lines(code.exclude_keywords),
                                                key=f"ed_xkw_{k}", help=t("codebook.one_per_line"))
                examples = st.text_area(t("codebook.examples"), value=render.lines(code.examples), key=f"ed_ex_{k}",
                                        help=t("codebook.one_per_line"))
                c3, c4 = st.columns(2)
                colour = c3.color_picker(t("codebook.colour"), value=render.code_colour(code.id, code.colour), key=f"ed_col_{k}")
                codable = c4.checkbox(t("codebook.codable"), value=code.codable, key=f"ed_codable_{k}")
                saved = st.form_submit_button(t("codebook.save"), type="primary")
            if saved:
                new = render.code_from_fields(
                    code,
                    name=name.strip() or code.name,
                    definition=definition.strip(),
                    inclusion=render.parse_lines(inclusion),
                    exclusion=render.parse_lines(exclusion),
                    keywords=render.parse_lines(keywords),
                    exclude_keywords=render.parse_lines(exclude_keywords),
                    examples=render.parse_lines(examples),
                    colour=colour.lower() if colour else None,
                    codable=codable,
                )
                candidate = Codebook(**{**{f: getattr(codebook, f) for f in Codebook.__dataclass_fields__},
                                        "codes": [new if c.id == code.id else c for c in codebook.codes]})
                problems = _validate(candidate)
                if problems:
                    st.error(t("codebook.invalid") + "\n\n" + "\n".join(f"- {md(p)}" for p in problems))
                else:
                    try:
                        project.update_code(cb_id, new)
                    except StoreError as exc:  # e.g. no permission to change the codebook
                        st.error(md(error_text(exc)))
                    else:
                        state.flash(t("codebook.saved", code=md(new.name)))
                        st.rerun()
            memo_box(project, "code", f"{cb_id}/{code.id}", f"cb_memo_{k}")

        with tab_passages:
            status_labels = {
                "accepted": t("status.accepted"), "suggested": t("status.suggested"),
                "rejected": t("status.rejected"), "": t("status.all"),
            }
            pcols = st.columns([2, 1])
            status = pcols[0].selectbox(t("filter.status"), list(status_labels), key="cb_passage_status",
                                        format_func=status_labels.__getitem__)
            filters = {"code_id": code.id, "codebook_id": cb_id, "status": status or None}
            total = project.count_passages(**filters)
            pages = max(1, -(-total // PAGE_SIZE))
            page = int(pcols[1].number_input(t("codebook.page", pages=pages), min_value=1, max_value=pages, step=1,
                                             key=f"cb_page_{k}_{status}")) - 1
            st.caption(t("codebook.n_passages", n=total))
            passages = project.passages(limit=PAGE_SIZE, offset=page * PAGE_SIZE, **filters)
            codings = project.codings(codebook_id=cb_id, code_id=code.id, passage_ids=[p.id for p in passages])
            by_passage: dict[int, list] = {}
            for c in codings:
                by_passage.setdefault(c.passage_id, []).append(c)
            colours = render.colours_of(codebook)
            codable = dict(render.tree_options(codebook, codable_only=True))
            for p in passages:
                marks = local_spans(p, by_passage.get(p.id, []))
                st.caption(" · ".join(md(x) for x in (p.source_name, p.municipality, p.speaker) if x))
                st.markdown(render.passage_block(render.highlight(p.text, marks, colours), p.speaker, role=p.role), unsafe_allow_html=True)
                code_tree.coding_controls(project, by_passage.get(p.id, []), codable, read_only)

        with tab_structure:
            descendants = set()
            frontier = [code.id]
            while frontier:
                current = frontier.pop()
                descendants.add(current)
                frontier.extend(c.id for c in codebook.children(current) if c.id not in descendants)
            parents = [None, *(cid for cid, _ in options if cid not in descendants)]
            st.markdown(f"**{t('codebook.move')}**")
            new_parent = st.selectbox(
                t("codebook.new_parent"), parents, index=parents.index(code.parent) if code.parent in parents else 0,
                key=f"mv_parent_{k}", format_func=lambda c: t("codebook.top_level") if c is None else labels.get(c, c),
            )
            if st.button(t("codebook.move_button"), key=f"mv_{k}", disabled=new_parent == code.parent):
                try:
                    move_code(project, cb_id, code.id, new_parent)
                except StoreError as exc:
                    st.error(md(error_text(exc)))
                else:
                    state.flash(t("codebook.moved", code=md(code.name)))
                    st.rerun()
            st.divider()
            st.markdown(f"**{t('codebook.merge')}**")
            st.caption(t("codebook.merge_help", code=md(code.name)))
            targets = [cid for cid, _ in options if cid != code.id]
            target = st.selectbox(t("codebook.merge_into"), targets, index=None, key=f"merge_target_{k}",
                                  format_func=labels.__getitem__, placeholder=t("review.choose_code"))
            confirm = st.checkbox(t("codebook.merge_confirm"), key=f"merge_confirm_{k}")
            if st.button(t("codebook.merge_button"), key=f"merge_{k}", disabled=not (target and confirm), type="primary"):
                try:
                    moved = project.merge_codes(cb_id, code.id, target)
                except StoreError as exc:
                    st.error(md(error_text(exc)))
                else:
                    ss["cb_code_next"] = target
                    for key in [k for k in ss if isinstance(k, str) and k.startswith("ed_")]:
                        del ss[key]  # edit boxes show the merged keywords and examples
                    state.bump_data_version()
                    state.flash(t("codebook.merged", code=md(code.name), target=md(labels.get(target, target)), n=moved))
                    st.rerun()

    with tab_new:
        with st.form(f"new_code_{cb_id}", clear_on_submit=True):
            new_name = st.text_input(t("codebook.name"), key=f"new_name_{cb_id}")
            new_id = st.text_input(t("codebook.id"), key=f"new_id_{cb_id}", help=t("codebook.id_help"))
            new_parent = st.selectbox(t("codebook.parent"), [None, *labels], key=f"new_parent_{cb_id}",
                                      format_func=lambda c: t("codebook.top_level") if c is None else labels.get(c, c))
            new_definition = st.text_area(t("codebook.definition"), key=f"new_def_{cb_id}")
            new_keywords = st.text_area(t("codebook.keywords"), key=f"new_kw_{cb_id}", help=t("codebook.keywords_help"))
            added = st.form_submit_button(t("codebook.add"), type="primary")
        if added:
            if not new_name.strip():
                st.error(t("codebook.need_name"))
            else:
                new_code = Code(
                    id=(new_id.strip() or slugify(new_name)),
                    name=new_name.strip(),
                    parent=new_parent,
                    definition=new_definition.strip(),
                    keywords=render.parse_lines(new_keywords),
                )
                candidate = Codebook(**{**{f: getattr(codebook, f) for f in Codebook.__dataclass_fields__},
                                        "codes": [*codebook.codes, new_code]})
                problems = _validate(candidate)
                if problems:
                    st.error(t("codebook.invalid") + "\n\n" + "\n".join(f"- {md(p)}" for p in problems))
                else:
                    try:
                        project.add_code(cb_id, new_code)
                    except StoreError as exc:
                        st.error(md(error_text(exc)))
                    else:
                        ss["cb_code_next"] = new_code.id
                        state.flash(t("codebook.added", code=md(new_code.name)))
                        st.rerun()
