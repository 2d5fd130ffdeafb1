"""Read, validate and write YAML codebooks.

The YAML shape is a tree (codes with nested ``codes``); the domain object
:class:`analysis.domain.Codebook` is flat (each :class:`Code` names its
``parent``). Loading flattens the tree in document order (a parent always
precedes its children); dumping rebuilds it.

Every problem is reported as one line naming the file, the code's path in the
tree and the field::

    codebooks/x.yaml: codes[2] (toegang) > codes[0] (wachttijden): colour: 'blue' is not a colour of the form #rrggbb
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from analysis.domain import DEFAULT_SCALE, Code, Codebook, Norm, ScaleLevel
from analysis.errors import KeyedText
from analysis.resources import codebooks_dir
from analysis.yamlsafe import LimitedSafeLoader, YamlError, load_yaml  # noqa: F401 - LimitedSafeLoader re-exported

from .errors import CodebookError
from .schema import MAX_CODE_DEPTH, CodebookModel, CodeModel

CODEBOOK_SUFFIXES = (".yaml", ".yml")
# YAML documents nested deeper than this are refused while parsing (PyYAML's
# composer is recursive). Codes at MAX_CODE_DEPTH sit about 2 * MAX_CODE_DEPTH
# levels deep, so a codebook that is merely too deep gets the clearer
# "codes are nested more than ... levels" message from codebook_from_dict.
MAX_YAML_DEPTH = 2 * MAX_CODE_DEPTH + 20
# Aliases (``*name``) may add at most this many nodes to what is written in the
# file: anchors for shared lists are fine, a "billion laughs" alias bomb is not.
MAX_YAML_ALIAS_NODES = 100_000


def shipped_dir() -> Path:
    """The shipped codebooks: ``codebooks/`` beside the ``analysis`` package, or inside an installed wheel."""
    return codebooks_dir()


# --------------------------------------------------------------------------- locations


def _item_label(key: str, index: int, item: Any) -> str:
    label = f"{key}[{index}]"
    if isinstance(item, Mapping) and isinstance(item.get("id"), str) and item["id"].strip():
        label += f" ({item['id'].strip()})"
    return label


_CONTAINER_KEYS = ("codes", "norms", "scale")


def _format_loc(raw: Any, loc: Sequence[str | int]) -> tuple[str, str]:
    """Split a pydantic error location into (tree path, field), using the raw data for ids.

    ``('codes', 2, 'codes', 0, 'colour')`` -> ``('codes[2] (toegang) > codes[0] (wachttijden)', 'colour')``.
    """
    containers: list[str] = []
    fields: list[str] = []
    node: Any = raw
    i = 0
    loc = list(loc)
    while i < len(loc):
        seg = loc[i]
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        child = node.get(seg) if isinstance(node, Mapping) and isinstance(seg, str) else None
        if fields:
            fields.append(f"[{seg}]" if isinstance(seg, int) else f".{seg}")
            i += 1
            continue
        if isinstance(seg, str) and isinstance(nxt, int) and isinstance(child, list):
            item = child[nxt] if 0 <= nxt < len(child) else None
            if isinstance(item, Mapping) and seg in _CONTAINER_KEYS:
                containers.append(_item_label(seg, nxt, item))
                node = item
                i += 2
                continue
            fields.append(f"{seg}[{nxt}]")
            i += 2
            continue
        if isinstance(seg, str) and isinstance(child, Mapping) and i + 1 < len(loc):
            containers.append(seg)
            node = child
            i += 1
            continue
        fields.append(str(seg))
        i += 1
    return " > ".join(containers), "".join(fields).lstrip(".")


def _line(source: str, where: str, field: str, problem: str) -> str:
    parts = [source]
    if where:
        parts.append(where)
    if field:
        parts.append(field)
    if isinstance(problem, KeyedText):  # translatable: the location stays, the problem is rendered per language
        return problem.with_prefix(": ".join(parts) + ": ")
    parts.append(problem)
    return ": ".join(parts)


def _short_repr(value: Any, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters; containers are summarised, never rendered whole."""
    if isinstance(value, (list, tuple, dict, set)):
        text = f"with {len(value)} item{'s' if len(value) != 1 else ''}"
        if len(value) <= 5 and all(isinstance(v, (str, int, float, bool, type(None))) for v in value):
            text = repr(value)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _pydantic_problem(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    msg = str(err.get("msg", ""))
    value = err.get("input")
    if kind == "missing":
        return KeyedText("required field is missing", "codebook.field_missing")
    if kind == "extra_forbidden":
        return KeyedText(
            "unknown field (check the spelling; see codebooks/README.md for the fields)", "codebook.field_unknown"
        )
    if kind in {"string_type", "list_type", "bool_type", "dict_type", "model_type", "bool_parsing"}:
        shown = _short_repr(value)
        got = type(value).__name__
        return KeyedText(
            f"{msg.lower()}, got {got} {shown}", f"codebook.{kind}", detail=msg.lower(), got=got, value=shown
        )
    if kind == "string_too_short":
        return KeyedText("must not be empty", "codebook.field_empty")
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, ValueError) and cause.args and isinstance(cause.args[0], KeyedText):
        return cause.args[0]  # a translatable check of the schema (id, colour)
    if msg.startswith("Value error, "):
        return msg[len("Value error, ") :]
    return msg


