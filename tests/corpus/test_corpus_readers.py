"""Readers: formats, encodings and every kind of bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from analysis.corpus import IngestError, ingest_file, read_document
from analysis.corpus.readers import decode_text
from analysis.domain import SourceKind


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --------------------------------------------------------------------------- encodings


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    text = "Cliënt: ik ben één keer geïnformeerd over de Wmo – € 5 eigen bijdrage.\n"
    path = write(tmp_path, "oud.txt", text.encode("cp1252"))
    raw = read_document(path)
    assert raw.encoding == "cp1252"
    assert raw.text == text


def test_utf8_bom_is_stripped_and_crlf_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + "Eerste regel één.\r\nTweede regel.\r\n".encode())
    raw = read_document(path)
    assert raw.encoding == "utf-8-sig"
    assert not raw.text.startswith("\ufeff")
    source, passages = ingest_file(path)
    assert "\r" not in source.text and "\ufeff" not in source.text
    assert source.text == "Eerste regel één.\nTweede regel."
    assert [p.text for p in passages] == ["Eerste regel één.\nTweede regel."]


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.txt", "Hallo wijkteam, één vraag.".encode("utf-16"))
    assert read_document(path).text == "Hallo wijkteam, één vraag."


def test_decomposed_accents_become_nfc(tmp_path: Path) -> None:
    path = write(tmp_path, "nfd.txt", "Cliënt en ideeën".replace("ë", "e\u0308"))
    source, _ = ingest_file(path)
    assert source.text == "Cliënt en ideeën"


def test_mostly_utf8_with_a_stray_cp1252_byte() -> None:
    data = "Geïnformeerd over de café-regeling, ".encode() + "één".encode("cp1252")
    text, encoding, warnings = decode_text(data)
    assert encoding == "utf-8"
    assert text == "Geïnformeerd over de café-regeling, één"
    assert warnings and "Windows-1252" in warnings[0]


def test_double_encoded_utf8_is_repaired() -> None:
    original = "De cliënt is geïnformeerd over één café."
    mojibake = original.encode("utf-8").decode("cp1252")
    text, _, warnings = decode_text(mojibake.encode("utf-8"))
    assert text == original
    assert any("double-encoded" in w for w in warnings)


# --------------------------------------------------------------------------- bad input


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "plaatje.txt", bytes(range(256)) * 4)
    with pytest.raises(IngestError, match=r"^plaatje\.txt: does not look like a text file"):
        read_document(path)


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "ruis.txt", bytes(range(1, 32)) * 40)
    with pytest.raises(IngestError, match=r"^ruis\.txt: does not look like a text file"):
        ingest_file(path)


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "leeg.txt", b"")
    with pytest.raises(IngestError) as info:
        ingest_file(path)
    assert str(info.value) == "leeg.txt: the file is empty"
    assert info.value.path == path


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = write(tmp_path, "spaties.md", " \n\t\r\n  ")
    with pytest.raises(IngestError, match=r"^spaties\.md: the file contains only whitespace$"):
        ingest_file(path)


def test_punctuation_only_file_has_no_passages(tmp_path: Path) -> None:
    path = write(tmp_path, "streepjes.txt", "---\n\n...\n\n* * *\n")
    with pytest.raises(IngestError, match=r"^streepjes\.txt: "):
        ingest_file(path)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("notities.xyz", "unsupported file type '.xyz'"),
        ("zonder_extensie", "no extension"),
        ("oud.doc", "old Word .doc format"),
    ],
)
def test_unknown_or_unsupported_extension(tmp_path: Path, name: str, fragment: str) -> None:
    path = write(tmp_path, name, "gewone tekst")
    with pytest.raises(IngestError) as info:
        ingest_file(path)
    assert str(info.value).startswith(f"{name}: ")
    assert fragment in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^weg\.txt: file not found"):
        ingest_file(tmp_path / "weg.txt")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "map.txt").mkdir()
    with pytest.raises(IngestError, match=r"^map\.txt: is a folder"):
        ingest_file(tmp_path / "map.txt")


# --------------------------------------------------------------------------- docx


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Interview 3 (wijkteam Noord)", level=1)
    document.add_paragraph("I: Hoe ervaart u de hulp van het wijkteam?")
    document.add_paragraph("R: Heel goed. De consulent kwam bij ons thuis.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Norm"
    table.cell(0, 1).text = "Toetsing"
    table.cell(1, 0).text = "Inwoners weten de teams te bereiken"
    table.cell(1, 1).text = "Voldoet deels"
    document.add_paragraph("I: En de wachttijd?")
    document.add_paragraph("R: Die was lang, zes weken.")
    document.save(str(path))
    return path


def test_docx_paragraphs_and_table_cells_in_order(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "interview3.docx")
    raw = read_document(path)
    assert raw.format == "docx" and raw.encoding is None
    order = [
        "Interview 3 (wijkteam Noord)",
        "I: Hoe ervaart u",
        "R: Heel goed.",
        "Norm | Toetsing",
        "Inwoners weten de teams te bereiken | Voldoet deels",
        "I: En de wachttijd?",
        "R: Die was lang",
    ]
    positions = [raw.text.index(fragment) for fragment in order]
    assert positions == sorted(positions)


def test_docx_transcript_turns(tmp_path: Path) -> None:
    source, passages = ingest_file(make_docx(tmp_path / "interview3.docx"))
    assert source.kind is SourceKind.INTERVIEW
    turns = [(p.speaker, p.text) for p in passages if p.speaker]
    assert turns[0] == ("I", "Hoe ervaart u de hulp van het wijkteam?")
    # text between two labels (here a table) belongs to the turn before it
    assert turns[1] == (
        "R",
        (
            "Heel goed. De consulent kwam bij ons thuis.\n\nNorm | Toetsing\n"
            "Inwoners weten de teams te bereiken | Voldoet deels"
        ),
    )
    assert turns[2] == ("I", "En de wachttijd?")
    assert turns[-1] == ("R", "Die was lang, zes weken.")
    assert all(source.text[p.start : p.end] == p.text for p in passages)


def test_truncated_docx(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "goed.docx").read_bytes()
    path = write(tmp_path, "interview3.docx", good[: len(good) // 2])
    with pytest.raises(IngestError) as info:
        ingest_file(path)
    assert str(info.value) == "interview3.docx: not a valid .docx file (the zip archive is damaged)"


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = write(tmp_path, "nep.docx", "dit is platte tekst met een verkeerde extensie")
    with pytest.raises(IngestError, match=r"^nep\.docx: not a valid \.docx file"):
        ingest_file(path)


def test_zip_without_word_document(tmp_path: Path) -> None:
    path = tmp_path / "archief.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "geen word")
    with pytest.raises(IngestError, match=r"^archief\.docx: not a valid \.docx file \(the archive holds no Word"):
        ingest_file(path)


def test_docx_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.corpus import limits

    good = make_docx(tmp_path / "goed.docx").read_bytes()
    path = tmp_path / "bom.docx"
    source = zipfile.ZipFile(io.BytesIO(good))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("word/media/leeg.bin", b"\0" * 3_000_000)  # compresses to a few kB
    assert path.stat().st_size < 100_000
    ingest_file(path)  # fine under the real limit
    monkeypatch.setattr(limits, "MAX_DOCX_UNPACKED", 2_000_000)  # the limit scaled down with the file
    with pytest.raises(IngestError, match=r"^bom\.docx: the \.docx would unpack to 3 MB .* possible zip bomb$"):
        ingest_file(path)


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "leeg.docx"
    docx.Document().save(str(path))
    with pytest.raises(IngestError, match=r"^leeg\.docx: the Word document contains no text$"):
        ingest_file(path)


# --------------------------------------------------------------------------- pdf


def test_pdf_pages_headers_footers_and_hyphenation(tmp_path: Path, make_pdf) -> None:
    pages = [
        [
            "Rapport wijkteams 2024",
            "1. Inleiding",
            "Het wijkteam in de gemeente biedt ondersteu-",
            "ning aan inwoners die hulp nodig hebben bij het huishouden en de",
            "zorg voor hun kinderen. De Wmo-",
            "consulent komt op huisbezoek.",
            "Rekenkamer Testgemeente",
            "1",
        ],
        [
            "Rapport wijkteams 2024",
            "Inwoners zijn tevreden over de bereikbaarheid van het team en over de",
            "snelheid waarmee een eerste gesprek plaatsvindt. De informatie-",
            "uitwisseling met huisartsen kan beter.",
            "Rekenkamer Testgemeente",
            "2",
        ],
        [
            "Rapport wijkteams 2024",
            "2. Conclusies",
            "De gemeente voldoet deels aan de norm.",
            "Rekenkamer Testgemeente",
            "3",
        ],
    ]
    path = write(tmp_path, "rapport.pdf", make_pdf(pages))
    raw = read_document(path)
    assert raw.format == "pdf"
    assert raw.text.count("\f") == 2  # page breaks
    source, passages = ingest_file(path)
    assert source.kind is SourceKind.REPORT
    assert "Rekenkamer Testgemeente" not in source.text
    assert "Rapport wijkteams 2024" not in source.text
    assert "ondersteuning aan inwoners" in source.text
    assert "Wmo-consulent" in source.text
    assert "informatie-uitwisseling" in source.text
    assert [p.text.split("\n")[0] for p in passages] == [
        "1. Inleiding",
        (
            "Inwoners zijn tevreden over de bereikbaarheid van het team en over de snelheid waarmee een eerste "
            "gesprek plaatsvindt. De informatie-uitwisseling met huisartsen kan beter."
        ),
        "2. Conclusies",
    ]
    assert all(source.text[p.start : p.end] == p.text for p in passages)


def test_damaged_pdf(tmp_path: Path, make_pdf) -> None:
    good = make_pdf([["Een regel tekst op de eerste pagina."]])
    path = write(tmp_path, "kapot.pdf", good[: len(good) // 3])
    with pytest.raises(IngestError, match=r"^kapot\.pdf: "):
        ingest_file(path)


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "nep.pdf", "gewoon tekst")
    with pytest.raises(IngestError, match=r"^nep\.pdf: not a valid PDF file"):
        ingest_file(path)


def test_pdf_without_text(tmp_path: Path, make_pdf) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf([[], []]))
    with pytest.raises(IngestError, match=r"^scan\.pdf: the PDF contains no extractable text"):
        ingest_file(path)


# --------------------------------------------------------------------------- subtitles

VTT = """WEBVTT
Kind: captions
Language: nl

