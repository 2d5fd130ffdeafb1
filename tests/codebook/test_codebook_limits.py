"""Hostile codebook files: refused with a CodebookError that names the file, never a crash or a hang.

Regression tests for the robustness findings: an unknown XML encoding, codes
nested thousands of levels deep (YAML and .qdc), YAML alias bombs and control
characters in YAML.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from analysis.codebook import CodebookError, codebook_from_dict, import_qdc, load_codebook, qdc_bytes
from analysis.codebook import io as cb_io
from analysis.codebook.errors import CodebookWarning
from analysis.codebook.schema import MAX_CODE_DEPTH
from analysis.domain import Code, Codebook

QDC_NS = "urn:QDA-XML:codebook:1.0"


def nested_dict(levels: int) -> dict:
    """A codebook whose codes form one chain ``levels`` deep (top level = 1)."""
    code: dict = {"id": f"c{levels - 1}", "name": f"C{levels - 1}"}
    for i in range(levels - 2, -1, -1):
        code = {"id": f"c{i}", "name": f"C{i}", "codes": [code]}
    return {"id": "diep", "name": "Diep", "codes": [code]}


def nested_yaml(levels: int) -> str:
    lines, indent = ["id: diep", "name: Diep", "codes:"], "  "
    for i in range(levels):
        lines += [f"{indent}- id: c{i}", f"{indent}  name: C{i}"]
        if i < levels - 1:
            lines.append(f"{indent}  codes:")
        indent += "    "
    return "\n".join(lines) + "\n"


def nested_qdc(levels: int) -> str:
    opening = "".join(
        f'<Code guid="11111111-1111-4111-8111-{i:012d}" name="c{i}" isCodable="true">' for i in range(levels)
    )
    return f'<CodeBook xmlns="{QDC_NS}"><Codes>{opening}{"</Code>" * levels}</Codes></CodeBook>'


def parent_chain_depth(cb: Codebook) -> int:
    parents = {c.id: c.parent for c in cb.codes}
    deepest = 0
    for parent in parents.values():
        depth, node = 1, parent
        while node is not None:
            depth, node = depth + 1, parents[node]
        deepest = max(deepest, depth)
    return deepest


# --------------------------------------------------------------------------- depth


def test_codes_at_the_depth_limit_load_from_a_dict() -> None:
    cb = codebook_from_dict(nested_dict(MAX_CODE_DEPTH))
    assert len(cb.codes) == MAX_CODE_DEPTH
    assert parent_chain_depth(cb) == MAX_CODE_DEPTH


def test_codes_one_level_too_deep_are_refused_with_their_path() -> None:
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(nested_dict(MAX_CODE_DEPTH + 1), source="diep.yaml")
    message = str(info.value)
    assert message.startswith("diep.yaml: codes[0] (c0) > codes[0] (c1) > ... > ")
    assert f"codes[0] (c{MAX_CODE_DEPTH})" in message
    assert f"nested more than {MAX_CODE_DEPTH} levels deep" in message


@pytest.mark.parametrize("levels", [MAX_CODE_DEPTH, MAX_CODE_DEPTH + 1])
def test_yaml_codes_around_the_depth_limit(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "diep.yaml"
    path.write_text(nested_yaml(levels), encoding="utf-8")
    if levels <= MAX_CODE_DEPTH:
        assert parent_chain_depth(load_codebook(path)) == levels
    else:
        # too deep for a codebook, not too deep for YAML: the codebook message, with the tree path
        with pytest.raises(CodebookError, match=rf"nested more than {MAX_CODE_DEPTH} levels deep") as info:
            load_codebook(path)
        assert str(info.value).startswith(f"{path}: codes[0] (c0) > ")


def test_yaml_nested_thousands_of_levels_is_refused_while_parsing(tmp_path: Path) -> None:
    path = tmp_path / "heel-diep.yaml"
    path.write_text(nested_yaml(1500), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"line \d+, column \d+: refused: the document is nested more than") as info:
        load_codebook(path)
    assert str(info.value).startswith(str(path))


def test_qdc_at_the_depth_limit_imports_with_its_parent_chain(tmp_path: Path) -> None:
    path = tmp_path / "diep.qdc"
    path.write_text(nested_qdc(MAX_CODE_DEPTH), encoding="utf-8")
    cb = import_qdc(path)
    assert parent_chain_depth(cb) == MAX_CODE_DEPTH
    # and the codebook survives its own export and re-import
    again = tmp_path / "opnieuw.qdc"
    again.write_bytes(qdc_bytes(cb))
    assert parent_chain_depth(import_qdc(again)) == MAX_CODE_DEPTH


@pytest.mark.parametrize("levels", [MAX_CODE_DEPTH + 1, 3000])
def test_qdc_nested_too_deep_is_refused(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "diep.qdc"
    path.write_text(nested_qdc(levels), encoding="utf-8")
    with pytest.raises(CodebookError, match=rf"nested more than {MAX_CODE_DEPTH} levels deep") as info:
        import_qdc(path)
    assert str(info.value).startswith(f"{path}: Codes > 'c0' > 'c1' > ... > 'c{MAX_CODE_DEPTH}'")


# --------------------------------------------------------------------------- XML encodings


@pytest.mark.parametrize("encoding", ["TTF-8", "hex", "UTF-32", "Shift_JIS"])
def test_qdc_declaring_an_unreadable_encoding_is_refused(tmp_path: Path, encoding: str) -> None:
    cb = Codebook("cb", "Cb", codes=[Code("toegang", "Toegang")])
    data = qdc_bytes(cb)
    assert b"encoding='UTF-8'" in data
    path = tmp_path / "codering.qdc"
    path.write_bytes(data.replace(b"encoding='UTF-8'", f"encoding='{encoding}'".encode(), 1))
    with pytest.raises(CodebookError, match="names an encoding that cannot be read") as info:
        import_qdc(path)
    assert str(info.value).startswith(str(path))


def test_qdc_metadata_nested_too_deeply_is_ignored_with_a_warning(tmp_path: Path) -> None:
    cb = Codebook("cb", "Cb", codes=[Code("toegang", "Toegang")], metadata={"bron": "test"})
    data = qdc_bytes(cb).decode("utf-8")
    flat = json.dumps({"bron": "test"}, ensure_ascii=False, sort_keys=True)
    assert flat in data
    path = tmp_path / "metadata.qdc"
    deep = "[" * 5000 + "]" * 5000
    path.write_text(data.replace(flat, deep), encoding="utf-8")
    with pytest.warns(CodebookWarning, match="nested more than"):
        imported = import_qdc(path)
    assert imported.metadata == {} and [c.id for c in imported.codes] == ["toegang"]

    shallow = tmp_path / "metadata-ok.qdc"
    shallow.write_bytes(qdc_bytes(cb))
    with warnings.catch_warnings():
        warnings.simplefilter("error", CodebookWarning)
        assert import_qdc(shallow).metadata == {"bron": "test"}


# --------------------------------------------------------------------------- YAML aliases


def alias_bomb(levels: int) -> str:
    lines = ["id: bom", "name: Bom", "a0: &a0 [woord, woord, woord, woord, woord, woord, woord, woord, woord, woord]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines += ["codes:", "  - id: c", "    name: C", f"    keywords: *a{levels - 1}"]
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_text(alias_bomb(9), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"refused: aliases \(\*name\) expand the document by more than") as info:
        load_codebook(path)
    assert str(info.value).startswith(f"{path}: line ")


def shared_keywords(uses: int) -> str:
    """A codebook where ``uses`` codes share one anchored keyword list of 10 keywords."""
    words = ", ".join(f"woord{i}" for i in range(10))
    lines = ["id: gedeeld", "name: Gedeeld", "codes:", f"  - {{id: c0, name: C0, keywords: &kw [{words}]}}"]
    lines += [f"  - {{id: c{i}, name: C{i}, keywords: *kw}}" for i in range(1, uses)]
    return "\n".join(lines) + "\n"


def test_alias_budget_counts_expanded_nodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # each further use of the 11-node list adds 11 nodes beyond what the file spells out
    monkeypatch.setattr(cb_io, "MAX_YAML_ALIAS_NODES", 50)
    within = tmp_path / "binnen.yaml"
    within.write_text(shared_keywords(5), encoding="utf-8")  # 4 aliases: 44 extra nodes
    cb = load_codebook(within)
    assert [len(c.keywords) for c in cb.codes] == [10] * 5
    beyond = tmp_path / "buiten.yaml"
    beyond.write_text(shared_keywords(6), encoding="utf-8")  # 5 aliases: 55 extra nodes
    with pytest.raises(CodebookError, match="expand the document by more than 50 nodes"):
        load_codebook(beyond)


def test_anchors_in_shipped_style_codebooks_still_load(tmp_path: Path) -> None:
    path = tmp_path / "gedeeld.yaml"
    path.write_text(shared_keywords(40), encoding="utf-8")
    cb = load_codebook(path)
    assert len(cb.codes) == 40 and all(c.keywords == cb.codes[0].keywords for c in cb.codes)


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nname: X\ncodes: &a [*a]\n",
        "id: x\nname: X\nmetadata: &m {zelf: *m}\n",
    ],
)
def test_recursive_yaml_alias_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "rond.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match="refers to a node that contains it"):
        load_codebook(path)


def test_yaml_with_a_control_character_is_a_codebook_error(tmp_path: Path) -> None:
    path = tmp_path / "stuurteken.yaml"
    path.write_text("id: x\nname: X\x1a\ncodes: []\n", encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert str(info.value) == (
        f"{path}: line 2, column 8: YAML syntax error: character U+001A is not allowed in YAML "
        f"(a control character; is this a text file?)"
    )


def test_huge_wrong_values_are_summarised_in_messages() -> None:
    data = {"id": "x", "name": "X", "codes": [{"id": "a", "name": ["lang"] * 100_000}]}
    with pytest.raises(CodebookError, match=r"codes\[0\] \(a\): name: input should be a valid string") as info:
        codebook_from_dict(data, source="groot.yaml")
    assert "list with 100000 items" in str(info.value)
    assert len(str(info.value)) < 300
