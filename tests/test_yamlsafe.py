"""Every YAML reader refuses alias bombs and absurd nesting with an error naming the file.

The readers are tested through their public functions: corpus manifests, story
question, mapping and manifest files, privacy lists and codebooks; the shared
loader itself (:func:`analysis.yamlsafe.load_yaml`) is tested directly too.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest

from analysis.codebook import CodebookError, load_codebook
from analysis.codebook import io as cb_io
from analysis.corpus import load_manifest
from analysis.corpus.errors import ManifestError
from analysis.privacy import ListError, load_lists
from analysis.stories import load_questions
from analysis.stories.importer import StoryImportError, import_manifest, load_mapping
from analysis.stories.model import QuestionsError
from analysis.yamlsafe import MAX_ALIAS_NODES, MAX_DEPTH, LimitedSafeLoader, YamlError, load_yaml

DEEP = 10_000


def alias_bomb(key: str = "bom", levels: int = 9) -> str:
    """'Billion laughs': ``levels`` anchored lists, each ten aliases of the one before (10**levels leaves)."""
    lines = [f"{key}0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{key}{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def deep_nesting(levels: int = DEEP) -> str:
    return "diep: " + "[" * levels + "x" + "]" * levels + "\n"


NORMAL_QUESTIONS = """\
prompt: Vertel over een verandering in uw leven.
questions:
  - id: hoofdrol
    type: triad
    label: Wie speelde de belangrijkste rol?
    corners: &hoeken [ik zelf, mijn omgeving, het wijkteam]
  - id: duur
    type: slider
    label: Hoe lang hield de verandering stand?
    poles: [kort, blijvend]
"""

NORMAL_MANIFEST = """\
defaults: &standaard
  municipality: Lindewaard
  kind: interview
files:
  - file: els.txt
    participant: R1
  - {file: piet.txt, <<: *standaard, municipality: Oosterzande}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- load_yaml itself


def test_normal_yaml_loads_like_safe_load() -> None:
    assert load_yaml("namen: [Els, Piet]\nleeg:\n", source="x.yaml") == {"namen": ["Els", "Piet"], "leeg": None}
    assert load_yaml("", source="leeg.yaml") is None
    assert load_yaml("a: &x [1, 2]\nb: *x\n", source="x.yaml") == {"a": [1, 2], "b": [1, 2]}


def test_text_bytes_and_streams_are_accepted() -> None:
    text = "gemeente: Lindewaard\n"
    expected = {"gemeente": "Lindewaard"}
    assert load_yaml(text.encode("utf-8"), source="b.yaml") == expected
    assert load_yaml(b"\xef\xbb\xbf" + text.encode("utf-8"), source="bom.yaml") == expected
    assert load_yaml(io.StringIO(text), source="s.yaml") == expected
    assert load_yaml(io.BytesIO(text.encode("utf-8")), source="s.yaml") == expected
    with pytest.raises(YamlError, match=r"^latin1\.yaml: not UTF-8 text \(invalid") as info:
        load_yaml("plaats: Kerkdörp\n".encode("latin-1"), source="latin1.yaml")
    assert info.value.kind == "encoding" and not info.value.refused


def test_alias_bomb_is_refused() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(alias_bomb(), source="bom.yaml")
    err = info.value
    assert isinstance(err, ValueError) and err.refused
    assert err.source == "bom.yaml" and err.line is not None
    assert str(err).startswith(f"bom.yaml: line {err.line}, column {err.column}: refused: aliases (*name) expand")
    assert f"{MAX_ALIAS_NODES:,} nodes" in str(err)


def test_alias_budget_is_a_parameter() -> None:
    # each use of the 4-node list beyond the first adds 4 nodes to what the file spells out
    text = "a: &l [1, 2, 3]\n" + "".join(f"b{i}: *l\n" for i in range(5))
    assert len(load_yaml(text, source="x.yaml", max_alias_nodes=20)) == 6
    with pytest.raises(YamlError, match="expand the document by more than 19 nodes"):
        load_yaml(text, source="x.yaml", max_alias_nodes=19)


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(deep_nesting(), source="diep.yaml")
    assert info.value.refused
    assert f"nested more than {MAX_DEPTH} levels deep" in str(info.value)
    assert str(info.value).startswith("diep.yaml: line 1, column ")


def test_depth_limit_and_hint() -> None:
    # the mapping, the lists and the scalar each count as one level
    assert load_yaml(deep_nesting(8), source="x.yaml", max_depth=10) == {"diep": [[[[[[[["x"]]]]]]]]}
    with pytest.raises(YamlError, match=r"more than 10 levels deep \(houd het plat\)$"):
        load_yaml(deep_nesting(9), source="x.yaml", max_depth=10, depth_hint="houd het plat")


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &m {zelf: *m}\n"])
def test_recursive_alias_is_refused(text: str) -> None:
    with pytest.raises(YamlError, match="refers to a node that contains it"):
        load_yaml(text, source="rond.yaml")


def test_syntax_error_names_source_line_and_column() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml("- a\n- b\nc: d\n", source="fout.yaml")
    err = info.value
    assert not err.refused and err.line == 3
    assert str(err).startswith("fout.yaml: line 3, column 1: YAML syntax error: ")