# --------------------------------------------------------------------------- tree walks


def _walk_raw_codes(codes: Any, where: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield (location, raw code mapping) over a raw YAML tree, tolerating junk."""
    if not isinstance(codes, list):
        return
    for i, item in enumerate(codes):
        label = _item_label("codes", i, item)
        loc = f"{where} > {label}" if where else label
        if isinstance(item, Mapping):
            yield loc, item
            yield from _walk_raw_codes(item.get("codes"), loc)


def _depth_problem(raw: Mapping[str, Any], source: str) -> str | None:
    """A line for the first code nested deeper than :data:`MAX_CODE_DEPTH`, else None.

    Walks the raw tree with an explicit stack, so the check itself cannot run out
    of stack whatever the input; it runs before the recursive validation.
    """
    stack: list[tuple[Any, list[str]]] = [(raw.get("codes"), [])]
    while stack:
        codes, path = stack.pop()
        if not isinstance(codes, list):
            continue
        for i, item in enumerate(codes):
            if not isinstance(item, Mapping):
                continue
            here = [*path, _item_label("codes", i, item)]
            if len(here) > MAX_CODE_DEPTH:
                shown = here if len(here) <= 4 else [*here[:2], "...", here[-1]]
                return _line(
                    source,
                    " > ".join(shown),
                    "",
                    KeyedText(
                        f"codes are nested more than {MAX_CODE_DEPTH} levels deep; "
                        f"flatten the tree (a codebook rarely needs more than four levels)",
                        "codebook.too_deep",
                        max=MAX_CODE_DEPTH,
                    ),
                )
            stack.append((item.get("codes"), here))
    return None


def _semantic_problems(raw: Mapping[str, Any], source: str) -> list[str]:
    """Checks across the tree: duplicate ids, norms pointing at codes, crosswalk without framework."""
    problems: list[str] = []
    first_seen: dict[str, str] = {}
    for loc, code in _walk_raw_codes(raw.get("codes")):
        cid = code.get("id")
        if isinstance(cid, str) and cid.strip():
            cid = cid.strip()
            if cid in first_seen:
                problems.append(
                    _line(
                        source,
                        loc,
                        "id",
                        KeyedText(
                            f"duplicate id {cid!r} (first used at {first_seen[cid]})",
                            "codebook.duplicate_id",
                            id=cid,
                            first=first_seen[cid],
                        ),
                    )
                )
            else:
                first_seen[cid] = loc
        if code.get("crosswalk") and not raw.get("framework"):
            problems.append(
                _line(
                    source, loc, "crosswalk",
                    KeyedText(
                        "crosswalk given but the codebook names no 'framework' to map onto",
                        "codebook.crosswalk_no_framework",
                    ),
                )
            )
    nk = raw.get("normenkader")
    if isinstance(nk, Mapping):
        for key in ("norms", "scale"):
            items = nk.get(key)
            if not isinstance(items, list):
                continue
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if not isinstance(item, Mapping):
                    continue
                where = f"normenkader > {_item_label(key, i, item)}"
                nid = item.get("id")
                if isinstance(nid, str):
                    if nid in seen:
                        problems.append(
                            _line(
                                source, where, "id",
                                KeyedText(
                                    f"duplicate {key[:-1]} id {nid!r} (also {key}[{seen[nid]}])",
                                    "codebook.duplicate_norm_id", kind=key[:-1], id=nid, other=f"{key}[{seen[nid]}]",
                                ),
                            )
                        )
                    seen.setdefault(nid, i)
                if key == "norms" and isinstance(item.get("codes"), list):
                    for j, ref in enumerate(item["codes"]):
                        if isinstance(ref, str) and ref.strip() and ref.strip() not in first_seen:
                            problems.append(
                                _line(
                                    source,
                                    where,
                                    f"codes[{j}]",
                                    KeyedText(
                                        f"unknown code {ref!r}: no code with this id in the codebook",
                                        "codebook.norm_unknown_code", code=ref,
                                    ),
                                )
                            )
    return problems


def _code_locations(cb: Codebook) -> dict[str, str]:
    """'codes[i] (id) > codes[j] (id)' for every code of a flat codebook (document order)."""
    out: dict[str, str] = {}

    def visit(parent: str | None, where: str) -> None:
        for i, code in enumerate(cb.children(parent)):
            label = f"codes[{i}] ({code.id})"
            loc = f"{where} > {label}" if where else label
            if code.id in out:  # a cycle or duplicate: stop here
                continue
            out[code.id] = loc
            visit(code.id, loc)

    visit(None, "")
    return out


# --------------------------------------------------------------------------- dict <-> Codebook


def _flatten(models: list[CodeModel], parent: str | None, out: list[Code]) -> None:
    for m in models:
        out.append(
            Code(
                id=m.id,
                name=m.name,
                parent=parent,
                definition=m.definition,
                inclusion=list(m.inclusion),
                exclusion=list(m.exclusion),
                examples=list(m.examples),
                keywords=list(m.keywords),
                exclude_keywords=list(m.exclude_keywords),
                respondent_groups=list(m.respondent_groups),
                colour=m.colour,
                axis=m.axis,
                crosswalk=list(m.crosswalk),
                codable=m.codable,
            )
        )
        _flatten(m.codes, m.id, out)


def codebook_from_dict(data: Any, *, source: str = "<dict>") -> Codebook:
    """Validate a nested codebook mapping (the YAML shape) and return the flat :class:`Codebook`.

    Raises :class:`CodebookError` listing every problem, one line each.
    """
    if not isinstance(data, Mapping):
        raise CodebookError(
            [
                _line(
                    source,
                    "",
                    "",
                    KeyedText(
                        f"expected a mapping with 'id', 'name' and 'codes' at the top, got {type(data).__name__}",
                        "codebook.not_mapping", got=type(data).__name__,
                    ),
                )
            ],
            source,
        )
    too_deep = _depth_problem(data, source)
    if too_deep:
        raise CodebookError([too_deep], source)
    problems: list[str] = []
    model: CodebookModel | None = None
    try:
        model = CodebookModel.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where, field = _format_loc(data, err["loc"])
            problems.append(_line(source, where, field, _pydantic_problem(err)))
    problems.extend(_semantic_problems(data, source))
    if problems or model is None:
        raise CodebookError(problems, source)

    codes: list[Code] = []
    _flatten(model.codes, None, codes)
    nk = model.normenkader
    norms = [
        Norm(id=n.id, norm=n.norm, deelvraag=n.deelvraag, codes=list(n.codes), description=n.description)
        for n in (nk.norms if nk else [])
    ]
    if nk is not None and nk.scale is not None:
        scale = [ScaleLevel(id=s.id, label=s.label, colour=s.colour) for s in nk.scale]
    else:
        scale = [ScaleLevel(s.id, s.label, s.colour) for s in DEFAULT_SCALE]
    return Codebook(
        id=model.id,
        name=model.name,
        description=model.description,
        municipality=model.municipality,
        framework=model.framework,
        codes=codes,
        norms=norms,
        scale=scale,
        metadata=dict(model.metadata),
    )


def _code_to_dict(cb: Codebook, code: Code, seen: set[str]) -> dict[str, Any]:
    seen.add(code.id)
    out: dict[str, Any] = {"id": code.id, "name": code.name}
    if code.colour:
        out["colour"] = code.colour
    if code.definition:
        out["definition"] = code.definition
    for key in ("inclusion", "exclusion", "keywords", "exclude_keywords", "respondent_groups", "examples", "crosswalk"):
        values = getattr(code, key)
        if values:
            out[key] = list(values)
    if code.axis:
        out["axis"] = code.axis
    if not code.codable:
        out["codable"] = False
    children = [c for c in cb.children(code.id) if c.id not in seen]
    if children:
        out["codes"] = [_code_to_dict(cb, c, seen) for c in children]
    return out


def codebook_to_dict(cb: Codebook) -> dict[str, Any]:
    """The nested YAML shape of ``cb``; empty optional fields are left out.

    Raises :class:`CodebookError` when a code's ``parent`` does not exist (or the
    parents form a cycle), since such a code has no place in the tree.
    """
    ids = [c.id for c in cb.codes]
    problems = []
    for c in cb.codes:
        if c.parent is not None and c.parent not in ids:
            where = f"codebook {cb.id!r}: code {c.id!r}: parent: "
            problems.append(
                KeyedText(f"{where}unknown parent code {c.parent!r}", "codebook.unknown_parent", where, parent=c.parent)
            )
    seen: set[str] = set()
    tree = [_code_to_dict(cb, c, seen) for c in cb.children(None)]
    for c in cb.codes:
        if c.id not in seen and not problems:
            where = f"codebook {cb.id!r}: code {c.id!r}: parent: "
            problems.append(KeyedText(f"{where}the parent chain forms a cycle", "codebook.parent_cycle", where))
    if problems:
        raise CodebookError(problems, f"codebook {cb.id!r}")
    out: dict[str, Any] = {"id": cb.id, "name": cb.name}
    if cb.description:
        out["description"] = cb.description
    out["municipality"] = cb.municipality
    out["framework"] = cb.framework
    out["codes"] = tree
    default_scale = [(s.id, s.label, s.colour) for s in DEFAULT_SCALE]
    custom_scale = [(s.id, s.label, s.colour) for s in cb.scale] != default_scale
    if cb.norms or custom_scale:
        nk: dict[str, Any] = {}
        if custom_scale:
            nk["scale"] = [
                {"id": s.id, "label": s.label, **({"colour": s.colour} if s.colour else {})} for s in cb.scale
            ]
        nk["norms"] = [
            {
                "id": n.id,
                "deelvraag": n.deelvraag,
                "norm": n.norm,
                **({"description": n.description} if n.description else {}),
                "codes": list(n.codes),
            }
            for n in cb.norms
        ]
        out["normenkader"] = nk
    if cb.metadata:
        out["metadata"] = dict(cb.metadata)
    return out


# --------------------------------------------------------------------------- crosswalk


def crosswalk_problems(cb: Codebook, framework_cb: Codebook, *, source: str | None = None) -> list[str]:
    """One line per crosswalk entry of ``cb`` that does not exist in ``framework_cb``."""
    source = source or f"codebook {cb.id!r}"
    problems: list[str] = []
    if cb.framework and cb.framework != framework_cb.id:
        problems.append(
            _line(
                source,
                "",
                "framework",
                KeyedText(
                    f"maps onto framework {cb.framework!r} but was checked against {framework_cb.id!r}",
                    "codebook.framework_mismatch", framework=cb.framework, checked=framework_cb.id,
                ),
            )
        )
    known = {c.id for c in framework_cb.codes}
    locations = _code_locations(cb)
    for code in cb.codes:
        for j, target in enumerate(code.crosswalk):
            if target not in known:
                problems.append(
                    _line(
                        source,
                        locations.get(code.id, f"code {code.id!r}"),
                        f"crosswalk[{j}]",
                        KeyedText(
                            f"unknown code {target!r} in framework {framework_cb.id!r}",
                            "codebook.crosswalk_unknown", code=target, framework=framework_cb.id,
                        ),
                    )
                )
    return problems


def validate_crosswalk(cb: Codebook, framework_cb: Codebook, *, source: str | None = None) -> None:
    """Check that every ``crosswalk`` id of ``cb`` is a code of ``framework_cb``; raise :class:`CodebookError`."""
    problems = crosswalk_problems(cb, framework_cb, source=source)
    if problems:
        raise CodebookError(problems, source or f"codebook {cb.id!r}")


# --------------------------------------------------------------------------- files


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text safely (no Python objects, bounded depth and alias expansion).

    Uses the shared :func:`analysis.yamlsafe.load_yaml` with the codebook limits
    (:data:`MAX_YAML_DEPTH`, :data:`MAX_YAML_ALIAS_NODES`). Raises
    :class:`CodebookError` naming ``source`` (and the line and column) for
    syntax errors and refused documents.
    """
    try:
        return load_yaml(
            text,
            source=source,
            max_depth=MAX_YAML_DEPTH,
            max_alias_nodes=MAX_YAML_ALIAS_NODES,
            depth_hint=f"codes may nest at most {MAX_CODE_DEPTH} levels",
        )
    except YamlError as exc:
        params = {k: v for k, v in exc.params.items() if k != "file"}
        raise CodebookError(str(exc), source, exc.key, **params) from None


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file", str(path), "codebook.not_found") from None
    except UnicodeDecodeError as exc:
        raise CodebookError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})", str(path), "codebook.not_utf8"
        ) from None
    data = parse_yaml(text, str(path))
    if data is None:
        raise CodebookError(f"{path}: the file is empty", str(path), "codebook.empty")
    return data


