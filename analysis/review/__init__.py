"""The review queue behind the "Beoordelen & coderen" page, free of any UI code.

>>> from analysis.review import ReviewFilters, build_queue, load_item, accept, UndoStack
>>> queue = build_queue(project, "sociaal-domein", ReviewFilters(status="suggested"))
>>> item = load_item(project, queue.ids[0], "sociaal-domein")
>>> stack = UndoStack()
>>> stack.push(accept(project, item.suggestions[0].id, coder="onderzoeker"))
>>> stack.undo_last(project)          # the suggestion is open again

Every action is stored at once through :class:`analysis.store.Project` and
returns a :class:`ReviewAction`; undo reverts it from the audit log snapshots.
"""

from __future__ import annotations

from .actions import (
    ReviewAction,
    accept,
    add_code,
    code_sentences,
    reject,
    remove,
    sentence_runs,
    sentence_spans_to_source,
    set_memo,
)
from .history import from_params, last_code, to_params, undo_history
from .order import active_learning_available, active_learning_order
from .overview import BreakdownRow, corpus_breakdown
from .queue import (
    ORDER_ACTIVE,
    ORDER_DOCUMENT,
    STATUS_ACCEPTED,
    STATUS_ALL,
    STATUS_REJECTED,
    STATUS_SUGGESTED,
    STATUS_UNCODED,
    STATUSES,
    ReviewFilters,
    ReviewItem,
    ReviewQueue,
    apply_order,
    build_queue,
    codings_for,
    filtered_ids,
    load_item,
    load_passages,
    sort_codings,
)
from .text import Mark, Segment, local_spans, segments, sentence_spans, simple_sentences
from .undo import UndoConflict, UndoStack, undo

__all__ = [
    "ORDER_ACTIVE",
    "ORDER_DOCUMENT",
    "STATUSES",
    "STATUS_ACCEPTED",
    "STATUS_ALL",
    "STATUS_REJECTED",
    "STATUS_SUGGESTED",
    "STATUS_UNCODED",
    "BreakdownRow",
    "Mark",
    "ReviewAction",
    "ReviewFilters",
    "ReviewItem",
    "ReviewQueue",
    "Segment",
    "UndoConflict",
    "UndoStack",
    "accept",
    "active_learning_available",
    "active_learning_order",
    "add_code",
    "apply_order",
    "build_queue",
    "code_sentences",
    "codings_for",
    "corpus_breakdown",
    "filtered_ids",
    "from_params",
    "last_code",
    "load_item",
    "load_passages",
    "local_spans",
    "reject",
    "remove",
    "segments",
    "sentence_runs",
    "sentence_spans",
    "sentence_spans_to_source",
    "set_memo",
    "simple_sentences",
    "sort_codings",
    "to_params",
    "undo",
    "undo_history",
]
