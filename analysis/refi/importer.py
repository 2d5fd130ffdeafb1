"""Import a REFI-QDA project (.qdpx) written by NVivo, ATLAS.ti, MAXQDA, QualCoder or Duiding.

What comes in:

* the CodeBook (read by :func:`analysis.codebook.import_qdc`, so descriptions,
  colours and Duiding's own code fields are read exactly as for a ``.qdc``);
* every ``TextSource`` (text inside the archive, inline ``PlainTextContent``, or
  a relative/absolute path outside it, read only from a sources folder the researcher names), stored NFC-normalised with LF line
  endings and segmented into passages with :func:`analysis.corpus.segment`;
* every ``PlainTextSelection`` coding as a :class:`Coding` on each passage it
  overlaps (the span clipped to the passage; a selection covering the whole
  passage gives a whole-passage coding), coder = the User's name, status accepted;
* Cases and Variables as participants and their attributes; source-level
  variables as source fields (kind, gemeente, onderzoek, datum);
* Notes as memos (on the project, a source, a passage, a code), notes on a
  coding as that coding's memo.

Positions are converted from the writing tool's counting (see
:mod:`analysis.refi.positions`). Real-world defects (colours without ``#``,
GUIDs in braces, missing descriptions, selections out of range, unknown code
references) are tolerated and listed in :attr:`ImportReport.warnings`.

The import is all-or-nothing: everything is parsed, decoded, segmented and
checked first, then written in one transaction. A :class:`QdpxError` (or a
process that is killed) leaves the project as it was.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tempfile
import unicodedata
import warnings as pywarnings
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any
from urllib.parse import unquote, urlparse
from xml.etree.ElementTree import Element, SubElement, tostring

from ..domain import Code, Codebook, CodingOrigin, CodingStatus, Participant, Passage, Source, SourceKind, slugify
from ..errors import KeyedText
from ..store.engine import locate
from .errors import QdpxError
from .positions import TOOL_SCHEMES, OffsetMap, PositionScheme, decode_text_bytes, prepare_text, resolve_scheme
from .qde import PROJECT_NS, child, children, guid_key, local, namespace, parse_qde, text_of
from .safezip import SafeZip, ZipLimits

__all__ = ["SIDECAR_NAME", "ImportReport", "detect_tool", "import_qdpx"]

SIDECAR_NAME = "duiding.json"
_MAX_QDE = 256 * 1024 * 1024
# Deeper code trees are refused: no real codebook comes near, and recursion would.
MAX_CODE_DEPTH = 64

# Variable names (normalised) that map onto fields rather than free attributes.
_SOURCE_FIELDS = {
    "kind": ("soortbron", "kind", "sourcekind", "bronsoort", "typebron"),
    "municipality": ("gemeente", "municipality"),
    "study": ("onderzoek", "study"),
    "date": ("datum", "date"),
    "respondent_group": ("respondentgroep", "respondentgroup"),
}
_CASE_FIELDS = {
    "respondent_group": ("respondentgroep", "respondentgroup"),
    "age_group": ("leeftijdsgroep", "agegroup", "leeftijdscategorie"),
    "wijk": ("wijk", "neighbourhood", "neighborhood"),
    "municipality": ("gemeente", "municipality"),
}


def _vkey(name: str) -> str:
    return re.sub(r"[\s_\-.]+", "", name.strip().lower())


def _field_of(name: str, table: dict[str, tuple[str, ...]]) -> str | None:
    key = _vkey(name)
    for fieldname, aliases in table.items():
        if key in aliases:
            return fieldname
    return None


@dataclass(slots=True)
class ImportReport:
    """What an import brought in, and every defect it tolerated."""

    path: Path
    tool: str | None = None
    origin: str | None = None
    positions: str = "codepoint"
    codebooks: list[str] = field(default_factory=list)
    codes: int = 0
    sources: int = 0
    existing_sources: int = 0
    passages: int = 0
    codings: int = 0
    participants: int = 0
    memos: int = 0
    passage_sets: int = 0
    skipped_selections: int = 0
    source_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused_external: list[str] = field(default_factory=list)  # source paths outside the archive not read

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def summary(self) -> str:
        """One line in English for the command line (the app words the counts itself)."""
        tool = self.tool or "unknown program"
        parts = [
            f"{self.path.name} ({tool}, positions: {self.positions}):",
            f"{self.sources} sources ({self.passages} passages)",
            f"{self.codes} codes",
            f"{self.codings} codings",
            f"{self.participants} participants",
            f"{self.memos} memos",
        ]
        if self.existing_sources:
            parts.append(f"{self.existing_sources} sources were already present")
        if self.skipped_selections:
            parts.append(f"{self.skipped_selections} selections skipped")
        if self.warnings:
            parts.append(f"{len(self.warnings)} warnings")
        return parts[0] + " " + ", ".join(parts[1:])

    __str__ = summary


def detect_tool(origin: str | None, base_path: str | None = None) -> str | None:
    """The writing tool (``nvivo``, ``atlas.ti``, ``maxqda``, ``qualcoder``, ``duiding``) or None."""
    patterns = (
        ("nvivo", ("nvivo",)),
        ("atlas.ti", ("atlas.ti", "atlas ti", "atlasti", "atlas-ti")),
        ("maxqda", ("maxqda",)),
        ("qualcoder", ("qualcoder",)),
        ("duiding", ("duiding",)),
    )
    for text in (origin, base_path):
        low = (text or "").lower()
        for tool, pats in patterns:
            if any(p in low for p in pats):
                return tool
    return None


# --------------------------------------------------------------------------- plan objects


@dataclass(slots=True)
class _PlannedCoding:
    ordinal: int
    codebook_id: str
    code_id: str
    coder: str
    start: int | None
    end: int | None
    memo: str = ""
    status: str = CodingStatus.ACCEPTED.value
    origin: str = CodingOrigin.MANUAL.value
    confidence: float | None = None
    citeerbaar: bool = False


@dataclass(slots=True)
class _PlannedMemo:
    text: str
    author: str
    title: str
    target_type: str
    source_index: int | None = None
    ordinal: int | None = None
    target_id: str | None = None


@dataclass(slots=True)
class _PlannedSource:
    guid: str
    source: Source
    passages: list[Passage]
    participant: Participant | None = None
    existing_id: int | None = None
    existing_passages: dict[int, int] = field(default_factory=dict)  # ordinal -> passage id
    codings: list[_PlannedCoding] = field(default_factory=list)
    omap: OffsetMap | None = None
    alias_of: int | None = None  # index of an earlier planned source with the same bytes


@dataclass(slots=True)
class _PlannedSet:
    """A saved set of passages: members are (planned source index, start, end) in code points, or
    (index, None, None) for every passage of that source (a REFI Set of sources from another tool)."""

    name: str
    query: str = ""
    description: str = ""
    members: list[tuple[int, int | None, int | None]] = field(default_factory=list)


@dataclass(slots=True)
class _Plan:
    codebooks: list[Codebook] = field(default_factory=list)
    sources: list[_PlannedSource] = field(default_factory=list)
    memos: list[_PlannedMemo] = field(default_factory=list)
    passage_sets: list[_PlannedSet] = field(default_factory=list)


# --------------------------------------------------------------------------- the importer


class _Importer:
    def __init__(
        self,
        path: Path,
        project: Any,
        *,
        positions: str | PositionScheme | None,
        kind: SourceKind | str | None,
        municipality: str | None,
        study: str | None,
        external_sources: bool,
        sources_dir: str | Path | None,
        limits: ZipLimits | None,
    ) -> None:
        self.path = path
        self.project = project
        self.positions_override = positions
        self.kind = SourceKind.parse(kind) if kind is not None else None
        self.municipality = municipality
        self.study = study
        self.external_sources = external_sources
        self.sources_dir = _sources_root(path, sources_dir) if external_sources and sources_dir is not None else None
        self.limits = limits or ZipLimits()
        self.report = ImportReport(path=path)
        self.users: dict[str, str] = {}
        self.codes: dict[str, tuple[str, str]] = {}  # code guid -> (codebook id, code id)
        self.codable: dict[tuple[str, str], bool] = {}
        self.code_names: dict[tuple[str, str], str] = {}
        self.variables: dict[str, tuple[str, str]] = {}  # guid -> (name, type)
        self.notes: dict[str, Element] = {}
        self.note_used: set[str] = set()
        self.plan = _Plan()
        self.selection_source: dict[str, int] = {}  # selection guid -> planned source index
        self.source_index: dict[str, int] = {}  # source guid -> planned source index
        self.sidecar: dict[str, Any] = {}
        self._unknown_users: set[str] = set()
        self._unknown_codes: set[str] = set()

    def warn(self, where: str, problem: str) -> None:
        prefix = f"{self.path.name}: {where}: " if where else f"{self.path.name}: "
        # a keyed problem stays translatable (the page shows it in the reader's language); str() is the English
        self.report.warn(problem.with_prefix(prefix) if isinstance(problem, KeyedText) else prefix + problem)

    # -- entry point -------------------------------------------------------------------
    def run(self) -> ImportReport:
        with SafeZip(self.path, self.limits) as zf:
            self.zip = zf
            root = self._read_root()
            self._read_sidecar()
            self._detect(root)
            self._read_users(root)
            self._read_notes(root)
            self._read_codebook(root)
            self._read_variables(root)
            for i, el in enumerate(_source_elements(root)):
                self._read_source(el, i)
            self._read_cases(root)
            self._project_notes(root)
            self._read_passage_sets(root)
        self._write()
        return self.report

    # -- archive & document --------------------------------------------------------------
    def _read_root(self) -> Element:
        info = self.zip.find("project.qde")
        if info is None:
            qdes = self.zip.find_suffix(".qde")
            if len(qdes) == 1:
                info = qdes[0]
            elif len(qdes) > 1:
                names = ", ".join(i.filename for i in qdes)
                raise QdpxError(self.path, f"not a REFI-QDA project: several .qde files and no project.qde ({names})", "refi.not_qdpx")
            else:
                raise QdpxError(self.path, "not a REFI-QDA project (no project.qde in the archive)", "refi.not_qdpx")
        data = self.zip.read(info, cap=_MAX_QDE)
        root = parse_qde(data, self.path, info.filename)
        if local(root.tag) != "Project":
            raise QdpxError(self.path, f"{info.filename}: the root element is <{local(root.tag)}>, expected <Project>", "refi.wrong_root", member=info.filename, root=local(root.tag))
        if namespace(root.tag) != PROJECT_NS:
            self.warn(info.filename, KeyedText(f"namespace {namespace(root.tag) or '(none)'!r} is not {PROJECT_NS!r}; reading it anyway", "refi.warn_namespace", namespace=namespace(root.tag) or "(none)", expected=PROJECT_NS))
        self.qde_name = info.filename
        return root

    def _read_sidecar(self) -> None:
        info = self.zip.find(SIDECAR_NAME)
        if info is None:
            return
        try:
            data = json.loads(self.zip.read(info, cap=64 * 1024 * 1024).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.warn(SIDECAR_NAME, KeyedText(f"unreadable ({exc}); ignored", "refi.warn_sidecar_unreadable", error=str(exc)))
            return
        if not (isinstance(data, dict) and data.get("format") == "duiding-qdpx"):
            self.warn(SIDECAR_NAME, KeyedText("not a Duiding extension file; ignored", "refi.warn_sidecar_foreign"))
            return
        clean: dict[str, Any] = {"positions": data.get("positions") if isinstance(data.get("positions"), str) else None}
        for part in ("sources", "codings", "cases", "passage_sets"):
            entries = data.get(part, {})
            if not isinstance(entries, dict):
                self.warn(SIDECAR_NAME, KeyedText(f"{part!r} is not a mapping; ignored", "refi.warn_sidecar_part", part=part))
                entries = {}
            clean[part] = {guid_key(str(k)): v for k, v in entries.items() if isinstance(v, dict)}
        self.sidecar = clean

    def _detect(self, root: Element) -> None:
        origin = root.get("origin")
        tool = detect_tool(origin, root.get("basePath"))
        self.report.origin = origin
        self.report.tool = tool
        self.base_path = root.get("basePath")
        declared = self.sidecar.get("positions") if tool == "duiding" else None
        if self.positions_override is not None:
            self.scheme = resolve_scheme(self.positions_override)
        elif declared in ("codepoint", "utf16"):
            self.scheme = resolve_scheme(declared)
        elif tool is not None:
            self.scheme = resolve_scheme(TOOL_SCHEMES[tool])
        else:
            self.scheme = resolve_scheme("codepoint")
            self.warn("Project", KeyedText(
                f"the writing tool is unknown (origin={origin!r}); positions are read as code points "
                f"(pass positions='utf16' or a tool name to override)", "refi.warn_unknown_tool", origin=origin,
            ))
        self.report.positions = self.scheme.name
        self.project_name = (root.get("name") or "").strip() or self.path.stem
        self.default_user: str | None = None

    # -- users ---------------------------------------------------------------------
    def _read_users(self, root: Element) -> None:
        for i, u in enumerate(children(child(root, "Users"), "User")):
            key = guid_key(u.get("guid"))
            name = (u.get("name") or u.get("id") or "").strip()
            if not name:
                name = f"gebruiker-{key[:8]}" if key else f"gebruiker-{i + 1}"
                self.warn(f"Users > User[{i}]", KeyedText(f"user has no name; called {name!r}", "refi.warn_user_no_name", name=name))
            if key:
                self.users[key] = name
        self.default_user = self.users_get(root.get("creatingUserGUID"), None)

    def users_get(self, raw: str | None, fallback: str | None) -> str | None:
        if raw is None or not raw.strip():
            return fallback
        key = guid_key(raw)
        if key in self.users:
            return self.users[key]
        if key not in self._unknown_users and self.users:
            self._unknown_users.add(key)
            self.warn("Users", KeyedText(
                f"unknown user {raw!r}; codings by it get the coder name 'gebruiker-{key[:8]}'", "refi.warn_unknown_user",
                user=raw, coder=f"gebruiker-{key[:8]}",
            ))
        return f"gebruiker-{key[:8]}"

    def coder(self, *els: Element | None) -> str:
        for el in els:
            if el is not None and el.get("creatingUser"):
                name = self.users_get(el.get("creatingUser"), None)
                if name:
                    return name
        return self.default_user or getattr(self.project, "user", None) or "researcher"

    # -- codebook ------------------------------------------------------------------
    def _read_codebook(self, root: Element) -> None:
        book = child(root, "CodeBook")
        codes_el = child(book, "Codes")
        top = list(children(codes_el, "Code"))
        if not top:
            self.warn("CodeBook", KeyedText("the project has no codes; codings cannot be imported", "refi.warn_no_codes"))
            return
        depth = _code_depth(top)
        if depth > MAX_CODE_DEPTH:
            raise QdpxError(
                self.path,
                f"{self.qde_name}: CodeBook: codes are nested {depth} levels deep (more than {MAX_CODE_DEPTH}); "
                f"this is not a usable codebook",
                "refi.too_deep", depth=depth, max=MAX_CODE_DEPTH,
            )
        sets = list(children(child(root, "Sets"), "Set"))
        meta_sets = [s for s in sets if _codebook_id_of_set(s)]
        partitions: list[tuple[list[Element], list[Element]]] = []
        if len([s for s in meta_sets if list(children(s, "MemberCode"))]) >= 2:
            assigned: set[int] = set()
            for ms in meta_sets:
                members = {guid_key(m.get("targetGUID")) for m in children(ms, "MemberCode")}
                mine = [c for c in top if guid_key(c.get("guid")) in members]
                assigned.update(id(c) for c in mine)
                guids = {guid_key(g.get("guid")) for c in mine for g in c.iter() if local(g.tag) == "Code"}
                own_sets = [ms] + [
                    s for s in sets
                    if s not in meta_sets
                    and any(guid_key(m.get("targetGUID")) in guids for m in children(s, "MemberCode"))
                ]
                if mine:
                    partitions.append((mine, own_sets))
            rest = [c for c in top if id(c) not in assigned]
            if rest:
                partitions.append((rest, []))
        else:
            partitions.append((top, sets))
        seen_ids: set[str] = set()
        with tempfile.TemporaryDirectory(prefix="duiding-qdpx-") as tmp:
            for n, (codes, own_sets) in enumerate(partitions):
                stem = slugify(self.project_name) + (f"-{n + 1}" if n else "")
                cb = self._import_partition(Path(tmp) / f"{stem}.qdc", codes, own_sets)
                if cb.id in seen_ids:
                    cb.id = f"{cb.id}-{n + 1}"
                seen_ids.add(cb.id)
                flat = [el for c in codes for el in c.iter() if local(el.tag) == "Code"]
                if len(flat) != len(cb.codes):  # pragma: no cover - import_qdc reads every Code element
                    raise QdpxError(self.path, "the codebook could not be matched to its code GUIDs", "refi.codebook_guids")
                for el, code in zip(flat, cb.codes):
                    self.codes.setdefault(guid_key(el.get("guid")), (cb.id, code.id))
                    self.codable[(cb.id, code.id)] = code.codable
                    self.code_names[(cb.id, code.id)] = code.name
                self.plan.codebooks.append(cb)
                self._code_notes(cb.id, flat, cb.codes)
        self.report.codebooks = [cb.id for cb in self.plan.codebooks]
        self.report.codes = sum(len(cb.codes) for cb in self.plan.codebooks)

    def _import_partition(self, tmp: Path, codes: list[Element], sets: list[Element]) -> Codebook:
        from ..codebook import CodebookError, CodebookWarning, import_qdc

        doc = Element(f"{{{PROJECT_NS}}}Project", {"name": self.project_name})
        book = SubElement(doc, f"{{{PROJECT_NS}}}CodeBook")
        codes_el = SubElement(book, f"{{{PROJECT_NS}}}Codes")
        codes_el.extend(codes)
        if sets:
            sets_el = SubElement(doc, f"{{{PROJECT_NS}}}Sets")
            sets_el.extend(sets)
        tmp.write_bytes(tostring(doc, encoding="utf-8"))
        with pywarnings.catch_warnings(record=True) as caught:
            pywarnings.simplefilter("always", CodebookWarning)
            try:
                cb = import_qdc(tmp)
            except CodebookError as exc:
                msgs = "; ".join(m.replace(str(tmp), "CodeBook") for m in exc.messages)
                dutch = "; ".join(m.replace(tmp.name, "CodeBook") for m in exc.problems("nl"))
                raise QdpxError(
                    self.path, f"{self.qde_name}: the codebook is invalid: {msgs}", "refi.codebook_invalid",
                    member=self.qde_name, problems=dutch,
                ) from None
        for w in caught:
            if issubclass(w.category, CodebookWarning):
                self.report.warn(_codebook_warning(w.message, self.path.name, tmp))
        if codes and not _codebook_id_of_set_list(sets):
            # a codebook from another tool: name it after the project
            cb.name = self.project_name
        return cb

    def _code_notes(self, cb_id: str, flat: list[Element], codes: list[Code]) -> None:
        for el, code in zip(flat, codes):
            for ref in children(el, "NoteRef"):
                self._memo_from_ref(ref, "code", target_id=f"{cb_id}/{code.id}")

    def code_of(self, ref: Element | None, where: str) -> tuple[str, str] | None:
        if ref is None:
            self.warn(where, KeyedText("coding has no CodeRef; skipped", "refi.warn_no_coderef"))
            return None
        raw = ref.get("targetGUID")
        hit = self.codes.get(guid_key(raw))
        if hit is None:
            if raw not in self._unknown_codes:
                self._unknown_codes.add(raw or "")
                self.warn(where, KeyedText(
                    f"CodeRef targets unknown code {raw!r}; its codings are skipped", "refi.warn_unknown_code", guid=raw
                ))
            return None
        if not self.codable.get(hit, True):
            self.warn(where, KeyedText(
                f"code {self.code_names.get(hit, hit[1])!r} is marked not codable but has codings; imported anyway",
                "refi.warn_not_codable", code=self.code_names.get(hit, hit[1]),
            ))
        return hit

    # -- variables -------------------------------------------------------------------
    def _read_variables(self, root: Element) -> None:
        for i, v in enumerate(children(child(root, "Variables"), "Variable")):
            name = (v.get("name") or "").strip()
            if not name:
                self.warn(f"Variables > Variable[{i}]", KeyedText("variable has no name; ignored", "refi.warn_variable_no_name"))
                continue
            self.variables[guid_key(v.get("guid"))] = (name, (v.get("typeOfVariable") or "Text").strip())

    def variable_values(self, el: Element, where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for j, vv in enumerate(children(el, "VariableValue")):
            ref = child(vv, "VariableRef")
            var = self.variables.get(guid_key(ref.get("targetGUID") if ref is not None else None))
            if var is None:
                self.warn(f"{where} > VariableValue[{j}]", KeyedText("refers to no known variable; ignored", "refi.warn_variable_unknown"))
                continue
            name, _vtype = var
            value: Any = None
            for vel in vv:
                tag = local(vel.tag)
                raw = (vel.text or "").strip()
                if tag == "TextValue":
                    value = vel.text or ""
                elif tag == "BooleanValue":
                    value = raw.lower() in ("true", "1")
                elif tag == "IntegerValue":
                    try:
                        value = int(raw)
                    except ValueError:
                        self.warn(f"{where} > {name}", KeyedText(f"{raw!r} is not an integer; kept as text", "refi.warn_not_integer", raw=raw))
                        value = raw
                elif tag == "FloatValue":
                    try:
                        value = float(raw)
                    except ValueError:
                        self.warn(f"{where} > {name}", KeyedText(f"{raw!r} is not a number; kept as text", "refi.warn_not_number", raw=raw))
                        value = raw
                elif tag in ("DateValue", "DateTimeValue"):
                    value = raw
            out[name] = value
        return out

    # -- notes -----------------------------------------------------------------------
    def _read_notes(self, root: Element) -> None:
        for note in children(child(root, "Notes"), "Note"):
            self.notes[guid_key(note.get("guid"))] = note

    def _note_text(self, note: Element) -> str:
        content = child(note, "PlainTextContent")
        if content is not None:
            return content.text or ""
        ref = note.get("plainTextPath")
        if ref:
            data = self._read_path(ref, "Notes", note.get("name") or "")
            if data is not None:
                return unicodedata.normalize("NFC", decode_text_bytes(data)[0].replace("\r\n", "\n").replace("\r", "\n"))
        return text_of(child(note, "Description"))

    def _memo_from_ref(self, ref: Element, target_type: str, **target: Any) -> _PlannedMemo | None:
        key = guid_key(ref.get("targetGUID"))
        note = self.notes.get(key)
        if note is None:
            self.warn("NoteRef", KeyedText(f"refers to unknown note {ref.get('targetGUID')!r}; ignored", "refi.warn_unknown_note", guid=ref.get("targetGUID")))
            return None
        self.note_used.add(key)
        memo = _PlannedMemo(
            text=self._note_text(note),
            author=self.coder(note),
            title=(note.get("name") or "").strip(),
            target_type=target_type,
            **target,
        )
        if target_type != "coding":
            self.plan.memos.append(memo)
        return memo

    def _project_notes(self, root: Element) -> None:
        for ref in children(root, "NoteRef"):
            self._memo_from_ref(ref, "project")
        for key, note in self.notes.items():
            if key not in self.note_used:
                self.note_used.add(key)
                self.plan.memos.append(
                    _PlannedMemo(self._note_text(note), self.coder(note), (note.get("name") or "").strip(), "project")
                )

    # -- sources ---------------------------------------------------------------------
    def _read_path(self, ref: str, where: str, name: str) -> bytes | None:
        """Bytes of a file named by a REFI path: internal://, relative://, absolute://, file:// or plain."""
        raw = ref.strip()
        low = raw.lower()
        if low.startswith("internal://"):
            inner = raw[len("internal://"):]
            info = self.zip.find_source(inner)
            if info is None:
                self.warn(where, KeyedText(f"{raw} is not in the archive; skipped", "refi.warn_source_missing", path=raw))
                return None
            return self.zip.read(info)
        if low.startswith(("relative://", "absolute://")):
            target = raw.split("://", 1)[1]
        elif low.startswith("file:"):
            parsed = urlparse(raw)
            if parsed.netloc and parsed.netloc.lower() != "localhost":
                target = "//" + parsed.netloc + unquote(parsed.path)  # file://host/share: a UNC path
            else:
                target = unquote(parsed.path)
                if re.match(r"^/[A-Za-z]:", target):
                    target = target[1:]
        else:
            info = self.zip.find_source(raw)
            if info is not None:
                return self.zip.read(info)
            target = raw
        relative = low.startswith("relative://") or not (low.startswith(("absolute://", "file:")) or _is_absolute(raw))
        if self.sources_dir is None:
            return self._archive_fallback(raw, where, refused=True)
        if _is_unc(target):
            self.report.refused_external.append(raw)
            self.warn(where, KeyedText(f"{raw} is a network (UNC) path; refused", "refi.warn_unc", path=raw))
            return None
        for c in self._candidates(target, relative):
            found = self._inside_sources_dir(c, raw, where)
            if found is None:
                continue
            size = found.stat().st_size
            if size > self.limits.max_member_size:
                self.warn(where, KeyedText(
                    f"{found.name} is too large ({size} bytes); skipped", "refi.warn_too_large", name=found.name, size=size
                ))
                return None
            data = found.read_bytes()
            if data.startswith(_SQLITE_MAGIC):
                self.report.refused_external.append(raw)
                self.warn(where, KeyedText(
                    f"{found.name} is a database file, not a source; refused", "refi.warn_database", name=found.name
                ))
                return None
            self.warn(where, KeyedText(
                f"read from outside the archive: {found.name} (in the sources folder)", "refi.warn_read_outside",
                name=found.name,
            ))
            return data
        return self._archive_fallback(raw, where, refused=False)

    def _archive_fallback(self, raw: str, where: str, *, refused: bool) -> bytes | None:
        """The file's name inside the archive, else a warning: refused (no sources folder) or not found."""
        base = PureWindowsPath(raw.split("://", 1)[-1]).name
        info = self.zip.find_source(base) if base else None
        if info is not None:
            self.warn(where, KeyedText(
                f"{raw} is not read from outside the archive; used {info.filename} from the archive",
                "refi.warn_used_archive_copy", path=raw, name=info.filename,
            ))
            return self.zip.read(info)
        if refused:
            self.report.refused_external.append(raw)
            self.warn(where, KeyedText(
                f"{raw} lies outside the archive; refused: external sources are read only from a folder "
                "you name (--sources-dir)", "refi.warn_outside_archive", path=raw,
            ))
        else:
            self.warn(where, KeyedText(
                f"source file {raw} not found in the sources folder; skipped", "refi.warn_not_in_sources_dir", path=raw
            ))
        return None

    def _candidates(self, target: str, relative: bool) -> list[Path]:
        """Where to look inside the sources folder: the path itself (absolute) or under the folder, then its name."""
        assert self.sources_dir is not None
        parts = PureWindowsPath(target).parts if "\\" in target else Path(target).parts
        out: list[Path] = []
        if relative:
            out.append(self.sources_dir.joinpath(*parts) if parts else self.sources_dir)
        elif Path(target).is_absolute():
            out.append(Path(target))
        name = PureWindowsPath(target).name
        if name:
            out.append(self.sources_dir / name)
        return out

    def _inside_sources_dir(self, candidate: Path, raw: str, where: str) -> Path | None:
        """The resolved file when it lies inside the sources folder and is not one of the project's own files."""
        assert self.sources_dir is not None
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not resolved.is_relative_to(self.sources_dir):
            self.report.refused_external.append(raw)
            self.warn(where, KeyedText(
                f"{raw} lies outside the sources folder (after following links); refused", "refi.warn_link_outside",
                path=raw,
            ))
            return None
        if _is_project_file(resolved, self.project):
            self.report.refused_external.append(raw)
            self.warn(where, KeyedText(f"{raw} is one of the project's own files; refused", "refi.warn_own_file", path=raw))
            return None
        return resolved if resolved.is_file() else None

    def _read_source(self, el: Element, n: int) -> None:
        tag = local(el.tag)
        name = (el.get("name") or "").strip() or f"bron-{n + 1}"
        where = f"Sources > {tag}[{n}] {name!r}"
        if tag == "PDFSource":
            rep = child(el, "Representation")
            if rep is None:
                self.warn(where, KeyedText(
                    "a PDF source without a text representation cannot be imported; skipped", "refi.warn_pdf_no_text"
                ))
                return
            pdf_codings = list(children(el, "PDFSelection"))
            if pdf_codings:
                self.warn(where, KeyedText(
                    f"{len(pdf_codings)} PDF area selections cannot be imported (only text selections)",
                    "refi.warn_pdf_areas", n=len(pdf_codings),
                ))
            text_el = rep
            text_el.set("name", text_el.get("name") or name)
        elif tag == "TextSource":
            text_el = el
        else:
            self.warn(where, KeyedText(f"{tag} sources are not supported (only text); skipped", "refi.warn_source_type", tag=tag))
            return
        guid = guid_key(text_el.get("guid") or el.get("guid"))
        content = child(text_el, "PlainTextContent")
        data: bytes | None
        if content is not None:
            data = (content.text or "").encode("utf-8")
        elif text_el.get("plainTextPath"):
            data = self._read_path(text_el.get("plainTextPath", ""), where, name)
        else:
            rich = text_el.get("richTextPath")
            data = None
            if rich:
                stem = PureWindowsPath(rich.split("://", 1)[-1]).stem
                info = self.zip.find_source(f"{stem}.txt")
                if info is not None:
                    data = self.zip.read(info)
                    self.warn(where, KeyedText(f"no plainTextPath; used {info.filename}", "refi.warn_no_plain_text_path", name=info.filename))
            if data is None:
                self.warn(where, KeyedText(
                    "no plain text (neither plainTextPath nor PlainTextContent); skipped", "refi.warn_no_plain_text"
                ))
                return
        if data is None:
            return
        raw, encoding, dec_warnings = decode_text_bytes(data)
        for w in dec_warnings:
            self.warn(where, w)
        if "\x00" in raw:
            self.warn(where, KeyedText("the source text contains NUL characters (binary data?); skipped", "refi.warn_nul"))
            return
        text, omap, prep_warnings = prepare_text(raw, self.scheme)
        for w in prep_warnings:
            self.warn(where, w)
        if not text.strip():
            self.warn(where, KeyedText("the source text is empty; skipped", "refi.warn_empty_text"))
            return
        values = self.variable_values(text_el, where)
        fields, metadata = _split_fields(values, _SOURCE_FIELDS)
        side = (self.sidecar.get("sources") or {}).get(guid) if self.sidecar else None
        kind = self.kind
        if kind is None and fields.get("kind"):
            try:
                kind = SourceKind.parse(str(fields["kind"]))
            except ValueError:
                self.warn(where, KeyedText(
                    f"unknown source kind {fields['kind']!r}; using interview", "refi.warn_unknown_kind", kind=fields["kind"]
                ))
        checksum = hashlib.sha256(data).hexdigest()
        passages = self._passages(text, kind, side, where)
        if side and isinstance(side.get("metadata"), dict):
            metadata = {**{str(k): v for k, v in side["metadata"].items()}, **metadata}
        source = Source(
            name=name,
            text=text,
            kind=kind or SourceKind.INTERVIEW,
            municipality=str(fields["municipality"]) if fields.get("municipality") else self.municipality,
            study=str(fields["study"]) if fields.get("study") else self.study,
            respondent_group=str(fields["respondent_group"]) if fields.get("respondent_group") else None,
            date=str(fields["date"]) if fields.get("date") else None,
            checksum=checksum,
            path=f"{self.path.name}!{text_el.get('plainTextPath') or guid}",
            metadata={**metadata, "refi_guid": guid, "refi_origin": self.report.origin or "", "encoding": encoding},
        )
        planned = _PlannedSource(guid=guid, source=source, passages=passages, omap=omap)
        index = len(self.plan.sources)
        for j, other in enumerate(self.plan.sources):
            if other.source.checksum == checksum and other.alias_of is None:
                planned.alias_of = j
                self.warn(where, KeyedText(
                    f"same text as source {other.source.name!r}; its codings are added there", "refi.warn_same_text",
                    name=other.source.name,
                ))
                break
        self.plan.sources.append(planned)
        self.source_index[guid] = index
        target = self.plan.sources[planned.alias_of] if planned.alias_of is not None else planned
        target_index = planned.alias_of if planned.alias_of is not None else index
        for ref in children(text_el, "NoteRef"):
            self._memo_from_ref(ref, "source", source_index=target_index)
        # whole-source codings
        for k, coding in enumerate(children(text_el, "Coding")):
            hit = self.code_of(child(coding, "CodeRef"), f"{where} > Coding[{k}]")
            if hit is None:
                continue
            memo = self._coding_memo(coding)
            for p in target.passages:
                target.codings.append(
                    _PlannedCoding(p.ordinal, hit[0], hit[1], self.coder(coding, text_el), None, None, memo)
                )
        for k, sel in enumerate(children(text_el, "PlainTextSelection")):
            self._read_selection(sel, k, target, target_index, omap, where, text_el)

    def _passages(self, text: str, kind: SourceKind | None, side: dict | None, where: str) -> list[Passage]:
        if side and side.get("sha256") == hashlib.sha256(text.encode("utf-8")).hexdigest():
            try:
                out = []
                last = 0
                for i, (s, e, speaker) in enumerate(side.get("passages") or []):
                    s, e = int(s), int(e)
                    if not (last <= s < e <= len(text)):
                        raise ValueError(f"passage {i} offsets {s}-{e}")
                    if speaker is not None and not isinstance(speaker, str):
                        raise ValueError(f"passage {i} speaker {speaker!r}")
                    out.append(Passage(s, e, text[s:e], i, speaker=speaker))
                    last = e
                if out:
                    return out
            except (TypeError, ValueError, OverflowError) as exc:
                self.warn(where, KeyedText(f"{SIDECAR_NAME}: passages unusable ({exc}); the text is segmented again", "refi.warn_sidecar_passages", sidecar=SIDECAR_NAME, error=str(exc)))
        from ..corpus import segment

        try:
            return segment(text, kind=kind)
        except Exception as exc:  # the segmenter must never take the import down with a raw traceback
            raise QdpxError(self.path, f"{where}: the text could not be segmented ({type(exc).__name__}: {exc})", "refi.segment_failed", where=where) from exc

    def _coding_memo(self, coding: Element) -> str:
        texts = []
        for ref in children(coding, "NoteRef"):
            memo = self._memo_from_ref(ref, "coding")
            if memo is not None and memo.text.strip():
                texts.append(memo.text)
        return "\n\n".join(texts)

    def _read_selection(
        self,
        sel: Element,
        k: int,
        target: _PlannedSource,
        target_index: int,
        omap: OffsetMap,
        where: str,
        text_el: Element,
    ) -> None:
        sw = f"{where} > PlainTextSelection[{k}]"
        self.selection_source[guid_key(sel.get("guid"))] = target_index
        try:
            a_raw, b_raw = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
        except ValueError:
            self.warn(sw, KeyedText(
                f"positions {sel.get('startPosition')!r}-{sel.get('endPosition')!r} are not integers; skipped",
                "refi.warn_positions_not_integers", start=sel.get("startPosition"), end=sel.get("endPosition"),
            ))
            self.report.skipped_selections += 1
            return
        if a_raw > b_raw:
            self.warn(sw, KeyedText(
                f"start {a_raw} lies after end {b_raw}; read as {b_raw}-{a_raw}", "refi.warn_start_after_end",
                start=a_raw, end=b_raw,
            ))
            a_raw, b_raw = b_raw, a_raw
        if a_raw < 0 or b_raw > omap.units:
            self.warn(sw, KeyedText(
                f"selection {a_raw}-{b_raw} lies outside the text (0-{omap.units} in {self.scheme.name} positions); skipped",
                "refi.warn_selection_outside", start=a_raw, end=b_raw, units=omap.units, scheme=self.scheme.name,
            ))
            self.report.skipped_selections += 1
            return
        a = omap.to_stored(a_raw, side="start")
        b = omap.to_stored(b_raw, side="end")
        if a >= b:
            self.warn(sw, KeyedText(f"selection {a_raw}-{b_raw} is empty; skipped", "refi.warn_selection_empty", start=a_raw,
                                   end=b_raw))
            self.report.skipped_selections += 1
            return
        hits = _overlapping(target.passages, a, b)
        notes = list(children(sel, "NoteRef"))
        for ref in notes:
            for p, _s, _e in hits or [(None, 0, 0)]:
                if p is None:
                    self._memo_from_ref(ref, "source", source_index=target_index)
                else:
                    self._memo_from_ref(ref, "passage", source_index=target_index, ordinal=p.ordinal)
        codings = list(children(sel, "Coding"))
        if not codings:
            return
        if not hits:
            self.warn(sw, KeyedText(
                f"selection {a_raw}-{b_raw} covers no passage text (only whitespace); skipped",
                "refi.warn_selection_whitespace", start=a_raw, end=b_raw,
            ))
            self.report.skipped_selections += 1
            return
        extras = (self.sidecar.get("codings") or {}) if self.sidecar else {}
        for j, coding in enumerate(codings):
            hit = self.code_of(child(coding, "CodeRef"), f"{sw} > Coding[{j}]")
            if hit is None:
                continue
            coder = self.coder(coding, sel)
            memo = self._coding_memo(coding)
            extra = extras.get(guid_key(coding.get("guid"))) or {}
            for p, s, e in hits:
                whole = s == p.start and e == p.end
                target.codings.append(
                    _PlannedCoding(
                        p.ordinal,
                        hit[0],
                        hit[1],
                        coder,
                        None if whole else s,
                        None if whole else e,
                        memo,
                        status=_enum_value(CodingStatus, extra.get("status"), CodingStatus.ACCEPTED),
                        origin=_enum_value(CodingOrigin, extra.get("origin"), CodingOrigin.MANUAL),
                        confidence=_confidence(extra.get("confidence")),
                        citeerbaar=extra.get("citeerbaar") is True,
                    )
                )

    # -- cases -----------------------------------------------------------------------
    def _read_cases(self, root: Element) -> None:
        for i, case in enumerate(children(child(root, "Cases"), "Case")):
            label = (case.get("name") or "").strip() or f"case-{i + 1}"
            where = f"Cases > Case[{i}] {label!r}"
            values = self.variable_values(case, where)
            fields, attributes = _split_fields(values, _CASE_FIELDS)
            side = ((self.sidecar.get("cases") or {}).get(guid_key(case.get("guid"))) or {}) if self.sidecar else {}
            empty = side.get("none")
            for name in empty if isinstance(empty, list) else []:
                attributes.setdefault(str(name), None)  # "niet van toepassing" in the exporting project
            refs = [guid_key(r.get("targetGUID")) for r in children(case, "SourceRef")]
            refs += [
                f"sel:{guid_key(r.get('targetGUID'))}" for r in children(case, "SelectionRef")
            ]
            indices: list[int] = []
            for ref in refs:
                if ref.startswith("sel:"):
                    idx = self.selection_source.get(ref[4:])
                else:
                    idx = self.source_index.get(ref)
                if idx is None:
                    continue
                planned = self.plan.sources[idx]
                if planned.alias_of is not None:
                    idx = planned.alias_of
                if idx not in indices:
                    indices.append(idx)
            if not indices:
                self.warn(where, KeyedText("the case refers to no imported source; its variables are not kept", "refi.warn_case_no_source"))
                continue
            for idx in indices:
                planned = self.plan.sources[idx]
                if planned.participant is not None:
                    self.warn(where, KeyedText(f"source {planned.source.name!r} already belongs to case {planned.participant.label!r}; kept that one", "refi.warn_case_taken", source=planned.source.name, case=planned.participant.label))
                    continue
                src = planned.source
                planned.participant = Participant(
                    label=label,
                    municipality=str(fields["municipality"]) if fields.get("municipality") else src.municipality,
                    respondent_group=str(fields["respondent_group"]) if fields.get("respondent_group") else None,
                    age_group=str(fields["age_group"]) if fields.get("age_group") else None,
                    wijk=str(fields["wijk"]) if fields.get("wijk") else None,
                    attributes=attributes,
                )
                src.participant = label
                if src.municipality is None and fields.get("municipality"):
                    src.municipality = str(fields["municipality"])
                src.respondent_group = src.respondent_group or planned.participant.respondent_group

    # -- writing ---------------------------------------------------------------------
    def _read_passage_sets(self, root: Element) -> None:
        """Sets of sources (REFI ``Set`` with ``MemberSource``) and Duiding's saved passage sets (exact members
        in the sidecar) become saved sets; Sets of codes belong to the codebook and are read there."""
        extra = (self.sidecar.get("passage_sets") or {}) if self.sidecar else {}
        for el in children(child(root, "Sets"), "Set"):
            if _codebook_id_of_set(el) or list(children(el, "MemberCode")):
                continue
            name = (el.get("name") or "").strip()
            if not name:
                continue
            side = extra.get(guid_key(el.get("guid")))
            planned = _PlannedSet(name=name)
            if isinstance(side, dict) and isinstance(side.get("members"), list):
                planned.query = str(side.get("query") or "")
                planned.description = str(side.get("description") or "")
                for member in side["members"]:
                    try:
                        src_guid, index = str(member[0]), int(member[1])
                        n = self.source_index[guid_key(src_guid)]
                        p = self.plan.sources[n].passages[index]
                    except (TypeError, ValueError, KeyError, IndexError):
                        self.warn(f"Set {name!r}", KeyedText(f"{SIDECAR_NAME}: a member is unusable ({member!r}); left out", "refi.warn_set_member", sidecar=SIDECAR_NAME, member=member))
                        continue
                    planned.members.append((n, p.start, p.end))
            else:
                for ref in children(el, "MemberSource"):
                    n = self.source_index.get(guid_key(ref.get("targetGUID")))
                    if n is None:
                        self.warn(f"Set {name!r}", KeyedText(f"source {ref.get('targetGUID')} is not in the project file; left out", "refi.warn_set_source", guid=ref.get("targetGUID")))
                        continue
                    planned.members.append((n, None, None))
            self.plan.passage_sets.append(planned)

    def _write(self) -> None:
        from ._store import write_plan

        project = self.project
        # sources already in the project (same bytes) are not added again; their codings are
        for planned in self.plan.sources:
            if planned.alias_of is not None:
                continue
            existing = project.find_source_by_checksum(planned.source.checksum)
            if existing is None:
                continue
            if existing.text != planned.source.text:
                self.warn(planned.source.name, KeyedText(
                    f"the same file is in the project as source {existing.id} but its text differs; codings skipped",
                    "refi.warn_text_differs", id=existing.id,
                ))
                planned.codings = []
                planned.existing_id = existing.id
                continue
            planned.existing_id = existing.id
            recs = project.passages(source_id=existing.id)
            fresh = planned.passages
            planned.passages = [Passage(r.start, r.end, r.text, r.ordinal, r.speaker) for r in recs]
            planned.existing_passages = {r.ordinal: r.id for r in recs}
            self.warn(planned.source.name, KeyedText(
                f"already in the project as source {existing.id} ({existing.name!r}); its codings are added there",
                "refi.warn_already_there", id=existing.id, name=existing.name,
            ))
            planned.codings = _remap_codings(planned.codings, fresh, planned.passages)
            index = self.plan.sources.index(planned)
            for memo in self.plan.memos:
                if memo.source_index == index and memo.ordinal is not None:
                    p = fresh[memo.ordinal]
                    hits = _overlapping(planned.passages, p.start, p.end)
                    memo.ordinal = hits[0][0].ordinal if hits else None
                    if memo.ordinal is None:
                        memo.target_type = "source"
        self._drop_known_memos()
        existing_books = set(project.codebook_ids())
        merged: list[Codebook] = []
        for cb in self.plan.codebooks:
            if cb.id in existing_books:
                merged.append(self._merge_codebook(project.get_codebook(cb.id), cb))
            else:
                merged.append(cb)
        self.plan.codebooks = merged
        counts = write_plan(project, self.plan)
        r = self.report
        r.sources = counts["sources"]
        r.existing_sources = counts["existing_sources"]
        r.passages = counts["passages"]
        r.codings = counts["codings"]
        r.participants = counts["participants"]
        r.memos = counts["memos"]
        r.passage_sets = counts.get("passage_sets", 0)
        r.source_ids = counts["source_ids"]

    def _drop_known_memos(self) -> None:
        """Leave out memos the project already has on the same target (a re-import)."""
        known = {(m.target_type, m.target_id, m.title, m.text) for m in self.project.memos()}
        if not known:
            return
        keep = []
        for memo in self.plan.memos:
            target_id = memo.target_id
            planned = self.plan.sources[memo.source_index] if memo.source_index is not None else None
            if memo.target_type in ("source", "passage"):
                if planned is None or planned.existing_id is None:
                    keep.append(memo)
                    continue
                if memo.target_type == "source":
                    target_id = str(planned.existing_id)
                else:
                    pid = planned.existing_passages.get(memo.ordinal) if memo.ordinal is not None else None
                    target_id = str(pid) if pid is not None else None
            if (memo.target_type, target_id, memo.title, memo.text) not in known:
                keep.append(memo)
        self.plan.memos = keep

    def _merge_codebook(self, old: Codebook, new: Codebook) -> Codebook:
        known = {c.id: c for c in old.codes}
        codes = list(old.codes)
        added = 0
        for c in new.codes:
            if c.id in known:
                if known[c.id].name != c.name:
                    self.warn("CodeBook", KeyedText(
                        f"code {c.id!r} exists in codebook {old.id!r} as {known[c.id].name!r}; kept that one",
                        "refi.warn_code_exists", code=c.id, codebook=old.id, name=known[c.id].name,
                    ))
                continue
            if c.parent is not None and c.parent not in known and c.parent not in {x.id for x in codes}:
                c.parent = None
            codes.append(c)
            added += 1
        if added:
            self.warn("CodeBook", KeyedText(
                f"codebook {old.id!r} already exists; {added} new codes were added to it", "refi.warn_codebook_exists",
                codebook=old.id, n=added,
            ))
        old.codes = codes
        return old


