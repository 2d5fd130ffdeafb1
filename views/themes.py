"""Thema's: find recurring themes with a topic model, compare them with the codebook, make codes of them.

Thin: fitting, persistence, breakdowns and the topic × code overlap live in
:mod:`analysis.themes`; this page gathers the options, shows the progress of a fit
and renders the saved models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from analysis.domain import SourceKind
from analysis.store import Project, StoreError
from ui import render, state
from ui.format import error_text, local_time, number, percent
from ui.i18n import t
from ui.safe import md as escape  # the one escaping helper (HTML and Markdown)
from ui.transcript_links import transcript_link_html

ss = st.session_state
project = state.require_project()
location = state.project_location() or ""
version = state.data_version()
state.show_flash()
st.title(t("themes.title"))
st.caption(t("themes.intro"))

CLASS_FIELDS = {
    "municipality": "col.municipality",
    "respondent_group": "col.group",
    "kind": "col.kind",
    "source_name": "col.source",
}


# -- cached lookups -------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=32)
def _models(_project: Project, location: str, version: int) -> list[dict]:
    return _project.topic_models()


@st.cache_data(show_spinner=False, max_entries=32)
def _kinds(_project: Project, location: str, version: int) -> list[str]:
    return sorted({SourceKind(s.kind).value for s in _project.sources(with_text=False)})


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_model(_project: Project, location: str, model_id: int, stamp: str) -> Any:
    # ``stamp`` (the model's creation time): a model fitted after another was deleted may get its id
    from analysis.themes import load_from_project

    return load_from_project(_project, model_id)


@st.cache_data(show_spinner=False, max_entries=32)
def _per_class(_model: Any, location: str, model_id: int, stamp: str, field: str) -> Any:
    return _model.per_class(field)


@st.cache_data(show_spinner=False, max_entries=32)
def _overlap(_project: Project, _model: Any, location: str, model_id: int, codebook_id: str, statuses: tuple[str, ...],
             version: int) -> Any:
    from analysis.themes import topic_code_overlap

    ids = set(_model.passage_ids)
    codings = [c for c in _project.codings(codebook_id=codebook_id, status=list(statuses)) if c.passage_id in ids]
    return topic_code_overlap(_model, codings, status=statuses)


def _stage_label(key: str) -> str:
    """The themes package reports stage keys; show them in the chosen language."""
    return t(f"themes.stage.{key}")


codebooks = {cb.id: cb for cb in project.codebooks()}
municipalities = project.municipalities()
kinds = _kinds(project, location, version)

# -- fit a new model -------------------------------------------------------------------------------
models = _models(project, location, version)
with st.expander(t("themes.fit_title"), expanded=not models), st.form("themes_fit", border=False):
    c1 = st.columns([2.4, 2, 1.2, 1.2, 1])
    name = c1[0].text_input(t("themes.name"), key="themes_name", placeholder=t("themes.name_placeholder"))
    seed_cb = c1[1].selectbox(
        t("themes.seed_codebook"), [None, *codebooks], key="themes_seed_codebook",
        format_func=lambda c: t("themes.unguided") if c is None else codebooks[c].name,
        help=t("themes.seed_codebook_help"),
    )
    nr_topics = c1[2].number_input(
        t("themes.nr_topics"), min_value=2, max_value=100, value=None, step=1, key="themes_nr_topics",
        placeholder=t("themes.auto"), help=t("themes.nr_topics_help"),
    )
    min_size = c1[3].number_input(
        t("themes.min_size"), min_value=2, max_value=500, value=None, step=1, key="themes_min_size",
        placeholder=t("themes.auto"), help=t("themes.min_size_help"),
    )
    seed = c1[4].number_input(t("themes.seed"), min_value=0, max_value=2**31 - 1, value=42, step=1,
                              key="themes_seed", help=t("themes.seed_help"))
    c2 = st.columns([2, 2, 2, 2])
    f_muni = c2[0].selectbox(t("filter.municipality"), [None, *municipalities], key="themes_f_muni",
                             format_func=lambda m: t("filter.all") if m is None else m)
    f_kind = c2[1].selectbox(t("col.kind"), [None, *kinds], key="themes_f_kind",
                             format_func=lambda k: t("filter.all") if k is None else t(f"kind.{k}"))
    reducer = c2[2].selectbox(
        t("themes.reducer"), ["umap", "pca"], key="themes_reducer",
        format_func=lambda r: t("themes.reducer_umap") if r == "umap" else t("themes.reducer_pca"),
        help=t("themes.reducer_help"),
    )
    c2[3].caption(t("themes.n_passages", n=project.count_passages()))
    submitted = st.form_submit_button(t("themes.fit"), type="primary")

if submitted:
    from analysis.themes import ThemeConfig, ThemeError, fit_project, save_to_project

    with st.status(t("themes.fitting"), expanded=True) as status:
        bar = st.progress(0.0, text=t("themes.loading"))

        def _progress(key: str, fraction: float) -> None:
            shown = _stage_label(key)
            bar.progress(min(max(float(fraction), 0.0), 1.0), text=shown)
            status.update(label=t("themes.fitting_stage", stage=shown))

        try:
            config = ThemeConfig(
                nr_topics=int(nr_topics) if nr_topics else None,
                min_topic_size=int(min_size) if min_size else None,
                random_state=int(seed),
                reducer=reducer,
            )
            model = fit_project(project, config, codebook_id=seed_cb, progress=_progress,
                                municipality=f_muni, kind=f_kind)
            label = (name or "").strip() or t(
                "themes.default_name", n=len(model.topics()), date=datetime.now().strftime("%d-%m-%Y %H:%M"),
            )
            model_id = save_to_project(project, model, label)
        except (ThemeError, StoreError, ValueError) as exc:
            status.update(label=t("themes.fit_failed", error=escape(error_text(exc))), state="error")
            st.error(t("themes.fit_failed", error=escape(error_text(exc))))
        else:
            status.update(label=t("themes.fit_done", n=len(model.topics()), name=label), state="complete",
                          expanded=False)
            ss["themes_model"] = model_id
            state.bump_data_version()
            state.flash(t("themes.fit_done", n=len(model.topics()), name=label))
            st.rerun()

# -- choose a saved model ---------------------------------------------------------------------------
if not models:
    st.info(t("themes.no_models"))
    st.stop()
by_id = {int(m["id"]): m for m in models}
if ss.get("themes_model") not in by_id:
    ss["themes_model"] = max(by_id)


def _model_label(model_id: int) -> str:
    m = by_id[model_id]
    params = m.get("params") or {}
    created = m.get("created_at")
    when = local_time(created)
    n_topics = params.get("n_topics", m.get("n_topics", 0))  # the stored topic list also holds the outliers
    return t("themes.model_option", name=m["name"], n=n_topics, passages=params.get("n_passages", "?"),
             date=when)


model_id = st.selectbox(t("themes.model"), sorted(by_id, reverse=True), key="themes_model", format_func=_model_label)
try:
    with st.spinner(t("themes.loading_model")):
        model = _load_model(project, location, model_id, str(by_id[model_id].get("created_at")))
except Exception as exc:  # noqa: BLE001 - a damaged or newer model: say so, the rest of the app goes on
    st.error(t("themes.load_failed", error=escape(error_text(exc))))
    st.stop()

params = by_id[model_id].get("params") or {}
config = params.get("config") or {}
facts = [
    t("themes.fact_topics", n=len(model.topics())),
    t("themes.fact_passages", n=params.get("n_passages", len(model.passage_ids))),
    t("themes.fact_outliers", n=params.get("n_outliers", 0)),
]
if params.get("seed_codebook"):
    seeded = codebooks.get(params["seed_codebook"])
    facts.append(t("themes.fact_guided", codebook=escape(seeded.name if seeded else params["seed_codebook"])))
if config.get("nr_topics"):
    facts.append(t("themes.fact_fixed"))
st.caption(" · ".join(facts))

tab_cards, tab_class, tab_codes, tab_make = st.tabs(
    [t("themes.tab_topics"), t("themes.tab_classes"), t("themes.tab_overlap"), t("themes.tab_make_code")]
)
topics = model.topics()
from analysis.themes.model import NO_KEYWORDS, UNKNOWN_CLASS  # loaded with the model above


def _topic_label(label: str) -> str:
    """A topic's stored label; the label of a topic without keywords in the chosen language."""
    return t("walk.themes.no_keywords") if label == NO_KEYWORDS else label



