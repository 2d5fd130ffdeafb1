"""The audit trail names an auto-coding run in words (Team › Logboek showed the raw keys 'autocode_start',
'autocode_done' and 'autocode', and the run's whole review queue of passage ids)."""

from __future__ import annotations

from analysis.audit import readable_rows
from analysis.coding.runs import RUN_DONE, RUN_START


def test_an_auto_coding_run_reads_as_words(sqlite_project):
    run = sqlite_project.log_event(RUN_START, "autocode", "wmo", after={"coder": "duiding-auto", "passages": 710})
    queue = list(range(500, 944))
    sqlite_project.log_event(RUN_DONE, "autocode", "wmo", before={"run": run},
                             after={"passages": 444, "review_queue": queue, "review_strategy": "document"})
    rows = [r for r in readable_rows(sqlite_project) if r["object_id"] == "wmo" and r["object"] != "codeboek"]
    assert [(r["actie"], r["object"]) for r in rows] == [
        ("automatisch coderen gestart", "automatisch coderen"),
        ("automatisch coderen klaar", "automatisch coderen"),
    ]
    assert rows[0]["omschrijving"] == "codeboek wmo: 710 passages, codeur duiding-auto"
    assert rows[1]["omschrijving"] == "codeboek wmo: 444 passages gecodeerd, 444 in de beoordelingsvolgorde"
    assert "597" in rows[1]["na"]  # the full record stays in the 'na' column for the dossier
