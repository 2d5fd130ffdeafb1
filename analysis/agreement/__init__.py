"""Several coders on one project: assignments, blind double coding, agreement, consensus.

::

    from analysis.agreement import agreement, assign, disagreements, resolve, visible_codings

    assign(project, "anna", source_ids=[1, 2]); assign(project, "bram", source_ids=[1, 2])
    visible_codings(project, "anna")              # blind: only anna's codings on her passages
    report = agreement(project, "wmo", ["anna", "bram"], level="sentence")
    report.overall.kappa, report.overall.alpha
    for d in disagreements(project, "wmo", ["anna", "bram"]):
        resolve(project, d.passage_id, d.code_id, "present")   # recorded as coder "consensus"

See :mod:`analysis.agreement.report` for the definition of units and scope.
"""

from .assignments import Assignment, assign, assigned_passage_ids, assignments, unassign, visible_codings
from .disagreements import Disagreement, disagreements, resolve
from .metrics import cohen_kappa, krippendorff_alpha, percent_agreement
from .report import (
    CONSENSUS,
    LEVELS,
    UNIT_MODES,
    AgreementError,
    AgreementReport,
    CodeAgreement,
    agreement,
    format_report,
    load_units,
)

__all__ = [
    "CONSENSUS",
    "LEVELS",
    "UNIT_MODES",
    "AgreementError",
    "AgreementReport",
    "Assignment",
    "CodeAgreement",
    "Disagreement",
    "agreement",
    "assign",
    "assigned_passage_ids",
    "assignments",
    "cohen_kappa",
    "disagreements",
    "format_report",
    "krippendorff_alpha",
    "load_units",
    "percent_agreement",
    "resolve",
    "unassign",
    "visible_codings",
]
