"""Coding in the transcript (issue 15, points 1 and 2): what the transcript component shows and what
its actions do to the store. No Streamlit here; ``views/transcript.py`` mounts the component.

Offsets are code points into the stored source text throughout: the component converts the
browser's UTF-16 offsets before it reports a span (``text[start:end]`` is what was selected).
A span that crosses speaker turns is stored as one coding per turn (a coding lies inside its
passage), the pieces together covering exactly the selected words of each turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.domain import Code, Coding, CodingOrigin, CodingStatus, slugify
from analysis.errors import DuidingError


class TranscriptError(DuidingError, ValueError):
    default_key = "surface.bad_action"


@dataclass(slots=True)
class Turn:
    id: int
    start: int
    end: int


@dataclass(slots=True)
class TranscriptSession:
    """What one browser session's transcript has done: actions seen (never applied twice) and its
    undo stack (each entry the inverse of one action, as a list of steps)."""

    seen: dict[str, int] = field(default_factory=dict)  # client id -> last sequence number applied
    undo: list[list[dict]] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # passages whose codings changed since the view was last sent
    results: dict[str, dict] = field(default_factory=dict)  # "client:seq" -> result (the last few)


def _coding_json(c: Coding) -> dict[str, Any]:
    return {
        "id": c.id,
        "p": c.passage_id,
        "code": c.code_id,
        "s": c.start,
        "e": c.end,
        "coder": c.coder,
        "status": CodingStatus(c.status).value,
        "origin": CodingOrigin(c.origin).value,
        "conf": c.confidence,
        "memo": c.memo or "",
        "cite": bool(c.citeerbaar),
        "ev": [[e.start, e.end, e.reason] for e in c.evidence],
    }


def transcript_turns(project: Any, source_id: int) -> list[dict]:
    """The source's speaker turns (its passages in order) as the component draws them."""
    return [
        {"id": p.id, "s": p.start, "t": p.text, "sp": p.speaker or "", "role": p.role or "", "n": p.ordinal,
         "h": p.heading or "", "q": p.question or ""}
        for p in project.passages(source_id=source_id)
    ]


def transcript_codings(project: Any, source_id: int, codebook_id: str, turns: list[dict], *,
                       suggestions: bool = True, passage_ids: set[int] | None = None) -> list[dict]:
    """The codings of ``codebook_id`` on the source (accepted, and the open suggestions when
    ``suggestions``), or on ``passage_ids`` only; a whole-passage coding gets its passage's span."""
    spans = {t["id"]: (t["s"], t["s"] + len(t["t"])) for t in turns}
    statuses = ["accepted", "suggested"] if suggestions else ["accepted"]
    where: dict[str, Any] = {"passage_ids": sorted(passage_ids)} if passage_ids is not None else {"source_id": source_id}
    rows = []
    for c in project.codings(codebook_id=codebook_id, status=statuses, **where):
        row = _coding_json(c)
        if row["s"] is None or row["e"] is None:
            row["s"], row["e"] = spans.get(c.passage_id, (0, 0))
        rows.append(row)
    return rows


def transcript_codes(codebook: Any) -> list[dict]:
    """The codebook's codes in tree order (parents before their children), with their depth."""
    out: list[dict] = []

    def walk(parent: str | None, depth: int) -> None:
        for code in codebook.children(parent):
            out.append({"id": code.id, "name": code.name, "parent": code.parent or "", "codable": code.codable,
                        "depth": depth})
            walk(code.id, depth + 1)

    walk(None, 0)
    seen = {c["id"] for c in out}
    out += [{"id": c.id, "name": c.name, "parent": c.parent or "", "codable": c.codable, "depth": 0}
            for c in codebook.codes if c.id not in seen]  # a parent missing from the codebook
    return out


def split_over_turns(turns: list[Turn], start: int, end: int) -> list[tuple[int, int, int]]:
    """``[start, end)`` cut into (passage id, start, end) pieces, one per turn it touches."""
    pieces = []
    for t in turns:
        s, e = max(start, t.start), min(end, t.end)
        if s < e:
            pieces.append((t.id, s, e))
    return pieces


