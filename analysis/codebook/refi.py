"""REFI-QDA codebook exchange (``.qdc``, QDA-XML codebook 1.0).

Document shape (namespace ``urn:QDA-XML:codebook:1.0``)::

    CodeBook origin="Duiding x.y"
      Codes
        Code guid name isCodable color
          Description      definition, criteria, keywords, examples ... (see below)
          Code ...         nested children
      Sets
        Set guid name      one per axis ("As: stance"), per norm ("Norm n1a") and one
          Description      for the codebook itself ("Codeboek: ...")
          MemberCode targetGUID

A code's ``Description`` is readable text with labelled sections that
:func:`import_qdc` parses back, so our own export -> import round-trips every
field::

    Code-id: wachttijden

    Definitie: Hoe lang inwoners wachten ...
      (continuation lines are indented by two spaces)

    Inclusie:
    - a criterion
    - another one

    Trefwoorden: wachtlijst; lang wachten; vindba*

A ``.qdc`` written by another tool (names, colours, free descriptions) imports
with the whole description as definition and ids derived from the names.
GUIDs are uuid5 values of the codebook id and code id, so re-exports are
byte-identical. XML is parsed with ``defusedxml``: documents declaring entities
(XXE, "billion laughs") are refused.
"""

from __future__ import annotations

import json
import re
import uuid
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException
from lxml import etree

import analysis
from analysis.domain import Code, Codebook, slugify

from ..errors import KeyedText
from .errors import CodebookError, CodebookWarning
from .io import codebook_from_dict, codebook_to_dict
from .schema import MAX_CODE_DEPTH, SLUG_RE

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
_GUID_NAMESPACE = uuid.UUID("6f1c3f0e-3b59-5a7e-9d55-2f4c0d1a8e11")
_GUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_HEX_RE = re.compile(r"^[0-9a-fA-F]{6}$|^[0-9a-fA-F]{3}$")

# Labelled sections of a code's Description: canonical key -> label we write.
_CODE_LABELS = {
    "id": "Code-id",
    "definition": "Definitie",
    "inclusion": "Inclusie",
    "exclusion": "Exclusie",
    "keywords": "Trefwoorden",
    "exclude_keywords": "Uitsluitende trefwoorden",
    "respondent_groups": "Respondentgroepen",
    "examples": "Voorbeelden",
    "crosswalk": "Crosswalk",
}
_CODE_ALIASES = {
    "id": ("code-id", "id", "code id"),
    "definition": ("definitie", "definition", "omschrijving"),
    "inclusion": ("inclusie", "inclusion", "inclusiecriteria", "inclusion criteria"),
    "exclusion": ("exclusie", "exclusion", "exclusiecriteria", "exclusion criteria"),
    "keywords": ("trefwoorden", "keywords", "zoektermen"),
    "exclude_keywords": ("uitsluitende trefwoorden", "exclude keywords", "exclude_keywords"),
    "respondent_groups": ("respondentgroepen", "respondent groups", "respondent_groups"),
    "examples": ("voorbeelden", "examples", "voorbeeldcitaten"),
    "crosswalk": ("crosswalk",),
}
_BULLET_FIELDS = ("inclusion", "exclusion", "examples")
_INLINE_FIELDS = ("keywords", "exclude_keywords", "respondent_groups", "crosswalk")

_META_LABELS = {
    "codebook": "Duiding-codebook",
    "name": "Naam",
    "description": "Beschrijving",
    "municipality": "Gemeente",
    "framework": "Framework",
    "scale": "Schaal",
    "metadata": "Metadata",
}
_NORM_LABELS = {
    "norm_id": "Duiding-norm",
    "deelvraag": "Deelvraag",
    "norm": "Norm",
    "description": "Toelichting",
}
_AXIS_LABELS = {"axis": "Duiding-as"}


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, "/".join(parts)))


def code_guid(codebook_id: str, code_id: str) -> str:
    """The stable GUID of a code in exports (also usable by .qdpx project exports)."""
    return _guid(codebook_id, "code", code_id)


# --------------------------------------------------------------------------- description text


