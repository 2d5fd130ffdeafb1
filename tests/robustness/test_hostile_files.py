"""Files built to hurt: XML entities (XXE, billion laughs), zip bombs, YAML alias bombs."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_helpers import check_contract, check_contract_isolated, importers, replace_member, sample

IMPORTERS = importers()

LAUGHS = (
    '<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
)


def _xxe_doctype(root: str, secret) -> str:
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY geheim SYSTEM "file://{secret}">]>\n'


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "geheim.txt"
    path.write_text("GEHEIM-BSN-123456782")
    return path


def _assert_no_leak(project, result=None):
    blob = repr(result) + repr([s.text for s in project.sources()]) + repr(project.codebooks())
    assert "GEHEIM" not in blob


def test_qdc_with_external_entity(tmp_path, project, secret):
    path = tmp_path / "xxe.qdc"
    path.write_text(
        _xxe_doctype("CodeBook", secret)
        + '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="11111111-1111-4111-8111-111111111111" name="&geheim;" isCodable="true"/></Codes></CodeBook>'
    )
    check_contract(IMPORTERS["codebook.qdc"], path, project)


def test_qdc_billion_laughs(tmp_path, project):
    path = tmp_path / "lol.qdc"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE CodeBook [{LAUGHS}]><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="11111111-1111-4111-8111-111111111111" name="&j;" isCodable="true"/></Codes></CodeBook>'
    )
    check_contract(IMPORTERS["codebook.qdc"], path, project)


def test_qdpx_with_external_entity_in_the_codebook(tmp_path, project, secret):
    qde = (
        _xxe_doctype("Project", secret)
        + '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
        '<Code guid="11111111-1111-4111-8111-111111111111" name="&geheim;" isCodable="true"/></Codes></CodeBook></Project>'
    )
    path = tmp_path / "xxe.qdpx"
    path.write_bytes(replace_member(sample("refi.qdpx"), "project.qde", qde.encode()))
    check_contract(IMPORTERS["refi.qdpx"], path, project)
    _assert_no_leak(project)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_with_external_entity(tmp_path, project, secret):
    xml = (
        _xxe_doctype("w:document", secret)
        + f"<w:document {_W}><w:body><w:p><w:r><w:t>&geheim; en de wijkcoach hielp.</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "xxe.docx"
    path.write_bytes(replace_member(sample("ingest.docx"), "word/document.xml", xml.encode()))
    from analysis.corpus import IngestError, ingest_file

    check_contract(IMPORTERS["ingest.docx"], path, project)
    try:
        source, _ = ingest_file(path)
    except IngestError:
        return
    assert "GEHEIM" not in source.text


def test_docx_billion_laughs(tmp_path, project):
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{LAUGHS}]>'
        f"<w:document {_W}><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "lol.docx"
    path.write_bytes(replace_member(sample("ingest.docx"), "word/document.xml", xml.encode()))
    check_contract(IMPORTERS["ingest.docx"], path, project)


def test_yaml_alias_bomb(tmp_path, project):
    """'Billion laughs' in YAML: nine levels of aliases, each ten times the one below."""
    lines = ["id: bom", "name: Bom", "a0: &a0 [woord, woord, woord, woord, woord, woord, woord, woord, woord, woord]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines += ["codes:", "  - id: c", "    name: C", "    keywords: *a8"]
    path = tmp_path / "bom.yaml"
    path.write_text("\n".join(lines) + "\n")
    check_contract_isolated("codebook.yaml", path, seconds=10, mem_mb=2048)


def _zip_bomb(path, template: bytes, member: str, head: bytes, unit: bytes, tail: bytes, megabytes: int) -> None:
    """Copy ``template`` with ``member`` replaced by head + unit * n + tail (``megabytes`` MB), streamed."""
    src = zipfile.ZipFile(io.BytesIO(template))
    chunk = unit * (1024 * 1024 // len(unit))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in src.infolist():
            if info.filename == member:
                with zf.open(member, "w", force_zip64=True) as fh:
                    fh.write(head)
                    for _ in range(megabytes):
                        fh.write(chunk)
                    fh.write(tail)
            else:
                zf.writestr(info.filename, src.read(info))


def test_qdpx_zip_bomb_is_refused(tmp_path, project):
    path = tmp_path / "bom.qdpx"
    _zip_bomb(path, sample("refi.qdpx"), "project.qde", b"<Project>", b"<!-- " + b"x" * 200 + b" -->", b"</Project>", 64)
    assert path.stat().st_size < 1024 * 1024
    assert check_contract(IMPORTERS["refi.qdpx"], path, project) == "error"


def test_xlsx_zip_bomb(tmp_path, project):
    """64 MB of whitespace in a sheet: read or refused, not a crash."""
    path = tmp_path / "bom.xlsx"
    template = sample("stories.xlsx")
    sheet = zipfile.ZipFile(io.BytesIO(template)).read("xl/worksheets/sheet1.xml")
    head, _, tail = sheet.partition(b"<sheetData>")
    _zip_bomb(path, template, "xl/worksheets/sheet1.xml", head + b"<sheetData>", b" " * 1024, tail, 64)
    check_contract(IMPORTERS["stories.xlsx"], path, project, seconds=60)


@pytest.mark.slow
def test_docx_zip_bomb_in_a_memory_limited_process(tmp_path):
    """A 0.9 MB .docx that unpacks to 256 MB of paragraphs, ingested with 2 GB of address space.

    The contract: a clear IngestError (or a correct import) -- not a MemoryError or a killed process.
    """
    path = tmp_path / "bom.docx"
    para = b"<w:p><w:r><w:t>" + b"a" * 67 + b"</w:t></w:r></w:p>"
    _zip_bomb(path, sample("ingest.docx"), "word/document.xml", f"<w:document {_W}><w:body>".encode(), para,
              b"</w:body></w:document>", 256)
    check_contract_isolated("ingest.docx", path, seconds=240, mem_mb=2048)


@pytest.mark.parametrize("name", ["codebook.qdc", "refi.qdpx"])
def test_xml_declaring_an_unknown_encoding(name, tmp_path, project):
    """<?xml encoding="TTF-8"?> (one flipped bit in 'UTF-8')."""
    if name == "refi.qdpx":
        path = tmp_path / "codering.qdpx"
        qde = b"<?xml version='1.0' encoding='TTF-8'?>\n<Project xmlns='urn:QDA-XML:project:1.0' name='p'/>"
        path.write_bytes(replace_member(sample("refi.qdpx"), "project.qde", qde))
    else:
        path = tmp_path / "codering.qdc"
        path.write_bytes(sample("codebook.qdc").replace(b"encoding='UTF-8'", b"encoding='TTF-8'", 1))
        assert b"TTF-8" in path.read_bytes()
    check_contract(IMPORTERS[name], path, project)


@pytest.mark.parametrize("name", ["codebook.qdc", "refi.qdpx"])
def test_codes_nested_thousands_of_levels_deep(name, tmp_path, project):
    n = 3000
    codes = "".join(
        f'<Code guid="11111111-1111-4111-8111-{i:012d}" name="c{i}" isCodable="true">' for i in range(n)
    ) + "</Code>" * n
    if name == "refi.qdpx":
        path = tmp_path / "diep.qdpx"
        qde = f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>{codes}</Codes></CodeBook></Project>'
        path.write_bytes(replace_member(sample("refi.qdpx"), "project.qde", qde.encode()))
    else:
        path = tmp_path / "diep.qdc"
        path.write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>')
    check_contract(IMPORTERS[name], path, project)


def test_codebook_yaml_nested_thousands_of_levels_deep(tmp_path, project):
    lines, indent = ["id: diep", "name: Diep", "codes:"], "  "
    for i in range(1500):
        lines += [f"{indent}- id: c{i}", f"{indent}  name: C{i}", f"{indent}  codes:"]
        indent += "    "
    lines += [f"{indent}- id: laatste", f"{indent}  name: Laatste"]
    path = tmp_path / "diep.yaml"
    path.write_text("\n".join(lines) + "\n")
    check_contract(IMPORTERS["codebook.yaml"], path, project)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sources=JSON, codings=JSON, cases=JSON, positions=JSON,
    entry=st.dictionaries(st.sampled_from(["sha256", "passages", "metadata", "status", "origin", "confidence", "none"]), JSON),
)
def test_qdpx_with_a_hostile_duiding_extension(sources, codings, cases, positions, entry, tmp_path, project):
    """duiding.json is untrusted input too: any JSON in it gives an import or a QdpxError."""
    import json
    import zipfile as zf_mod

    data = sample("refi.qdpx")
    with zf_mod.ZipFile(io.BytesIO(data)) as zf:
        side = json.loads(zf.read("duiding.json"))
    guid = next(iter(side["sources"]))
    coding = next(iter(side["codings"]))
    side.update(positions=positions, cases=cases)
    side["sources"] = sources if not isinstance(sources, dict) else {**sources, guid: entry}
    side["codings"] = codings if not isinstance(codings, dict) else {**codings, coding: entry}
    path = tmp_path / "vijandig.qdpx"
    path.write_bytes(replace_member(data, "duiding.json", json.dumps(side).encode()))
    check_contract(IMPORTERS["refi.qdpx"], path, project)
