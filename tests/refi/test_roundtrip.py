"""Duiding -> .qdpx -> Duiding: the same codes, sources, passages, codings, cases and memos."""

from __future__ import annotations

import zipfile
from dataclasses import asdict

import pytest
from lxml import etree
from refi_helpers import coded_texts

from analysis.corpus import segment
from analysis.domain import (
    Code,
    Codebook,
    Coding,
    CodingStatus,
    Memo,
    Norm,
    Participant,
    Source,
    SourceKind,
)
from analysis.refi import export_qdpx, import_qdpx

INTERVIEW = (
    "I: Hoe ging het met de aanvraag? 🙂\n\n"
    "R: Nou, het wachten duurde lang 😩. Maar de buurtcoach hielp, dat was fijn.\n\n"
    "I: En de mantelzorg?\n\n"
    "R: Mijn dochter zorgt voor me; ze is overbelast. Café 𝄞 muziek helpt.\n"
)
STORY = "Ik wilde weer meedoen in de wijk.\n\nDe buurtcoach bracht me in contact met de moestuin 🌱.\n"


def codebook() -> Codebook:
    return Codebook(
        "wijkteams",
        "Evaluatie wijkteams",
        description="Uitgangspunten van het beleid.",
        municipality="Lindewaard",
        codes=[
            Code("toegang", "Toegang", definition="Hoe inwoners binnenkomen.", keywords=["loket"], colour="#1f77b4",
                 codable=False, axis="uitgangspunt"),
            Code("wachttijden", "Wachttijden", parent="toegang", definition="Lang wachten.", keywords=["wachten", "wachtlijst"],
                 inclusion=["wachten op een gesprek"], examples=["drie maanden gewacht"]),
            Code("wijkgericht", "Wijkgericht werken", keywords=["buurtcoach"], colour="#2ca02c"),
            Code("mantelzorg", "Mantelzorg", exclusion=["professionele zorg"]),
        ],
        norms=[Norm("n1", "De toegang is laagdrempelig", "1", ["toegang", "wachttijden"])],
    )


@pytest.fixture
def source_project(new_project):
    p = new_project("bron")
    p.save_codebook(codebook())
    p.save_codebook(Codebook("tweede", "Tweede codeboek", codes=[Code("toegang", "Toegang (ander boek)"), Code("emotie", "Emotie")]))
    sid = p.add_source(
        Source("interview_01.txt", INTERVIEW, SourceKind.INTERVIEW, municipality="Lindewaard", study="Evaluatie 2026",
               date="2026-03-01", checksum="c-int", metadata={"transcriber": "bureau X"}),
        segment(INTERVIEW, kind=SourceKind.INTERVIEW),
        participant=Participant("R-01", "Lindewaard", "inwoner", "70+", "De Esch", {"wet": "Wmo", "score": 0.25, "n_kinderen": 2, "alleen": True, "leeg": None}),
    )
    story_id = p.add_source(
        Source("Meedoen", STORY, SourceKind.STORY, municipality="Lindewaard", checksum="c-story"),
        segment(STORY, kind=SourceKind.STORY),
        participant=Participant("verhalen/001", "Lindewaard", "inwoner", attributes={"hoofdrol_1": 0.5, "hoofdrol_x": 0.31, "toelichting": "vrije tekst"}),
    )
    recs = p.passages(source_id=sid)
    story = p.passages(source_id=story_id)
    r1 = recs[1]
    w = r1.start + r1.text.index("wachten duurde lang 😩")
    p.add_coding(Coding(r1.id, "wachttijden", "wijkteams", coder="anna", start=w, end=w + len("wachten duurde lang 😩"), memo="kern"))
    p.add_coding(Coding(r1.id, "wijkgericht", "wijkteams", coder="anna"))
    p.add_coding(Coding(r1.id, "wijkgericht", "wijkteams", coder="bob"))
    last = recs[-1]
    e = last.start + last.text.index("𝄞")
    p.add_coding(Coding(last.id, "emotie", "tweede", coder="bob", start=e, end=e + 1))
    p.add_coding(Coding(last.id, "mantelzorg", "wijkteams", coder="anna"))
    p.add_coding(Coding(story[1].id, "wijkgericht", "wijkteams", coder="anna"))
    p.add_coding(Coding(recs[0].id, "mantelzorg", "wijkteams", coder="model", status=CodingStatus.SUGGESTED))
    p.add_memo(Memo("Algemene indruk.", "anna", title="Project"))
    p.add_memo(Memo("Over deze bron.", "bob", "source", str(sid)))
    p.add_memo(Memo("Over deze passage.", "anna", "passage", str(r1.id)))
    p.add_memo(Memo("Over deze code.", "anna", "code", "wijkteams/wachttijden", title="Definitie"))
    return p


