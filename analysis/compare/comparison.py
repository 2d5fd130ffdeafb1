"""Compare municipalities on the themes of a generic framework.

Each municipality may be coded with its own codebook: every counted coding is
mapped onto framework themes through the crosswalks (:mod:`.crosswalk`), so
"Deventer coded with ``deventer``" and "Almelo coded with ``almelo``" meet on the
themes of ``sociaal-domein``. A passage counts once per theme, whichever
codebook(s) put it there.

>>> cmp = compare_municipalities(project)                         # doctest: +SKIP
>>> cmp.matrix("participants_share")                               # doctest: +SKIP
>>> cmp.distinctive_themes(); distinctive_words(cmp.data)          # doctest: +SKIP

Normalisation (``measure`` of :meth:`MunicipalityComparison.matrix`):

* ``participants_share`` — share of the municipality's participants who raised the theme
* ``sources_share`` — share of its sources in which the theme occurs
* ``passages_per_participant`` / ``passages_per_source`` — theme passages divided by
  the number of participants / sources of the municipality
* ``passages_share`` — share of its passages that carry the theme
* ``passages``, ``participants``, ``sources`` — raw counts

A source without a participant (a report) counts as one participant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..domain import Codebook
from ..reports.data import CodingData, ReportError
from ..reports.labels import UNKNOWN, is_not_data
from ..reports.quotes import Quote, representative_quotes
from ..reports.text import content_terms
from .cooccurrence import cooccurrence
from .crosswalk import ThemeMap, build_theme_map
from .logodds import distinctive_features

if TYPE_CHECKING:  # pragma: no cover
    import plotly.graph_objects as go

    from ..store import Project

DEFAULT_FRAMEWORK = "sociaal-domein"
# The measures of MunicipalityComparison.matrix (keys: the app, the CLI and the report word them).
MEASURES: tuple[str, ...] = (
    "participants_share",
    "sources_share",
    "passages_share",
    "passages_per_participant",
    "passages_per_source",
    "passages",
    "participants",
    "sources",
)
SHARE_MEASURES = ("participants_share", "sources_share", "passages_share")


def _muni(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return UNKNOWN
    return str(value)


@dataclass
class MunicipalityComparison:
    """Theme counts per municipality on a common framework, and what is distinctive."""

    framework_id: str
    framework_name: str
    level: str
    municipalities: list[str]
    themes: list[str]
    theme_names: dict[str, str]
    counts: pd.DataFrame  # theme, municipality, passages, participants, sources
    totals: pd.DataFrame  # index municipality: passages, participants, sources
    theme_codings: pd.DataFrame  # counted codings with their theme (one row per coding × theme)
    codebooks_used: pd.DataFrame  # municipality, codebook_id, codings, passages
    unmapped: pd.DataFrame  # codebook_id, code_id, code, passages: codings that reach no theme
    theme_map: ThemeMap
    data: CodingData
    warnings: list[str] = field(default_factory=list)

    # -- matrices ------------------------------------------------------------------
    def matrix(self, measure: str = "participants_share", *, labels: bool = True) -> pd.DataFrame:
        """Theme × municipality table of ``measure`` (see the module docstring)."""
        if measure not in MEASURES:
            raise ReportError("compare.unknown_measure", measure=measure, choices=", ".join(MEASURES))
        base = {"passages": "passages", "participants": "participants", "sources": "sources"}
        if measure in base:
            value_col, denom = measure, None
        elif measure == "participants_share":
            value_col, denom = "participants", "participants"
        elif measure == "sources_share":
            value_col, denom = "sources", "sources"
        elif measure == "passages_share":
            value_col, denom = "passages", "passages"
        elif measure == "passages_per_participant":
            value_col, denom = "passages", "participants"
        else:
            value_col, denom = "passages", "sources"
        table = (
            self.counts.pivot_table(index="theme", columns="municipality", values=value_col, aggfunc="sum", fill_value=0)
            .reindex(index=self.themes, columns=self.municipalities, fill_value=0)
            .astype(float)
        )
        if denom is not None:
            totals = self.totals[denom].reindex(self.municipalities).astype(float)
            table = table.div(totals.where(totals > 0), axis=1).fillna(0.0)
        else:
            table = table.astype("int64")
        if labels:
            table.index = pd.Index([self.theme_names.get(t, t) for t in table.index], name="Thema")
        else:
            table.index.name = "theme"
        table.columns.name = "Gemeente"
        return table

    def distinctive_themes(self, *, prior_scale: float | None = None, min_count: int = 1) -> pd.DataFrame:
        """Weighted log-odds (informative Dirichlet prior) of theme passages, per municipality vs the rest."""
        counts = self.matrix("passages", labels=False).T  # municipalities × themes
        out = distinctive_features(counts, prior_scale=prior_scale, min_count=min_count)
        out.insert(2, "theme_name", out["feature"].map(lambda t: self.theme_names.get(t, t)))
        return out.rename(columns={"group": "municipality", "feature": "theme"})

    def cooccurrence(self, *, municipality: str | None = None, measure: str = "count") -> pd.DataFrame:
        """Theme × theme co-occurrence at passage level (mapped themes), optionally in one municipality."""
        tc = self.theme_codings
        if municipality is not None:
            tc = tc[tc["municipality"] == municipality]
        pc: dict[int, set[str]] = {}
        for pid, theme in zip(tc["passage_id"], tc["theme"]):
            pc.setdefault(int(pid), set()).add(theme)
        return cooccurrence(pc, self.themes, measure=measure, labels=self.theme_names, name="Thema")

    # -- quotes --------------------------------------------------------------------------
    def quotes(self, theme: str, *, n: int = 2, method: str = "centrality") -> dict[str, list[Quote]]:
        """Representative quotes of ``theme`` (id or name) per municipality."""
        theme = self._theme_id(theme)
        tc = self.theme_codings[self.theme_codings["theme"] == theme]
        out: dict[str, list[Quote]] = {}
        for muni in self.municipalities:
            mine = tc[tc["municipality"] == muni]
            out[muni] = representative_quotes(
                self.data, mine["passage_id"].unique().tolist(), codings=mine, n=n, method=method
            )
        return out

    def quotes_side_by_side(self, theme: str, *, n: int = 2, method: str = "centrality") -> pd.DataFrame:
        """Quotes of one theme with the municipalities as columns (text + provenance per cell)."""
        per = self.quotes(theme, n=n, method=method)
        rows = []
        for i in range(n):
            row = {}
            for muni in self.municipalities:
                qs = per[muni]
                row[muni] = f"{qs[i].display()} {qs[i].provenance}" if i < len(qs) else ""
            if any(row.values()):
                rows.append(row)
        frame = pd.DataFrame(rows, columns=self.municipalities)
        frame.index = pd.Index([f"Citaat {i + 1}" for i in range(len(rows))], name=self.theme_names.get(self._theme_id(theme), theme))
        return frame

    def heatmap(
        self,
        measure: str = "participants_share",
        *,
        title: str | None = None,
        colorbar_title: str | None = None,
        cell_text: Callable[[float], str] | None = None,
    ) -> go.Figure:
        """Plotly heatmap of :meth:`matrix`. The titles default to the Dutch report's wording; the app passes
        its own (``title``, ``colorbar_title``) and its number form (``cell_text``)."""
        from .plots import REPORT_WORDING, heatmap_figure

        return heatmap_figure(
            self.matrix(measure),
            title=f"Thema's per gemeente — {REPORT_WORDING[measure].lower()}" if title is None else title,
            percent=measure in SHARE_MEASURES,
            colorbar_title=REPORT_WORDING[measure] if colorbar_title is None else colorbar_title,
            cell_text=cell_text,
        )

    def _theme_id(self, theme: str) -> str:
        if theme in self.themes:
            return theme
        for t in self.themes:
            if self.theme_names.get(t, "").lower() == theme.lower():
                return t
        raise ReportError("compare.no_theme", theme=theme, framework=self.framework_id, themes=", ".join(self.themes))


def _framework_codebook(data: CodingData, framework: str | Codebook, project: Project | None) -> Codebook:
    if isinstance(framework, Codebook):
        return framework
    if framework in data.codebooks:
        return data.codebooks[framework]
    if project is not None and framework in project.codebook_ids():
        return project.get_codebook(framework)
    try:
        from ..codebook import load_shipped

        return load_shipped(framework)
    except (ImportError, FileNotFoundError, ValueError) as exc:
        raise ReportError("compare.no_framework", framework=framework, detail=exc) from exc


def compare_municipalities(
    source: CodingData | Project,
    framework: str | Codebook = DEFAULT_FRAMEWORK,
    *,
    level: str = "top",
    include_suggestions: bool = False,
    municipalities: Sequence[str] | None = None,
    codebooks: Sequence[str] | None = None,
) -> MunicipalityComparison:
    """Theme counts per municipality on ``framework`` (a codebook id or a :class:`Codebook`).

    ``codebooks`` limits which codebooks' codings count (default: the framework
    and every codebook whose ``framework`` is it). ``municipalities`` limits and
    orders the columns (default: every municipality with passages, sorted).
    """
    project = None if isinstance(source, CodingData) else source
    data = CodingData.coerce(source, include_suggestions=include_suggestions)
    fw = _framework_codebook(data, framework, project)
    considered = [data.codebook(c) for c in codebooks] if codebooks is not None else list(data.codebooks.values())
    theme_map = build_theme_map(considered, fw, level=level)
    if not any(cb_id in data.codebooks for cb_id in theme_map.codebooks):
        raise ReportError(
            "compare.no_mapping", framework=fw.id, loaded=", ".join(sorted(data.codebooks)) or "none",
            loaded_nl=", ".join(sorted(data.codebooks)) or "geen",
        )

    p = data.passages
    present = sorted({_muni(m) for m in p["municipality"]}, key=lambda m: (m == UNKNOWN, m.lower(), m))
    if municipalities is not None:
        missing = [m for m in municipalities if m not in present]
        if missing:
            raise ReportError(
                "compare.no_municipality", municipalities=", ".join(repr(m) for m in missing),
                present=", ".join(present) or "none", present_nl=", ".join(present) or "geen",
            )
        munis = list(dict.fromkeys(municipalities))
    else:
        munis = present

    meta = pd.DataFrame(
        {
            "municipality": p["municipality"].map(_muni),
            "participant_key": p["participant_key"],
            "source_id": p["source_id"],
        },
        index=p.index,
    )
    meta = meta[meta["municipality"].isin(munis)]
    totals = pd.DataFrame(
        {
            "passages": meta.groupby("municipality").size(),
            "participants": meta.groupby("municipality")["participant_key"].nunique(),
            "sources": meta.groupby("municipality")["source_id"].nunique(),
        }
    ).reindex(munis).fillna(0).astype("int64")
    totals.index.name = "municipality"

    c = data.codings[data.codings["codebook_id"].isin(theme_map.codebooks)]
    c = c[c["passage_id"].isin(meta.index)]
    stance_keys = {(cb.id, code.id) for cb in considered for code in cb.codes if (code.axis or "").lower() == "stance"}
    themes_per_row = [theme_map.themes_of(cb, code) for cb, code in zip(c["codebook_id"], c["code_id"])]
    c = c.assign(theme=themes_per_row)
    mapped = pd.Series([bool(t) for t in themes_per_row], index=c.index, dtype=bool)
    is_stance = pd.Series(
        [(cb, code) in stance_keys for cb, code in zip(c["codebook_id"], c["code_id"])], index=c.index, dtype=bool
    )
    unmapped_rows = c.loc[~mapped & ~is_stance]
    unmapped = (
        unmapped_rows.groupby(["codebook_id", "code_id"])["passage_id"].nunique().rename("passages").reset_index()
        if len(unmapped_rows)
        else pd.DataFrame(columns=["codebook_id", "code_id", "passages"])
    )
    unmapped.insert(2, "code", [data.code_name(cb, code) for cb, code in zip(unmapped["codebook_id"], unmapped["code_id"])])

    tc = c.loc[mapped].explode("theme")
    tc = tc.join(meta, on="passage_id")
    tc = tc.reset_index(drop=True)
    counts = (
        tc.groupby(["theme", "municipality"])
        .agg(
            passages=("passage_id", "nunique"),
            participants=("participant_key", "nunique"),
            sources=("source_id", "nunique"),
        )
        .reset_index()
        if len(tc)
        else pd.DataFrame(columns=["theme", "municipality", "passages", "participants", "sources"])
    )
    all_counted = c.join(meta, on="passage_id")
    used = (
        all_counted.groupby(["municipality", "codebook_id"])
        .agg(codings=("passage_id", "size"), passages=("passage_id", "nunique"))
        .reset_index()
        if len(all_counted)
        else pd.DataFrame(columns=["municipality", "codebook_id", "codings", "passages"])
    )
    warnings = list(theme_map.warnings)
    if theme_map.skipped_codebooks:
        warnings.append(
            "codebooks without a crosswalk onto "
            f"{fw.id!r} are not compared: {', '.join(theme_map.skipped_codebooks)}"
        )
    return MunicipalityComparison(
        framework_id=fw.id,
        framework_name=fw.name,
        level=level,
        municipalities=munis,
        themes=list(theme_map.themes),
        theme_names={t: theme_map.names.get(t, t) for t in theme_map.themes},
        counts=counts,
        totals=totals,
        theme_codings=tc,
        codebooks_used=used,
        unmapped=unmapped,
        theme_map=theme_map,
        data=data,
        warnings=warnings,
    )


#: Spoken contractions that are stop words in all but spelling.
CONTRACTIONS = frozenset({"m'n", "z'n", "d'r", "'t", "'s", "da's", "'k", "'m", "'n", "zo'n", "m'm"})


def word_counts(
    data: CodingData,
    *,
    by: str = "municipality",
    passage_ids: Sequence[int] | None = None,
    exclude_interviewer: bool = True,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """Groups (values of ``by``) × words: how often each content word (lemma) occurs.

    Left out: interviewer turns and header lines (role, or speaker 'I', 'Interviewer', ...; their questions
    are the same everywhere), spoken contractions (``m'n``, ``z'n``), the words of
    the group names themselves ('Lindewaard' is trivially distinctive of Lindewaard)
    and of the participant pseudonyms, and any lemma in ``exclude``.
    """
    p = data.passages
    if passage_ids is not None:
        p = p.loc[[i for i in passage_ids if i in p.index]]
    if exclude_interviewer:
        roles = p["role"] if "role" in p.columns else pd.Series(None, index=p.index, dtype=object)
        p = p.loc[[not is_not_data(r, s) for r, s in zip(roles, p["speaker"])]]
    if by not in p.columns:
        raise ReportError("compare.unknown_word_grouping", by=by)
    groups = p[by].map(_muni) if by == "municipality" else p[by].map(lambda v: UNKNOWN if v is None or pd.isna(v) else str(v))
    terms = content_terms(p["text"].astype(str).tolist())
    names = sorted(set(groups)) + sorted({str(x) for x in p["participant"].dropna()})
    skip = set(CONTRACTIONS) | {w.lower() for w in exclude}
    skip |= {w for ws in content_terms(names) for w in ws}
    counts: dict[str, dict[str, int]] = {}
    for group, words in zip(groups, terms):
        bucket = counts.setdefault(group, {})
        for w in words:
            if w not in skip:
                bucket[w] = bucket.get(w, 0) + 1
    frame = pd.DataFrame.from_dict(counts, orient="index").fillna(0).astype("int64")
    frame = frame.reindex(sorted(frame.index, key=lambda m: (m == UNKNOWN, m.lower())))
    return frame.reindex(columns=sorted(frame.columns))


def distinctive_words(
    source: CodingData | MunicipalityComparison,
    *,
    by: str = "municipality",
    passage_ids: Sequence[int] | None = None,
    prior_scale: float | None = None,
    min_count: int = 3,
    top: int | None = 15,
    exclude_interviewer: bool = True,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """The words most distinctive of each municipality (weighted log-odds, informative Dirichlet prior).

    Lemmas come from :mod:`analysis.nlp` (stop words and fillers removed). Returns
    ``top`` words per group with the highest z-score (all when ``top`` is None);
    columns: municipality, term, count, count_rest, rate, log_odds, variance, z.
    """
    data = source.data if isinstance(source, MunicipalityComparison) else source
    counts = word_counts(data, by=by, passage_ids=passage_ids, exclude_interviewer=exclude_interviewer, exclude=exclude)
    if counts.empty:
        return pd.DataFrame(columns=[by, "term", "count", "count_rest", "rate", "log_odds", "variance", "z"])
    out = distinctive_features(counts, prior_scale=prior_scale, min_count=min_count)
    if top is not None:
        out = out.groupby("group", sort=False).head(top).reset_index(drop=True)
    return out.rename(columns={"group": by, "feature": "term"})
