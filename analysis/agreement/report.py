"""Intercoder agreement per code and overall, at passage or sentence level.

Units
    ``level="passage"``: a unit is passage x code; its value for a coder is 1 when the
    coder applied the code to the passage (an accepted coding, with or without a span),
    else 0. ``level="sentence"``: a unit is sentence x code; a sentence counts as coded
    when one of the coder's accepted codings of that code covers at least ``min_overlap``
    (default half) of the sentence's characters; a coding without a span covers the whole
    passage. Sentences come from :func:`analysis.corpus.sentence_spans`.

Which units count (``units=``)
    ``"coded"`` (default): only units that at least one of the compared coders coded with
    some code of the codebook. Text nobody coded (greetings, procedural talk, headings)
    would otherwise add thousands of "absent/absent" agreements and inflate every figure.
    ``"all"``: every unit in the coders' common scope, which is the textbook definition and
    is what you want when "nobody coded this" is itself a meaningful judgement.

Scope
    A coder judged a passage when it is assigned to them (see :mod:`.assignments`), or,
    for a coder without assignments, when it lies in a source in which they made at least
    one accepted coding of the codebook. Outside that scope the coder's value is missing,
    not "absent". Only passages judged by at least two of the compared coders are units.

Codes
    By default the codes that at least one compared coder applied in those units; codes
    nobody used carry no information (their kappa and alpha are undefined) and would only
    add trivial agreement to the overall figures. Pass ``codes=`` to choose.

Only accepted codings count; suggestions and rejections are ignored. Consensus decisions
(coder ``"consensus"``, see :mod:`.disagreements`) are never one of the default coders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..corpus.sentences import sentence_spans
from ..domain import Codebook, Coding, CodingStatus
from ..store import Project, StoreError
from .assignments import assigned_passage_ids
from .metrics import cohen_kappa, krippendorff_alpha, pairable, percent_agreement

CONSENSUS = "consensus"
LEVELS = ("passage", "sentence")
UNIT_MODES = ("coded", "all")


class AgreementError(StoreError):
    """Agreement cannot be computed (the message says why)."""

    default_key = "agreement.failed"


@dataclass(slots=True)
class CodeAgreement:
    """Agreement on one code (or, with ``code_id == "*"``, on all codes pooled)."""

    code_id: str
    code_name: str
    units: int  # units with values from at least two coders
    applied: dict[str, int] = field(default_factory=dict)  # coder -> units they coded with it
    percent: float | None = None
    kappa: float | None = None  # Cohen's kappa; only with exactly two coders
    alpha: float | None = None  # Krippendorff's alpha (nominal)


@dataclass(slots=True)
class AgreementReport:
    codebook_id: str
    level: str
    unit_mode: str
    coders: list[str]
    n_units: int  # units (passages or sentences) taking part, before multiplying by codes
    overall: CodeAgreement
    per_code: list[CodeAgreement]
    scope: dict[str, str] = field(default_factory=dict)  # coder -> how their scope was decided
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class _Unit:
    passage_id: int
    start: int
    end: int


@dataclass(slots=True)
class UnitData:
    """The reliability data behind a report: units, scopes and who coded what."""

    codebook: Codebook
    coders: list[str]
    level: str
    units: list[_Unit]
    scope: dict[str, set[int]]  # coder -> passage ids they judged
    scope_kind: dict[str, str]
    coded: dict[tuple[str, str], set[int]]  # (coder, code) -> unit indexes

    def ratings(self, code_id: str, unit_indexes: Iterable[int]) -> list[dict[str, int]]:
        out: list[dict[str, int]] = []
        for i in unit_indexes:
            pid = self.units[i].passage_id
            out.append({k: int(i in self.coded.get((k, code_id), ())) for k in self.coders if pid in self.scope[k]})
        return out


def default_codebook(project: Project, codebook_id: str | None) -> str:
    if codebook_id:
        return codebook_id
    ids = project.codebook_ids()
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise AgreementError("agreement.no_codebook", location=project.location)
    raise AgreementError("agreement.several_codebooks", location=project.location, codebooks=", ".join(ids))


def default_coders(project: Project, codebook_id: str, coders: Sequence[str] | None) -> list[str]:
    if coders:
        chosen = list(dict.fromkeys(c.strip() for c in coders if c and c.strip()))
    else:
        chosen = sorted(
            {c.coder for c in project.codings(codebook_id=codebook_id, status=CodingStatus.ACCEPTED)} - {CONSENSUS}
        )
    if len(chosen) < 2:
        found = ", ".join(chosen) or "none"
        raise AgreementError("agreement.too_few_coders", codebook=codebook_id, found=found,
                             found_nl=", ".join(chosen) or "geen")
    return chosen


def load_units(
    project: Project,
    codebook_id: str,
    coders: Sequence[str],
    *,
    level: str = "passage",
    min_overlap: float = 0.5,
) -> UnitData:
    """Collect scopes, units and accepted codings of ``coders`` (see the module docstring)."""
    if level not in LEVELS:
        raise AgreementError("agreement.unknown_level", level=level)
    if not 0.0 < min_overlap <= 1.0:
        raise AgreementError("agreement.bad_overlap", min_overlap=min_overlap)
    codebook = project.get_codebook(codebook_id)
    accepted = [
        c for c in project.codings(codebook_id=codebook_id, status=CodingStatus.ACCEPTED) if c.coder in set(coders)
    ]
    coded_passages = sorted({c.passage_id for c in accepted})
    passage_source = {r.id: r.source_id for r in _records(project, coded_passages)}
    scope: dict[str, set[int]] = {}
    scope_kind: dict[str, str] = {}
    source_passages: dict[int, list[int]] = {}
    for k in coders:
        assigned = assigned_passage_ids(project, k)
        if assigned is not None:
            scope[k] = assigned
            scope_kind[k] = "toegewezen passages"
            continue
        ids: set[int] = set()
        for sid in sorted({passage_source[c.passage_id] for c in accepted if c.coder == k}):
            if sid not in source_passages:
                source_passages[sid] = project.passage_ids(source_id=sid)
            ids.update(source_passages[sid])
        scope[k] = ids
        scope_kind[k] = "bronnen waarin gecodeerd is"
    counts: dict[int, int] = {}
    for ids in scope.values():
        for pid in ids:
            counts[pid] = counts.get(pid, 0) + 1
    shared = sorted(pid for pid, n in counts.items() if n >= 2)
    records = sorted(_records(project, shared), key=lambda r: (r.source_id, r.ordinal))
    units: list[_Unit] = []
    by_passage: dict[int, list[int]] = {}
    for r in records:
        spans = [(r.start, r.end)]
        if level == "sentence":
            spans = [(r.start + s, r.start + e) for s, e in sentence_spans(r.text)] or spans
        for s, e in spans:
            by_passage.setdefault(r.id, []).append(len(units))
            units.append(_Unit(r.id, s, e))
    coded: dict[tuple[str, str], set[int]] = {}
    for c in accepted:
        for i in by_passage.get(c.passage_id, ()):
            if c.passage_id in scope[c.coder] and (level == "passage" or _covers(c, units[i], min_overlap)):
                coded.setdefault((c.coder, c.code_id), set()).add(i)
    return UnitData(codebook, list(coders), level, units, scope, scope_kind, coded)


def agreement(
    project: Project,
    codebook_id: str | None = None,
    coders: Sequence[str] | None = None,
    *,
    level: str = "passage",
    units: str = "coded",
    codes: Sequence[str] | None = None,
    min_overlap: float = 0.5,
) -> AgreementReport:
    """Percent agreement, Cohen's kappa (two coders) and Krippendorff's alpha per code and overall."""
    if units not in UNIT_MODES:
        raise AgreementError("agreement.unknown_units", units=units)
    codebook_id = default_codebook(project, codebook_id)
    chosen = default_coders(project, codebook_id, coders)
    data = load_units(project, codebook_id, chosen, level=level, min_overlap=min_overlap)
    cb = data.codebook
    known = {c.id for c in cb.codes}
    if units == "coded":
        included = sorted(set().union(*data.coded.values())) if data.coded else []
    else:
        included = list(range(len(data.units)))
    if codes:
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise AgreementError("agreement.unknown_codes", codebook=codebook_id, codes=", ".join(map(repr, unknown)))
        code_ids = list(dict.fromkeys(codes))
    else:
        inc = set(included)
        used = {code for (_k, code), idx in data.coded.items() if idx & inc}
        code_ids = [c.id for c in cb.codes if c.id in used]
    notes: list[str] = []
    if not included:
        notes.append("geen eenheden: geen passage is door minstens twee van deze codeurs beoordeeld")
    per_code: list[CodeAgreement] = []
    pooled: list[dict[str, int]] = []
    for code_id in code_ids:
        ratings = data.ratings(code_id, included)
        pooled.extend(ratings)
        per_code.append(_measure(code_id, cb.code(code_id).name, ratings, chosen))
    overall = _measure("*", "Alle codes", pooled, chosen)
    for k in chosen:
        if not data.scope[k]:
            notes.append(f"codeur {k!r} heeft geen geaccepteerde coderingen en geen toewijzingen in dit codeboek")
    return AgreementReport(
        codebook_id=codebook_id,
        level=level,
        unit_mode=units,
        coders=chosen,
        n_units=len(included),
        overall=overall,
        per_code=per_code,
        scope=data.scope_kind,
        notes=notes,
    )


def _measure(code_id: str, name: str, ratings: list[dict[str, int]], coders: list[str]) -> CodeAgreement:
    applied = {k: sum(1 for u in ratings if u.get(k) == 1) for k in coders}
    return CodeAgreement(
        code_id=code_id,
        code_name=name,
        units=len(pairable(ratings)),
        applied=applied,
        percent=percent_agreement(ratings),
        kappa=cohen_kappa(ratings, coders[0], coders[1]) if len(coders) == 2 else None,
        alpha=krippendorff_alpha(ratings),
    )


def _covers(coding: Coding, unit: _Unit, min_overlap: float) -> bool:
    if coding.start is None or coding.end is None:
        return True
    length = unit.end - unit.start
    if length <= 0:
        return False
    overlap = min(coding.end, unit.end) - max(coding.start, unit.start)
    return overlap > 0 and overlap >= min_overlap * length


def _records(project: Project, passage_ids: Sequence[int]):
    return project.passages(ids=list(passage_ids))


def _fmt(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f}%" if pct else f"{value:.3f}"


def format_report(report: AgreementReport) -> str:
    """A Markdown table (Dutch labels) for the terminal and the onderzoeksdossier."""
    level = "passage × code" if report.level == "passage" else "zin × code"
    mode = "alleen gecodeerde eenheden" if report.unit_mode == "coded" else "alle eenheden"
    lines = [
        f"Overeenstemming codeboek {report.codebook_id} — codeurs: {', '.join(report.coders)}",
        f"Eenheid: {level}; {mode}; {report.n_units} {'passages' if report.level == 'passage' else 'zinnen'}.",
        "",
    ]
    header = [
        "Code",
        "Eenheden",
        *[f"# {k}" for k in report.coders],
        "Overeenstemming",
        "Cohen's κ",
        "Krippendorff's α",
    ]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    for row in [*report.per_code, report.overall]:
        name = f"**{row.code_name}**" if row.code_id == "*" else f"{row.code_name} ({row.code_id})"
        cells = [
            name,
            str(row.units),
            *[str(row.applied.get(k, 0)) for k in report.coders],
            _fmt(row.percent, pct=True),
            _fmt(row.kappa),
            _fmt(row.alpha),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for note in report.notes:
        lines.append(f"\nLet op: {note}")
    return "\n".join(lines)
