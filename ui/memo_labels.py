"""The memo table's column and kind names in the reader's language, and report downloads that carry the
project's memos (a "Memo's" chapter appended by :func:`analysis.review.memos.add_to_report`)."""

from __future__ import annotations

from collections.abc import Callable

from analysis.reports import Report
from analysis.review import memos as mm
from analysis.store import Project
from ui.i18n import t


def kinds() -> dict[str, str]:
    return {k: t(f"memos.kind.{k}") for k in mm.TARGETS}


def labels() -> dict[str, str]:
    """Column names and kind names of the memo table, in the reader's language."""
    out = {k: t(f"memos.col.{k}") for k in ("kind", "target", "title", "text", "author", "date")}
    out.update({f"kind.{k}": v for k, v in kinds().items()})
    out.update(section=t("memos.title"), none=t("memos.none"))
    return out


def with_memos(report_of: Callable[[], Report], project: Project) -> Callable[[], Report]:
    """``report_of`` with the project's memos appended as a last chapter."""
    return lambda: mm.add_to_report(report_of(), project, labels())