with tab_cards:
    rep_ids = [int(i) for tp in topics for i in tp.representative_ids if isinstance(i, int)]
    records = {p.id: p for p in project.passages(ids=rep_ids)} if rep_ids else {}
    cols = st.columns(2, gap="medium")
    for n, topic in enumerate(topics):
        with cols[n % 2].container(border=True):
            colour = render.PALETTE[topic.id % len(render.PALETTE)]
            st.markdown(
                f"<div style='border-left:6px solid {colour};padding-left:.6em'>"
                f"<b>{escape(t('themes.topic', id=topic.id))}</b> · {escape(_topic_label(topic.label))}"
                f" <span style='opacity:.6'>({escape(t('themes.size', n=topic.size))})</span></div>",
                unsafe_allow_html=True,
            )
            keyword_html = " ".join(
                render.chip(word, colour, title=number(weight, 3)) for word, weight in topic.keywords[:10]
            )
            st.markdown(f"<div class='duiding-keywords' style='line-height:2'>{keyword_html}</div>",
                        unsafe_allow_html=True)
            if topic.seed_code:
                seeded = codebooks.get(params.get("seed_codebook") or "")
                st.caption(t("themes.seeded_by", code=escape(render.code_label(seeded, topic.seed_code))))
            with st.expander(t("themes.representatives", n=len(topic.representatives))):
                for pid, text in zip(topic.representative_ids, topic.representatives):
                    rec = records.get(pid) if isinstance(pid, int) else None
                    if rec is not None:
                        where = " · ".join(x for x in (rec.source_name, rec.municipality, rec.respondent_group,
                                                       t(f"kind.{SourceKind(rec.kind).value}"),
                                                       f"#{rec.ordinal}") if x)
                        speaker, role = rec.speaker, rec.role
                    else:
                        where, speaker, role = t("themes.source_gone"), None, None
                    st.markdown(
                        render.passage_block(escape(text).replace("\n", "<br>"), speaker, muted=False, role=role)
                        + f"<div style='opacity:.6;font-size:.8em;margin:0 0 .6em .8em'>{escape(where)}"
                        + (" · " + transcript_link_html(rec.source_id, rec.id) if rec is not None else "") + "</div>",
                        unsafe_allow_html=True,
                    )

