"""Saturation: were enough people interviewed? (code and meaning saturation)

*Code saturation* (Guest, Bunce & Johnson 2006): walk the interviews in interview
order and count, per interview, the inductive codes that appear for the first
time; the cumulative curve flattens when interviews stop adding codes.
*Meaning saturation* (Hennink, Kaiser & Marconi 2017): per code, how many
interviews elaborate it; a code that rests on one or two interviews is thin.

Rules (tested in ``tests/reports/test_saturation.py``):

* Only accepted codings count (:class:`~analysis.reports.data.CodingData` loads
  accepted codings unless asked otherwise).
* Interview order: by the source's date when *every* interview has a date that
  can be read, else the import order (source id) for all of them (mixing dated and
  undated interviews would give an arbitrary order).
* Units: a source is one unit. Interviews are sources of kind interview, group
  interview and street interview; story collections are walked the same way with
  the stories (kind story) as units. Units without any counted coding still count:
  they added nothing.
* "New" counts only *inductive* codes — codes created during the analysis — since a
  codebook written in advance reaches "no new code" early by design. See
  :func:`inductive_codes` for how they are told apart. Stance codes and codes that
  cannot be coded (headings) are left out of both measures.
* The plain statement (:attr:`SaturationCurve.statement`) says only what the counts
  show: after which interview no new inductive code came, and which codes rest on
  one or two interviews; with fewer than :data:`MIN_UNITS` units it says there are
  too few to say anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..domain import Codebook
from .data import CodingData, ReportError, stance_codes

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

INTERVIEW_KINDS = ("interview", "group_interview", "street_interview")
STORY_KINDS = ("story",)
UNITS = {"interviews": INTERVIEW_KINDS, "stories": STORY_KINDS}
UNIT_WORDS = {"interviews": ("interview", "interviews"), "stories": ("verhaal", "verhalen")}
#: ``collection`` groups stories by their story collection (participant attribute ``verhaalcollectie``)
GROUPINGS = ("municipality", "respondent_group", "study", "collection")
COLLECTION_ATTRIBUTE = "verhaalcollectie"
#: below this many units the statement says there are too few to say anything
MIN_UNITS = 6
#: a code elaborated in at most this many units is "thin" (rests on one or two units)
THIN = 2
#: prefix of the definition :func:`analysis.themes.topic_to_code` writes
THEME_DEFINITION = "Thema gevonden met topic modelling"
UNKNOWN_GROUP = "onbekend"


class SaturationError(ReportError):
    """A saturation or triangulation report cannot be made (keys ``saturation.*`` in :mod:`analysis.errors`)."""


REASON_METADATA = "aangewezen in het codeboek (metadata 'inductive')"
REASON_ADDED = "toegevoegd tijdens de analyse"
REASON_LATER_SAVE = "toegevoegd bij een latere versie van het codeboek"
REASON_THEME = "gemaakt uit een thema (topic modelling)"


def countable_codes(codebook: Codebook) -> list[str]:
    """Code ids that measure content: codable and not a stance code, in codebook order."""
    stance = {c.id for c in stance_codes(codebook)}
    return [c.id for c in codebook.codes if c.codable and c.id not in stance]


def inductive_codes(codebook: Codebook, audit: Iterable[dict] | None = None) -> dict[str, str]:
    """Code id -> why it counts as inductive (created during the analysis).

    Rules (a code is inductive when any applies, unless the metadata says otherwise):

    1. ``codebook.metadata["deductive"]`` (a list of code ids) names codes that are
       never inductive; ``codebook.metadata["inductive"]`` names codes that are, for
       codebooks whose history was lost (an exchange file, a re-import).
    2. A code whose definition starts the way :func:`analysis.themes.topic_to_code`
       writes it (a code made from a BERTopic theme); this survives an export.
    3. The audit log: a code added on its own after the codebook existed
       (``project.add_code``: the Codebook page, a code made from a theme, an
       in-vivo code made while coding); or a code that appears in a later saved
       version of the codebook but not in the first one (the first save is the
       codebook written in advance).

    The reason given is that of the first rule that applies. Everything else — the
    codes of the codebook as first imported — is deductive; a project imported
    from an exchange file therefore has no inductive codes until rule 1 or 2 says so.
    Only codes that are still in the codebook and :func:`countable_codes` are returned.
    """
    countable = countable_codes(codebook)
    known = set(countable)
    out: dict[str, str] = {}
    meta = codebook.metadata or {}
    deductive = {str(c) for c in meta.get("deductive") or []}
    for c in meta.get("inductive") or []:
        if str(c) in known:
            out[str(c)] = REASON_METADATA
    for code in codebook.codes:
        if code.id in known and code.definition.startswith(THEME_DEFINITION):
            out.setdefault(code.id, REASON_THEME)
    first_save: set[str] | None = None
    for entry in audit or []:
        entity, action, entity_id = entry.get("entity"), entry.get("action"), str(entry.get("entity_id") or "")
        after = entry.get("after") or {}
        if entity == "codebook" and action == "save" and entity_id == codebook.id:
            codes = {str(c) for c in after.get("codes") or []}
            if first_save is None:
                first_save = codes
            else:
                for c in codes - first_save:
                    if c in known:
                        out.setdefault(c, REASON_LATER_SAVE)
        elif entity == "code" and action == "create" and entity_id.startswith(f"{codebook.id}/"):
            c = entity_id[len(codebook.id) + 1 :]
            if c in known:
                out.setdefault(c, REASON_ADDED)
    return {c: out[c] for c in countable if c in out and c not in deductive}


def project_inductive_codes(project: Project, codebook_id: str) -> dict[str, str]:
    """:func:`inductive_codes` of a stored codebook, read with the project's audit log."""
    audit = project.audit_log(entity="codebook", entity_id=codebook_id) + project.audit_log(entity="code")
    return inductive_codes(project.get_codebook(codebook_id), sorted(audit, key=lambda e: e["id"]))