def load_codebook(path: str | Path, *, framework: Codebook | str | Path | None = None) -> Codebook:
    """Load and validate a YAML codebook, flattening its tree.

    ``framework`` (a :class:`Codebook` or the path of its file) is the framework
    codebook the crosswalks are checked against. When not given and the codebook
    names a ``framework``, a file ``<framework>.yaml`` beside it is used if it
    exists (the shipped municipal codebooks find ``sociaal-domein.yaml`` this way).
    """
    path = Path(path)
    cb = codebook_from_dict(_read_yaml(path), source=str(path))
    framework_cb: Codebook | None = None
    if isinstance(framework, Codebook):
        framework_cb = framework
    elif framework is not None:
        framework_cb = load_codebook(framework)
    elif cb.framework:
        for suffix in CODEBOOK_SUFFIXES:
            beside = path.with_name(cb.framework + suffix)
            if beside.is_file() and beside.resolve() != path.resolve():
                framework_cb = codebook_from_dict(_read_yaml(beside), source=str(beside))
                break
    if framework_cb is not None:
        validate_crosswalk(cb, framework_cb, source=str(path))
    return cb


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_representer)


def dump_codebook(cb: Codebook, path: str | Path) -> Path:
    """Validate ``cb`` and write it as YAML (UTF-8). Returns the path written."""
    path = Path(path)
    data = codebook_to_dict(cb)
    codebook_from_dict(data, source=f"{path} (codebook {cb.id!r} being written)")
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def shipped_codebooks() -> dict[str, Path]:
    """Id -> path of every codebook shipped in ``codebooks/`` (the file stem is the id)."""
    folder = shipped_dir()
    if not folder.is_dir():
        return {}
    out = {p.stem: p for p in sorted(folder.iterdir()) if p.suffix in CODEBOOK_SUFFIXES and p.is_file()}
    return dict(sorted(out.items()))


def load_shipped(codebook_id: str) -> Codebook:
    """Load a shipped codebook by id, e.g. ``load_shipped("sociaal-domein")``."""
    files = shipped_codebooks()
    if codebook_id not in files:
        available = ", ".join(files) or "none"
        raise FileNotFoundError(f"no shipped codebook {codebook_id!r} in {shipped_dir()} (available: {available})")
    return load_codebook(files[codebook_id])