def _indent(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\n  ")


def _section_text(label: str, value: str) -> str:
    return f"{label}: {_indent(value)}"


def _section_bullets(label: str, items: Iterable[str]) -> str:
    return "\n".join([f"{label}:", *(f"- {_indent(item)}" for item in items)])


def _section_inline(label: str, items: Iterable[str]) -> str:
    return f"{label}: {'; '.join(items)}"


def code_description(code: Code) -> str:
    """The readable, re-parseable Description text of a code."""
    blocks = [_section_text(_CODE_LABELS["id"], code.id)]
    if code.definition:
        blocks.append(_section_text(_CODE_LABELS["definition"], code.definition))
    for key in _BULLET_FIELDS[:2]:
        if getattr(code, key):
            blocks.append(_section_bullets(_CODE_LABELS[key], getattr(code, key)))
    for key in ("keywords", "exclude_keywords", "respondent_groups"):
        if getattr(code, key):
            blocks.append(_section_inline(_CODE_LABELS[key], getattr(code, key)))
    if code.examples:
        blocks.append(_section_bullets(_CODE_LABELS["examples"], code.examples))
    if code.crosswalk:
        blocks.append(_section_inline(_CODE_LABELS["crosswalk"], code.crosswalk))
    return "\n\n".join(blocks)


def _parse_sections(text: str, aliases: dict[str, tuple[str, ...]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Split labelled text into sections: key -> {"text": [lines], "items": [[lines]]}; also the preamble."""
    lookup = {alias: key for key, names in aliases.items() for alias in names}
    header = re.compile(r"^([^\W\d][\w \-]{0,40}?)\s*:(?:\s(.*)|$)")
    sections: dict[str, dict[str, Any]] = {}
    preamble: list[str] = []
    current: dict[str, Any] | None = None
    item: list[str] | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        m = header.match(line)
        if m and m.group(1).strip().lower() in lookup:
            current = {"text": [m.group(2) or ""] if (m.group(2) or "").strip() else [], "items": []}
            sections[lookup[m.group(1).strip().lower()]] = current
            item = None
            continue
        if current is None:
            preamble.append(line)
            continue
        if line.startswith("- "):
            item = [line[2:]]
            current["items"].append(item)
            continue
        content = line.removeprefix("  ")
        (item if item is not None else current["text"]).append(content)
    return sections, preamble


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).strip()


def _section_value_text(sec: dict[str, Any] | None) -> str:
    if not sec:
        return ""
    parts = [_joined(sec["text"])] + [_joined(i) for i in sec["items"]]
    return "\n".join(p for p in parts if p)


def _section_value_list(sec: dict[str, Any] | None, *, inline: bool) -> list[str]:
    if not sec:
        return []
    out: list[str] = []
    head = _joined(sec["text"])
    if head:
        out.extend(p.strip() for p in (head.split(";") if inline else [head]) if p.strip())
    out.extend(v for v in (_joined(i) for i in sec["items"]) if v)
    return out


def parse_code_description(text: str | None) -> dict[str, Any]:
    """Parse a code Description back into fields; free text becomes the definition."""
    text = text or ""
    sections, preamble = _parse_sections(text, _CODE_ALIASES)
    if not sections:
        return {"definition": text.strip()}
    out: dict[str, Any] = {}
    if "id" in sections:
        out["id"] = _section_value_text(sections["id"])
    definition = _section_value_text(sections.get("definition"))
    pre = _joined(preamble)
    out["definition"] = "\n\n".join(p for p in (pre, definition) if p)
    for key in _BULLET_FIELDS:
        out[key] = _section_value_list(sections.get(key), inline=False)
    for key in _INLINE_FIELDS:
        out[key] = _section_value_list(sections.get(key), inline=True)
    return out


# --------------------------------------------------------------------------- export


def _el(parent: Any, tag: str, **attrs: str) -> Any:
    return etree.SubElement(parent, f"{{{CODEBOOK_NS}}}{tag}", attrs)


def _description(parent: Any, text: str) -> None:
    if text:
        _el(parent, "Description").text = text


def _meta_description(cb: Codebook) -> str:
    blocks = [_section_text(_META_LABELS["codebook"], cb.id), _section_text(_META_LABELS["name"], cb.name)]
    if cb.description:
        blocks.append(_section_text(_META_LABELS["description"], cb.description))
    if cb.municipality:
        blocks.append(_section_text(_META_LABELS["municipality"], cb.municipality))
    if cb.framework:
        blocks.append(_section_text(_META_LABELS["framework"], cb.framework))
    blocks.append(
        _section_bullets(
            _META_LABELS["scale"], [" | ".join([s.id, s.label, *([s.colour] if s.colour else [])]) for s in cb.scale]
        )
    )
    if cb.metadata:
        blocks.append(
            _section_text(_META_LABELS["metadata"], json.dumps(cb.metadata, ensure_ascii=False, sort_keys=True))
        )
    return "\n\n".join(blocks)


def _norm_description(norm: Any) -> str:
    blocks = [_section_text(_NORM_LABELS["norm_id"], norm.id)]
    if norm.deelvraag:
        blocks.append(_section_text(_NORM_LABELS["deelvraag"], norm.deelvraag))
    blocks.append(_section_text(_NORM_LABELS["norm"], norm.norm))
    if norm.description:
        blocks.append(_section_text(_NORM_LABELS["description"], norm.description))
    return "\n\n".join(blocks)


def _build_tree(cb: Codebook) -> Any:
    codebook_to_dict(cb)  # raises on orphan codes / cycles
    if not cb.codes:
        raise CodebookError(
            f"codebook {cb.id!r}: codes: a .qdc needs at least one code", f"codebook {cb.id!r}", "codebook.qdc_no_codes",
            codebook=cb.id,
        )
    root = etree.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=f"Duiding {analysis.__version__}"
    )
    codes_el = _el(root, "Codes")

    def add(parent_el: Any, code: Code) -> None:
        attrs = {"guid": code_guid(cb.id, code.id), "name": code.name, "isCodable": "true" if code.codable else "false"}
        if code.colour:
            attrs["color"] = code.colour
        el = _el(parent_el, "Code", **attrs)
        _description(el, code_description(code))
        for child in cb.children(code.id):
            add(el, child)

    for top in cb.children(None):
        add(codes_el, top)

    sets_el = _el(root, "Sets")
    meta = _el(sets_el, "Set", guid=_guid(cb.id, "set", "codebook"), name=f"Codeboek: {cb.name}")
    _description(meta, _meta_description(cb))
    axes: dict[str, list[Code]] = {}
    for code in cb.codes:
        if code.axis:
            axes.setdefault(code.axis, []).append(code)
    for axis, members in axes.items():
        s = _el(sets_el, "Set", guid=_guid(cb.id, "axis", axis), name=f"As: {axis}")
        _description(s, _section_text(_AXIS_LABELS["axis"], axis))
        for code in members:
            _el(s, "MemberCode", targetGUID=code_guid(cb.id, code.id))
    known = {c.id for c in cb.codes}
    for norm in cb.norms:
        s = _el(sets_el, "Set", guid=_guid(cb.id, "norm", norm.id), name=f"Norm {norm.id}")
        _description(s, _norm_description(norm))
        for cid in norm.codes:
            if cid in known:
                _el(s, "MemberCode", targetGUID=code_guid(cb.id, cid))
    return root


def qdc_bytes(cb: Codebook) -> bytes:
    """The .qdc document of ``cb`` as UTF-8 bytes (deterministic)."""
    return etree.tostring(_build_tree(cb), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def export_qdc(cb: Codebook, path: str | Path) -> Path:
    """Write ``cb`` as a REFI-QDA codebook (.qdc). Returns the path written."""
    path = Path(path)
    data = qdc_bytes(cb)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- import


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: Any) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(el: Element, name: str) -> Iterator[Element]:
    for child in el:
        if _local(child.tag) == name:
            yield child


def _child(el: Element, name: str) -> Element | None:
    return next(_children(el, name), None)


def _desc_text(el: Element) -> str:
    d = _child(el, "Description")
    return (d.text or "") if d is not None else ""


class _Importer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.guid_to_id: dict[str, str] = {}
        self.used_ids: set[str] = set()
        self.used_guids: set[str] = set()

    def warn(self, where: str, problem: str) -> None:
        text = f"{self.path}: {where}: {problem}"
        if isinstance(problem, KeyedText):  # translatable; the reader sees the file's name, never its folder
            text = KeyedText(text, problem.key, f"{self.path.name}: {where}: {problem.prefix}", **problem.params)
        warnings.warn(CodebookWarning(text), stacklevel=3)

    def guid(self, raw: str | None, where: str, fallback: str) -> str:
        value = (raw or "").strip()
        if value.startswith("{") and value.endswith("}"):
            self.warn(where, KeyedText(
                f"guid {value!r} is written in braces; read as {value[1:-1]!r}", "codebook.qdc_guid_braces",
                guid=value, read=value[1:-1],
            ))
            value = value[1:-1]
        value = value.lower()
        if not _GUID_RE.match(value):
            new = _guid("import", str(self.path.name), fallback)
            self.warn(where, KeyedText(
                f"guid {raw!r} is missing or not a GUID; using {new}", "codebook.qdc_guid_missing", guid=raw, new=new
            ))
            value = new
        if value in self.used_guids:
            new = _guid("import", str(self.path.name), fallback, "duplicate")
            self.warn(where, KeyedText(
                f"guid {value} is used twice; the second use gets {new}", "codebook.qdc_guid_twice", guid=value, new=new
            ))
            value = new
        self.used_guids.add(value)
        return value

    def colour(self, raw: str | None, where: str) -> str | None:
        if raw is None or not raw.strip():
            return None
        value = raw.strip()
        if not value.startswith("#") and _HEX_RE.match(value):
            self.warn(where, KeyedText(f"color {value!r} lacks '#'; read as '#{value}'", "codebook.qdc_colour_hash", value=value))
            value = "#" + value
        hexpart = value[1:]
        if value.startswith("#") and _HEX_RE.match(hexpart):
            if len(hexpart) == 3:
                hexpart = "".join(ch * 2 for ch in hexpart)
            return "#" + hexpart.lower()
        self.warn(where, KeyedText(
            f"color {raw!r} is not an RGB colour (#rrggbb); ignored", "codebook.qdc_colour_invalid", value=raw
        ))
        return None

    def codable(self, raw: str | None, where: str) -> bool:
        if raw is None:
            self.warn(where, KeyedText("isCodable is missing; assuming true", "codebook.qdc_codable_missing"))
            return True
        value = raw.strip().lower()
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        self.warn(where, KeyedText(
            f"isCodable {raw!r} is not a boolean; assuming true", "codebook.qdc_codable_invalid", value=raw
        ))
        return True

    def unique_id(self, wanted: str | None, name: str) -> str:
        if wanted and SLUG_RE.match(wanted) and wanted not in self.used_ids:
            self.used_ids.add(wanted)
            return wanted
        base = slugify(name)
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate = f"{base}-{n}"
            n += 1
        self.used_ids.add(candidate)
        return candidate

    def code(self, el: Element, where: str) -> dict[str, Any]:
        name = (el.get("name") or "").strip()
        if not name:
            name = "Naamloze code"
            self.warn(where, KeyedText(f"code has no name; called it {name!r}", "codebook.qdc_no_name", name=name))
        guid = self.guid(el.get("guid"), where, where)
        fields = parse_code_description(_desc_text(el))
        code_id = self.unique_id(fields.pop("id", None), name)
        self.guid_to_id[guid] = code_id
        out: dict[str, Any] = {"id": code_id, "name": name}
        colour = self.colour(el.get("color"), where)
        if colour:
            out["colour"] = colour
        out.update({k: v for k, v in fields.items() if v})
        out["codable"] = self.codable(el.get("isCodable"), where)
        children = [
            self.code(child, f"{where} > Code[{i}] {child.get('name')!r}")
            for i, child in enumerate(_children(el, "Code"))
        ]
        if children:
            out["codes"] = children
        return out


def _parse_xml(path: Path) -> Element:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such .qdc file", str(path), "codebook.not_found") from None
    try:
        return safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise CodebookError(
            f"{path}: refused: the document declares XML entities or external references ({type(exc).__name__}); "
            f"a .qdc never needs them and they can read local files or exhaust memory (XXE, 'billion laughs')",
            str(path),
            "codebook.qdc_entities",
            error=type(exc).__name__,
        ) from None
    except ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        raise CodebookError(
            f"{path}: line {line}, column {col + 1}: not well-formed XML: {exc}", str(path), "codebook.qdc_not_xml",
            line=line, column=col + 1, detail=exc,
        ) from None
    except (LookupError, ValueError) as exc:
        # expat cannot decode the declared encoding: unknown ('TTF-8'), not a text
        # codec ('hex') or multi-byte ('UTF-32', 'Shift_JIS'); UnicodeError is a ValueError
        raise CodebookError(
            f"{path}: the XML declaration names an encoding that cannot be read ({exc}); save the codebook as UTF-8",
            str(path),
            "codebook.qdc_encoding",
            detail=exc,
        ) from None


# Codebook metadata nested deeper than this is ignored (it is stored as JSON later,
# and a recursive encoder must not meet a hostile depth).
_MAX_METADATA_DEPTH = 32


def _json_depth(value: Any) -> int:
    """Nesting depth of decoded JSON (a scalar is 0), computed without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        else:
            deepest = max(deepest, depth)
            continue
        deepest = max(deepest, depth + 1)
    return deepest


def _too_deep(codes_el: Element) -> list[str] | None:
    """The names along the first path of <Code> elements nested deeper than MAX_CODE_DEPTH, else None.

    Uses an explicit stack, so it is safe on any depth; the recursive import runs after it.
    """
    stack: list[tuple[Element, list[str]]] = [(codes_el, [])]
    while stack:
        el, names = stack.pop()
        for child in _children(el, "Code"):
            here = [*names, repr(child.get("name"))]
            if len(here) > MAX_CODE_DEPTH:
                return here
            stack.append((child, here))
    return None


def import_qdc(path: str | Path) -> Codebook:
    """Read a REFI-QDA codebook (.qdc; a .qde project's CodeBook also works).

    Tolerated with a :class:`CodebookWarning`: colours without '#', GUIDs in
    braces, missing ``isCodable``, a missing or foreign namespace. Raises
    :class:`CodebookError` for documents that are not a codebook, are not
    well-formed, or declare entities.
    """
    path = Path(path)
    root = _parse_xml(path)
    imp = _Importer(path)
    if _local(root.tag) == "Project":
        book = _child(root, "CodeBook")
        sets_parent: Element | None = _child(root, "Sets")
        if book is None:
            raise CodebookError(
                f"{path}: this REFI-QDA project has no CodeBook element", str(path), "codebook.qdc_no_codebook"
            )
    elif _local(root.tag) == "CodeBook":
        book = root
        sets_parent = _child(root, "Sets")
    else:
        raise CodebookError(
            f"{path}: the root element is <{_local(root.tag)}>, expected <CodeBook> in namespace {CODEBOOK_NS}",
            str(path),
            "codebook.qdc_wrong_root",
            root=_local(root.tag),
            namespace=CODEBOOK_NS,
        )
    if _ns(book.tag) not in (CODEBOOK_NS, PROJECT_NS):
        imp.warn("CodeBook", f"namespace {_ns(book.tag) or '(none)'!r} is not {CODEBOOK_NS!r}; reading it anyway")
    codes_el = _child(book, "Codes")
    if codes_el is None:
        raise CodebookError(f"{path}: CodeBook: the <Codes> element is missing", str(path), "codebook.qdc_no_codes_element")

    too_deep = _too_deep(codes_el)
    if too_deep is not None:
        shown = " > ".join(too_deep if len(too_deep) <= 4 else [*too_deep[:2], "...", too_deep[-1]])
        raise CodebookError(
            f"{path}: Codes > {shown}: codes are nested more than {MAX_CODE_DEPTH} levels deep; "
            f"flatten the tree (a codebook rarely needs more than four levels)",
            str(path),
            "codebook.qdc_too_deep",
            max=MAX_CODE_DEPTH,
            shown=shown,
        )
    tree = [imp.code(el, f"Code[{i}] {el.get('name')!r}") for i, el in enumerate(_children(codes_el, "Code"))]
    data: dict[str, Any] = {"id": slugify(path.stem), "name": path.stem, "codes": tree}
    norms: list[dict[str, Any]] = []
    axis_of: dict[str, str] = {}
    sets = list(_children(sets_parent, "Set")) if sets_parent is not None else []
    for i, s in enumerate(sets):
        where = f"Sets > Set[{i}] {s.get('name')!r}"
        desc = _desc_text(s)
        members = []
        for m in _children(s, "MemberCode"):
            target = (m.get("targetGUID") or "").strip().strip("{}").lower()
            if target in imp.guid_to_id:
                members.append(imp.guid_to_id[target])
            else:
                imp.warn(where, f"MemberCode targets unknown code guid {m.get('targetGUID')!r}; skipped")
        meta, _ = _parse_sections(desc, {k: (v.lower(),) for k, v in _META_LABELS.items()})
        norm, _ = _parse_sections(desc, {k: (v.lower(),) for k, v in _NORM_LABELS.items()})
        axis, _ = _parse_sections(desc, {k: (v.lower(),) for k, v in _AXIS_LABELS.items()})
        if "codebook" in meta:
            data["id"] = _section_value_text(meta["codebook"]) or data["id"]
            data["name"] = _section_value_text(meta.get("name")) or data["name"]
            for key in ("description", "municipality", "framework"):
                value = _section_value_text(meta.get(key))
                if value:
                    data[key] = value
            scale = []
            for entry in _section_value_list(meta.get("scale"), inline=False):
                # "id | label | #colour" (colour optional); a label may itself contain " | "
                parts = entry.split(" | ")
                colour = parts[-1].strip() if len(parts) > 2 and _COLOUR_RE.match(parts[-1].strip()) else None
                label_parts = parts[1:-1] if colour else parts[1:]
                level = {"id": parts[0].strip(), "label": " | ".join(label_parts).strip() or parts[0].strip()}
                if colour:
                    level["colour"] = colour
                scale.append(level)
            if scale:
                data.setdefault("normenkader", {})["scale"] = scale
            if "metadata" in meta:
                try:
                    metadata = json.loads(_section_value_text(meta["metadata"]))
                except json.JSONDecodeError as exc:
                    imp.warn(where, f"Metadata is not valid JSON ({exc.msg}); ignored")
                except RecursionError:  # the JSON decoder's own depth guard
                    imp.warn(where, f"Metadata is JSON nested more than {_MAX_METADATA_DEPTH} levels deep; ignored")
                else:
                    if _json_depth(metadata) > _MAX_METADATA_DEPTH:
                        imp.warn(where, f"Metadata is JSON nested more than {_MAX_METADATA_DEPTH} levels deep; ignored")
                    else:
                        data["metadata"] = metadata
        elif "norm_id" in norm:
            norms.append(
                {
                    "id": _section_value_text(norm["norm_id"]),
                    "deelvraag": _section_value_text(norm.get("deelvraag")),
                    "norm": _section_value_text(norm.get("norm")) or (s.get("name") or ""),
                    "codes": members,
                    **({"description": _section_value_text(norm["description"])} if "description" in norm else {}),
                }
            )
        elif "axis" in axis:
            for cid in members:
                axis_of[cid] = _section_value_text(axis["axis"])
        # Other sets (from other tools) carry nothing we model; they are left out.
    if norms:
        data.setdefault("normenkader", {})["norms"] = norms

    def set_axes(codes: list[dict[str, Any]]) -> None:
        for c in codes:
            if c["id"] in axis_of:
                c["axis"] = axis_of[c["id"]]
            set_axes(c.get("codes", []))

    set_axes(tree)
    return codebook_from_dict(data, source=str(path))