@dataclass
class SaturationCurve:
    """Code and meaning saturation of one group of units (all interviews, or one municipality...)."""

    group: str
    units: str  # "interviews" or "stories"
    ordered_by: str  # "datum" or "importvolgorde"
    #: one row per unit in interview order: position, source_id, name, date, new, new_codes, cumulative
    steps: pd.DataFrame
    #: one row per code that occurs: code_id, code, inductive, units, passages, first_at, thin
    meaning: pd.DataFrame
    inductive: dict[str, str] = field(default_factory=dict)
    code_names: dict[str, str] = field(default_factory=dict)

    @property
    def n_units(self) -> int:
        return len(self.steps)

    @property
    def last_new(self) -> int | None:
        """Position (1-based) of the last unit that added a new inductive code; None when none did."""
        added = self.steps[self.steps["new"] > 0]
        return int(added["position"].max()) if len(added) else None

    @property
    def thin_codes(self) -> list[str]:
        return [str(c) for c in self.meaning.loc[self.meaning["thin"], "code_id"]] if len(self.meaning) else []

    @property
    def too_few(self) -> bool:
        return self.n_units < MIN_UNITS

    @property
    def statement(self) -> str:
        """The plain Dutch sentence under the plot; it claims only what the counts show."""
        one, many = UNIT_WORDS[self.units]
        n = self.n_units
        if self.too_few:
            return f"Te weinig {many} ({n}) om iets te zeggen over verzadiging."
        parts: list[str] = []
        k = self.last_new
        if not self.inductive:
            parts.append(
                f"Het codeboek heeft geen inductieve codes (alle codes stonden vooraf vast), "
                f"dus het aantal nieuwe codes per {one} zegt hier niets over verzadiging."
            )
        elif k is None:
            parts.append(f"In geen van de {n} {many} kwam een inductieve code voor.")
        elif k < n:
            parts.append(f"Na {k} van de {n} {many} kwam er geen nieuwe inductieve code bij.")
        else:
            parts.append(
                f"Ook het laatste van de {n} {many} bracht nog een nieuwe inductieve code: "
                "het aantal codes is niet gestabiliseerd."
            )
        thin = [self.code_names.get(c, c) for c in self.thin_codes]
        if thin:
            shown = thin[:5]
            names = _join(shown) + (f" en {len(thin) - len(shown)} andere" if len(thin) > len(shown) else "")
            if len(thin) == 1:
                parts.append(f"De code {names} rust op één of twee {many}.")
            else:
                parts.append(f"De codes {names} rusten op één of twee {many}.")
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "units": self.units,
            "ordered_by": self.ordered_by,
            "n_units": self.n_units,
            "last_new": self.last_new,
            "too_few": self.too_few,
            "statement": self.statement,
            "inductive": dict(self.inductive),
            "thin_codes": self.thin_codes,
            "steps": _records(self.steps),
            "meaning": _records(self.meaning),
        }


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()})
    return out