def _sources(p):
    return sorted(
        (s.name, s.text, s.kind, s.municipality, s.study, s.date, s.respondent_group, s.participant,
         {k: v for k, v in s.metadata.items() if not k.startswith("refi_") and k != "encoding"})
        for s in p.sources()
    )


def _passages(p):
    names = {s.id: s.name for s in p.sources()}
    return sorted((names[r.source_id], r.ordinal, r.start, r.end, r.speaker) for r in p.passages())


def _participants(p):
    return sorted((x.label, x.municipality, x.respondent_group, x.age_group, x.wijk, tuple(sorted(x.attributes.items()))) for x in p.participants())


def _memos(p):
    names = {s.id: s.name for s in p.sources()}
    recs = {r.id: (names[r.source_id], r.ordinal) for r in p.passages()}
    out = []
    for m in p.memos():
        target = m.target_id
        if m.target_type == "source":
            target = names[int(m.target_id)]
        elif m.target_type == "passage":
            target = recs[int(m.target_id)]
        out.append((m.target_type, str(target), m.title, m.text, m.author))
    return sorted(out)


def _codebooks(p):
    return sorted((asdict(cb) for cb in p.codebooks()), key=lambda d: d["id"])


@pytest.mark.parametrize("positions", ["codepoint", "utf16"])
def test_round_trip_is_exact(source_project, new_project, tmp_path, positions):
    path = tmp_path / "export.qdpx"
    report = export_qdpx(source_project, path, positions=positions)
    assert report.sources == 2 and report.codings == 6 and report.cases == 2
    target = new_project("doel")
    imported = import_qdpx(path, target)
    assert imported.tool == "duiding" and imported.positions == positions
    assert imported.warnings == []
    assert _codebooks(target) == _codebooks(source_project)
    assert _sources(target) == _sources(source_project)
    assert _passages(target) == _passages(source_project)
    accepted = [c for c in coded_texts(source_project) if c[2] != "model"]
    assert coded_texts(target) == accepted
    assert _participants(target) == [x for x in _participants(source_project)]
    assert _memos(target) == _memos(source_project)
    memos = sorted(c.memo for c in target.codings() if c.memo)
    assert memos == ["kern"]


def test_suggestions_go_out_only_when_asked(source_project, new_project, tmp_path):
    path = tmp_path / "met-suggesties.qdpx"
    export_qdpx(source_project, path, statuses=("accepted", "suggested"))
    target = new_project("doel")
    import_qdpx(path, target)
    (s,) = [c for c in target.codings() if c.coder == "model"]
    assert s.status == CodingStatus.SUGGESTED  # the review status travels in duiding.json


def test_without_duiding_extension_the_text_is_segmented_again(source_project, new_project, tmp_path):
    """What another tool sees: no duiding.json. Codings still cover the same text."""
    path = tmp_path / "export.qdpx"
    export_qdpx(source_project, path, codebooks=["wijkteams"])
    stripped = tmp_path / "zonder.qdpx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(stripped, "w") as zout:
        for item in zin.infolist():
            if item.filename != "duiding.json":
                zout.writestr(item, zin.read(item))
    target = new_project("doel")
    import_qdpx(stripped, target)
    expected = [c for c in coded_texts(source_project) if c[2] != "model" and c[1] != "emotie"]
    assert coded_texts(target) == expected


