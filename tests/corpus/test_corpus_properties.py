"""Property tests: offsets always round-trip, turns and their words survive ingestion."""

from __future__ import annotations

import re
import tempfile
from itertools import groupby
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus import find_turns, ingest_file, segment
from analysis.domain import SourceKind

SPEAKERS = [
    ("I", "I:"),
    ("R", "R:"),
    ("R1", "R1:"),
    ("Interviewer", "Interviewer:"),
    ("Respondent 2", "Respondent 2:"),
    ("Marieke", "[00:01:02] Marieke:"),
    ("Marieke", "(00:14:59) Marieke:"),
    ("Jan de Vries", "Jan de Vries:"),
    ("HUISARTS DE VRIES", "HUISARTS DE VRIES:"),
    ("Annemiek (huisarts)", "Annemiek (huisarts):"),
    ("Cliënt", "Cliënt:"),
]
STARTS = ["Het", "Ik", "We", "Dat", "Toen", "Nou", "Ja", "Eigenlijk", "Let op:", "Mijn", "Bij"]
WORDS = [
    *[
        "de",
        "het",
        "een",
        "wijkteam",
        "inwoner",
        "ondersteuning",
        "gemeente",
        "zorg",
        "hulp",
        "wmo",
        "keukentafel",
        "consulent",
        "mantelzorger",
        "wachttijd",
        "bijv.",
        "o.a.",
        "d.w.z.",
        "nr.",
        "12",
        "3,5",
        "10:30",
        "€",
        "café",
        "ideeën",
        "geïnformeerd",
        "vond",
        "fijn",
        "lang",
        "kort,",
        "snel,",
        "eh,",
        "(lacht)",
        "'goed'",
        "“echt”",
        "-",
        "zo",
    ]
]

sentence = st.builds(
    lambda start, words, end: " ".join([start, *words]) + end,
    st.sampled_from(STARTS),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=25),
    st.sampled_from([".", "?", "!", "...", "."]),
)
paragraph = st.lists(sentence, min_size=1, max_size=8).map(" ".join)
turn = st.tuples(
    st.sampled_from(SPEAKERS),
    st.lists(paragraph, min_size=1, max_size=4),
    st.sampled_from(["\n\n", "\n"]),  # paragraph separator inside a turn
    st.booleans(),  # content on the line after the label
)


def squash(text: str) -> str:
    return " ".join(text.split())


def build(turns, preamble: bool, turn_separator: str) -> str:
    parts = ["# Interview 7, wijk Noord, maart 2026\n"] if preamble else []
    for (_, label), paragraphs, separator, next_line in turns:
        parts.append(label + ("\n" if next_line else " ") + separator.join(paragraphs))
    return turn_separator.join(parts) + "\n"


