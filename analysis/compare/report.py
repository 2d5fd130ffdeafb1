"""The municipality comparison as a readable (Dutch) report document."""

from __future__ import annotations

import pandas as pd

from ..reports.builders import report_meta
from ..reports.document import DATA, READING, Chart, Paragraph, Report, Table
from .comparison import MunicipalityComparison, distinctive_words
from .plots import REPORT_WORDING


def compare_report(
    comparison: MunicipalityComparison,
    *,
    title: str | None = None,
    project_name: str | None = None,
    top_themes: int = 5,
    top_words: int = 10,
    quote_themes: int = 4,
    words: pd.DataFrame | None = None,
) -> Report:
    """Municipalities side by side: normalised theme matrix, distinctive themes and words, co-occurrence, quotes.

    ``words``: a precomputed :func:`~analysis.compare.distinctive_words` table (computed when None).
    """
    c = comparison
    report = Report(
        title=title or f"Gemeenten vergelijken — {c.framework_name}",
        subtitle=f"{len(c.municipalities)} gemeenten vergeleken op de thema's van het kader {c.framework_name!r}.",
        meta=report_meta(project_name, c.data.include_suggestions),
    )
    report.meta["Kader"] = f"{c.framework_name} ({c.framework_id})"
    report.meta["Gemeenten"] = ", ".join(c.municipalities)

    sec = report.section("Thema's per gemeente")
    sec.add(
        Paragraph(
            "Elke gemeente kan met een eigen codeboek zijn gecodeerd; via de crosswalk van elke code komen alle "
            "coderingen op de thema's van het kader terecht. Een fragment telt één keer per thema. Het aandeel "
            "deelnemers is het deel van de deelnemers van die gemeente dat het thema noemt (een bron zonder "
            "deelnemer, zoals een rapport, telt als één deelnemer)."
        )
    )
    share = c.matrix("participants_share")
    sec.add(Table("Aandeel deelnemers dat het thema noemt", share, percent=tuple(share.columns), heatmap=True, index=True, sheet="Aandeel deelnemers"))
    sec.add(Chart("Aandeel deelnemers per thema en gemeente", share, kind="heatmap", percent=True))
    src = c.matrix("sources_share")
    sec.add(Table("Aandeel bronnen waarin het thema voorkomt", src, percent=tuple(src.columns), heatmap=True, index=True, sheet="Aandeel bronnen"))
    per_p = c.matrix("passages_per_participant")
    sec.add(Table(REPORT_WORDING["passages_per_participant"], per_p, heatmap=True, index=True, sheet="Per deelnemer"))
    counts = c.matrix("passages")
    sec.add(Table("Aantal fragmenten", counts, heatmap=True, index=True, sheet="Fragmenten"))
    totals = c.totals.rename(columns={"passages": "Fragmenten", "participants": "Deelnemers", "sources": "Bronnen"})
    totals.index.name = "Gemeente"
    sec.add(Table("Omvang per gemeente", totals, index=True, sheet="Omvang"))
    if len(c.codebooks_used):
        used = c.codebooks_used.rename(
            columns={"municipality": "Gemeente", "codebook_id": "Codeboek", "codings": "Coderingen", "passages": "Fragmenten"}
        ).sort_values(["Gemeente", "Codeboek"])
        sec.add(Table("Gebruikte codeboeken", used, sheet="Codeboeken"))

    sec = report.section("Onderscheidende thema's")
    sec.add(
        Paragraph(
            "Per gemeente de thema's die er vaker voorkomen dan in de andere gemeenten samen: gewogen log-odds "
            "met een informatieve Dirichlet-prior (Monroe, Colaresi & Quinn, 2008). Een z-score boven 1,96 "
            "geldt als duidelijk onderscheidend; negatieve waarden betekenen: minder dan elders."
        )
    )
    themes = c.distinctive_themes()
    themes = themes[themes["count"] > 0].groupby("municipality", sort=False).head(top_themes)
    sec.add(
        Table(
            "Onderscheidende thema's",
            themes.rename(columns={"municipality": "Gemeente", "theme_name": "Thema", "count": "Fragmenten", "log_odds": "Log-odds", "z": "z-score"})[
                ["Gemeente", "Thema", "Fragmenten", "Log-odds", "z-score"]
            ],
        )
    )

    sec = report.section("Onderscheidende woorden")
    sec.add(
        Paragraph(
            "Woorden (lemma's, zonder stopwoorden en stopklanken) die per gemeente opvallend vaak voorkomen, met "
            "dezelfde maat. Vragen van de interviewer tellen niet mee."
        )
    )
    if words is None:
        words = distinctive_words(c, top=top_words)
    else:
        words = words.groupby(words.columns[0], sort=False).head(top_words)
    sec.add(
        Table(
            "Onderscheidende woorden",
            words.rename(columns={words.columns[0]: "Gemeente", "term": "Woord", "count": "Aantal", "log_odds": "Log-odds", "z": "z-score"})[
                ["Gemeente", "Woord", "Aantal", "Log-odds", "z-score"]
            ],
        )
    )

    sec = report.section("Samen voorkomende thema's")
    sec.add(Paragraph("Aantal fragmenten waarin twee thema's samen voorkomen (op de diagonaal: het thema zelf)."))
    co = c.cooccurrence()
    sec.add(Table("Samen voorkomende thema's", co, heatmap=True, index=True, sheet="Samen voorkomend"))

    sec = report.section("Citaten naast elkaar")
    sec.add(Paragraph("Voor de meest genoemde thema's de meest representatieve citaten per gemeente."))
    ranked = counts.sum(axis=1).sort_values(ascending=False, kind="stable")
    theme_ids = {c.theme_names.get(t, t): t for t in c.themes}
    quote_rows = []
    for name in [n for n, v in ranked.items() if v > 0][:quote_themes]:
        tid = theme_ids.get(name, name)
        side = c.quotes_side_by_side(tid, n=2)
        side.index.name = ""
        sub = report.section(name, level=2)
        sub.add(Table("", side, index=False, formats=READING))
        for muni, qs in c.quotes(tid, n=2).items():
            for rank, q in enumerate(qs, start=1):
                quote_rows.append(
                    {"Thema": name, "Gemeente": muni, "Nr": rank, "Citaat": q.text, "Herkomst": q.provenance.removeprefix("— "), "Begin": q.start, "Eind": q.end}
                )
    data_sec = report.section("Gegevens")
    data_sec.add(Table("Citaten", pd.DataFrame(quote_rows, columns=["Thema", "Gemeente", "Nr", "Citaat", "Herkomst", "Begin", "Eind"]), formats=DATA))

    notes = list(c.warnings)
    if len(c.unmapped):
        for _, row in c.unmapped.iterrows():
            notes.append(
                f"code {row['code']!r} ({row['codebook_id']}) heeft geen crosswalk naar het kader: "
                f"{int(row['passages'])} fragmenten tellen niet mee"
            )
    if notes:
        sec = report.section("Opmerkingen")
        for n in notes:
            sec.add(Paragraph(n))
    return report
