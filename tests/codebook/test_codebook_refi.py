"""REFI-QDA codebook exchange (.qdc): round trip, foreign files, hostile XML, schema validity."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from analysis.codebook import (
    CodebookError,
    CodebookWarning,
    codebook_from_dict,
    export_qdc,
    import_qdc,
    load_shipped,
    qdc_bytes,
    shipped_codebooks,
)
from analysis.codebook.refi import CODEBOOK_NS, PROJECT_NS, code_description, code_guid, parse_code_description
from analysis.domain import Code, Codebook, ScaleLevel

NS = {"c": CODEBOOK_NS}


def rich_codebook() -> Codebook:
    return codebook_from_dict(
        {
            "id": "stad",
            "name": "Stad — test",
            "description": "Eerste regel.\n\nTweede alinea: met dubbele punt.",
            "municipality": "Stad",
            "framework": "sociaal-domein",
            "codes": [
                {
                    "id": "bereik",
                    "name": "Bereik & toegang <test>",
                    "colour": "#1f77b4",
                    "definition": "Of inwoners de teams bereiken.\n- geen lijstitem\nInclusie: geen kop",
                    "inclusion": ["Telefonisch contact", "Meerdere\nregels"],
                    "exclusion": ["Kosten"],
                    "keywords": ["vindba*", "je belt en niemand neemt op", "kpi's"],
                    "exclude_keywords": ["verwachten"],
                    "respondent_groups": ["inwoner", "cliënt"],
                    "examples": ["'Ik bel en bel', zei ze.", "Trefwoorden: staat in een citaat"],
                    "crosswalk": ["toegang", "bereikbaarheid"],
                    "codes": [{"id": "loket", "name": "Loket"}],
                },
                {
                    "id": "houding",
                    "name": "Houding",
                    "axis": "stance",
                    "codable": False,
                    "codes": [{"id": "knelpunt", "name": "Knelpunt", "axis": "stance", "colour": "#c62828"}],
                },
            ],
            "normenkader": {
                "scale": [{"id": "ja", "label": "Ja", "colour": "#00aa00"}, {"id": "nee", "label": "Nee"}],
                "norms": [
                    {
                        "id": "n1",
                        "deelvraag": "1. Bereik?",
                        "norm": "Inwoners bereiken de teams.",
                        "description": "Toelichting\nop twee regels",
                        "codes": ["bereik", "loket"],
                    },
                    {"id": "n2", "norm": "Zonder deelvraag.", "codes": []},
                ],
            },
            "metadata": {"bron": "test", "jaar": 2025},
        }
    )


# --------------------------------------------------------------------------- round trip


def test_export_import_round_trips_every_field(tmp_path: Path) -> None:
    cb = rich_codebook()
    path = export_qdc(cb, tmp_path / "stad.qdc")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CodebookWarning)  # our own export needs no tolerance
        back = import_qdc(path)
    assert back == cb


@pytest.mark.parametrize("codebook_id", sorted(shipped_codebooks()))
def test_shipped_codebooks_round_trip_through_qdc(codebook_id: str, tmp_path: Path) -> None:
    cb = load_shipped(codebook_id)
    assert import_qdc(export_qdc(cb, tmp_path / f"{codebook_id}.qdc")) == cb


def test_reexport_is_byte_identical_and_guids_are_stable(tmp_path: Path) -> None:
    cb = rich_codebook()
    first = export_qdc(cb, tmp_path / "a.qdc").read_bytes()
    second = qdc_bytes(import_qdc(tmp_path / "a.qdc"))
    assert first == second
    root = etree.fromstring(first)
    guids = [el.get("guid") for el in root.iter(f"{{{CODEBOOK_NS}}}Code")]
    assert guids[0] == code_guid("stad", "bereik")
    assert len(set(guids)) == len(guids) == len(cb.codes)
    # another codebook with the same code ids gets other GUIDs
    assert code_guid("ander", "bereik") != code_guid("stad", "bereik")


def test_document_structure(tmp_path: Path) -> None:
    root = etree.fromstring(qdc_bytes(rich_codebook()))
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    top = root.findall("c:Codes/c:Code", NS)
    assert [c.get("name") for c in top] == ["Bereik & toegang <test>", "Houding"]
    assert top[1].get("isCodable") == "false" and top[0].get("isCodable") == "true"
    assert top[0].get("color") == "#1f77b4"
    assert [c.get("name") for c in top[0].findall("c:Code", NS)] == ["Loket"]
    description = top[0].find("c:Description", NS).text
    assert "Definitie: Of inwoners de teams bereiken." in description
    assert "Trefwoorden: vindba*; je belt en niemand neemt op; kpi's" in description
    sets = {s.get("name"): s for s in root.findall("c:Sets/c:Set", NS)}
    stance = sets["As: stance"]
    assert [m.get("targetGUID") for m in stance.findall("c:MemberCode", NS)] == [
        code_guid("stad", "houding"),
        code_guid("stad", "knelpunt"),
    ]
    assert len(sets["Norm n1"].findall("c:MemberCode", NS)) == 2


def test_export_refuses_empty_codebook(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="at least one code"):
        export_qdc(Codebook(id="leeg", name="Leeg"), tmp_path / "leeg.qdc")


texts = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r") | st.sampled_from("\n-: "),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(definition=texts, inclusion=st.lists(texts, max_size=3), examples=st.lists(texts, max_size=3))
def test_description_text_round_trips_arbitrary_text(
    definition: str, inclusion: list[str], examples: list[str]
) -> None:
    code = Code(id="x", name="X", definition=definition, inclusion=inclusion, examples=examples)
    parsed = parse_code_description(code_description(code))
    assert parsed["id"] == "x"
    assert parsed["definition"] == definition
    assert parsed["inclusion"] == inclusion
    assert parsed["examples"] == examples


# --------------------------------------------------------------------------- foreign files

FOREIGN_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Some QDA tool 9.1">
  <Codes>
    <Code guid="{A1B2C3D4-0000-4000-8000-00000000000A}" name="Toegang &amp; vindbaarheid" isCodable="false" color="FF0000">
      <Description>Alles over de weg naar hulp.
- ook een regel met een streepje</Description>
      <Code guid="{a1b2c3d4-0000-4000-8000-00000000000b}" name="Wachttijden" isCodable="true" color="#0f0">
        <Description>Wachten op hulp.</Description>
      </Code>
      <Code guid="a1b2c3d4-0000-4000-8000-00000000000c" name="Wachttijden" color="#00FF00"/>
    </Code>
    <Code guid="a1b2c3d4-0000-4000-8000-00000000000d" name="Eén gezin, één plan" isCodable="1" color="not-a-colour"/>
  </Codes>
  <Sets>
    <Set guid="a1b2c3d4-0000-4000-8000-0000000000ff" name="Belangrijk">
      <MemberCode targetGUID="{A1B2C3D4-0000-4000-8000-00000000000B}"/>
    </Set>
  </Sets>
</CodeBook>
"""


