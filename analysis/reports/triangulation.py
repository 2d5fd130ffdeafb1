"""Triangulation: which kinds of sources carry each norm and each code, and how strong is each finding.

For every norm of a normenkader (its codes and the codes below them) and every
codable, non-stance code of the codebook: the passages that carry it, split by
*source kind* — documents (reports and policy documents), interviews per
respondent group, group interviews, street interviews, stories — with the number
of participants and municipalities, the stance split, and the passages behind
every cell of the matrix (norm or code × source kind).

A finding is marked weak when it rests on one respondent (exactly one participant
and no document) or on one source kind (interviews of several respondent groups
are still one kind). Only accepted codings count unless the data was loaded with
suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from .data import CodingData, descendants
from .saturation import countable_codes

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

DOCUMENTS = "Documenten"
GROUP_INTERVIEWS = "Groepsinterviews"
STREET_INTERVIEWS = "Straatinterviews"
STORIES = "Verhalen"
INTERVIEWS = "Interviews"
UNKNOWN_GROUP = "groep onbekend"
#: source kind -> kind family (for "one source kind")
FAMILY = {
    "report": DOCUMENTS,
    "policy_document": DOCUMENTS,
    "interview": INTERVIEWS,
    "group_interview": GROUP_INTERVIEWS,
    "street_interview": STREET_INTERVIEWS,
    "story": STORIES,
}
FAMILY_ORDER = (DOCUMENTS, INTERVIEWS, GROUP_INTERVIEWS, STREET_INTERVIEWS, STORIES)
ONE_RESPONDENT = "rust op één respondent"
ONE_KIND = "rust op één soort bron"


def column_of(kind: str, respondent_group: Any) -> str:
    """The matrix column of a passage: its kind family; interviews split by respondent group."""
    family = FAMILY.get(str(kind), INTERVIEWS)
    if family != INTERVIEWS:
        return family
    group = respondent_group if isinstance(respondent_group, str) and respondent_group else UNKNOWN_GROUP
    return f"{INTERVIEWS}: {group}"


def _column_rank(column: str) -> tuple[int, str]:
    family = INTERVIEWS if column.startswith(f"{INTERVIEWS}: ") else column
    return FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER), column


@dataclass
class TriangulationRow:
    key: str  # "norm:<id>" or "code:<id>"
    kind: str  # "norm" or "code"
    label: str
    deelvraag: str
    cells: dict[str, list[int]]  # column -> passage ids (document order)
    participants: int
    municipalities: int
    families: list[str]
    stance: dict[str, int]
    passages: int

    @property
    def one_respondent(self) -> bool:
        return self.participants == 1 and DOCUMENTS not in self.families

    @property
    def one_kind(self) -> bool:
        return len(self.families) == 1

    @property
    def strength(self) -> str:
        """Plain Dutch: empty when the finding is triangulated, else what it rests on."""
        if not self.passages:
            return "geen fragmenten"
        notes = [ONE_RESPONDENT] if self.one_respondent else []
        if self.one_kind:
            notes.append(ONE_KIND)
        return "; ".join(notes)


@dataclass
class Triangulation:
    codebook_id: str
    codebook_name: str
    columns: list[str]
    rows: list[TriangulationRow]
    stance_labels: dict[str, str] = field(default_factory=dict)
    include_suggestions: bool = False

    def matrix(self) -> pd.DataFrame:
        """Passage counts: rows (norm or code label) × source-kind columns."""
        frame = pd.DataFrame(
            [[len(r.cells.get(c, [])) for c in self.columns] for r in self.rows],
            index=pd.Index([r.label for r in self.rows], name="Norm of code"),
            columns=self.columns,
        )
        return frame.astype("int64")

    def to_frame(self) -> pd.DataFrame:
        """One row per norm and code: the matrix plus participants, municipalities, stance and strength."""
        records = []
        for r in self.rows:
            rec: dict[str, Any] = {"Soort": "Norm" if r.kind == "norm" else "Code", "Norm of code": r.label}
            for c in self.columns:
                rec[c] = len(r.cells.get(c, []))
            rec["Fragmenten"] = r.passages
            rec["Deelnemers"] = r.participants
            rec["Gemeenten"] = r.municipalities
            rec["Soorten bronnen"] = len(r.families)
            for sid, label in self.stance_labels.items():
                rec[label] = r.stance.get(sid, 0)
            rec["Sterkte"] = r.strength
            records.append(rec)
        columns = [
            "Soort",
            "Norm of code",
            *self.columns,
            "Fragmenten",
            "Deelnemers",
            "Gemeenten",
            "Soorten bronnen",
            *self.stance_labels.values(),
            "Sterkte",
        ]
        return pd.DataFrame(records, columns=columns)

    def row(self, key: str) -> TriangulationRow:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(f"no row {key!r} in the triangulation of {self.codebook_id!r}")

    def cell_passages(self, key: str, column: str) -> list[int]:
        return list(self.row(key).cells.get(column, []))

    def as_dict(self) -> dict[str, Any]:
        return {
            "codebook_id": self.codebook_id,
            "columns": list(self.columns),
            "rows": [
                {
                    "key": r.key,
                    "kind": r.kind,
                    "label": r.label,
                    "deelvraag": r.deelvraag,
                    "cells": {c: list(v) for c, v in r.cells.items()},
                    "passages": r.passages,
                    "participants": r.participants,
                    "municipalities": r.municipalities,
                    "source_kinds": list(r.families),
                    "stance": {self.stance_labels.get(k, k): v for k, v in r.stance.items()},
                    "one_respondent": r.one_respondent,
                    "one_kind": r.one_kind,
                    "strength": r.strength,
                }
                for r in self.rows
            ],
        }


def _stance(data: CodingData, codebook_id: str) -> tuple[list[str], dict[str, str]]:
    stance, _ = data.stance_by_passage()
    stance_ids = [code for cb_id, code in stance if cb_id == codebook_id]
    return stance_ids, {code: data.code_name(codebook_id, code) for code in stance_ids}


def triangulation_row(
    data: CodingData, passage_ids: list[int], *, key: str, kind: str, label: str, deelvraag: str, stance_codebook: str
) -> TriangulationRow:
    """The triangulation of one finding carried by ``passage_ids`` (document order): cells per source
    kind, participants, municipalities and the stance split on the stance codes of ``stance_codebook``."""
    p = data.passages
    column = data.cache.get("triangulation_columns")
    if column is None:
        column = data.cache["triangulation_columns"] = {
            int(pid): column_of(k, g) for pid, k, g in zip(p.index, p["kind"], p["respondent_group"])
        }
    _, by_passage = data.stance_by_passage()
    stance_ids, _ = _stance(data, stance_codebook)
    ids = list(passage_ids)
    cells: dict[str, list[int]] = {}
    for pid in ids:
        cells.setdefault(column[pid], []).append(pid)
    sub = p.loc[ids] if ids else p.iloc[:0]
    people = sub[~sub["kind"].isin(("report", "policy_document"))]["participant_key"].nunique()
    munis = sub["municipality"].dropna().nunique()
    families = sorted({FAMILY.get(str(k), INTERVIEWS) for k in sub["kind"]}, key=FAMILY_ORDER.index)
    split = {s: sum(1 for pid in ids if (stance_codebook, s) in by_passage.get(pid, set())) for s in stance_ids}
    return TriangulationRow(key, kind, label, deelvraag, cells, int(people), int(munis), families, split, len(ids))


def triangulate(data: CodingData, codebook_id: str, *, include_descendants: bool = True) -> Triangulation:
    """The triangulation of every norm and every countable code of ``codebook_id``."""
    cb = data.codebook(codebook_id)
    _, stance_labels = _stance(data, codebook_id)
    known = {c.id for c in cb.codes}

    def make(key: str, kind: str, label: str, deelvraag: str, codes: list[str]) -> TriangulationRow:
        ids = data.passages_with(codebook_id, codes) if codes else []
        return triangulation_row(data, ids, key=key, kind=kind, label=label, deelvraag=deelvraag, stance_codebook=codebook_id)

    rows: list[TriangulationRow] = []
    for norm in cb.norms:
        codes: list[str] = []
        for c in (c for c in norm.codes if c in known):
            for d in descendants(cb, c) if include_descendants else [c]:
                if d not in codes:
                    codes.append(d)
        rows.append(make(f"norm:{norm.id}", "norm", norm.norm, norm.deelvraag, codes))
    for code in countable_codes(cb):
        codes = descendants(cb, code) if include_descendants else [code]
        rows.append(make(f"code:{code}", "code", cb.code(code).name, "", codes))
    used = {c for r in rows for c in r.cells}
    columns = sorted(used, key=_column_rank)
    return Triangulation(cb.id, cb.name, columns, rows, stance_labels, data.include_suggestions)


def project_triangulation(project: Project, codebook_id: str, *, include_suggestions: bool = False) -> Triangulation:
    data = CodingData.from_project(project, codebook_ids=[codebook_id], include_suggestions=include_suggestions)
    return triangulate(data, codebook_id)
