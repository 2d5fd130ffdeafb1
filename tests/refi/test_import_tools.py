"""Importing .qdpx files written by other tools (hand-made fixtures in tests/fixtures/refi)."""

from __future__ import annotations

import pytest
from refi_helpers import coded_texts, write_qdpx

from analysis.domain import SourceKind
from analysis.refi import QdpxError, detect_tool, import_qdpx


def test_nvivo_utf16_positions_with_bom_crlf_and_emoji(fixture_qdpx, new_project):
    p = new_project()
    report = import_qdpx(fixture_qdpx("nvivo"), p)
    assert report.tool == "nvivo" and report.positions == "utf16"
    assert report.sources == 2 and report.codes == 4 and report.warnings == []
    got = coded_texts(p)
    assert ("Interview R-07", "wachttijden", "Onderzoeker A", "drie maanden wachten", False) in got
    assert ("Interview R-07", "emotie", "Onderzoeker A", "😩", False) in got
    assert ("Interview R-07", "mantelzorg", "Onderzoeker B", "ze is overbelast", False) in got
    assert ("Interview R-08", "toegang", "Onderzoeker B", "Het loket 🏢 is ver weg", False) in got
    # a selection of exactly one speaker turn becomes a whole-passage coding
    whole = [g for g in got if g[1] == "toegang" and g[0] == "Interview R-07"]
    assert len(whole) == 1 and whole[0][4] and whole[0][3].startswith("Eerlijk gezegd") and whole[0][3].endswith("aardig 👍.")
    # a selection across two turns is clipped to each passage it overlaps
    cross = sorted(g[3] for g in got if g[1] == "mantelzorg" and g[3] != "ze is overbelast")
    assert cross == ["En de mantelzorg?", "de consulent was aardig 👍."]
    src = next(s for s in p.sources() if s.name == "Interview R-07")
    assert "\r" not in src.text and not src.text.startswith("\ufeff")
    for rec in p.passages(source_id=src.id):
        assert src.text[rec.start : rec.end] == rec.text


def test_nvivo_cases_variables_notes_and_codebook(fixture_qdpx, new_project):
    p = new_project()
    import_qdpx(fixture_qdpx("nvivo"), p)
    (part,) = p.participants()
    assert (part.label, part.age_group, part.respondent_group) == ("R-07", "50-69", "inwoner")
    src = next(s for s in p.sources() if s.name == "Interview R-07")
    assert src.participant == "R-07" and src.respondent_group == "inwoner"
    memos = p.memos()
    assert [(m.target_type, m.target_id, m.title, m.author) for m in memos] == [
        ("source", str(src.id), "Indruk interview", "Onderzoeker A")
    ]
    coding_memos = [c.memo for c in p.codings() if c.memo]
    assert coding_memos == ["Typisch voorbeeld van lange wachttijd."]
    (cb,) = p.codebooks()
    assert cb.id == "evaluatie-wijkteams"
    assert cb.code("wachttijden").parent == "toegang"
    assert cb.code("toegang").colour == "#ff0000"
    assert cb.code("mantelzorg").definition == "Overbelasting en steun van mantelzorgers."


def test_atlasti_counts_crlf_as_one(fixture_qdpx, new_project):
    p = new_project()
    report = import_qdpx(fixture_qdpx("atlasti"), p)  # Project.qde and sources/ in other case
    assert report.tool == "atlas.ti" and report.positions == "utf16-lf"
    got = coded_texts(p)
    assert ("Groepsgesprek partners", "bereikbaarheid", "Analist", "de lijntjes 📞 kunnen korter", False) in got
    assert ("Groepsgesprek partners", "privacy", "Analist", "delen van gegevens lastig 😕", False) in got
    turn = [g for g in got if g[1] == "samenwerking"]
    assert len(turn) == 1 and turn[0][4] and turn[0][3].startswith("Goed, maar")
    speakers = {r.speaker for r in p.passages()}
    assert {"HUISARTS DE VRIES", "WOONCORPORATIE"} <= speakers


def test_positions_override_changes_the_reading(fixture_qdpx, new_project):
    """Reading NVivo's UTF-16 positions as code points shifts every span after the emoji."""
    p = new_project()
    report = import_qdpx(fixture_qdpx("nvivo"), p, positions="codepoint")
    assert report.positions == "codepoint"
    texts = {g[3] for g in coded_texts(p)}
    assert "drie maanden wachten" not in texts


def test_real_world_defects_are_tolerated_with_warnings(fixture_qdpx, new_project):
    p = new_project()
    qdpx = fixture_qdpx("qualcoder_defects")
    report = import_qdpx(qdpx, p, sources_dir=qdpx.parent)  # extern/ lies beside the .qdpx
    text = "\n".join(report.warnings)
    for expected in (
        "written in braces",
        "lacks '#'",
        "not an RGB colour",
        "not codable but has codings",
        "unknown user",
        "lies outside the text",
        "not integers",
        "unknown code",
        "read from outside the archive",
        "PictureSource sources are not supported",
    ):
        assert expected in text, expected
    assert all(w.startswith("qualcoder_defects.qdpx: ") for w in report.warnings)
    assert report.skipped_selections == 2
    got = coded_texts(p)
    assert ("verhaal_01", "buurtcoach", "default", "De buurtcoach kwam langs", False) in got
    assert ("verhaal_01", "rust", "gebruiker-deadbeef", "dat geeft rust", False) in got
    assert ("beleidsnotitie", "rust", "default", "wachttijden halveren", False) in got
    cb = p.get_codebook(report.codebooks[0])
    assert cb.code("ondersteuning").codable is False and cb.code("ondersteuning").colour == "#00aa00"
    assert cb.code("buurtcoach").colour == "#00aa00"  # '#0a0' expanded
    assert [m.title for m in p.memos()] == ["Losse notitie"]


