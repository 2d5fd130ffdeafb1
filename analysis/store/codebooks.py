"""Codebooks and their codes (and norms and scale, stored with the codebook).

A mixin of :class:`analysis.store.Project`: it uses the project's ``transaction()``,
``_session()`` and ``_audit()``."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..domain import Code, Codebook, Norm, ScaleLevel
from .common import StoreError, _code_row, _row_code, _same_span
from .orm import CodebookRow, CodeRow, CodingRow, utcnow
from .permissions import requires


class CodebookStore:
    """Codebooks and their codes (and norms and scale, stored with the codebook)."""

    @requires("codebook")
    def save_codebook(self, codebook: Codebook) -> None:
        """Insert or replace a codebook. Codings of codes that remain keep pointing at them."""
        with self.transaction() as s:
            self._save_codebook(s, codebook)

    def _save_codebook(self, s: Session, codebook: Codebook) -> None:
        row = s.get(CodebookRow, codebook.id)
        before = None
        if row is None:
            row = CodebookRow(id=codebook.id)
            s.add(row)
        else:
            before = {"codes": [c for c in s.scalars(select(CodeRow.code_id).where(CodeRow.codebook_id == codebook.id))]}
        row.name = codebook.name
        row.description = codebook.description
        row.municipality = codebook.municipality
        row.framework = codebook.framework
        row.norms = [asdict(n) for n in codebook.norms]
        row.scale = [asdict(level) for level in codebook.scale]
        row.meta = dict(codebook.metadata)
        row.updated_at = utcnow()
        s.flush()
        s.execute(delete(CodeRow).where(CodeRow.codebook_id == codebook.id))
        ids = set()
        for i, c in enumerate(codebook.codes):
            if c.id in ids:
                raise StoreError("store.code_id_twice", codebook=codebook.id, code=c.id)
            ids.add(c.id)
            s.add(_code_row(codebook.id, c, i))
        self._audit(s, "save", "codebook", codebook.id, before=before, after={"codes": [c.id for c in codebook.codes]})

    @requires("read")
    def codebooks(self) -> list[Codebook]:
        with self._session() as s:
            ids = list(s.scalars(select(CodebookRow.id).order_by(CodebookRow.id)))
        return [self.get_codebook(i) for i in ids]

    @requires("read")
    def codebook_ids(self) -> list[str]:
        with self._session() as s:
            return list(s.scalars(select(CodebookRow.id).order_by(CodebookRow.id)))

    @requires("read")
    def get_codebook(self, codebook_id: str) -> Codebook:
        with self._session() as s:
            row = s.get(CodebookRow, codebook_id)
            if row is None:
                known = ", ".join(s.scalars(select(CodebookRow.id)))
                if not known:
                    raise StoreError("store.no_codebook_none", codebook=codebook_id)
                raise StoreError("store.no_codebook_known", codebook=codebook_id, known=known)
            codes = list(s.scalars(select(CodeRow).where(CodeRow.codebook_id == codebook_id).order_by(CodeRow.position)))
            return Codebook(
                id=row.id,
                name=row.name,
                description=row.description,
                municipality=row.municipality,
                framework=row.framework,
                codes=[_row_code(c) for c in codes],
                norms=[Norm(**n) for n in row.norms or []],
                scale=[ScaleLevel(**lvl) for lvl in row.scale or []],
                metadata=dict(row.meta or {}),
            )

    @requires("codebook")
    def update_code(self, codebook_id: str, code: Code) -> None:
        """Replace one code's fields (its id stays)."""
        with self.transaction() as s:
            row = s.scalar(select(CodeRow).where(CodeRow.codebook_id == codebook_id, CodeRow.code_id == code.id))
            if row is None:
                raise StoreError("store.no_code", codebook=codebook_id, code=code.id)
            before = asdict(_row_code(row))
            new = _code_row(codebook_id, code, row.position)
            for attr in ("parent", "name", "definition", "inclusion", "exclusion", "examples", "keywords",
                         "exclude_keywords", "respondent_groups", "colour", "axis", "crosswalk", "codable"):
                setattr(row, attr, getattr(new, attr))
            self._audit(s, "update", "code", f"{codebook_id}/{code.id}", before=before, after=asdict(code))

    @requires("codebook")
    def add_code(self, codebook_id: str, code: Code) -> None:
        with self.transaction() as s:
            if s.get(CodebookRow, codebook_id) is None:
                raise StoreError("store.no_codebook", codebook=codebook_id)
            exists = s.scalar(select(CodeRow.pk).where(CodeRow.codebook_id == codebook_id, CodeRow.code_id == code.id))
            if exists is not None:
                raise StoreError("store.code_exists", codebook=codebook_id, code=code.id)
            if code.parent is not None:
                self._require_code(s, codebook_id, code.parent)
            pos = (s.scalar(select(func.max(CodeRow.position)).where(CodeRow.codebook_id == codebook_id)) or 0) + 1
            s.add(_code_row(codebook_id, code, pos))
            self._audit(s, "create", "code", f"{codebook_id}/{code.id}", after=asdict(code))

    def _require_code(self, s: Session, codebook_id: str, code_id: str) -> CodeRow:
        row = s.scalar(select(CodeRow).where(CodeRow.codebook_id == codebook_id, CodeRow.code_id == code_id))
        if row is None:
            raise StoreError("store.no_code", codebook=codebook_id, code=code_id)
        return row

    @staticmethod
    def _refuse_cycle(parents: dict[str, str | None], code_id: str, new_parent: str) -> None:
        """Refuse ``new_parent`` as the parent of ``code_id`` when it is that code or one of its descendants
        (``parents``: each code's parent id)."""
        cur: str | None = new_parent
        seen: set[str] = set()
        while cur is not None and cur not in seen:  # a stored cycle must not hang this loop
            if cur == code_id:
                raise StoreError("store.move_under_descendant", code=code_id, parent=new_parent)
            seen.add(cur)
            cur = parents.get(cur)

    @requires("codebook")
    def move_code(self, codebook_id: str, code_id: str, new_parent: str | None) -> None:
        with self.transaction() as s:
            row = self._require_code(s, codebook_id, code_id)
            if new_parent is not None:
                self._require_code(s, codebook_id, new_parent)
                parents = {c.code_id: c.parent for c in s.scalars(select(CodeRow).where(CodeRow.codebook_id == codebook_id))}
                self._refuse_cycle(parents, code_id, new_parent)
            before = row.parent
            row.parent = new_parent
            self._audit(s, "move", "code", f"{codebook_id}/{code_id}", before={"parent": before}, after={"parent": new_parent})

    @requires("codebook")
    def merge_codes(self, codebook_id: str, source_code: str, target_code: str) -> int:
        """Merge ``source_code`` into ``target_code``: codings follow, children move, keywords join.

        Returns the number of codings moved. A passage coded with both keeps one coding.
        """
        if source_code == target_code:
            raise StoreError("store.merge_into_itself")
        with self.transaction() as s:
            src = self._require_code(s, codebook_id, source_code)
            tgt = self._require_code(s, codebook_id, target_code)
            tgt.keywords = list(dict.fromkeys([*(tgt.keywords or []), *(src.keywords or [])]))
            tgt.examples = list(dict.fromkeys([*(tgt.examples or []), *(src.examples or [])]))
            tgt.crosswalk = list(dict.fromkeys([*(tgt.crosswalk or []), *(src.crosswalk or [])]))
            s.execute(
                update(CodeRow).where(CodeRow.codebook_id == codebook_id, CodeRow.parent == source_code).values(parent=target_code)
            )
            moved = 0
            for c in list(s.scalars(select(CodingRow).where(CodingRow.codebook_id == codebook_id, CodingRow.code_id == source_code))):
                twin = s.scalar(
                    select(CodingRow).where(
                        CodingRow.codebook_id == codebook_id,
                        CodingRow.code_id == target_code,
                        CodingRow.passage_id == c.passage_id,
                        CodingRow.coder == c.coder,
                        _same_span(c.start, c.end),
                    )
                )
                if twin is not None:
                    if twin.status != "accepted" and c.status == "accepted":
                        twin.status = "accepted"
                    s.delete(c)
                else:
                    c.code_id = target_code
                    c.updated_at = utcnow()
                moved += 1
            s.delete(src)
            self._audit(s, "merge", "code", f"{codebook_id}/{source_code}", before={"code": source_code}, after={"code": target_code, "codings": moved})
            return moved

    @requires("codebook")
    def delete_code(self, codebook_id: str, code_id: str) -> None:
        with self.transaction() as s:
            row = self._require_code(s, codebook_id, code_id)
            if s.scalar(select(func.count(CodeRow.pk)).where(CodeRow.codebook_id == codebook_id, CodeRow.parent == code_id)):
                raise StoreError("store.code_has_children", code=code_id)
            n = s.execute(delete(CodingRow).where(CodingRow.codebook_id == codebook_id, CodingRow.code_id == code_id)).rowcount
            s.delete(row)
            self._audit(s, "delete", "code", f"{codebook_id}/{code_id}", before={"codings": n})