def test_export_is_deterministic(source_project, tmp_path):
    a, b = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_qdpx(source_project, a)
    export_qdpx(source_project, b)
    assert a.read_bytes() == b.read_bytes()


def test_archive_layout(source_project, tmp_path):
    path = tmp_path / "x.qdpx"
    export_qdpx(source_project, path)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        root = etree.fromstring(zf.read("project.qde"))
        ns = {"q": "urn:QDA-XML:project:1.0"}
        for ts in root.iterfind(".//q:Sources/q:TextSource", ns):
            guid = ts.get("guid")
            assert ts.get("plainTextPath") == f"internal://{guid}.txt"
            text = zf.read(f"Sources/{guid}.txt").decode("utf-8")
            assert "\r" not in text and not text.startswith("\ufeff")
            for sel in ts.iterfind("q:PlainTextSelection", ns):
                assert 0 <= int(sel.get("startPosition")) < int(sel.get("endPosition")) <= len(text)
    assert names[0] == "project.qde" and "duiding.json" in names
    codes = root.findall(".//q:CodeBook//q:Code", ns)
    assert {c.get("name") for c in codes} >= {"Toegang", "Wachttijden", "Emotie"}
    assert next(c for c in codes if c.get("name") == "Toegang").get("isCodable") == "false"


def test_export_validates_against_the_refi_schema(source_project, tmp_path, shared_dir):
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "refi" / "Project.xsd")))
    for kwargs in ({}, {"positions": "utf16"}, {"pseudonymise": True}, {"codebooks": ["tweede"]}):
        path = tmp_path / "v.qdpx"
        export_qdpx(source_project, path, **kwargs)
        with zipfile.ZipFile(path) as zf:
            doc = etree.fromstring(zf.read("project.qde"))
        assert schema.validate(doc), (kwargs, schema.error_log)


def test_pseudonymised_export(new_project, tmp_path):
    """analysis.privacy replaces the identifiers; codings still cover the same words (or their placeholders)."""
    text = (
        "MARIEKE: Ik woon op de Dorpsstraat 12 in 1234 AB Lindewaard, mail me op marieke@example.nl.\n\n"
        "I: Uw telefoonnummer?\n\n"
        "MARIEKE: 06-12345678. Mijn BSN is 111222333. Marieke is mijn naam.\n"
    )
    p = new_project("bron")
    p.save_codebook(Codebook("cb", "Cb", codes=[Code("privacy", "Privacy"), Code("wonen", "Wonen"), Code("mail", "Mail")]))
    sid = p.add_source(Source("interview_marieke.txt", text, checksum="m"), segment(text, kind="interview"),
                       participant=Participant("Marieke", "Lindewaard", "inwoner"))
    recs = p.passages(source_id=sid)
    w = recs[0].start + recs[0].text.index("Ik woon")
    p.add_coding(Coding(recs[0].id, "wonen", "cb", coder="anna", start=w, end=w + len("Ik woon")))
    m = text.index("marieke@example.nl")
    p.add_coding(Coding(recs[0].id, "mail", "cb", coder="anna", start=m, end=m + len("marieke@example.nl")))
    p.add_coding(Coding(recs[2].id, "privacy", "cb", coder="anna"))
    p.add_memo(Memo("Marieke belde op 06-12345678.", "anna", "source", str(sid)))
    path = tmp_path / "pseudo.qdpx"
    report = export_qdpx(p, path, pseudonymise=True)
    assert report.pseudonymised
    with zipfile.ZipFile(path) as zf:
        blob = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8")
    for secret in ("marieke@example.nl", "06-12345678", "111222333", "Dorpsstraat 12", "Marieke", "MARIEKE"):
        assert secret not in blob, secret
    assert "[EMAIL-1]" in blob and "[TELEFOON-1]" in blob and "[PERSOON-1]" in blob
    target = new_project("doel")
    import_qdpx(path, target)
    got = coded_texts(target)
    assert ("Bron 001 (interview)", "wonen", "anna", "Ik woon", False) in got
    assert ("Bron 001 (interview)", "mail", "anna", "[EMAIL-1]", False) in got  # a coded identifier: its placeholder
    (whole,) = [g for g in got if g[1] == "privacy"]
    assert whole[4] and "[BSN-1]" in whole[3]
    assert [x.label for x in target.participants()] == ["Deelnemer 001"]
    assert {r.speaker for r in target.passages()} == {"I", "[PERSOON-1]"}


