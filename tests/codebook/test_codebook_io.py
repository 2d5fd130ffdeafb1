"""YAML codebook format: loading, flattening, validation messages, dump/load round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from analysis.codebook import (
    CodebookError,
    codebook_from_dict,
    codebook_to_dict,
    dump_codebook,
    load_codebook,
    load_shipped,
    shipped_codebooks,
    validate_crosswalk,
)
from analysis.domain import DEFAULT_SCALE, Code, Codebook, Norm, ScaleLevel


def framework_dict() -> dict[str, Any]:
    return {
        "id": "kader",
        "name": "Kader",
        "codes": [
            {"id": "toegang", "name": "Toegang", "codes": [{"id": "wachttijden", "name": "Wachttijden"}]},
            {"id": "kosten", "name": "Kosten"},
        ],
    }


def municipal_dict() -> dict[str, Any]:
    return {
        "id": "stad",
        "name": "Stad",
        "municipality": "Stad",
        "framework": "kader",
        "codes": [
            {
                "id": "bereik",
                "name": "Bereik",
                "colour": "#1F77B4",
                "definition": "Of inwoners\nde teams bereiken.",
                "inclusion": ["Telefonisch contact", "Inloop, spreekuur"],
                "exclusion": ["Kosten"],
                "keywords": ["vindba*", "je belt en niemand neemt op", "wachtlijst"],
                "exclude_keywords": ["verwachten"],
                "respondent_groups": ["inwoner", "cliënt"],
                "examples": ["'Ik bel en bel', zei ze."],
                "crosswalk": ["toegang", "wachttijden"],
                "codes": [
                    {"id": "loket", "name": "Loket", "crosswalk": ["toegang"]},
                    {"id": "telefoon", "name": "Telefoon", "codes": [{"id": "terugbellen", "name": "Terugbellen"}]},
                ],
            },
            {
                "id": "houding",
                "name": "Houding",
                "axis": "stance",
                "codable": False,
                "codes": [{"id": "knelpunt", "name": "Knelpunt", "axis": "stance"}],
            },
        ],
        "normenkader": {
            "norms": [
                {
                    "id": "n1",
                    "deelvraag": "1. Bereik?",
                    "norm": "Inwoners bereiken de teams.",
                    "codes": ["bereik", "loket"],
                }
            ]
        },
    }


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems(data: dict[str, Any], source: str = "codebooks/x.yaml") -> list[str]:
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(data, source=source)
    return info.value.messages


# --------------------------------------------------------------------------- loading


def test_tree_is_flattened_in_document_order_with_parents() -> None:
    cb = codebook_from_dict(municipal_dict())
    assert [c.id for c in cb.codes] == ["bereik", "loket", "telefoon", "terugbellen", "houding", "knelpunt"]
    assert cb.code("terugbellen").parent == "telefoon"
    assert cb.code("telefoon").parent == "bereik"
    assert cb.code("bereik").parent is None
    assert cb.path("terugbellen") == ["bereik", "telefoon", "terugbellen"]
    assert cb.code("houding").codable is False and cb.code("knelpunt").axis == "stance"


def test_fields_are_carried_and_colours_normalised() -> None:
    code = codebook_from_dict(municipal_dict()).code("bereik")
    assert code.colour == "#1f77b4"
    assert code.keywords == ["vindba*", "je belt en niemand neemt op", "wachtlijst"]
    assert code.exclude_keywords == ["verwachten"]
    assert code.respondent_groups == ["inwoner", "cliënt"]
    assert code.crosswalk == ["toegang", "wachttijden"]
    assert code.definition == "Of inwoners\nde teams bereiken."


def test_default_scale_when_normenkader_has_none() -> None:
    cb = codebook_from_dict(municipal_dict())
    assert [(s.id, s.label, s.colour) for s in cb.scale] == [(s.id, s.label, s.colour) for s in DEFAULT_SCALE]
    assert cb.norms == [
        Norm(id="n1", norm="Inwoners bereiken de teams.", deelvraag="1. Bereik?", codes=["bereik", "loket"])
    ]


def test_load_checks_crosswalk_against_framework_beside_the_file(tmp_path: Path) -> None:
    write_yaml(tmp_path / "kader.yaml", framework_dict())
    path = write_yaml(tmp_path / "stad.yaml", municipal_dict())
    assert load_codebook(path).code("loket").crosswalk == ["toegang"]

    data = municipal_dict()
    data["codes"][0]["codes"][1]["crosswalk"] = ["toegang", "bestaat-niet"]
    bad = write_yaml(tmp_path / "stad.yaml", data)
    with pytest.raises(CodebookError) as info:
        load_codebook(bad)
    (msg,) = info.value.messages
    assert str(bad) in msg
    assert "codes[0] (bereik) > codes[1] (telefoon)" in msg
    assert "crosswalk[1]" in msg and "'bestaat-niet'" in msg and "'kader'" in msg


def test_crosswalk_is_not_checked_without_a_framework_file(tmp_path: Path) -> None:
    data = municipal_dict()
    data["codes"][0]["crosswalk"] = ["willekeurig"]
    cb = load_codebook(write_yaml(tmp_path / "stad.yaml", data))
    assert cb.code("bereik").crosswalk == ["willekeurig"]
    with pytest.raises(CodebookError, match="willekeurig"):
        validate_crosswalk(cb, codebook_from_dict(framework_dict()))


def test_validate_crosswalk_with_explicit_framework_and_wrong_framework_id() -> None:
    cb = codebook_from_dict(municipal_dict())
    validate_crosswalk(cb, codebook_from_dict(framework_dict()))  # no error
    other = framework_dict() | {"id": "ander-kader"}
    with pytest.raises(CodebookError) as info:
        validate_crosswalk(cb, codebook_from_dict(other))
    assert any("framework" in m and "'ander-kader'" in m for m in info.value.messages)


# --------------------------------------------------------------------------- validation messages


def test_duplicate_id_anywhere_in_the_tree_names_both_places() -> None:
    data = municipal_dict()
    data["codes"][1]["codes"].append({"id": "loket", "name": "Tweede loket"})
    (msg,) = problems(data)
    assert msg.startswith("codebooks/x.yaml: ")
    assert "codes[1] (houding) > codes[1] (loket): id:" in msg
    assert "duplicate id 'loket'" in msg and "codes[0] (bereik) > codes[0] (loket)" in msg


@pytest.mark.parametrize("bad_id", ["Toegang", "toe gang", "toe_gang", "-toegang", "toe--gang", "wachttijden!"])
def test_bad_slug_is_reported_with_path_and_field(bad_id: str) -> None:
    data = municipal_dict()
    data["codes"][0]["codes"][1]["codes"][0]["id"] = bad_id
    msgs = problems(data)
    assert any(
        m.startswith("codebooks/x.yaml: codes[0] (bereik) > codes[1] (telefoon) > codes[0]")
        and ": id: " in m
        and "not a valid id" in m
        for m in msgs
    ), msgs


@pytest.mark.parametrize("colour", ["blue", "#12345", "1f77b4", "#1f77b4ff", "#gggggg"])
def test_bad_colour(colour: str) -> None:
    data = municipal_dict()
    data["codes"][0]["codes"][0]["colour"] = colour
    (msg,) = problems(data)
    assert msg.startswith("codebooks/x.yaml: codes[0] (bereik) > codes[0] (loket): colour: ")
    assert "#rrggbb" in msg


def test_missing_name_and_id() -> None:
    data = municipal_dict()
    del data["codes"][0]["codes"][1]["name"]
    del data["codes"][1]["codes"][0]["id"]
    msgs = problems(data)
    assert "codebooks/x.yaml: codes[0] (bereik) > codes[1] (telefoon): name: required field is missing" in msgs
    assert "codebooks/x.yaml: codes[1] (houding) > codes[0]: id: required field is missing" in msgs


def test_missing_codebook_name_and_empty_name() -> None:
    data = municipal_dict()
    del data["name"]
    assert problems(data) == ["codebooks/x.yaml: name: required field is missing"]
    data["name"] = "  "
    assert problems(data) == ["codebooks/x.yaml: name: must not be empty"]


def test_unknown_field_wrong_type_bad_keyword_and_group_all_reported_at_once() -> None:
    data = municipal_dict()
    data["codes"][0]["keyword"] = ["typo"]
    data["codes"][0]["examples"] = "not a list"
    data["codes"][0]["codes"][0]["keywords"] = ["ok", "*", "twee  spaties", "a,b"]
    data["codes"][0]["codes"][0]["respondent_groups"] = ["burgemeester"]
    msgs = problems(data)
    joined = "\n".join(msgs)
    assert "codes[0] (bereik): keyword: unknown field" in joined
    assert "codes[0] (bereik): examples: input should be a valid list" in joined
    assert "codes[0] (bereik) > codes[0] (loket): keywords:" in joined
    assert "unknown respondent group 'burgemeester'" in joined
    assert len(msgs) >= 4


def test_duplicate_keyword_is_an_error() -> None:
    data = municipal_dict()
    data["codes"][0]["keywords"] = ["Wachtlijst", "wachtlijst"]
    (msg,) = problems(data)
    assert "keywords" in msg and "duplicate keyword" in msg


def test_norm_pointing_at_unknown_code() -> None:
    data = municipal_dict()
    data["normenkader"]["norms"][0]["codes"] = ["bereik", "onbekend"]
    (msg,) = problems(data)
    assert msg == (
        "codebooks/x.yaml: normenkader > norms[0] (n1): codes[1]: unknown code 'onbekend': no code with this id in the codebook"
    )


def test_crosswalk_without_framework_is_an_error() -> None:
    data = municipal_dict()
    data["framework"] = None
    msgs = problems(data)
    assert all("crosswalk" in m and "framework" in m for m in msgs)
    # one line per code carrying a crosswalk: bereik and its child loket
    assert [m.split(": crosswalk:")[0] for m in msgs] == [
        "codebooks/x.yaml: codes[0] (bereik)",
        "codebooks/x.yaml: codes[0] (bereik) > codes[0] (loket)",
    ]


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("id: kapot\nname: Kapot\ncodes:\n  - id: a\n    name: [niet gesloten\n", encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    (msg,) = info.value.messages
    assert str(path) in msg and "YAML syntax error" in msg and "line " in msg


def test_missing_and_empty_and_non_mapping_files(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="no such codebook file"):
        load_codebook(tmp_path / "bestaat-niet.yaml")
    (tmp_path / "leeg.yaml").write_text("", encoding="utf-8")
    with pytest.raises(CodebookError, match="empty"):
        load_codebook(tmp_path / "leeg.yaml")
    (tmp_path / "lijst.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="expected a mapping"):
        load_codebook(tmp_path / "lijst.yaml")


def test_error_is_a_value_error_listing_all_messages() -> None:
    data = municipal_dict()
    data["id"] = "Stad"
    data["codes"][0]["colour"] = "rood"
    with pytest.raises(ValueError) as info:
        codebook_from_dict(data, source="s.yaml")
    err = info.value
    assert isinstance(err, CodebookError) and len(err.messages) == 2
    assert str(err).startswith("2 problems in s.yaml:")
    assert all(m in str(err) for m in err.messages)


# --------------------------------------------------------------------------- dump / round trip


def test_dict_round_trip_is_exact() -> None:
    cb = codebook_from_dict(municipal_dict())
    assert codebook_from_dict(codebook_to_dict(cb)) == cb


def test_yaml_dump_load_round_trip_with_custom_scale_and_metadata(tmp_path: Path) -> None:
    cb = codebook_from_dict(municipal_dict())
    cb.scale = [ScaleLevel("ja", "Ja", "#00ff00"), ScaleLevel("nee", "Nee")]
    cb.metadata = {"bron": "test", "jaar": 2025, "lijst": [1, "twee"]}
    cb.description = "Regel één\nRegel twee: met dubbele punt\n- en een streepje"
    cb.code("bereik").examples.append("Een citaat met: dubbele punt, # hekje en 'quotes'")
    path = dump_codebook(cb, tmp_path / "sub" / "stad.yaml")
    assert path.is_file()
    assert load_codebook(path) == cb


def test_dump_refuses_an_invalid_codebook(tmp_path: Path) -> None:
    cb = codebook_from_dict(municipal_dict())
    cb.codes.append(Code(id="bereik", name="Dubbel"))
    with pytest.raises(CodebookError, match="duplicate id 'bereik'"):
        dump_codebook(cb, tmp_path / "x.yaml")
    assert not (tmp_path / "x.yaml").exists()


def test_orphan_parent_cannot_be_written() -> None:
    cb = Codebook(id="x", name="X", codes=[Code(id="a", name="A", parent="weg")])
    with pytest.raises(CodebookError, match="unknown parent code 'weg'"):
        codebook_to_dict(cb)


@pytest.mark.parametrize("codebook_id", sorted(shipped_codebooks()))
def test_shipped_codebooks_round_trip_through_yaml(codebook_id: str, tmp_path: Path) -> None:
    cb = load_shipped(codebook_id)
    assert load_codebook(dump_codebook(cb, tmp_path / f"{codebook_id}.yaml")) == cb


def test_load_shipped_unknown_id_lists_available() -> None:
    with pytest.raises(FileNotFoundError, match="sociaal-domein"):
        load_shipped("bestaat-niet")
