"""Stored results: topic models, saved passage sets, story collections and normenkader judgements.

A mixin of :class:`analysis.store.Project`: it uses the project's ``transaction()``,
``_session()`` and ``_audit()``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from .common import StoreError, _jsonable, in_chunks
from .orm import (
    NormJudgementRow,
    PassageRow,
    PassageSetMemberRow,
    PassageSetRow,
    StoryCollectionRow,
    TopicAssignmentRow,
    TopicModelRow,
    utcnow,
)
from .permissions import requires


class ArtefactStore:
    """Stored results: topic models, saved passage sets, story collections and normenkader judgements."""

    @requires("analyse")
    def save_topic_model(
        self,
        name: str,
        params: dict,
        topics: list[dict],
        assignments: Sequence[tuple[int, int, float | None]],
        blob: bytes | None = None,
    ) -> int:
        with self.transaction() as s:
            row = TopicModelRow(name=name, params=_jsonable(params), topics=_jsonable(topics), blob=blob)
            s.add(row)
            s.flush()
            if assignments:
                s.execute(
                    TopicAssignmentRow.__table__.insert(),
                    [{"model_id": row.id, "passage_id": int(p), "topic": int(t), "probability": None if pr is None else float(pr)} for p, t, pr in assignments],
                )
            self._audit(s, "create", "topic_model", row.id, after={"name": name, "topics": len(topics)})
            return row.id

    @requires("read")
    def topic_models(self) -> list[dict]:
        with self._session() as s:
            return [
                {"id": r.id, "name": r.name, "params": r.params, "created_at": r.created_at, "n_topics": len(r.topics or [])}
                for r in s.scalars(select(TopicModelRow).order_by(TopicModelRow.id))
            ]

    @requires("read")
    def load_topic_model(self, model_id: int) -> dict:
        with self._session() as s:
            r = s.get(TopicModelRow, model_id)
            if r is None:
                raise StoreError("store.no_topic_model", id=model_id)
            return {"id": r.id, "name": r.name, "params": r.params, "topics": r.topics, "blob": r.blob, "created_at": r.created_at}

    @requires("read")
    def topic_assignments(self, model_id: int) -> list[tuple[int, int, float | None]]:
        with self._session() as s:
            return [
                (r.passage_id, r.topic, r.probability)
                for r in s.scalars(select(TopicAssignmentRow).where(TopicAssignmentRow.model_id == model_id).order_by(TopicAssignmentRow.passage_id))
            ]

    @requires("analyse")
    def delete_topic_model(self, model_id: int) -> None:
        with self.transaction() as s:
            s.execute(delete(TopicAssignmentRow).where(TopicAssignmentRow.model_id == model_id))
            s.execute(delete(TopicModelRow).where(TopicModelRow.id == model_id))
            self._audit(s, "delete", "topic_model", model_id)

    @requires("analyse")
    def save_passage_set(
        self, name: str, passage_ids: Iterable[int], *, query: str = "", description: str = ""
    ) -> int:
        """Store (or replace) the named set with these passages; returns its id. Unknown ids are refused."""
        name = str(name).strip()
        if not name:
            raise StoreError("store.passage_set_no_name")
        ids = list(dict.fromkeys(int(i) for i in passage_ids))
        with self.transaction() as s:
            known: set[int] = set()
            for chunk in in_chunks(ids):
                known.update(s.scalars(select(PassageRow.id).where(PassageRow.id.in_(chunk))))
            missing = [i for i in ids if i not in known]
            if missing:
                raise StoreError("store.passage_set_unknown_passages", name=name, ids=", ".join(map(str, missing[:5])))
            row = s.scalar(select(PassageSetRow).where(PassageSetRow.name == name))
            before = None
            if row is None:
                row = PassageSetRow(name=name, description=description, query=query, created_by=self.user or "")
                s.add(row)
                s.flush()
            else:
                before = {"query": row.query, "size": s.scalar(
                    select(func.count()).select_from(PassageSetMemberRow).where(PassageSetMemberRow.set_id == row.id)
                )}
                row.query, row.description, row.updated_at = query, description, datetime.now(UTC)
                s.execute(delete(PassageSetMemberRow).where(PassageSetMemberRow.set_id == row.id))
            if ids:
                s.execute(PassageSetMemberRow.__table__.insert(), [{"set_id": row.id, "passage_id": i} for i in ids])
            self._audit(s, "save", "passage_set", name, before, {"query": query, "size": len(ids)})
            return row.id

    @requires("read")
    def passage_set_names(self) -> list[str]:
        """The names of the saved sets, sorted (cheap: no members read)."""
        with self._session() as s:
            return list(s.scalars(select(PassageSetRow.name).order_by(PassageSetRow.name)))

    @requires("read")
    def passage_sets(self) -> list[dict]:
        """Every saved set: ``{"id", "name", "description", "query", "created_by", "created_at", "passage_ids"}``
        (passage ids in document order)."""
        with self._session() as s:
            sets = list(s.scalars(select(PassageSetRow).order_by(PassageSetRow.name)))
            members: dict[int, list[int]] = {}
            stmt = (
                select(PassageSetMemberRow.set_id, PassageSetMemberRow.passage_id)
                .join(PassageRow, PassageRow.id == PassageSetMemberRow.passage_id)
                .order_by(PassageRow.source_id, PassageRow.ordinal)
            )
            for set_id, pid in s.execute(stmt):
                members.setdefault(set_id, []).append(pid)
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "description": r.description,
                    "query": r.query,
                    "created_by": r.created_by,
                    "created_at": r.created_at,
                    "passage_ids": members.get(r.id, []),
                }
                for r in sets
            ]

    @requires("read")
    def get_passage_set(self, name: str) -> dict:
        for found in self.passage_sets():
            if found["name"] == name:
                return found
        raise StoreError("store.no_passage_set", name=name)

    @requires("analyse")
    def delete_passage_set(self, name: str) -> None:
        with self.transaction() as s:
            row = s.scalar(select(PassageSetRow).where(PassageSetRow.name == name))
            if row is None:
                raise StoreError("store.no_passage_set", name=name)
            s.delete(row)
            self._audit(s, "delete", "passage_set", name, {"query": row.query}, None)

    @requires("analyse")
    def save_story_collection(self, collection: dict) -> int:
        """Store a story collection's definition (questions, prompt, stories' answers)."""
        with self.transaction() as s:
            name = collection.get("name", "verhalen")
            if s.scalar(select(StoryCollectionRow.id).where(StoryCollectionRow.name == name)) is not None:
                raise StoreError("store.story_collection_exists", name=name)
            row = StoryCollectionRow(name=name, municipality=collection.get("municipality"), data=_jsonable(collection))
            s.add(row)
            s.flush()
            self._audit(s, "create", "story_collection", row.id, after={"name": row.name})
            return row.id

    @requires("read")
    def story_collections(self) -> list[dict]:
        with self._session() as s:
            return [
                {"id": r.id, "name": r.name, "municipality": r.municipality, "data": r.data, "created_at": r.created_at}
                for r in s.scalars(select(StoryCollectionRow).order_by(StoryCollectionRow.id))
            ]

    @requires("judge")
    def judge_norm(self, codebook_id: str, norm_id: str, judgement: str | None, rationale: str = "", evidence: Sequence[int] = ()) -> None:
        cb = self.get_codebook(codebook_id)
        if norm_id not in {n.id for n in cb.norms}:
            raise StoreError("store.no_norm", codebook=codebook_id, norm=norm_id)
        if judgement is not None and judgement not in {lvl.id for lvl in cb.scale}:
            raise StoreError(
                "store.judgement_not_on_scale", judgement=judgement, codebook=codebook_id,
                scale=", ".join(level.id for level in cb.scale),
            )
        with self.transaction() as s:
            row = s.scalar(select(NormJudgementRow).where(NormJudgementRow.codebook_id == codebook_id, NormJudgementRow.norm_id == norm_id))
            before = None
            if row is None:
                row = NormJudgementRow(codebook_id=codebook_id, norm_id=norm_id)
                s.add(row)
            else:
                before = {"judgement": row.judgement, "rationale": row.rationale}
            row.judgement = judgement
            row.rationale = rationale
            row.evidence = [int(e) for e in evidence]
            row.judged_by = self.user
            row.updated_at = utcnow()
            self._audit(s, "judge", "norm", f"{codebook_id}/{norm_id}", before=before, after={"judgement": judgement, "rationale": rationale})

    @requires("read")
    def norm_judgements(self, codebook_id: str) -> dict[str, dict]:
        with self._session() as s:
            return {
                r.norm_id: {"judgement": r.judgement, "rationale": r.rationale, "evidence": list(r.evidence or []), "judged_by": r.judged_by, "updated_at": r.updated_at}
                for r in s.scalars(select(NormJudgementRow).where(NormJudgementRow.codebook_id == codebook_id))
            }