def unit_order(data: CodingData, source_ids: Sequence[int]) -> tuple[list[int], str]:
    """``source_ids`` in interview order and how they were ordered ("datum" or "importvolgorde")."""
    ids = sorted({int(s) for s in source_ids})
    if not ids:
        return [], "importvolgorde"
    p = data.passages
    dates = p.drop_duplicates("source_id").set_index("source_id")["date"]
    parsed = pd.to_datetime(pd.Series([dates.get(s) for s in ids], index=ids), errors="coerce", format="mixed")
    if parsed.notna().all():
        return sorted(ids, key=lambda s: (parsed[s], s)), "datum"
    return ids, "importvolgorde"


def saturation_curve(
    data: CodingData,
    codebook_id: str,
    inductive: dict[str, str],
    *,
    units: str = "interviews",
    group: str = "Alle interviews",
    passage_mask: pd.Series | None = None,
) -> SaturationCurve:
    """Code and meaning saturation over the units in ``data`` (optionally only the passages in ``passage_mask``)."""
    if units not in UNITS:
        raise SaturationError("saturation.unknown_units", units=units, choices=" / ".join(UNITS))
    cb = data.codebook(codebook_id)
    countable = countable_codes(cb)
    names = {c.id: c.name for c in cb.codes}
    p = data.passages
    mask = p["kind"].isin(UNITS[units])
    if passage_mask is not None:
        mask &= passage_mask.reindex(p.index, fill_value=False)
    passages = p[mask]
    order, ordered_by = unit_order(data, passages["source_id"].unique().tolist())
    c = data.codings
    c = c[(c["codebook_id"] == codebook_id) & c["code_id"].isin(countable) & c["passage_id"].isin(passages.index)]
    source_of = passages["source_id"]
    pairs = pd.DataFrame(
        {
            "source_id": source_of.reindex(c["passage_id"]).to_numpy(),
            "code_id": c["code_id"].to_numpy(),
            "passage_id": c["passage_id"].to_numpy(),
        }
    )
    codes_of: dict[int, set[str]] = {}
    for sid, code in zip(pairs["source_id"], pairs["code_id"]):
        codes_of.setdefault(int(sid), set()).add(str(code))
    first = passages.drop_duplicates("source_id").set_index("source_id")
    seen: set[str] = set()
    first_at: dict[str, int] = {}
    rows = []
    for pos, sid in enumerate(order, start=1):
        here = codes_of.get(sid, set())
        for code in here:
            first_at.setdefault(code, pos)
        new = [code for code in countable if code in here and code in inductive and code not in seen]
        seen.update(new)
        rows.append(
            {
                "position": pos,
                "source_id": sid,
                "name": str(first.at[sid, "source_name"]),
                "date": first.at[sid, "date"] if pd.notna(first.at[sid, "date"]) else None,
                "new": len(new),
                "new_codes": ", ".join(names.get(x, x) for x in new),
                "cumulative": len(seen),
            }
        )
    steps = pd.DataFrame(rows, columns=["position", "source_id", "name", "date", "new", "new_codes", "cumulative"])
    meaning_rows = []
    units_per_code = pairs.groupby("code_id")["source_id"].nunique() if len(pairs) else pd.Series(dtype="int64")
    passages_per_code = pairs.groupby("code_id")["passage_id"].nunique() if len(pairs) else pd.Series(dtype="int64")
    for code in countable:
        if code not in units_per_code.index:
            continue
        n = int(units_per_code[code])
        meaning_rows.append(
            {
                "code_id": code,
                "code": names.get(code, code),
                "inductive": code in inductive,
                "units": n,
                "passages": int(passages_per_code[code]),
                "first_at": first_at.get(code),
                "thin": n <= THIN,
            }
        )
    meaning = pd.DataFrame(
        meaning_rows, columns=["code_id", "code", "inductive", "units", "passages", "first_at", "thin"]
    )
    if len(meaning):
        meaning = meaning.sort_values(
            ["units", "passages", "code"], ascending=[True, True, True], kind="stable"
        ).reset_index(drop=True)
    return SaturationCurve(
        group=group,
        units=units,
        ordered_by=ordered_by,
        steps=steps,
        meaning=meaning,
        inductive=dict(inductive),
        code_names=names,
    )


