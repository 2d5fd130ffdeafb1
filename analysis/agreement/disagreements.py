"""Where coders disagree, and how the team settles it.

A disagreement is a passage x code on which some of the compared coders applied the
code and others (who judged the passage) did not. The team decides; the decision is
stored as a coding by the coder ``"consensus"`` (accepted = the code applies, rejected =
it does not), so it is visible in the audit trail, never counts as one of the coders in
agreement figures, and reports can use it as the final coding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import Coding, CodingOrigin, CodingStatus
from ..store import Project
from .report import CONSENSUS, AgreementError, default_codebook, default_coders, load_units

_PRESENT = {"present", "yes", "ja", "wel", "toekennen", "accept", "accepted", "true", "1"}
_ABSENT = {"absent", "no", "nee", "niet", "afwijzen", "reject", "rejected", "false", "0"}


@dataclass(slots=True)
class Disagreement:
    passage_id: int
    source_id: int
    source_name: str
    codebook_id: str
    code_id: str
    code_name: str
    present: list[str]  # coders who applied the code
    absent: list[str]  # coders who judged the passage and did not
    text: str
    resolution: str | None = None  # "present" / "absent" once the consensus is recorded
    speaker: str | None = None  # who speaks in the passage (a group interview has several)
    role: str | None = None  # 'interviewer', 'respondent', 'other' or None

    @property
    def resolved(self) -> bool:
        return self.resolution is not None


def disagreements(
    project: Project,
    codebook_id: str | None = None,
    coders: Sequence[str] | None = None,
    *,
    include_resolved: bool = True,
) -> list[Disagreement]:
    """Passage-level disagreements between ``coders`` (default: everyone with accepted codings)."""
    codebook_id = default_codebook(project, codebook_id)
    chosen = default_coders(project, codebook_id, coders)
    data = load_units(project, codebook_id, chosen, level="passage")
    decided = {
        (c.passage_id, c.code_id): ("present" if c.status == CodingStatus.ACCEPTED else "absent")
        for c in project.codings(codebook_id=codebook_id, coder=CONSENSUS)
        if c.status != CodingStatus.SUGGESTED
    }
    names = {c.id: c.name for c in data.codebook.codes}
    units_with_codes: dict[int, set[str]] = {}
    for (_k, code), idx in data.coded.items():
        for i in idx:
            units_with_codes.setdefault(i, set()).add(code)
    records = {}
    wanted = sorted({data.units[i].passage_id for i in units_with_codes})
    for r in project.passages(ids=wanted):
        records[r.id] = r
    order = {c.id: n for n, c in enumerate(data.codebook.codes)}
    out: list[Disagreement] = []
    for i in sorted(units_with_codes):
        pid = data.units[i].passage_id
        for code in sorted(units_with_codes[i], key=lambda c: order.get(c, len(order))):
            judges = [k for k in chosen if pid in data.scope[k]]
            present = [k for k in judges if i in data.coded.get((k, code), ())]
            absent = [k for k in judges if k not in present]
            if not present or not absent:
                continue
            resolution = decided.get((pid, code))
            if resolution is not None and not include_resolved:
                continue
            r = records[pid]
            out.append(
                Disagreement(
                    pid,
                    r.source_id,
                    r.source_name,
                    codebook_id,
                    code,
                    names.get(code, code),
                    present,
                    absent,
                    r.text,
                    resolution,
                    r.speaker,
                    r.role,
                )
            )
    return out


def resolve(
    project: Project,
    passage_id: int,
    code_id: str,
    decision: bool | str,
    *,
    codebook_id: str | None = None,
    memo: str = "",
) -> int:
    """Record the team's decision on ``code_id`` for ``passage_id``; returns the coding id.

    ``decision``: True / ``"present"`` / ``"toekennen"`` (the code applies) or False /
    ``"absent"`` / ``"afwijzen"`` (it does not). Deciding again replaces the decision.
    Needs the ``consensus`` right (a beheerder).
    """
    from ..accounts import require

    require(project, None, "consensus")
    if isinstance(decision, bool):
        applies = decision
    else:
        key = str(decision).strip().lower()
        if key in _PRESENT:
            applies = True
        elif key in _ABSENT:
            applies = False
        else:
            raise AgreementError("agreement.unknown_decision", decision=decision)
    if codebook_id is None:
        books = sorted({c.codebook_id for c in project.codings(passage_ids=[passage_id], code_id=code_id)})
        if len(books) != 1:
            found = ", ".join(books) or "none"
            raise AgreementError("agreement.ambiguous_codebook", passage=passage_id, code=code_id, found=found)
        codebook_id = books[0]
    coding = Coding(
        passage_id=passage_id,
        code_id=code_id,
        codebook_id=codebook_id,
        coder=CONSENSUS,
        origin=CodingOrigin.MANUAL,
        status=CodingStatus.ACCEPTED if applies else CodingStatus.REJECTED,
        memo=memo,
    )
    return project.add_coding(coding)