def check_offsets(text: str, passages) -> None:
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    end = 0
    for p in passages:
        assert text[p.start : p.end] == p.text
        assert p.text and p.text == p.text.strip()
        assert re.search(r"[^\W_]", p.text)
        assert p.start >= end
        end = p.end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    turns=st.lists(turn, min_size=3, max_size=12),
    preamble=st.booleans(),
    turn_separator=st.sampled_from(["\n", "\n\n", "\n\n\n"]),
    crlf=st.booleans(),
    bom=st.booleans(),
    cp1252=st.booleans(),
)
def test_generated_transcripts_round_trip(turns, preamble, turn_separator, crlf, bom, cp1252) -> None:
    text = build(turns, preamble, turn_separator)
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("cp1252") if cp1252 and not bom else (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "transcript.txt"
        path.write_bytes(data)
        source, passages = ingest_file(path, kind=SourceKind.INTERVIEW)
    check_offsets(source.text, passages)
    assert "\r" not in source.text and "\ufeff" not in source.text

    spoken = [p for p in passages if p.speaker is not None]
    if preamble:
        assert passages[0].speaker is None and passages[0].text.startswith("# Interview 7")
    else:
        assert len(spoken) == len(passages)
    # the speakers, in order (runs of one speaker may be split into several passages)
    expected = [
        (speaker, [squash(" ".join(paras)) for _, paras, _, _ in group])
        for speaker, group in groupby(((s[0], p, sep, nl) for s, p, sep, nl in turns), key=lambda t: t[0])
    ]
    got = [(speaker, [p.text for p in group]) for speaker, group in groupby(spoken, key=lambda p: p.speaker)]
    assert [s for s, _ in got] == [s for s, _ in expected]
    # and every word of every turn, without the labels
    for (_, want), (_, have) in zip(expected, got):
        assert squash(" ".join(have)) == " ".join(want)


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(list("abcXYZ éë019 .,:;?!-–\n\n\n\r\f\t()[]\ufeff") + ["I: ", "\nR: ", "00:01:02 ", "\nJan: "]),
        max_size=300,
    ).map("".join),
    kind=st.sampled_from([None, SourceKind.INTERVIEW, SourceKind.REPORT, SourceKind.STORY]),
    soft_max=st.integers(min_value=10, max_value=300),
)
def test_any_text_round_trips_and_keeps_every_word(text: str, kind, soft_max: int) -> None:
    passages = segment(text, kind=kind, soft_max=soft_max, hard_max=soft_max + 50)
    check_offsets(text, passages)
    covered = bytearray(len(text))
    for p in passages:
        covered[p.start : p.end] = b"\x01" * (p.end - p.start)
    relaxed = kind in (SourceKind.INTERVIEW,)
    if kind is None or not kind.is_document:
        for label in find_turns(text, relaxed=relaxed):
            covered[label.line_start : label.end] = b"\x01" * (label.end - label.line_start)
    missing = [i for i, ch in enumerate(text) if re.match(r"[^\W_]", ch) and not covered[i]]
    assert not missing, [text[i] for i in missing]


def _valid_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in ("I: Hoe gaat het?", "R: Goed, dank u.", "I: Fijn."):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Norm"
    table.cell(0, 1).text = "Voldoet"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _valid_pdf() -> bytes:
    from corpus_testdata import build_pdf

    return build_pdf([["Het wijkteam biedt ondersteu-", "ning aan inwoners."], ["Tweede pagina."]])


VALID = {".docx": _valid_docx(), ".pdf": _valid_pdf(), ".txt": b"I: Vraag?\nR: Antwoord.\n"}
VALID[".vtt"] = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jan>Hallo</v>\n"
VALID[".srt"] = b"1\n00:00:01,000 --> 00:00:02,000\nJan: Hallo\n"


@st.composite
def damaged(draw):
    suffix = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[suffix])
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        op = draw(st.sampled_from(["truncate", "overwrite", "insert", "delete"]))
        at = draw(st.integers(min_value=0, max_value=max(0, len(data) - 1)))
        if op == "truncate":
            del data[at:]
        elif op == "overwrite" and data:
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at : at + len(chunk)] = chunk
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[at : at + draw(st.integers(min_value=1, max_value=200))]
    return suffix, bytes(data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=damaged())
def test_damaged_files_raise_only_ingest_errors(case) -> None:
    from analysis.corpus import IngestError

    suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bestand{suffix}"
        path.write_bytes(data)
        try:
            source, passages = ingest_file(path)
        except IngestError as exc:
            assert str(exc).startswith(f"bestand{suffix}: ")
            return
    check_offsets(source.text, passages)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(["", "", "12", "-", "B&A. Doen wat werkt", "Inhoud", "Inleiding\t3", "e Punt een", "\f"]),
            st.lists(st.sampled_from(WORDS + STARTS + ["ondersteu-", "Wmo-", "wet-", "en"]), max_size=18).map(" ".join),
        ),
        max_size=60,
    ),
    fmt=st.sampled_from(["txt", "md", "pdf", "docx"]),
)
def test_cleaning_never_fails_and_cleaned_text_segments(lines: list[str], fmt: str) -> None:
    from analysis.corpus import clean_text

    cleaned = clean_text("\n".join(lines), fmt=fmt)
    assert "\r" not in cleaned and "\f" not in cleaned
    assert cleaned == cleaned.strip("\n")
    check_offsets(cleaned, segment(cleaned, kind=SourceKind.REPORT))
    # cleaning removes furniture and joins lines, but never invents or reorders letters
    kept = re.sub(r"[\W\d_]", "", cleaned)
    original = iter(re.sub(r"[\W\d_]", "", "\n".join(lines)))
    assert all(letter in original for letter in kept)  # a subsequence