with tab_class:
    field = st.selectbox(t("themes.class_field"), list(CLASS_FIELDS), key="themes_class_field",
                         format_func=lambda f: t(CLASS_FIELDS[f]))
    measure = st.radio(t("themes.measure"), ["share_in_class", "frequency"], key="themes_measure", horizontal=True,
                       format_func=lambda m: t("themes.share_in_class") if m == "share_in_class" else t("themes.count"))
    try:
        frame = _per_class(model, location, model_id, str(by_id[model_id].get("created_at")), field)
    except Exception as exc:  # noqa: BLE001 - e.g. a model saved without its documents
        st.warning(escape(error_text(exc)))
    else:
        frame = frame[frame["topic"] >= 0]
        if field == "kind":
            frame = frame.assign(**{"class": [t(f"kind.{k}") if k != UNKNOWN_CLASS else k for k in frame["class"]]})
        frame = frame.assign(**{"class": [t("walk.unknown") if k == UNKNOWN_CLASS else k for k in frame["class"]]})
        names = {tp.id: f"{tp.id}: {_topic_label(tp.label)}" for tp in topics}
        table = (
            frame.assign(theme=[names.get(int(x), str(x)) for x in frame["topic"]])
            .pivot_table(index="theme", columns="class", values=measure, aggfunc="sum", fill_value=0, sort=False)
        )
        table = table.reindex([names[tp.id] for tp in topics if names[tp.id] in table.index])
        if not table.empty:
            import plotly.graph_objects as go

            share = measure == "share_in_class"
            heat = go.Figure(go.Heatmap(
                z=table.to_numpy(), x=[str(c) for c in table.columns], y=list(table.index),
                colorscale="Blues", texttemplate="%{z:.0%}" if share else "%{z}",
                hovertemplate="%{y}<br>%{x}: %{z" + (":.0%" if share else "") + "}<extra></extra>",
                showscale=False,
            ))
            heat.update_layout(height=max(260, 28 * len(table) + 120), margin={"t": 30, "l": 10, "r": 10, "b": 10},
                               yaxis={"autorange": "reversed"}, xaxis={"side": "top"})
            st.plotly_chart(heat, key="themes_heatmap", width="stretch", config={"displayModeBar": False})
            st.dataframe(
                table.style.format((lambda v: percent(v, 0)) if share else "{:.0f}"), width="stretch",
                key="themes_class_table",
            )