NOTE opgenomen met Teams
op 12 maart

1
00:00:01.000 --> 00:00:04.000 align:start
<v Marieke de Jong>Hallo, hoe gaat het</v>

2
00:00:04.000 --> 00:00:06.000
<v Marieke de Jong>met de hulp van het wijkteam?</v>

3
00:00:06.500 --> 00:00:08.000
<v.loud jan>Goed &amp; snel. <i>Echt</i> waar.</v>

00:00:08.000 --> 00:00:09.500
<v Marieke de Jong>Mooi.</v>

00:00:09.500 --> 00:00:11.000
Jan: <00:00:10.000>Dat zeg ik.
"""

SRT = """1
00:00:01,000 --> 00:00:04,000
Interviewer: Hoe gaat het met u?

2
00:00:04,000 --> 00:00:06,000
<i>Respondent:</i> Goed.

3
00:00:06,000 --> 00:00:08,500
Het gaat prima
met de hulp.

4
00:00:08,500 --> 00:00:10,000
Interviewer: Dank u wel.
"""


def test_vtt_voices_and_merged_cues(tmp_path: Path) -> None:
    source, passages = ingest_file(write(tmp_path, "gesprek.vtt", VTT))
    assert source.kind is SourceKind.INTERVIEW
    assert [(p.speaker, p.text) for p in passages] == [
        ("Marieke de Jong", "Hallo, hoe gaat het met de hulp van het wijkteam?"),
        ("Jan", "Goed & snel. Echt waar."),
        ("Marieke de Jong", "Mooi."),
        ("Jan", "Dat zeg ik."),
    ]
    assert "-->" not in source.text and "NOTE" not in source.text and "WEBVTT" not in source.text


def test_srt_numbers_timestamps_and_labels(tmp_path: Path) -> None:
    source, passages = ingest_file(write(tmp_path, "gesprek.srt", SRT.replace("\n", "\r\n")))
    assert [(p.speaker, p.text) for p in passages] == [
        ("Interviewer", "Hoe gaat het met u?"),
        ("Respondent", "Goed. Het gaat prima met de hulp."),
        ("Interviewer", "Dank u wel."),
    ]
    assert not any(ch.isdigit() for ch in source.text)


def test_subtitles_without_cues(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^leeg\.vtt: not a WebVTT file"):
        ingest_file(write(tmp_path, "leeg.vtt", "WEBVTT\n\nNOTE alleen een notitie\n"))
    with pytest.raises(IngestError, match=r"^tekst\.srt: not a SubRip"):
        ingest_file(write(tmp_path, "tekst.srt", "Gewoon een tekst zonder tijden.\n"))


# --------------------------------------------------------------------------- ingest_file


def test_checksum_is_sha256_of_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    data = "I: Vraag?\r\nR: Antwoord.\r\nI: Nog een vraag?\r\n".encode("cp1252")
    path = write(tmp_path, "a.txt", data)
    source, _ = ingest_file(path)
    assert source.checksum == hashlib.sha256(data).hexdigest()
    same_text_other_bytes = write(tmp_path, "b.txt", data.replace(b"\r\n", b"\n"))
    assert ingest_file(same_text_other_bytes)[0].checksum != source.checksum


def test_metadata_arguments_and_ingest_record(tmp_path: Path) -> None:
    path = write(tmp_path, "verhaal.txt", "Ik kreeg hulp van mijn buurvrouw en later van het wijkteam.")
    source, _ = ingest_file(
        path,
        kind="verhaal",
        municipality="Deventer",
        study="Evaluatie",
        participant="R07",
        respondent_group="inwoner",
        date="2025-03-01",
        metadata={"wijk": "Colmschate"},
    )
    assert source.kind is SourceKind.STORY
    assert (source.municipality, source.study, source.participant) == ("Deventer", "Evaluatie", "R07")
    assert (source.respondent_group, source.date) == ("inwoner", "2025-03-01")
    assert source.metadata["wijk"] == "Colmschate"
    assert source.metadata["ingest"]["format"] == "txt"
    assert source.path == str(path.resolve())
    assert source.name == "verhaal.txt"


def test_bad_kind_argument_is_an_ingest_error(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", "Tekst.")
    with pytest.raises(IngestError, match=r"^x\.txt: unknown source kind 'podcast'"):
        ingest_file(path, kind="podcast")


def test_kind_is_guessed(tmp_path: Path) -> None:
    story = write(tmp_path, "s.txt", "Ik woon al dertig jaar in de wijk. Mijn buurvrouw hielp mij met de aanvraag.")
    memo = write(tmp_path, "m.txt", "De gemeente heeft het beleid in 2024 vastgesteld. Het college voert het uit.")
    group = write(
        tmp_path,
        "g.txt",
        "Interviewer: Welkom.\nAnouk: Dank.\nPieter: Hallo.\nMarja: Goedemorgen.\nInterviewer: Wie begint?\n",
    )
    assert ingest_file(story)[0].kind is SourceKind.STORY
    assert ingest_file(memo)[0].kind is SourceKind.REPORT
    assert ingest_file(group)[0].kind is SourceKind.GROUP_INTERVIEW
