"""Cleaning: normalisation, hyphenation repair, unwrapping and page furniture."""

from __future__ import annotations

import pytest

from analysis.corpus import clean_text, looks_hard_wrapped, normalize_text


def wrapped_report(body: list[str], *, pages: int = 4, footer: str = "B&A. Doen wat werkt") -> str:
    """Body lines repeated on several 'pages' with a footer and page number, like the seeds."""
    out: list[str] = []
    for page in range(1, pages + 1):
        out.extend(body)
        out.extend(["", "-", "", str(page), "", footer, "", "", ""])
    return "\n".join(out)


BODY = [
    "De transitie naar het Team Toegang Wmo en de Voor Elkaar Teams is gerealiseerd: er zijn twee",
    "gescheiden teams ingericht met ieder hun eigen rol. In de praktijk blijkt de implementatie echter",
    "ongelijk te verlopen. Het Team Toegang Wmo heeft duidelijke stappen kunnen zetten in de ondersteu-",
    "ning van inwoners, en de samenwerking met de VET-",
    "medewerkers en de Wmo-",
    "consulenten verloopt goed. De informatie-",
    "uitwisseling blijft lastig door landelijke wet-",
    "en regelgeving.",
    "",
    "Onderbouwing",
    "",
    "e Uitgangspunt 1: Zelfredzaamheid en participatie van de inwoner centraal. Het sturen op",
    "zelfredzaamheid vindt in beide teams plaats.",
    "e Uitgangspunt 2: We vertrouwen op elkaars kennis en kunde.",
]


def test_normalize_text() -> None:
    raw = "\ufeffCli\u0065\u0308nt\r\nregel\rtwee\u00a0spaties\u200b ﬁets ondersteu\u00ad\nning\x07"
    assert normalize_text(raw) == "Cliënt\nregel\ntwee spaties fiets ondersteuning"


def test_looks_hard_wrapped() -> None:
    assert looks_hard_wrapped("\n".join(BODY * 3))
    one_line_paragraphs = "\n\n".join(" ".join(BODY[:8]) for _ in range(10))
    assert not looks_hard_wrapped(one_line_paragraphs)


def test_extracted_report_is_unwrapped_and_dehyphenated() -> None:
    cleaned = clean_text(wrapped_report(BODY), fmt="txt")
    first = cleaned.split("\n\n")[0]
    assert first.startswith(
        "De transitie naar het Team Toegang Wmo en de Voor Elkaar Teams is gerealiseerd: er zijn twee gescheiden"
    )
    assert "in de ondersteuning van inwoners" in first
    assert "VET-medewerkers" in first
    assert "Wmo-consulenten" in first
    assert "informatie-uitwisseling" in first
    assert "wet- en regelgeving." in first
    assert "\n" not in first


def test_footer_and_page_numbers_removed_but_repeated_headings_kept() -> None:
    cleaned = clean_text(wrapped_report(BODY), fmt="txt")
    assert "B&A" not in cleaned
    assert not any(line.strip().isdigit() for line in cleaned.split("\n"))
    assert "\n-\n" not in cleaned
    # 'Onderbouwing' is a section heading used on every page, not a footer
    assert cleaned.count("Onderbouwing") == 4


def test_ocr_damaged_copy_of_a_footer_is_removed() -> None:
    text = wrapped_report(BODY, pages=4) + "\n".join(BODY) + "\n\n3 9 B&A doet wat\n\n\n\n" + "\n".join(BODY)
    assert "B&A" not in clean_text(text, fmt="txt")


def test_list_items_and_headings_keep_their_lines() -> None:
    cleaned = clean_text(wrapped_report(BODY), fmt="txt")
    block = next(b for b in cleaned.split("\n\n") if b.startswith("e Uitgangspunt 1"))
    assert block.split("\n") == [
        (
            "e Uitgangspunt 1: Zelfredzaamheid en participatie van de inwoner centraal. Het sturen op "
            "zelfredzaamheid vindt in beide teams plaats."
        ),
        "e Uitgangspunt 2: We vertrouwen op elkaars kennis en kunde.",
    ]


