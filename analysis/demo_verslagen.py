"""The demo's gespreksverslagen: Word files written by this module, with their reference coding.

FICTIEF: every person, team and municipality is made up. Per municipality three conversations
with staff and partners were not transcribed but summarised the way rekenkamers do: a
verslag the interviewee approved ("geaccordeerd"), with a heading per research theme, and
in some a question | answer table. Three layouts, one per municipality:

- Lindewaard: Word's built-in heading styles (Kop 1 / Kop 2) and a question | answer table;
- Oosterzande: short bold lines as headings, with bulleted lists;
- Heemsteden: numbered questions as headings ("3. Hoe verloopt de samenwerking?").

``python -m analysis.demo_verslagen [folder]`` writes the .docx files, ``gold.csv`` (the
reference coding of every passage, columns ``file,speaker,text,code`` like the transcripts'
gold) and ``manifest.csv`` rows; the files under ``corpora/demo/verslagen/`` were made so.
The reference codes were chosen per paragraph by what it says, not by its heading.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .resources import demo_dir

FOLDER = demo_dir() / "verslagen"


@dataclass(slots=True)
class Section:
    heading: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (text, codes ';'-separated)
    level: int = 1
    bullets: list[str] = field(default_factory=list)
    bullet_codes: str = ""


@dataclass(slots=True)
class DemoVerslag:
    file: str
    municipality: str
    participant: str
    respondent_group: str
    date: str
    approved: str
    with_whom: str
    function: str
    title: str
    layout: str  # headings | bold | numbered
    sections: list[Section]
    table: list[tuple[str, str, str]] = field(default_factory=list)  # (question, answer, codes)


STUDY = "Evaluatie sociale wijkteams {m} 2026"
INTERVIEWER = "A. de Wit (rekenkamer)"

VERSLAGEN: list[DemoVerslag] = [
    # ------------------------------------------------------------------ Lindewaard: heading styles + table
    DemoVerslag(
        "lindewaard_v1_teamcoordinator.docx", "Lindewaard", "RLW-V1", "manager", "2026-03-19", "26 maart 2026",
        "Karin Hofstede", "coördinator toegang, Wijkteam Lindewaard", "Gespreksverslag coördinator toegang Lindewaard", "headings",
        [
            Section("1. Toegang en bereikbaarheid", [
                ("De coördinator erkent dat het wijkteam telefonisch slecht bereikbaar is. Meldingen lopen via het klantcontactcentrum van de gemeente en komen in een wachtrij; inwoners wachten volgens haar zes tot tien weken op een eerste gesprek.", "toegang"),
                ("Het inloopspreekuur in De Kastanje werkt volgens haar beter, omdat vrijwilligers van het buurthuis mensen meenemen en signalen doorgeven.", "toegang;wijkgericht"),
            ]),
            Section("1.1 Wachttijden", [
                ("Er is geen afgesproken maximale wachttijd. De coördinator houdt de wachtlijst zelf bij in een spreadsheet, omdat het registratiesysteem geen overzicht geeft.", "toegang;sturing"),
            ], level=2),
            Section("2. Personeel en werkdruk", [
                ("Twee vacatures staan sinds de zomer open. Generalisten hebben gemiddeld veertig tot vijftig huishoudens, terwijl dertig de norm is; het verloop was vorig jaar zes op twintig.", "werkdruk"),
                ("Door de drukte gaat volgens de coördinator vooral het preventieve werk verloren: huisbezoeken bij ouderen die dreigen te vereenzamen worden uitgesteld tot er een crisis is.", "werkdruk;preventie"),
            ]),
            Section("3. Sturing door de gemeente", [
                ("De gemeente stuurt vooral op aantallen meldingen en doorlooptijden. Over de resultaten voor inwoners wordt volgens haar weinig gerapporteerd, en de kwartaalrapportage wordt in het team niet besproken.", "sturing"),
            ]),
        ],
        table=[
            ("Hoe verloopt de samenwerking met huisartsen?", "Wisselend. Met twee praktijken is er een vast overleg en een praktijkondersteuner die in het wijkteam meedraait; met de andere praktijken loopt het via losse telefoontjes.", "samenwerking"),
            ("Wat zou u als eerste verbeteren?", "Een direct telefoonnummer van het wijkteam en een vaste contactpersoon per wijk, zodat inwoners niet steeds opnieuw hun verhaal hoeven te doen.", "toegang"),
        ],
    ),
    DemoVerslag(
        "lindewaard_v2_beleidsadviseur.docx", "Lindewaard", "RLW-V2", "beleidsmaker", "2026-03-20", "30 maart 2026",
        "Marco Visser", "beleidsadviseur Wmo, gemeente Lindewaard", "Gespreksverslag beleidsadviseur Wmo Lindewaard", "headings",
        [
            Section("1. Toegang en bereikbaarheid", [
                ("De beleidsadviseur ziet de bereikbaarheid als het grootste knelpunt. Het klantcontactcentrum werkt met een script dat niet is afgestemd op het wijkteam.", "toegang"),
            ]),
            Section("2. Maatwerk", [
                ("Volgens hem is het uitgangspunt dat het wijkteam per huishouden kijkt wat nodig is, maar in de praktijk worden vaak standaardpakketten ingezet omdat daar contracten voor zijn.", "maatwerk;kosten"),
            ]),
            Section("3. Eigen kracht en netwerk", [
                ("Inwoners worden gevraagd eerst hun eigen netwerk in te zetten. Hij erkent dat dit bij ouderen zonder kinderen in de buurt en bij mantelzorgers die al overbelast zijn niet werkt.", "zelfredzaamheid;participatie"),
            ]),
            Section("4. Kosten en doelmatigheid", [
                ("De uitgaven aan hulp bij het huishouden stijgen sinds het abonnementstarief. De gemeente overweegt een inkomensgrens, maar de adviseur vreest dat mensen met een laag inkomen dan afhaken.", "kosten"),
            ]),
            Section("5. Monitoring", [
                ("Er is een dashboard met aantallen, maar geen meting van wat de hulp oplevert. De raad heeft om een effectmeting gevraagd; die staat gepland voor volgend jaar.", "sturing;leren"),
            ]),
        ],
    ),
    DemoVerslag(
        "lindewaard_v3_partners.docx", "Lindewaard", "RLW-V3", "partner", "2026-03-24", "2 april 2026",
        "huisarts, welzijnswerker en woonconsulent", "partners van Wijkteam Lindewaard", "Gespreksverslag partneroverleg Lindewaard", "headings",
        [
            Section("1. Samenwerking met het wijkteam", [
                ("De partners waarderen de generalisten, maar weten vaak niet wie een gezin begeleidt. Terugkoppeling na een verwijzing blijft meestal uit.", "samenwerking"),
                ("De huisarts noemt de privacyregels als rem: het wijkteam mag zonder toestemming niets delen, en een gedeeld dossier ontbreekt.", "samenwerking;digitalisering"),
            ]),
            Section("2. Vroegsignalering", [
                ("De woonconsulent ziet huurachterstanden vaak als eerste. Een afspraak om die signalen snel aan het wijkteam door te geven bestaat, maar wordt door de wachttijden ondergraven.", "preventie;toegang"),
            ]),
            Section("3. De wijk en vrijwilligers", [
                ("Het buurthuis draait op vrijwilligers. De welzijnswerker waarschuwt dat zij steeds meer zorgtaken oppakken waarvoor ze niet zijn toegerust.", "wijkgericht;participatie"),
            ]),
        ],
        table=[
            ("Welke rol speelt de gemeente in het partneroverleg?", "Een kleine: de gemeente schuift één keer per jaar aan. De partners willen dat knelpunten uit het overleg ook bij de beleidsmakers terechtkomen.", "sturing;samenwerking"),
        ],
    ),
    # ------------------------------------------------------------------ Oosterzande: bold lines + lists
    DemoVerslag(
        "oosterzande_v1_generalist.docx", "Oosterzande", "ROZ-V1", "medewerker", "2026-03-20", "27 maart 2026",
        "Tom Jansen", "generalist, Wijkteam Oosterzande", "Gespreksverslag generalist Oosterzande", "bold",
        [
            Section("Toegang tot het wijkteam", [
                ("De generalist vertelt dat inwoners in de dorpen het wijkteam nauwelijks kennen. Wie belt, komt bij het algemene nummer van de gemeente terecht en krijgt pas na weken een terugbelafspraak.", "toegang"),
            ]),
            Section("Werkdruk", [
                ("Het team werkt met te weinig mensen voor een groot werkgebied. Reistijd tussen de kernen gaat af van de tijd voor huisbezoeken.", "werkdruk;wijkgericht"),
            ], bullets=["caseload van ongeveer vijfenveertig huishoudens", "drie collega's langdurig ziek", "inwerken van nieuwe collega's kost tijd"], bullet_codes="werkdruk"),
            Section("Maatwerk", [
                ("Hij noemt als voorbeeld een boer met beginnende dementie die niet naar dagbesteding wilde, maar wel op een zorgboerderij in de buurt kon meewerken. Zulke oplossingen kosten veel uitzoekwerk.", "maatwerk"),
            ]),
            Section("Samenwerking", [
                ("Met de huisartsen in de dorpen is het contact kort en persoonlijk. Met de jeugdzorgaanbieders in de stad lopen afspraken stroef, omdat elke aanbieder een eigen intake doet.", "samenwerking"),
            ]),
        ],
    ),
    DemoVerslag(
        "oosterzande_v2_teamleider.docx", "Oosterzande", "ROZ-V2", "manager", "2026-03-23", "31 maart 2026",
        "Ellen de Boer", "teamleider, Wijkteam Oosterzande", "Gespreksverslag teamleider Oosterzande", "bold",
        [
            Section("Toegang en bereikbaarheid", [
                ("De teamleider erkent dat de bereikbaarheid tekortschiet. Een eigen telefoonnummer voor het wijkteam is aangevraagd maar nog niet geregeld.", "toegang"),
            ]),
            Section("Personeel en werkdruk", [
                ("Er is structureel te weinig formatie. De teamleider heeft tijdelijk mensen ingehuurd, wat duur is en de continuïteit voor inwoners niet verbetert.", "werkdruk;kosten"),
            ]),
            Section("Preventie", [
                ("Volgens haar komt preventief werk er niet van. Het project om alle 75-plussers een keer te bezoeken is stilgelegd omdat de mensen nodig waren voor de wachtlijst.", "preventie;werkdruk"),
            ]),
            Section("Sturing en verantwoording", [
                ("De gemeente vraagt elk kwartaal cijfers, maar geeft geen terugkoppeling. Het team evalueert zelf twee keer per jaar een aantal casussen om ervan te leren.", "sturing;leren"),
            ], bullets=["kwartaalcijfers over meldingen en doorlooptijd", "geen afspraken over resultaten voor inwoners"], bullet_codes="sturing"),
        ],
    ),
    DemoVerslag(
        "oosterzande_v3_partners.docx", "Oosterzande", "ROZ-V3", "partner", "2026-03-25", "3 april 2026",
        "dorpsondersteuner, huisarts en medewerker schuldhulp", "partners van Wijkteam Oosterzande", "Gespreksverslag partnergesprek Oosterzande", "bold",
        [
            Section("Samenwerking met partners", [
                ("De partners kennen elkaar goed in de kleine kernen. De dorpsondersteuner is vaak de schakel tussen inwoners en het wijkteam.", "samenwerking;wijkgericht"),
                ("De medewerker schuldhulp mist een gezamenlijk plan: een gezin heeft soms vier hulpverleners die elk een eigen plan maken.", "samenwerking"),
            ]),
            Section("Vrijwilligers en dorpskracht", [
                ("In de dorpen regelen inwoners veel zelf, zoals een buurtbus en een eetpunt. De partners vragen de gemeente die initiatieven structureel te steunen.", "participatie;wijkgericht"),
            ]),
            Section("Digitale dienstverlening", [
                ("Ouderen lopen vast op het digitale aanvraagformulier en DigiD. De dorpsondersteuner vult aanvragen vaak samen met hen in.", "digitalisering;toegang"),
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Heemsteden: numbered questions
    DemoVerslag(
        "heemsteden_v1_medewerker.docx", "Heemsteden", "RHMS-V1", "medewerker", "2026-03-20", "27 maart 2026",
        "Nadia El Amrani", "medewerker toegang, Sociaal Team Heemsteden", "Gespreksverslag medewerker toegang Heemsteden", "numbered",
        [
            Section("1. Hoe komen inwoners bij het sociaal team terecht?", [
                ("Vooral via de huisarts en via de website. De medewerker ziet dat inwoners die de weg niet kennen pas laat komen, vaak als de problemen zich hebben opgestapeld.", "toegang;preventie"),
            ]),
            Section("2. Hoe lang wachten inwoners op een eerste gesprek?", [
                ("Gemiddeld vier weken, bij spoed enkele dagen. Een eerste telefonische triage binnen een week lukt meestal wel.", "toegang"),
            ]),
            Section("3. Hoe verloopt de samenwerking met andere organisaties?", [
                ("Met de GGZ en de schuldhulpverlening zijn korte lijnen, maar gegevens delen mag pas na schriftelijke toestemming, wat het werk vertraagt.", "samenwerking;digitalisering"),
            ]),
            Section("4. Hoeveel ruimte is er voor maatwerk?", [
                ("Veel: de medewerker mag binnen een budget zelf een oplossing kiezen, zoals een maand extra begeleiding of een vergoeding voor vervoer, zonder eerst een beschikking af te wachten.", "maatwerk;kosten"),
            ]),
            Section("5. Wat is de werkdruk?", [
                ("Hoog maar werkbaar. Het team is na een reorganisatie op sterkte; het verloop is laag.", "werkdruk"),
            ]),
        ],
    ),
    DemoVerslag(
        "heemsteden_v2_teamleider.docx", "Heemsteden", "RHMS-V2", "manager", "2026-03-23", "30 maart 2026",
        "Ruud Hendriks", "teamleider, Sociaal Team Heemsteden", "Gespreksverslag teamleider Heemsteden", "numbered",
        [
            Section("1. Hoe stuurt de gemeente op het sociaal team?", [
                ("Met jaarlijkse afspraken over resultaten voor inwoners, zoals het aandeel huishoudens dat na een jaar zelfstandig verder kan. De teamleider noemt dat zinvol, al is het meten lastig.", "sturing;zelfredzaamheid"),
            ]),
            Section("2. Wat doet het team aan preventie?", [
                ("Het team houdt spreekuren in de bibliotheek en op scholen. Volgens de teamleider bereikt het daarmee jonge gezinnen eerder dan vroeger.", "preventie;wijkgericht"),
            ]),
            Section("3. Hoe leert het team van zijn werk?", [
                ("Elke maand bespreekt het team een casus met een inwoner erbij. Verbeteringen, zoals een vaste contactpersoon per gezin, komen daaruit voort.", "leren;maatwerk"),
            ]),
            Section("4. Hoe betrekt het team inwoners en vrijwilligers?", [
                ("Een inwonerspanel denkt mee over de dienstverlening. Vrijwilligers van het maatjesproject begeleiden mensen naar afspraken.", "participatie"),
            ]),
        ],
    ),
    DemoVerslag(
        "heemsteden_v3_partners.docx", "Heemsteden", "RHMS-V3", "partner", "2026-03-26", "6 april 2026",
        "wijkverpleegkundige, jongerenwerker en woningcorporatie", "partners van Sociaal Team Heemsteden", "Gespreksverslag partnergesprek Heemsteden", "numbered",
        [
            Section("1. Hoe verloopt de samenwerking met het sociaal team?", [
                ("Goed: er is een wekelijks wijkoverleg waarin zorgen over huishoudens worden besproken, met één plan per gezin als afspraak.", "samenwerking"),
            ]),
            Section("2. Waar lopen partners tegenaan?", [
                ("De jongerenwerker ziet dat jongeren van achttien tussen wal en schip vallen wanneer de jeugdhulp stopt en de volwassenenzorg nog niet begonnen is.", "toegang;samenwerking"),
                ("De wijkverpleegkundige heeft te weinig tijd voor de mantelzorgers die zij tegenkomt; zij verwijst door naar het steunpunt mantelzorg.", "werkdruk;participatie"),
            ]),
            Section("3. Wat zou beter kunnen?", [
                ("De woningcorporatie wil bij huurachterstand sneller samen op huisbezoek gaan, voordat een ontruiming dreigt.", "preventie;samenwerking"),
            ]),
        ],
    ),
]


def _docx(v: DemoVerslag):  # type: ignore[no-untyped-def]
    import docx

    d = docx.Document()
    props = d.core_properties
    props.author = INTERVIEWER
    props.title = v.title
    props.created = datetime.fromisoformat(v.date + "T12:00:00")
    props.modified = datetime.fromisoformat(v.date + "T16:00:00")
    props.last_modified_by = INTERVIEWER
    props.content_status = "Geaccordeerd"
    props.revision = 1
    d.add_paragraph(f"{v.title} (FICTIEF)", style="Title")
    header = d.add_table(rows=5, cols=2)
    for i, (key, value) in enumerate([
        ("Gesprek met", v.with_whom), ("Functie", v.function), ("Datum", v.date),
        ("Interviewer", INTERVIEWER), ("Status", f"geaccordeerd op {v.approved}"),
    ]):
        header.cell(i, 0).text = key
        header.cell(i, 1).text = value
    section = d.sections[0]
    section.header.paragraphs[0].text = "FICTIEF DEMOMATERIAAL, geschreven voor Duiding; personen en gemeente zijn verzonnen."
    section.footer.paragraphs[0].text = "Pagina 1"
    for s in v.sections:
        if v.layout == "headings":
            d.add_heading(s.heading, level=s.level)
        else:
            p = d.add_paragraph()
            run = p.add_run(s.heading)
            run.bold = v.layout == "bold"
        for text, _ in s.paragraphs:
            d.add_paragraph(text)
        for item in s.bullets:
            d.add_paragraph(item, style="List Bullet")
    if v.table:
        if v.layout == "headings":
            d.add_heading(f"{len([s for s in v.sections if s.level == 1]) + 1}. Overige vragen", level=1)
        table = d.add_table(rows=len(v.table) + 1, cols=2)
        table.style = "Table Grid"
        table.cell(0, 0).text, table.cell(0, 1).text = "Vraag", "Antwoord"
        for i, (q, a, _) in enumerate(v.table, start=1):
            table.cell(i, 0).text = q
            table.cell(i, 1).text = a
    return d


def reference_rows(v: DemoVerslag) -> list[dict[str, str]]:
    """The reference coding of one verslag: a row per passage (text as stored)."""
    from analysis.corpus.verslag import BULLET

    rows = []
    for s in v.sections:
        rows += [{"file": f"verslagen/{v.file}", "speaker": "", "text": t, "code": c} for t, c in s.paragraphs]
        if s.bullets:
            rows.append({"file": f"verslagen/{v.file}", "speaker": "", "text": "\n".join(BULLET + b for b in s.bullets), "code": s.bullet_codes})
    rows += [{"file": f"verslagen/{v.file}", "speaker": "", "text": a, "code": c} for _, a, c in v.table]
    return rows


def manifest_rows(verslagen: list[DemoVerslag] = VERSLAGEN) -> list[dict[str, str]]:
    return [
        {"file": f"verslagen/{v.file}", "municipality": v.municipality, "study": STUDY.format(m=v.municipality),
         "kind": "verslag", "respondent_group": v.respondent_group, "date": v.date, "participant": v.participant,
         "age_group": "", "wijk": ""}
        for v in verslagen
    ]


def write(folder: Path = FOLDER) -> list[Path]:
    """Write the .docx files and gold.csv into ``folder``; returns the .docx paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for v in VERSLAGEN:
        path = folder / v.file
        _docx(v).save(str(path))
        paths.append(path)
    with (folder / "gold.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "speaker", "text", "code"])
        writer.writeheader()
        for v in VERSLAGEN:
            writer.writerows(reference_rows(v))
    return paths


if __name__ == "__main__":  # pragma: no cover - regenerates corpora/demo/verslagen
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER
    for p in write(target):
        print(p)