def test_external_sources_are_refused_by_default(fixture_qdpx, new_project):
    p = new_project()
    report = import_qdpx(fixture_qdpx("qualcoder_defects"), p)
    assert any("refused" in w and "--sources-dir" in w for w in report.warnings)
    assert report.refused_external == ["relative://extern/beleid.txt"]
    assert {s.name for s in p.sources()} == {"verhaal_01"}
    q = fixture_qdpx("qualcoder_defects")
    again = import_qdpx(q, new_project("twee"), sources_dir=q.parent, external_sources=False)
    assert again.refused_external


def test_reimport_adds_nothing_twice(fixture_qdpx, new_project):
    p = new_project()
    path = fixture_qdpx("nvivo")
    import_qdpx(path, p)
    before = (p.stats(), len(p.memos()), coded_texts(p))
    again = import_qdpx(path, p)
    assert again.sources == 0 and again.existing_sources == 2 and again.codings == 0 and again.memos == 0
    assert (p.stats(), len(p.memos()), coded_texts(p)) == before


def test_kind_municipality_and_study_defaults(fixture_qdpx, new_project):
    p = new_project()
    import_qdpx(fixture_qdpx("atlasti"), p, kind="group_interview", municipality="Oosterzande", study="Evaluatie")
    (src,) = p.sources()
    assert (src.kind, src.municipality, src.study) == (SourceKind.GROUP_INTERVIEW, "Oosterzande", "Evaluatie")


@pytest.mark.parametrize(
    "origin, base, tool",
    [
        ("NVivo 14.23.2 (Windows)", None, "nvivo"),
        ("ATLAS.ti Windows 23.2.1", None, "atlas.ti"),
        ("MAXQDA 2022 (Release 22.7.0)", None, "maxqda"),
        ("QualCoder 3.5", None, "qualcoder"),
        ("Duiding 0.1.0", None, "duiding"),
        (None, "C:/Users/x/Documents/MAXQDA2022", "maxqda"),
        ("Some Tool", None, None),
    ],
)
def test_detect_tool(origin, base, tool):
    assert detect_tool(origin, base) == tool


QDE_MIN = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="{origin}">
  <CodeBook><Codes><Code guid="11111111-1111-4111-8111-111111111111" name="Code A" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="22222222-2222-4222-8222-222222222222" name="tekst">
      <PlainTextContent>{content}</PlainTextContent>
      <PlainTextSelection guid="33333333-3333-4333-8333-333333333333" startPosition="{start}" endPosition="{end}">
        <Coding guid="44444444-4444-4444-8444-444444444444"><CodeRef targetGUID="11111111-1111-4111-8111-111111111111"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""


def test_inline_plain_text_content_and_unknown_tool(tmp_path, new_project):
    content = "Eerste alinea over wonen.\n\nTweede alinea over zorg."
    start = content.index("zorg")
    q = write_qdpx(tmp_path / "x.qdpx", QDE_MIN.format(origin="Onbekend", content=content, start=start, end=start + 4))
    p = new_project()
    report = import_qdpx(q, p)
    assert report.tool is None and any("writing tool is unknown" in w for w in report.warnings)
    assert [g[3] for g in coded_texts(p)] == ["zorg"]


def test_maxqda_positions_default_to_utf16(tmp_path, new_project):
    content = "Een 😀 en zorg."
    start = len(content[: content.index("zorg")].encode("utf-16-le")) // 2
    q = write_qdpx(tmp_path / "m.qdpx", QDE_MIN.format(origin="MAXQDA 2022", content=content, start=start, end=start + 4))
    p = new_project()
    import_qdpx(q, p)
    assert [g[3] for g in coded_texts(p)] == ["zorg"]


def test_selection_in_whitespace_between_passages_is_skipped(tmp_path, new_project):
    content = "Eerste alinea over wonen.\n\n\n\nTweede alinea over zorg."
    start = content.index("\n\n")
    q = write_qdpx(tmp_path / "w.qdpx", QDE_MIN.format(origin="QualCoder", content=content, start=start, end=start + 3))
    p = new_project()
    report = import_qdpx(q, p)
    assert report.skipped_selections == 1 and p.codings() == []
    assert any("covers no passage text" in w for w in report.warnings)


def test_missing_project_file(tmp_path, new_project):
    q = write_qdpx(tmp_path / "leeg.qdpx", "<x/>")
    import zipfile

    bare = tmp_path / "bare.qdpx"
    with zipfile.ZipFile(bare, "w") as zf:
        zf.writestr("Sources/a.txt", "tekst")
    p = new_project()
    with pytest.raises(QdpxError, match=r"bare\.qdpx: not a REFI-QDA project \(no project\.qde"):
        import_qdpx(bare, p)
    with pytest.raises(QdpxError, match=r"leeg\.qdpx: project\.qde: the root element is <x>"):
        import_qdpx(q, p)
    assert p.stats()["sources"] == 0


def test_malformed_xml_names_line(tmp_path, new_project):
    q = write_qdpx(tmp_path / "kapot.qdpx", "<Project name='p'>\n<Sources>\n</Project>")
    with pytest.raises(QdpxError, match=r"kapot\.qdpx: project\.qde: line 3"):
        import_qdpx(q, new_project())