# --------------------------------------------------------------------------- helpers


def _codebook_warning(warning: Warning, archive: str, tmp: Path) -> str:
    """A warning about the project's CodeBook (read from the temporary file ``tmp``), named after the archive;
    a keyed warning stays keyed (the page shows it in the reader's language)."""
    english = f"{archive}: " + str(warning).replace(f"{tmp}: ", "CodeBook > ")
    text = warning.args[0] if warning.args else None
    if isinstance(text, KeyedText):
        prefix = f"{archive}: " + text.prefix.replace(f"{tmp.name}: ", "CodeBook > ")
        return KeyedText(english, text.key, prefix, **text.params)
    return english


def _source_elements(root: Element) -> Iterable[Element]:
    sources = child(root, "Sources")
    if sources is None:
        return []
    return [el for el in sources if local(el.tag) in ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource")]


def _code_depth(top: list[Element]) -> int:
    """How deeply Code elements nest (iteratively, so hostile depths cannot overflow the stack)."""
    deepest = 0
    stack = [(el, 1) for el in top]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_CODE_DEPTH:
            return depth
        stack.extend((c, depth + 1) for c in children(el, "Code"))
    return deepest


def _codebook_id_of_set(s: Element) -> str | None:
    m = re.search(r"^Duiding-codebook:\s*(\S+)", text_of(child(s, "Description")), flags=re.MULTILINE)
    return m.group(1) if m else None


def _codebook_id_of_set_list(sets: list[Element]) -> str | None:
    for s in sets:
        found = _codebook_id_of_set(s)
        if found:
            return found
    return None


_SQLITE_MAGIC = b"SQLite format 3\x00"
# Files beside a project that never become a source: the database, its journals, the pseudonym key.
_PROJECT_FILE_NAMES = ("pseudoniemen-sleutel.json", "pseudoniemen-lijst.yaml", "pseudoniemen-lijst.yml", "pseudoniemen-lijst.csv")


def _sources_root(qdpx: Path, sources_dir: str | Path) -> Path:
    """The named sources folder, resolved; a :class:`QdpxError` when it is not a folder or a network path."""
    if _is_unc(str(sources_dir)):
        raise QdpxError(qdpx, f"the sources folder {sources_dir} is a network (UNC) path; copy the files to a local folder", "refi.sources_unc")
    root = Path(sources_dir).expanduser()
    try:
        root = root.resolve(strict=True)
    except (OSError, RuntimeError):
        raise QdpxError(qdpx, f"the sources folder {Path(sources_dir).name} does not exist", "refi.sources_missing", folder=Path(sources_dir).name) from None
    if not root.is_dir():
        raise QdpxError(qdpx, f"the sources folder {root.name} is not a folder", "refi.sources_not_folder", folder=root.name)
    return root


def _is_unc(path: str) -> bool:
    """A Windows network path (``\\\\host\\share``, ``//host/share``) or a device path (``\\\\?\\``)."""
    return path.startswith(("\\\\", "//", "\\/", "/\\"))


def _is_project_file(resolved: Path, project: Any) -> bool:
    """Is ``resolved`` the project's database (or its journals) or one of the files kept beside it?"""
    name = resolved.name.lower()
    if name in _PROJECT_FILE_NAMES or name.startswith(".sleutel-"):
        return True
    url = getattr(project, "url", None)
    db = locate(url).sqlite_file if url else None
    if db is not None:
        db = db.resolve()
        if resolved.parent == db.parent and name.startswith(db.name.lower()):
            return True  # duiding.sqlite, duiding.sqlite-wal, -shm, -journal
    return False


def _is_absolute(raw: str) -> bool:
    return raw.startswith(("/", "\\\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", raw))


def _split_fields(values: dict[str, Any], table: dict[str, tuple[str, ...]]) -> tuple[dict[str, Any], dict[str, Any]]:
    fields: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for name, value in values.items():
        f = _field_of(name, table)
        if f is not None:
            if value not in (None, ""):
                fields[f] = value
        else:
            rest[name] = value
    return fields, rest


def _overlapping(passages: list[Passage], a: int, b: int) -> list[tuple[Passage, int, int]]:
    """(passage, clipped start, clipped end) for every passage that [a, b) overlaps."""
    ends = [p.end for p in passages]
    i = bisect_right(ends, a)
    out = []
    while i < len(passages) and passages[i].start < b:
        p = passages[i]
        s, e = max(a, p.start), min(b, p.end)
        if s < e:
            out.append((p, s, e))
        i += 1
    return out


def _remap_codings(codings: list[_PlannedCoding], fresh: list[Passage], existing: list[Passage]) -> list[_PlannedCoding]:
    """Codings planned on freshly segmented passages, moved by offsets onto an existing source's passages."""
    out: list[_PlannedCoding] = []
    for c in codings:
        p = fresh[c.ordinal]
        a, b = (c.start, c.end) if c.start is not None and c.end is not None else (p.start, p.end)
        for q, s, e in _overlapping(existing, a, b):
            whole = s == q.start and e == q.end
            out.append(
                _PlannedCoding(
                    q.ordinal, c.codebook_id, c.code_id, c.coder, None if whole else s, None if whole else e,
                    c.memo, c.status, c.origin, c.confidence, c.citeerbaar,
                )
            )
    return out


def _enum_value(enum: Any, value: Any, default: Any) -> str:
    try:
        return enum(value).value if value is not None else default.value
    except (ValueError, TypeError):
        return default.value


def _confidence(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def import_qdpx(
    path: str | Path,
    project: Any,
    *,
    positions: str | PositionScheme | None = None,
    kind: SourceKind | str | None = None,
    municipality: str | None = None,
    study: str | None = None,
    sources_dir: str | Path | None = None,
    external_sources: bool = True,
    limits: ZipLimits | None = None,
) -> ImportReport:
    """Import a REFI-QDA project file into ``project``; return what came in.

    ``positions`` overrides the counting scheme detected from the writing tool
    (``"utf16"``, ``"utf16-lf"``, ``"codepoint"``, ``"codepoint-lf"`` or a tool
    name such as ``"nvivo"``). ``kind``, ``municipality`` and ``study`` apply to
    sources that carry no such variable.

    Source files outside the archive (``absolute://``, ``relative://`` with or without
    ``basePath``, ``file://``) are refused unless ``sources_dir`` names the folder to read
    them from; then only regular files inside that folder are read (paths resolved, links
    followed and checked, network paths and the project's own files refused), looked up by
    their relative path or by their file name. ``external_sources=False`` refuses them even then. Raises :class:`QdpxError` (and writes
    nothing) when the file cannot be imported.
    """
    path = Path(path)
    importer = _Importer(
        path,
        project,
        positions=positions,
        kind=kind,
        municipality=municipality,
        study=study,
        external_sources=external_sources,
        sources_dir=sources_dir,
        limits=limits,
    )
    return importer.run()
