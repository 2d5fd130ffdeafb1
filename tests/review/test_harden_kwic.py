"""Keyword-in-context wildcards run in bounded, linear time on hostile input (issue 14, point 8)."""

from __future__ import annotations

import re

import pytest

from analysis.corpus.kwic import MAX_WILDCARDS, PatternTooComplex, compile_query, find_spans
from analysis.errors import message

HOSTILE_QUERY = "e*e*e*e*e*e*e*e*e*e*x"


def test_wildcards_compile_without_unbounded_or_backtracking_repeats():
    pattern = compile_query(HOSTILE_QUERY).pattern
    assert r"\w*" not in pattern and r"\w+" not in pattern
    # every wildcard is a bounded repeat inside an atomic group
    assert pattern.count("(?>") == HOSTILE_QUERY.count("*")
    assert re.findall(r"\\w\{0,(\d+)\}", pattern) and all(int(n) <= 100 for n in re.findall(r"\\w\{0,(\d+)\}", pattern))


def test_the_hostile_query_finishes_on_hostile_text_and_still_finds_real_matches():
    pattern = compile_query(HOSTILE_QUERY)
    # one long word of e's without an x: exponential backtracking before the fix
    assert list(find_spans("e" * 30_000, pattern)) == []
    assert list(find_spans(("e" * 60 + " ") * 500, pattern)) == []
    text = "voor " + "e" * 12 + "x na"
    assert [text[s:e] for s, e in find_spans(text, pattern)] == ["e" * 12 + "x"]


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("wacht*", "de jeugdzorgwachtlijst en de wachttijden", ["wachtlijst", "wachttijden"]),
        ("keukentafel*gesprek", "een keukentafelgesprek, geen keukentafel-gesprek", ["keukentafelgesprek"]),
        ("vindba*", "Vindbaarheid en vindbaar", ["Vindbaarheid", "vindbaar"]),
        ("wacht*lijst*", "wachtlijsten", ["wachtlijsten"]),
        ("lang wacht*", "heel lang\nwachten", ["lang\nwachten"]),
    ],
)
def test_wildcards_keep_their_meaning(query, text, expected):
    assert [text[s:e] for s, e in find_spans(text, compile_query(query))] == expected


def test_too_many_wildcards_are_refused_with_a_dutch_message():
    query = "a*" * (MAX_WILDCARDS + 1)
    with pytest.raises(PatternTooComplex) as caught:
        compile_query(query)
    assert isinstance(caught.value, ValueError)  # the pages show ValueErrors of a query as a warning
    assert "jokertekens" in message(caught.value, "nl") and str(MAX_WILDCARDS) in message(caught.value, "nl")


def test_a_search_can_be_cancelled_and_says_it_is_incomplete(tmp_path):
    from analysis.corpus.kwic import kwic
    from analysis.domain import Passage, Source
    from analysis.store import Project

    project = Project.create(tmp_path / "k")
    try:
        for i in range(3):
            text = f"De wachtlijst was lang in bron {i}."
            project.add_source(Source(name=f"s{i}.txt", text=text, checksum=f"k{i}"), [Passage(0, len(text), text, 0)])
        assert kwic(project, "wacht*").complete and len(kwic(project, "wacht*")) == 3
        calls = []

        def stop_after_first_source() -> bool:  # a cancel request that arrives while the search runs
            calls.append(1)
            return len(calls) > 2

        partial = kwic(project, "wacht*", should_stop=stop_after_first_source)
        assert not partial.complete
        assert [h.source_name for h in partial] == ["s0.txt"]
        assert not kwic(project, "wacht*", time_limit=-1).complete  # a spent time budget stops at once
    finally:
        project.close()
