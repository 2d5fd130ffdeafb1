"""Codeer op kop: code gespreksverslagen by heading or table question (template, preview, apply, undo)."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from analysis.coding.headings import (
    HeadingTemplate,
    apply,
    batches,
    preview,
    rules_yaml,
    save_template,
    stored_templates,
    template_from_dict,
    undo_apply,
)
from analysis.errors import DuidingError, message
from analysis.yamlsafe import YamlError, load_yaml
from ui import state
from ui.format import local_time
from ui.i18n import current_language, t

ss = st.session_state
project = state.require_project()
state.show_flash()
st.title(t("verslag.title"))
st.caption(t("verslag.caption"))

headings: Counter[str] = Counter()
for batch in project.iter_passages(kind="verslag"):
    for rec in batch:
        for part in [rec.heading, rec.question]:
            if part:
                headings[part] += 1
if not headings:
    st.info(t("verslag.none"))
    st.stop()
codebook_ids = project.codebook_ids()
if not codebook_ids:
    st.info(t("verslag.no_codebook"))
    st.stop()

with st.expander(t("verslag.headings"), expanded=False):
    st.dataframe(
        [{t("verslag.col.heading"): h, t("verslag.col.passages"): n} for h, n in sorted(headings.items())],
        hide_index=True,
        width="stretch",
    )

stored = stored_templates(project)
if stored and "verslag_stored" not in ss:  # a stored template is where a researcher carries on
    ss["verslag_stored"] = next(iter(stored))
cols = st.columns([2, 2, 1])
chosen = cols[0].selectbox(t("verslag.stored"), [None, *stored], key="verslag_stored",
                           format_func=lambda n: t("verslag.new") if n is None else n)
default_cb = "sociaal-domein" if "sociaal-domein" in codebook_ids else codebook_ids[0]
if chosen is not None:
    template: HeadingTemplate = stored[chosen]
else:
    leaves = sorted({h.split(" > ")[-1] for h in headings})
    template = HeadingTemplate("sjabloon", default_cb)
codebook_id = cols[1].selectbox(t("verslag.codebook"), codebook_ids, key=f"verslag_cb_{chosen}",
                                index=codebook_ids.index(template.codebook_id) if template.codebook_id in codebook_ids else 0)
threshold = cols[2].number_input(t("verslag.threshold"), min_value=50, max_value=100, value=int(template.threshold),
                                 step=5, key=f"verslag_threshold_{chosen}")
if chosen is not None:
    initial = rules_yaml(template)
else:
    initial = "\n".join(f'"{h}": []' for h in leaves)
name = st.text_input(t("verslag.name"), value=template.name, key=f"verslag_name_{chosen}")
body = st.text_area(t("verslag.template"), value=initial, height=260, key=f"verslag_body_{chosen}",
                    help=t("verslag.template_help"))


def _parsed() -> HeadingTemplate | None:
    try:
        rules = load_yaml(body or "", source=name or "sjabloon") or {}
        rules = {k: v for k, v in dict(rules).items() if v}  # headings without codes are left out
        if not rules:  # a fresh template lists the headings with empty brackets: say what to fill in
            st.warning(t("walk.verslag.no_rules"))
            return None
        return template_from_dict({"name": name, "codebook": codebook_id, "threshold": threshold, "headings": rules},
                                  source=name or "sjabloon")
    except (DuidingError, YamlError, TypeError, ValueError) as err:
        text = message(err, current_language()) if isinstance(err, DuidingError) else str(err)
        st.error(t("verslag.invalid", error=text))
        return None


studies = [s for s in project.studies() if s]
study = st.selectbox(t("verslag.study"), [None, *studies], key="verslag_study",
                     format_func=lambda s: t("verslag.all_studies") if s is None else s) if len(studies) > 1 else None

b = st.columns(3)
do_preview = b[0].button(t("verslag.preview"), key="verslag_preview", icon=":material/visibility:")
do_apply = b[1].button(t("verslag.apply"), key="verslag_apply", type="primary", icon=":material/done_all:")
do_save = b[2].button(t("verslag.save"), key="verslag_save", icon=":material/save:")

if do_preview or do_apply or do_save:
    parsed = _parsed()
    if parsed is not None:
        try:
            if do_save or do_apply:
                save_template(project, parsed)
            if do_save:
                st.success(t("verslag.saved", name=parsed.name))
            matches = preview(project, parsed, coder=state.coder(), study=study)
            if do_apply:
                result = apply(project, parsed, coder=state.coder(), matches=matches)
                state.bump_data_version()
                st.success(t("verslag.applied", n=len(result.created), skipped=result.skipped))
            elif do_preview:
                st.info(t("verslag.preview_count", n=len(matches), new=sum(1 for m in matches if m.existing is None)))
                how = {"exact": t("verslag.how.exact"), "words": t("verslag.how.words")}
                st.dataframe(
                    [
                        {
                            t("verslag.col.source"): m.source_name,
                            t("verslag.col.match"): m.heading,
                            t("verslag.col.code"): m.code_id,
                            t("verslag.col.text"): m.text,
                            t("verslag.col.how"): how.get(m.how) or t("verslag.how.fuzzy", score=f"{m.score:g}"),
                            t("verslag.col.existing"): t(f"status.{m.existing}") if m.existing else "",
                        }
                        for m in matches
                    ],
                    hide_index=True,
                    width="stretch",
                    column_config={t("verslag.col.text"): st.column_config.TextColumn(width="large")},
                )
        except DuidingError as err:
            st.error(message(err, current_language()))

applied = batches(project)
if applied:
    st.markdown(f"#### {t('verslag.batches')}")
    for entry in applied[:10]:
        row = st.columns([5, 1])
        label = t("verslag.batch", id=entry["id"], name=entry["entity_id"], n=entry["count"],
                  at=local_time(entry["at"]))  # stored in UTC: shown in local time, as everywhere
        row[0].write(label + (f" ({t('verslag.was_undone')})" if entry["undone"] else ""))
        if not entry["undone"] and row[1].button(t("verslag.undo"), key=f"verslag_undo_{entry['id']}"):
            n = undo_apply(project, entry["id"])
            state.bump_data_version()
            state.flash(t("verslag.undone", n=n))
            st.rerun()
