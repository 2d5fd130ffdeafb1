"""Code × source and code × participant matrices (counts or 0/1).

A cell counts the *passages* of the source (or participant) that carry the code
(a passage coded twice with one code counts once); ``binary=True`` turns counts
into 0/1 (present or not). Rows follow the codebook order, columns are sorted
by municipality and then by label. Codes without passages stay as rows of zeros,
so absences are visible too. Stance codes and non-codable codes are left out
unless ``codes`` names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .data import CodingData, ReportError, descendants
from .summary import _natural_key

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

MATRIX_BY = ("source", "participant")


def code_matrix(
    source: CodingData | Project,
    codebook_id: str,
    *,
    by: str = "source",
    binary: bool = False,
    include_suggestions: bool = False,
    include_descendants: bool = False,
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Codes (rows, labelled by code name; index name 'Code') × sources or participants (columns).

    Column labels: source names, or participant pseudonyms (a source without a
    participant appears under its own name). A label that occurs in two
    municipalities gets the municipality added: ``R-01 (Adorp)``.
    """
    if by not in MATRIX_BY:
        raise ReportError("reports.unknown_matrix_column", by=by, choices=", ".join(MATRIX_BY))
    data = CodingData.coerce(source, include_suggestions=include_suggestions)
    cb = data.codebook(codebook_id)
    if codes is None:
        wanted = [c.id for c in cb.codes if c.codable and (c.axis or "").lower() != "stance"]
    else:
        wanted = list(codes)
        for cid in wanted:
            data.code(codebook_id, cid)

    p = data.passages
    if by == "source":
        unit = p["source_id"]
        units = p.drop_duplicates("source_id")[["source_id", "source_name", "municipality"]]
        keys = units["source_id"].tolist()
        raw_labels = units["source_name"].astype(str).tolist()
    else:
        unit = p["participant_key"]
        units = p.drop_duplicates("participant_key")[["participant_key", "participant_label", "municipality"]]
        keys = units["participant_key"].tolist()
        raw_labels = units["participant_label"].astype(str).tolist()
    munis = ["" if pd.isna(m) else str(m) for m in units["municipality"]]
    clash = {lbl for lbl in raw_labels if raw_labels.count(lbl) > 1}
    labels = [f"{lbl} ({m})" if lbl in clash and m else lbl for lbl, m in zip(raw_labels, munis)]
    # still equal (same label, same municipality): add the key
    labels = [f"{lbl} [{k}]" if labels.count(lbl) > 1 else lbl for lbl, k in zip(labels, keys)]
    order = sorted(range(len(keys)), key=lambda i: (_natural_key(munis[i]), _natural_key(labels[i])))
    column_keys = [keys[i] for i in order]
    column_labels = [labels[i] for i in order]

    rows = []
    names = []
    for cid in wanted:
        members = descendants(cb, cid) if include_descendants else [cid]
        pids = data.codings_of(codebook_id, members)["passage_id"].unique()
        counts = unit.loc[pids].value_counts() if len(pids) else pd.Series(dtype="int64")
        rows.append([int(counts.get(k, 0)) for k in column_keys])
        names.append(data.code_name(codebook_id, cid))
    frame = pd.DataFrame(rows, index=pd.Index(names, name="Code"), columns=column_labels, dtype="int64")
    if binary:
        frame = (frame > 0).astype("int64")
    frame.columns.name = "Bron" if by == "source" else "Deelnemer"
    return frame