with tab_codes:
    if not codebooks:
        st.info(t("review.no_codebook"))
    else:
        oc = st.columns([2, 1.4])
        default_cb = params.get("seed_codebook") if params.get("seed_codebook") in codebooks else next(iter(codebooks))
        if ss.get("themes_overlap_codebook") not in codebooks:
            ss["themes_overlap_codebook"] = default_cb
        ov_cb = oc[0].selectbox(t("review.codebook"), list(codebooks), key="themes_overlap_codebook",
                                format_func=lambda c: codebooks[c].name)
        ov_sugg = oc[1].toggle(t("themes.with_suggestions"), value=True, key="themes_overlap_suggestions")
        statuses = ("accepted", "suggested") if ov_sugg else ("accepted",)
        overlap = _overlap(project, model, location, model_id, ov_cb, statuses, version)
        cb = codebooks[ov_cb]
        code_cols = [c for c in overlap.columns if c not in (
            "topic_label", "topic_size", "coded_passages", "best_code", "best_share", "best_lift",
            "matches_code", "seed_code", "new_theme")]
        if not code_cols:
            st.info(t("themes.no_codings"))
        else:
            st.caption(t("themes.overlap_help"))
            summary = [
                {
                    t("themes.col_topic"): f"{tid}: {_topic_label(row['topic_label'])}",
                    t("themes.col_size"): int(row["topic_size"]),
                    t("themes.col_coded"): int(row["coded_passages"]),
                    t("themes.col_best_code"): render.code_label(cb, row["best_code"])
                    if isinstance(row["best_code"], str) else "",
                    t("themes.col_share"): percent(float(row["best_share"]), 0),
                    t("themes.col_lift"): number(float(row["best_lift"]), 1),
                    t("themes.col_verdict"): t("themes.verdict_match") if row["matches_code"]
                    else (t("themes.verdict_new") if row["new_theme"] else t("themes.verdict_seeded")),
                }
                for tid, row in overlap.iterrows()
            ]
            st.dataframe(
                summary, hide_index=True, width="stretch", key="themes_overlap_summary",
                column_config={
                    t("themes.col_share"): st.column_config.TextColumn(width="small"),
                    t("themes.col_lift"): st.column_config.TextColumn(width="medium"),
                },
            )
            with st.expander(t("themes.overlap_counts")):
                counts = overlap[code_cols].rename(columns=lambda c: render.code_label(cb, c))
                counts.index = [f"{tid}: {_topic_label(overlap.loc[tid, 'topic_label'])}" for tid in overlap.index]
                counts = counts.loc[:, counts.sum(axis=0) > 0]
                st.dataframe(counts, width="stretch", key="themes_overlap_counts")

with tab_make:
    if not codebooks:
        st.info(t("review.no_codebook"))
    else:
        st.caption(t("themes.make_help"))
        mc = st.columns([2, 2.4, 2])
        if ss.get("themes_make_codebook") not in codebooks:
            ss["themes_make_codebook"] = params.get("seed_codebook") if params.get("seed_codebook") in codebooks \
                else next(iter(codebooks))
        make_cb = mc[0].selectbox(t("review.codebook"), list(codebooks), key="themes_make_codebook",
                                  format_func=lambda c: codebooks[c].name)
        topic_ids = [tp.id for tp in topics]
        labels = {tp.id: f"{tp.id}: {_topic_label(tp.label)} ({tp.size})" for tp in topics}
        if ss.get("themes_make_topic") not in topic_ids:
            ss["themes_make_topic"] = topic_ids[0] if topic_ids else None
        make_topic = mc[1].selectbox(t("themes.topic_pick"), topic_ids, key="themes_make_topic",
                                     format_func=lambda i: labels.get(i, str(i)))
        parents = dict(render.tree_options(codebooks[make_cb]))
        if ss.get("themes_make_parent") not in (None, *parents):
            ss["themes_make_parent"] = None
        make_parent = mc[2].selectbox(t("themes.parent"), [None, *parents], key="themes_make_parent",
                                      format_func=lambda c: t("codebook.top_level") if c is None else parents[c])
        if st.button(t("themes.make_code"), key="themes_make_button", type="primary", disabled=make_topic is None):
            from analysis.themes import ThemeError, topic_to_code

            try:
                code = topic_to_code(model, int(make_topic), project.get_codebook(make_cb), parent=make_parent)
                project.add_code(make_cb, code)
            except (ThemeError, StoreError, KeyError) as exc:
                st.error(t("themes.make_failed", error=escape(error_text(exc))))
            else:
                state.bump_data_version()
                ss["themes_made"] = (make_cb, code.id)
                st.success(t("themes.made", code=code.name, id=code.id, codebook=codebooks[make_cb].name))
        made = ss.get("themes_made")
        if made and made[0] in codebooks:
            try:
                new = project.get_codebook(made[0]).code(made[1])
            except (StoreError, KeyError):
                new = None
            if new is not None:
                with st.container(border=True):
                    st.markdown(render.chip(new.name, render.code_colour(new.id, new.colour))
                                + f" <code>{escape(new.id)}</code>", unsafe_allow_html=True)
                    st.markdown(f"**{t('codebook.definition')}:** {escape(new.definition)}")
                    st.markdown(f"**{t('codebook.keywords')}:** {escape(', '.join(new.keywords))}")
                    if new.examples:
                        st.markdown(f"**{t('codebook.examples')}**")
                        for ex in new.examples:
                            st.markdown(f"> {escape(ex)}")
                    st.page_link("views/codebook.py", label=t("themes.to_codebook"), icon=":material/account_tree:")