def test_round_trip_of_real_reports(seeds_dir, new_project, tmp_path, shared_dir):
    """Public reports with OCR damage (page breaks, odd characters): export validates, import is exact."""
    from analysis.corpus import ingest_file

    p = new_project("bron")
    p.save_codebook(codebook())
    files = sorted(seeds_dir.glob("*.txt"))[:2]
    assert files
    for f in files:
        source, passages = ingest_file(f, municipality="Seed")
        sid = p.add_source(source, passages)
        for r in p.passages(source_id=sid)[::7]:
            p.add_coding(Coding(r.id, "wijkgericht", "wijkteams", coder="anna"))
            if len(r.text) > 20:
                p.add_coding(Coding(r.id, "mantelzorg", "wijkteams", coder="bob", start=r.start + 5, end=r.start + 15))
    path = tmp_path / "seeds.qdpx"
    export_qdpx(p, path)
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "refi" / "Project.xsd")))
    with zipfile.ZipFile(path) as zf:
        assert schema.validate(etree.fromstring(zf.read("project.qde"))), schema.error_log
    target = new_project("doel")
    report = import_qdpx(path, target)
    assert report.warnings == []
    assert _sources(target) == _sources(p)
    assert _passages(target) == _passages(p)
    assert coded_texts(target) == coded_texts(p)


def test_text_stored_with_crlf_and_decomposed_accents_is_written_normalised(new_project, tmp_path):
    """A stored text that is not LF/NFC (e.g. a story from a CSV) is written as LF + NFC; codings follow."""
    text = "Eerste regel over de wijkcoach.\r\nDe cafe\u0301 is dicht 😢.\r\n\r\nTweede alinea: het loket."
    p = new_project("bron")
    p.save_codebook(Codebook("cb", "Cb", codes=[Code("wijk", "Wijk")]))
    passages = segment(text, kind="story")
    sid = p.add_source(Source("verhaal", text, SourceKind.STORY, checksum="crlf"), passages)
    recs = p.passages(source_id=sid)
    a = text.index("cafe\u0301 is dicht 😢")
    rec = next(r for r in recs if r.start <= a < r.end)
    p.add_coding(Coding(rec.id, "wijk", "cb", coder="anna", start=a, end=a + len("cafe\u0301 is dicht 😢")))
    path = tmp_path / "crlf.qdpx"
    export_qdpx(p, path, positions="utf16")
    with zipfile.ZipFile(path) as zf:
        written = next(zf.read(n) for n in zf.namelist() if n.startswith("Sources/")).decode("utf-8")
    assert "\r" not in written and "café" in written
    target = new_project("doel")
    import_qdpx(path, target)
    assert [g[3] for g in coded_texts(target)] == ["café is dicht 😢"]
    (src,) = target.sources()
    assert src.text == written


def test_the_citeerbaar_flag_travels_in_the_duiding_extension(source_project, new_project, tmp_path):
    marked = next(c for c in source_project.codings(status="accepted") if c.code_id == "wachttijden")
    source_project.set_citeerbaar(marked.id)
    path = tmp_path / "citeerbaar.qdpx"
    export_qdpx(source_project, path)
    target = new_project("doel")
    import_qdpx(path, target)
    flagged = [(c.code_id, c.coder) for c in target.codings() if c.citeerbaar]
    assert flagged == [(marked.code_id, marked.coder)]
    # imported again onto the same sources (merged, not inserted): the flag stays
    import_qdpx(path, target)
    assert [(c.code_id, c.coder) for c in target.codings() if c.citeerbaar] == flagged