def test_control_character_is_a_yaml_error() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml("a: b\nc: d\x1a\n", source="stuur.yaml")
    assert str(info.value) == (
        "stuur.yaml: line 2, column 5: YAML syntax error: character U+001A is not allowed in YAML "
        "(a control character; is this a text file?)"
    )


def test_python_tags_are_not_constructed() -> None:
    with pytest.raises(YamlError, match="could not determine a constructor"):
        load_yaml("!!python/object/apply:os.system ['echo hoi']\n", source="kwaad.yaml")


def test_yaml_error_pickles() -> None:
    err = YamlError("x.yaml", "iets", line=2, column=3, kind="refused")
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) == "x.yaml: line 2, column 3: refused: iets"
    assert (again.line, again.column, again.refused) == (2, 3, True)
    with pytest.raises(ValueError, match="kind must be one of"):
        YamlError("x.yaml", "iets", kind="boos")


# --------------------------------------------------------------------------- corpus manifests


def test_manifest_normal_file_loads(tmp_path: Path) -> None:
    entries = load_manifest(write(tmp_path, "manifest.yaml", NORMAL_MANIFEST))
    by_name = {Path(k).name: e for k, e in entries.items()}
    assert set(by_name) == {"els.txt", "piet.txt"}
    assert by_name["els.txt"].participant == "R1"
    assert by_name["piet.txt"].municipality == "Oosterzande"


@pytest.mark.parametrize("text", [alias_bomb() + NORMAL_MANIFEST, deep_nesting() + NORMAL_MANIFEST])
def test_manifest_refuses_hostile_yaml(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "manifest.yaml", text)
    with pytest.raises(ManifestError, match=r"^manifest\.yaml: line \d+: refused: ") as info:
        load_manifest(path)
    assert info.value.path == path


def test_manifest_syntax_error_keeps_its_wording(tmp_path: Path) -> None:
    path = write(tmp_path, "manifest.yaml", "- file: a.txt\n  kind: interview\n bad: indent\n")
    with pytest.raises(ManifestError, match=r"^manifest\.yaml: line 3: not valid YAML \("):
        load_manifest(path)


# --------------------------------------------------------------------------- stories


def test_story_questions_normal_file_loads(tmp_path: Path) -> None:
    qs = load_questions(write(tmp_path, "vragen.yaml", NORMAL_QUESTIONS))
    assert [q.id for q in qs.questions] == ["hoofdrol", "duur"]
    assert qs.prompt.startswith("Vertel over")


@pytest.mark.parametrize(
    ("text", "problem"),
    [(alias_bomb() + NORMAL_QUESTIONS, "aliases (*name) expand"), (deep_nesting() + NORMAL_QUESTIONS, "nested more than")],
)
def test_story_questions_refuse_hostile_yaml(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, "vragen.yaml", text)
    with pytest.raises(QuestionsError) as info:
        load_questions(path)
    message = str(info.value)
    assert message.startswith(f"{path}: line ") and ": refused: " in message and problem in message


def test_story_mapping_and_manifest_refuse_hostile_yaml(tmp_path: Path) -> None:
    ok = write(tmp_path, "mapping.yaml", "questions:\n  hoofdrol: {columns: [a, b, c]}\n")
    assert load_mapping(ok) == {"questions": {"hoofdrol": {"columns": ["a", "b", "c"]}}}
    bomb = write(tmp_path, "mapping-bom.yaml", alias_bomb())
    with pytest.raises(StoryImportError, match=rf"^{bomb}: mapping: line \d+, column \d+: refused: aliases"):
        load_mapping(bomb)
    deep = write(tmp_path, "collecties.yaml", deep_nesting() + "collections: []\n")
    with pytest.raises(StoryImportError, match=rf"^{deep}: manifest: line 1, column \d+: refused: .*nested more than"):
        import_manifest(deep)


# --------------------------------------------------------------------------- privacy lists and codebooks


def test_privacy_lists_load_and_refuse_hostile_yaml(tmp_path: Path) -> None:
    lists = load_lists(write(tmp_path, "lijst.yaml", "namen: [Jansen]\nplaatsen: [Kerkdorp]\nbehouden: [Lindewaard]\n"))
    assert (lists.names, lists.places, lists.keep) == (["Jansen"], ["Kerkdorp"], ["Lindewaard"])
    for name, text in (("bom.yaml", alias_bomb()), ("diep.yaml", deep_nesting())):
        path = write(tmp_path, name, text)
        with pytest.raises(ListError, match=rf"^{path}: line \d+, column \d+: refused: "):
            load_lists(path)


def test_codebook_keeps_its_limits_and_names(tmp_path: Path) -> None:
    assert cb_io.LimitedSafeLoader is LimitedSafeLoader  # re-exported where it used to live
    path = write(tmp_path, "diep.yaml", "id: x\nname: X\n" + deep_nesting())
    with pytest.raises(CodebookError, match=rf"nested more than {cb_io.MAX_YAML_DEPTH} levels deep \(codes may nest"):
        load_codebook(path)