def test_paragraph_cut_by_a_page_break_is_rejoined() -> None:
    body = [
        "Om deze ambitie te realiseren zijn vier hoofddoelen geformuleerd: (1) meer inclusieve participatie van",
        "inwoners en (2) toenemende zelfredzaamheid van",
    ]
    text = (
        "\n".join(body)
        + "\n\n7\n\nRekenkamer Oost\n\n\n\ninwoners in de wijk. Dat is het doel.\n\n"
        + "\n".join(
            f"Alinea {i} met genoeg woorden om als tekst te gelden.\n\n{i + 7}\n\nRekenkamer Oost\n\n\n"
            for i in range(3)
        )
    )
    cleaned = clean_text(text, fmt="pdf")
    assert "toenemende zelfredzaamheid van inwoners in de wijk. Dat is het doel." in cleaned
    assert "Rekenkamer Oost" not in cleaned


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("ondersteu-", "ning voor inwoners", "ondersteuning voor inwoners"),
        ("de keukentafel-", "gesprekken zijn", "de keukentafelgesprekken zijn"),
        ("de Wmo-", "consulent", "de Wmo-consulent"),
        ("de VET-", "medewerkers", "de VET-medewerkers"),
        ("de A3-", "methodiek", "de A3-methodiek"),
        ("de informatie-", "uitwisseling", "de informatie-uitwisseling"),
        ("landelijke wet-", "en regelgeving", "landelijke wet- en regelgeving"),
        ("Noord-", "Brabant", "Noord-Brabant"),
        ("de Plan-Do-Check-Act-", "cyclus", "de Plan-Do-Check-Act-cyclus"),
        ("en daarom -", "stap voor stap", "en daarom - stap voor stap"),
    ],
)
def test_line_break_hyphenation(left: str, right: str, expected: str) -> None:
    filler = "Dit is een lange regel met gewone woorden zodat de tekst als geëxtraheerd rapport wordt"
    lines = [
        filler,
        "herkend en de regels hard zijn afgebroken op de breedte van een pagina uit een pdf",
        left,
        right + ".",
    ]
    cleaned = clean_text("\n".join(lines * 1), fmt="pdf")
    assert expected + "." in cleaned


def test_word_seen_elsewhere_in_the_document_decides() -> None:
    # 'vakgroepoverstijgend' is in no word list; the document itself writes it hyphenated
    text = "Er is vakgroep-overstijgend overleg.\nDaarnaast is er ook vakgroep-\noverstijgend leren in de teams."
    assert "ook vakgroep-overstijgend leren" in clean_text(text, fmt="pdf")


def test_transcript_text_is_only_normalised() -> None:
    transcript = "I: Hoe gaat het\r\nmet u?\r\n\r\nR: Goed-\r\nmoedig, zou ik zeggen.\r\n\r\nI: Mooi zo.\r\n"
    cleaned = clean_text(transcript, fmt="txt")
    assert cleaned == "I: Hoe gaat het\nmet u?\n\nR: Goed-\nmoedig, zou ik zeggen.\n\nI: Mooi zo."


def test_pdf_transcript_keeps_label_lines() -> None:
    lines = [
        "Interviewer: Kunt u vertellen hoe u bij het wijkteam terecht bent gekomen en wat er toen",
        "gebeurde met uw aanvraag voor ondersteuning bij het huishouden en de verzorging?",
        "Respondent: Via de huisarts, die belde het wijkteam en binnen een week kwam er iemand",
        "langs voor een keukentafelgesprek.",
        "Interviewer: En daarna?",
        "Respondent: Daarna ging het snel.",
    ]
    cleaned = clean_text("\n".join(lines), fmt="pdf")
    assert cleaned.split("\n") == [
        lines[0] + " " + lines[1],
        lines[2] + " " + lines[3],
        lines[4],
        lines[5],
    ]


def test_table_of_contents_is_removed() -> None:
    toc = [
        "Inhoudsopgave",
        "",
        "Voorwoord\t3",
        "1. Inleiding\t5",
        "1.1 Aanleiding\t5",
        "2. Conclusies\t6",
        "3. Aanbevelingen\t9",
    ]
    body = [
        "",
        "1. Inleiding",
        "",
        "In 2015 is de gemeente gestart met de wijkteams.",
        "",
        "Tabel",
        "",
        "2019   12",
        "2020   15",
        "2021   18",
    ]
    cleaned = clean_text("\n".join(toc + body), fmt="txt")
    assert "Inhoudsopgave" not in cleaned and "Voorwoord" not in cleaned and "\t" not in cleaned
    assert "1. Inleiding" in cleaned and "In 2015 is de gemeente" in cleaned
    assert "2019   12\n2020   15\n2021   18" in cleaned  # a table with rising numbers is not a TOC


def test_toc_with_leader_dots() -> None:
    toc = "\n".join(
        f"{title} {'.' * 12} {page}" for title, page in [("Samenvatting", 3), ("Inleiding", 7), ("Bevindingen", 12)]
    )
    cleaned = clean_text(toc + "\n\nDe tekst begint hier.", fmt="txt")
    assert cleaned == "De tekst begint hier."


def test_markup_is_stripped_from_documents() -> None:
    text = '## Raadsbrief\n\n*Postadres:*  \nGemeente\n\n<ul style="x"> • **maatwerk** en <i>preventie</i>\n'
    cleaned = clean_text(text, fmt="md")
    assert cleaned == "Raadsbrief\n\nPostadres:\nGemeente\n\n • maatwerk en preventie"


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'odt'"):
        clean_text("x", fmt="odt")