def test_import_foreign_qdc_tolerates_real_world_defects(tmp_path: Path) -> None:
    path = tmp_path / "Ander Programma.qdc"
    path.write_text(FOREIGN_QDC, encoding="utf-8")
    with pytest.warns(CodebookWarning) as record:
        cb = import_qdc(path)
    messages = [str(w.message) for w in record]
    assert all(str(path) in m for m in messages)
    assert any("braces" in m for m in messages)
    assert any("lacks '#'" in m for m in messages)
    assert any("isCodable is missing" in m for m in messages)
    assert any("not-a-colour" in m for m in messages)

    assert cb.id == "ander-programma" and cb.name == "Ander Programma"
    assert [c.id for c in cb.codes] == ["toegang-vindbaarheid", "wachttijden", "wachttijden-2", "een-gezin-een-plan"]
    parent = cb.code("toegang-vindbaarheid")
    assert parent.name == "Toegang & vindbaarheid"
    assert parent.codable is False and parent.colour == "#ff0000"
    assert parent.definition == "Alles over de weg naar hulp.\n- ook een regel met een streepje"
    assert cb.children("toegang-vindbaarheid") == [cb.code("wachttijden"), cb.code("wachttijden-2")]
    assert cb.code("wachttijden").colour == "#00ff00"  # 3-digit colour expanded
    assert cb.code("wachttijden").definition == "Wachten op hulp."
    assert cb.code("wachttijden-2").codable is True  # missing isCodable -> true
    assert cb.code("een-gezin-een-plan").colour is None and cb.code("een-gezin-een-plan").codable is True
    assert all(c.axis is None for c in cb.codes)  # an unknown set carries no axis


