"""Pages that show what is stored now, for every session: a cheap change check and what to resend.

Another session (a colleague on the same project, the same researcher in a second tab, the command line)
may code while a page is open. A page polls the project's data version (:meth:`Project.data_version`, one
counter bumped in the transaction of every write, by anyone) every few seconds; only when it moved does
the page read and send again what it shows. :class:`LiveView` is that bookkeeping for the transcript, with
no Streamlit in it: per run it says what the browser's component must get, and it keeps the number of
codings the component holds (the caption counts them, also after a run that sent only a few passages).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Send(str, Enum):
    """What one run of the page sends to the component."""

    DOCUMENT = "document"  # the whole source and all its codings (a new page, another source or codebook)
    DELTA = "delta"  # the codings of the passages this session's own action touched
    CODINGS = "codings"  # all codings again, not the text: something was stored elsewhere
    NOTHING = "nothing"  # nothing stored since the last run: the component keeps what it has


@dataclass
class LiveView:
    """What one session's page last sent, to decide what the next run sends.

    ``version`` is the data version read *before* the codings were last read in full, so a write that
    lands between the two is seen (at worst the page reads once more than needed, never once less).
    """

    context: Hashable | None = None
    version: int | None = None
    per_passage: Counter = field(default_factory=Counter)

    def plan(self, context: Hashable, version: int, *, page_run: bool, acted: bool) -> Send:
        """What this run sends. ``page_run``: the whole page runs (the component may have been drawn anew);
        ``acted``: this session's own action was just applied; ``version``: the data version now."""
        if page_run or context != self.context or self.version is None:
            return Send.DOCUMENT
        if acted:
            return Send.DELTA  # the version moved by our own write too: the next poll reads everything once
        return Send.CODINGS if version != self.version else Send.NOTHING

    def shows(self, send: Send, codings: Iterable[dict], passages: Iterable[int] = ()) -> int:
        """How many codings the component holds after this run: ``codings`` are the ones sent (``c["p"]`` is a
        coding's passage), ``passages`` those whose codings a delta replaces. The same run twice counts once."""
        fresh = Counter(c["p"] for c in codings)
        if send is Send.DELTA:
            for p in passages:
                self.per_passage.pop(p, None)
            self.per_passage.update(fresh)
        elif send is not Send.NOTHING:
            self.per_passage = fresh
        return self.codings

    def synced(self, send: Send, context: Hashable, version: int) -> None:
        """The run's data went to the component (call after sending: a run interrupted before that is planned
        again, so the component never misses a document)."""
        if send in (Send.DOCUMENT, Send.CODINGS):
            self.context, self.version = context, version

    @property
    def codings(self) -> int:
        """How many codings the component holds (what the page says it shows)."""
        return sum(self.per_passage.values())


def codebook_in_use(project: Any, codebook_ids: Sequence[str]) -> str | None:
    """The codebook a page opens with when the researcher chose none: the first with open suggestions (as the
    review page chooses), else the first with accepted codings, else the first. A page that showed an unused
    codebook (an empty transcript, "0 codings") while the project's work sits in another told less than is stored."""
    for status in ("suggested", "accepted"):
        for cid in codebook_ids:
            if project.passages(codebook_id=cid, status=status, limit=1):
                return cid
    return codebook_ids[0] if codebook_ids else None