class TranscriptActions:
    """Applies the component's actions through the existing Project methods."""

    def __init__(self, project: Any, source_id: int, codebook_id: str, coder: str, session: TranscriptSession,
                 turns: list[dict] | None = None) -> None:
        """``turns``: the source's turns as :func:`transcript_turns` gives them, when the caller has them."""
        self.project = project
        self.source_id = source_id
        self.codebook_id = codebook_id
        self.coder = coder
        self.session = session
        self._turns: list[Turn] | None = (
            [Turn(t["id"], t["s"], t["s"] + len(t["t"])) for t in turns] if turns is not None else None
        )

    @property
    def turns(self) -> list[Turn]:
        if self._turns is None:
            self._turns = [Turn(p.id, p.start, p.end) for p in self.project.passages(source_id=self.source_id)]
        return self._turns

    # -- entry point ---------------------------------------------------------------------------------------
    def apply(self, action: dict) -> dict:
        """Apply one action once: ``{"client", "seq", "op", ...}``; a repeated (client, seq) is ignored
        and answered with its first result."""
        client, seq = str(action.get("client", "")), int(action.get("seq", 0))
        key = f"{client}:{seq}"
        if seq and self.session.seen.get(client, 0) >= seq:
            return self.session.results.get(key, {"seq": seq, "ok": True, "repeat": True})
        op = action.get("op")
        handler = getattr(self, f"_op_{op}", None)
        try:
            if handler is None:
                raise TranscriptError("surface.bad_action", op=str(op))
            result = handler(action)
            result.update(seq=seq, ok=True, op=op)
        except DuidingError as exc:
            result = {"seq": seq, "ok": False, "op": op, "error": exc}
        if seq:
            self.session.seen[client] = seq
            self.session.results[key] = result
            for old in list(self.session.results)[:-50]:
                del self.session.results[old]
        return result

    # -- operations ----------------------------------------------------------------------------------------
    def _span(self, action: dict) -> tuple[int, int]:
        start, end = int(action["start"]), int(action["end"])
        if not self.turns or start >= end or start < self.turns[0].start or end > self.turns[-1].end:
            raise TranscriptError("surface.bad_span", start=start, end=end)
        return start, end

    def _add(self, code_id: str, start: int, end: int) -> list[int]:
        pieces = split_over_turns(self.turns, start, end)
        if not pieces:
            raise TranscriptError("surface.bad_span", start=start, end=end)
        self._pieces = sorted({pid for pid, _, _ in pieces})
        self.session.touched.update(self._pieces)
        return self.project.add_codings([
            Coding(pid, code_id, self.codebook_id, coder=self.coder, origin=CodingOrigin.MANUAL,
                   status=CodingStatus.ACCEPTED, start=s, end=e) for pid, s, e in pieces
        ])

    def _op_add(self, action: dict) -> dict:
        start, end = self._span(action)
        ids = self._add(str(action["code"]), start, end)
        self.session.undo.append([{"op": "delete", "ids": ids, "passages": self._pieces}])
        return {"ids": ids, "code": str(action["code"])}

    def _op_new_code(self, action: dict) -> dict:
        """An in-vivo code named after the selected words (or the given name), then the coding."""
        start, end = self._span(action)
        name = " ".join(str(action.get("name") or "").split())[:80]
        if not name:
            raise TranscriptError("surface.no_code_name")
        codebook = self.project.get_codebook(self.codebook_id)
        existing = {c.id for c in codebook.codes}
        by_name = {c.name.casefold(): c.id for c in codebook.codes}
        code_id = by_name.get(name.casefold())
        if code_id is None:
            base = slugify(name)[:60] or "code"
            code_id, n = base, 2
            while code_id in existing:
                code_id, n = f"{base}-{n}", n + 1
            parent = str(action.get("parent") or "") or None
            self.project.add_code(self.codebook_id, Code(id=code_id, name=name, parent=parent if parent in existing else None))
        ids = self._add(code_id, start, end)
        self.session.undo.append([{"op": "delete", "ids": ids, "passages": self._pieces}])
        return {"ids": ids, "code": code_id, "name": name}

    def _snapshot(self, coding_id: int) -> dict:
        c = self.project.get_coding(coding_id)
        self.session.touched.add(c.passage_id)
        return {"id": c.id, "passage_id": c.passage_id, "codebook_id": c.codebook_id, "code_id": c.code_id,
                "coder": c.coder, "origin": CodingOrigin(c.origin).value, "status": CodingStatus(c.status).value,
                "confidence": c.confidence, "start": c.start, "end": c.end,
                "evidence": [{"start": e.start, "end": e.end, "text": e.text, "reason": e.reason, "weight": e.weight}
                             for e in c.evidence],
                "memo": c.memo, "citeerbaar": bool(c.citeerbaar)}

    def _op_delete(self, action: dict) -> dict:
        ids = [int(i) for i in action["ids"]]
        snapshots = [self._snapshot(i) for i in ids]
        for i in ids:
            self.project.delete_coding(i)
        self.session.undo.append([{"op": "restore", "snapshot": s} for s in snapshots])
        return {"ids": ids}

    def _op_recode(self, action: dict) -> dict:
        """Change the code of a coding: a new coding on the same span, the old one removed."""
        old = self.project.get_coding(int(action["id"]))
        snapshot = self._snapshot(old.id)  # marks the passage as touched
        new_id = self.project.add_coding(Coding(old.passage_id, str(action["code"]), self.codebook_id, coder=self.coder,
                                                origin=CodingOrigin.MANUAL, status=CodingStatus.ACCEPTED,
                                                start=old.start, end=old.end, memo=old.memo))
        self.project.delete_coding(old.id)
        self.session.undo.append([{"op": "delete", "ids": [new_id], "passages": [old.passage_id]},
                                  {"op": "restore", "snapshot": snapshot}])
        return {"ids": [new_id], "replaced": old.id}

    def _op_resize(self, action: dict) -> dict:
        start, end = self._span(action)
        return self._change(int(action["id"]), lambda i: self.project.update_coding(i, start=start, end=end))

    def _op_memo(self, action: dict) -> dict:
        return self._change(int(action["id"]), lambda i: self.project.update_coding(i, memo=str(action.get("memo") or "")))

    def _op_cite(self, action: dict) -> dict:
        """Mark (or unmark) a coding as fit to quote in the report draft (citeerbaar)."""
        return self._change(int(action["id"]), lambda i: self.project.set_citeerbaar(i, bool(action.get("on", True))))

    def _decide(self, action: dict, status: CodingStatus) -> dict:
        return self._change(int(action["id"]), lambda i: self.project.set_status(i, status, coder=self.coder))

    def _change(self, coding_id: int, write: Any) -> dict:
        """Change one coding in place with ``write(coding_id)``; undo puts back its snapshot from before."""
        before = self._snapshot(coding_id)
        write(coding_id)
        self.session.undo.append([{"op": "restore", "snapshot": before}])
        return {"ids": [coding_id]}

    def _op_accept(self, action: dict) -> dict:
        return self._decide(action, CodingStatus.ACCEPTED)

    def _op_reject(self, action: dict) -> dict:
        return self._decide(action, CodingStatus.REJECTED)

    def _op_undo(self, action: dict) -> dict:
        if not self.session.undo:
            return {"ids": [], "nothing": True}
        steps = self.session.undo.pop()
        for step in steps:
            self.session.touched.update(step.get("passages", ()))
            if step["op"] == "restore":
                self.session.touched.add(step["snapshot"]["passage_id"])
            if step["op"] == "delete":
                for i in step["ids"]:
                    try:
                        self.project.delete_coding(i)
                    except DuidingError:
                        pass  # already gone (deleted elsewhere): nothing to undo
            else:
                self.project.restore_coding(step["snapshot"])
        return {"ids": []}