def test_import_reads_codebook_from_a_project_file(tmp_path: Path) -> None:
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{PROJECT_NS}" name="P">
  <CodeBook><Codes>
    <Code guid="a1b2c3d4-0000-4000-8000-000000000001" name="Kosten" isCodable="true"/>
  </Codes></CodeBook>
</Project>"""
    path = tmp_path / "project.qde"
    path.write_text(qde, encoding="utf-8")
    cb = import_qdc(path)
    assert [(c.id, c.name) for c in cb.codes] == [("kosten", "Kosten")]


def test_import_warns_on_missing_namespace(tmp_path: Path) -> None:
    path = tmp_path / "x.qdc"
    path.write_text(
        '<CodeBook><Codes><Code guid="a1b2c3d4-0000-4000-8000-000000000001" name="A" isCodable="true"/></Codes></CodeBook>'
    )
    with pytest.warns(CodebookWarning, match="namespace"):
        assert import_qdc(path).codes[0].name == "A"


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code name='a'></Codes></CodeBook>", "not well-formed"),
        ("<Project xmlns='urn:QDA-XML:project:1.0' name='p'/>", "no CodeBook"),
        ("<Notes/>", "root element is <Notes>"),
        ("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>", "<Codes> element is missing"),
    ],
)
def test_import_rejects_non_codebooks_clearly(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "x.qdc"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CodebookError, match=match) as info:
        import_qdc(path)
    assert str(path) in str(info.value)


# --------------------------------------------------------------------------- hostile XML

XXE = """<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="a1b2c3d4-0000-4000-8000-000000000001" name="&secret;" isCodable="true"/>
</Codes></CodeBook>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="a1b2c3d4-0000-4000-8000-000000000001" name="&lol9;" isCodable="true"/>
</Codes></CodeBook>"""


@pytest.mark.parametrize("content", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_are_refused_with_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "evil.qdc"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        import_qdc(path)
    msg = str(info.value)
    assert str(path) in msg and "refused" in msg and "entities" in msg
    assert "root:" not in msg  # nothing from /etc/passwd leaked into the error


# --------------------------------------------------------------------------- schema


def _as_project(qdc: bytes) -> bytes:
    """Wrap a .qdc's CodeBook into a REFI project document (Sets move to project level)."""
    root = etree.fromstring(qdc)
    project = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS}, name="wrapper")
    converted = copy.deepcopy(root)
    for el in converted.iter():
        if isinstance(el.tag, str) and el.tag.startswith(f"{{{CODEBOOK_NS}}}"):
            el.tag = f"{{{PROJECT_NS}}}" + el.tag.split("}", 1)[1]
    sets = converted.find(f"{{{PROJECT_NS}}}Sets")
    if sets is not None:
        converted.remove(sets)
    converted.attrib.pop("origin", None)
    project.append(converted)
    if sets is not None:
        project.append(sets)
    etree.cleanup_namespaces(project)
    return etree.tostring(project)


@pytest.mark.parametrize("codebook_id", sorted(shipped_codebooks()))
def test_export_is_valid_against_the_refi_schema(shared_dir: Path, codebook_id: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "refi" / "Project.xsd")))
    doc = etree.fromstring(_as_project(qdc_bytes(load_shipped(codebook_id))))
    assert schema.validate(doc), schema.error_log


def test_schema_check_catches_an_invalid_document(shared_dir: Path) -> None:
    """The wrapping used above does not hide errors: a code without isCodable fails."""
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "refi" / "Project.xsd")))
    data = qdc_bytes(rich_codebook()).replace(b' isCodable="true"', b"", 1)
    assert not schema.validate(etree.fromstring(_as_project(data)))


def test_scale_levels_with_and_without_colour_survive(tmp_path: Path) -> None:
    cb = rich_codebook()
    cb.scale = [ScaleLevel("a", "A | met streep"), ScaleLevel("b", "B | ook", "#123456"), ScaleLevel("c", "C")]
    back = import_qdc(export_qdc(cb, tmp_path / "s.qdc"))
    assert back.scale == cb.scale
