"""The normenkader: norms per deelvraag, their evidence, and the researcher's judgement.

Each :class:`~analysis.domain.Norm` of a codebook names the codes that bear on
it. Its *evidence* are the passages coded with those codes (and the codes below
them); the *judgement* is what the researcher recorded with
``project.judge_norm(codebook_id, norm_id, judgement, rationale, evidence)`` on
the codebook's scale (``codebook.scale``: voldoet / voldoet merendeels /
voldoet deels / voldoet niet, each with a colour).

:meth:`NormenkaderReport.to_frame` is the assessment table rekenkamer reports
print: Deelvraag | Norm | Oordeel | Toelichting | Aantal fragmenten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..domain import Norm, ScaleLevel
from .data import CodingData, ReportError, descendants
from .quotes import Quote, quote_for, representative_quotes
from .summary import source_kind_counts

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

NOT_JUDGED = "Nog niet beoordeeld"
TABLE_COLUMNS = ("Deelvraag", "Norm", "Oordeel", "Toelichting", "Aantal fragmenten")


@dataclass
class NormAssessment:
    """One norm with its evidence and judgement."""

    norm_id: str
    deelvraag: str
    norm: str
    description: str
    codes: list[str]
    code_names: list[str]
    judgement: str | None
    judgement_label: str
    colour: str | None
    rationale: str
    evidence_ids: list[int]
    chosen_evidence: list[int] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    judged_by: str | None = None
    unknown_codes: list[str] = field(default_factory=list)
    n_sources_verbatim: int = 0
    n_sources_verslag: int = 0

    @property
    def n_fragments(self) -> int:
        return len(self.evidence_ids)


@dataclass
class NormenkaderReport:
    codebook_id: str
    codebook_name: str
    scale: list[ScaleLevel]
    rows: list[NormAssessment]
    include_suggestions: bool = False
    # Set when nothing is coded with the normenkader's own codebook: the evidence then comes from
    # the codings of its framework (e.g. sociaal-domein), through the codes' crosswalks.
    via_framework: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """Deelvraag | Norm | Oordeel | Toelichting | Aantal fragmenten, in codebook order."""
        return pd.DataFrame(
            [
                {
                    "Deelvraag": r.deelvraag,
                    "Norm": r.norm,
                    "Oordeel": r.judgement_label,
                    "Toelichting": r.rationale,
                    "Aantal fragmenten": r.n_fragments,
                }
                for r in self.rows
            ],
            columns=list(TABLE_COLUMNS),
        )

    def colours(self) -> list[str | None]:
        """Background colour of the 'Oordeel' cell of each row (None when not judged)."""
        return [r.colour for r in self.rows]

    def deelvragen(self) -> list[str]:
        return list(dict.fromkeys(r.deelvraag for r in self.rows))

    def judgement_counts(self) -> pd.DataFrame:
        """How many norms got each level of the scale (and how many are not judged yet)."""
        rows = [
            {"Oordeel": lvl.label, "Aantal normen": sum(1 for r in self.rows if r.judgement == lvl.id), "colour": lvl.colour}
            for lvl in self.scale
        ]
        rows.append({"Oordeel": NOT_JUDGED, "Aantal normen": sum(1 for r in self.rows if r.judgement is None), "colour": None})
        return pd.DataFrame(rows, columns=["Oordeel", "Aantal normen", "colour"])


def assess_normenkader(
    source: CodingData | Project,
    codebook_id: str,
    *,
    judgements: Mapping[str, Mapping[str, Any]] | None = None,
    include_suggestions: bool = False,
    include_descendants: bool = True,
    n_quotes: int = 3,
) -> NormenkaderReport:
    """The normenkader of ``codebook_id`` with evidence and judgements.

    ``judgements`` (norm id -> ``{"judgement", "rationale", "evidence", "judged_by"}``,
    the shape of ``project.norm_judgements``) are read from the project when not given.
    Quotes: the passages the researcher chose as evidence first, then the most
    representative of the rest.
    """
    data = CodingData.coerce(source, include_suggestions=include_suggestions)
    cb = data.codebook(codebook_id)
    if not cb.norms:
        raise ReportError("reports.no_norms", codebook=codebook_id, name=cb.name)
    if judgements is None:
        if isinstance(source, CodingData):
            judgements = {}
        else:
            judgements = source.norm_judgements(codebook_id)
    levels = {lvl.id: lvl for lvl in cb.scale}
    known_codes = {c.id for c in cb.codes}
    via = coded_codebook(data, codebook_id)
    rows: list[NormAssessment] = []
    for norm in cb.norms:
        unknown = [c for c in norm.codes if c not in known_codes]
        linked = [c for c in norm.codes if c in known_codes]
        codings = norm_codings(data, codebook_id, norm, via=via, include_descendants=include_descendants)
        evidence = data.in_document_order(codings["passage_id"].unique().tolist())
        j = judgements.get(norm.id) or {}
        level_id = j.get("judgement")
        level = levels.get(level_id) if level_id else None
        chosen = [int(e) for e in (j.get("evidence") or []) if int(e) in data.passages.index]
        quotes = [quote_for(data, pid, codings=codings) for pid in chosen]
        rest = [pid for pid in evidence if pid not in set(chosen)]
        if len(quotes) < n_quotes and rest:
            quotes += representative_quotes(data, rest, codings=codings, n=n_quotes - len(quotes))
        rows.append(
            NormAssessment(
                norm_id=norm.id,
                deelvraag=norm.deelvraag,
                norm=norm.norm,
                description=norm.description,
                codes=linked,
                code_names=[data.code_name(codebook_id, c) for c in linked],
                judgement=level_id if level_id else None,
                judgement_label=level.label if level else (str(level_id) if level_id else NOT_JUDGED),
                colour=level.colour if level else None,
                rationale=str(j.get("rationale") or ""),
                evidence_ids=evidence,
                chosen_evidence=chosen,
                quotes=quotes,
                judged_by=j.get("judged_by"),
                unknown_codes=unknown,
                n_sources_verbatim=source_kind_counts(data.passages.loc[evidence])[0],
                n_sources_verslag=source_kind_counts(data.passages.loc[evidence])[1],
            )
        )
    return NormenkaderReport(
        codebook_id=cb.id,
        codebook_name=cb.name,
        scale=list(cb.scale),
        rows=rows,
        include_suggestions=data.include_suggestions,
        via_framework=via,
    )


def coded_codebook(data: CodingData, codebook_id: str) -> str | None:
    """The framework whose codings carry the normenkader of ``codebook_id`` when nothing is coded with
    the normenkader's own codebook (through the codes' crosswalks); None when its own codings count."""
    cb = data.codebook(codebook_id)
    coded_books = set(data.codings["codebook_id"].unique().tolist()) if len(data.codings) else set()
    return cb.framework if codebook_id not in coded_books and cb.framework in coded_books else None


def norm_codings(
    data: CodingData, codebook_id: str, norm: Norm, *, via: str | None = None, include_descendants: bool = True
) -> pd.DataFrame:
    """The counted codings that are evidence for ``norm``: of its codes (and the codes below them), or,
    with ``via`` (see :func:`coded_codebook`), of the framework codes their crosswalks point to."""
    cb = data.codebook(codebook_id)
    known_codes = {c.id for c in cb.codes}
    codes: list[str] = []
    for c in (c for c in norm.codes if c in known_codes):
        for d in descendants(cb, c) if include_descendants else [c]:
            if d not in codes:
                codes.append(d)
    if via:
        framework = data.codebook(via)
        targets = {d for c in codes for x in (cb.code(c).crosswalk or []) for d in descendants(framework, x)}
        return data.codings_of(via, targets)
    return data.codings_of(codebook_id, codes)


def scale_legend(levels: Sequence[ScaleLevel]) -> pd.DataFrame:
    return pd.DataFrame([{"Oordeel": lvl.label, "Kleur": lvl.colour or ""} for lvl in levels], columns=["Oordeel", "Kleur"])