def saturation(
    data: CodingData,
    codebook_id: str,
    inductive: dict[str, str],
    *,
    units: str = "interviews",
    by: str | None = None,
    study: str | None = None,
) -> list[SaturationCurve]:
    """One curve for all units (of ``study`` when given), or one per municipality / respondent group / study /
    story collection."""
    if by is not None and by not in GROUPINGS:
        raise SaturationError("saturation.unknown_grouping", by=by, choices=", ".join(GROUPINGS))
    p = data.passages
    base = pd.Series(True, index=p.index)
    if study:
        base &= p["study"] == study
        if not base.any():
            raise SaturationError("saturation.no_study", study=study)
    _, many = UNIT_WORDS.get(units, ("", units))
    if by is None:
        label = f"Alle {many}" + (f" ({study})" if study else "")
        return [saturation_curve(data, codebook_id, inductive, units=units, group=label, passage_mask=base)]
    groups = _group_keys(data, by)
    keys = groups[base & p["kind"].isin(UNITS.get(units, ()))]
    out = []
    for value in sorted(keys.unique()):
        mask = base & (groups == value)
        out.append(saturation_curve(data, codebook_id, inductive, units=units, group=value, passage_mask=mask))
    return out


def _group_keys(data: CodingData, by: str) -> pd.Series:
    """Passage id -> the group it belongs to (text; unknown when not recorded)."""
    if by == "collection":
        attrs = data.attributes
        column = (
            attrs[COLLECTION_ATTRIBUTE]
            if COLLECTION_ATTRIBUTE in attrs.columns
            else pd.Series(None, index=data.passages.index)
        )
        values = column.reindex(data.passages.index)
    else:
        values = data.passages[by]
    return values.where(values.notna() & (values.astype(str) != ""), UNKNOWN_GROUP).astype(str)


def project_saturation(
    project: Project,
    codebook_id: str,
    *,
    units: str = "interviews",
    by: str | None = None,
    study: str | None = None,
    include_suggestions: bool = False,
) -> list[SaturationCurve]:
    """:func:`saturation` straight from a project (accepted codings only unless asked)."""
    if units not in UNITS:
        raise SaturationError("saturation.unknown_units", units=units, choices=" / ".join(UNITS))
    data = CodingData.from_project(
        project, codebook_ids=[codebook_id], kinds=list(UNITS[units]), include_suggestions=include_suggestions
    )
    return saturation(data, codebook_id, project_inductive_codes(project, codebook_id), units=units, by=by, study=study)


def saturation_figure(
    curve: SaturationCurve,
    *,
    unit_label: str = "Interview",
    new_label: str = "Nieuwe inductieve codes",
    cumulative_label: str = "Cumulatief",
):  # type: ignore[no-untyped-def]
    """A plotly figure of the curve: bars = new inductive codes per unit, line = cumulative count."""
    import plotly.graph_objects as go

    steps = curve.steps
    x = [int(v) for v in steps["position"]]
    hover = [
        f"{n}{' — ' + str(d) if d else ''}<br>{c}" for n, d, c in zip(steps["name"], steps["date"], steps["new_codes"])
    ]
    fig = go.Figure()
    fig.add_bar(x=x, y=steps["new"].tolist(), name=new_label, marker_color="#9ecae1", hovertext=hover)
    fig.add_scatter(
        x=x,
        y=steps["cumulative"].tolist(),
        name=cumulative_label,
        mode="lines+markers",
        line={"color": "#2166ac"},
        hovertext=hover,
    )
    fig.update_layout(
        title=curve.group,
        xaxis_title=unit_label,
        height=320,
        margin={"l": 40, "r": 10, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.25},
    )
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(rangemode="tozero", dtick=1 if steps["cumulative"].max() <= 10 else None)
    return fig
