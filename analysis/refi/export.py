"""Export a project as a REFI-QDA project file (.qdpx, QDA-XML project 1.0).

The archive holds ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``), every
source as ``Sources/<guid>.txt`` (UTF-8 without BOM, LF line endings, NFC) and
``duiding.json`` (Duiding's own extension: passage boundaries, source metadata
and the review status of codings, so a Duiding -> Duiding round trip is exact;
other tools ignore it). ``project.qde`` holds:

* ``Users``: every coder and memo author;
* ``CodeBook``: the codebooks' codes, nested, with descriptions and colours,
  written by :mod:`analysis.codebook` (the same ``Code`` elements as a ``.qdc``);
  their norms, axes and codebook metadata go into ``Sets``;
* ``Variables`` and ``Cases``: participants with respondent group, age group,
  wijk, gemeente and their free attributes (story answers too); sources carry
  ``Soort bron``, ``Gemeente``, ``Onderzoek``, ``Datum`` and ``Respondentgroep``;
* ``Sources``: a ``TextSource`` per source with a ``PlainTextSelection`` per coded
  span and a ``Coding``/``CodeRef`` per coding (whole-passage codings select the
  passage, span codings their span);
* ``Notes``: memos, referenced from the project, a source, a passage's
  selection, a code or a coding.

Positions count code points of the written text (``positions="utf16"`` counts
UTF-16 code units instead). GUIDs are uuid5 values of stable keys, so exporting
the same project twice gives the same GUIDs. The file is written to a temporary
name and renamed, so an interrupted export never leaves a half-written file.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

import analysis

from ..domain import Codebook, Coding, CodingStatus, Memo, Participant, PassageRecord, Source
from ..errors import KeyedText
from .errors import QdpxError
from .positions import OffsetMap, PositionScheme, prepare_text, resolve_scheme
from .qde import PROJECT_NS, stable_guid

__all__ = ["CASE_VARIABLES", "SOURCE_VARIABLES", "ExportReport", "export_qdpx"]

SIDECAR_NAME = "duiding.json"
# Source fields written as source-level variables, and participant fields as case variables.
SOURCE_VARIABLES = {
    "kind": "Soort bron",
    "municipality": "Gemeente",
    "study": "Onderzoek",
    "date": "Datum",
    "respondent_group": "Respondentgroep",
}
CASE_VARIABLES = {
    "respondent_group": "Respondentgroep",
    "age_group": "Leeftijdsgroep",
    "wijk": "Wijk",
    "municipality": "Gemeente",
}
_RESERVED = {re.sub(r"[\s_\-.]+", "", v.lower()) for v in (*SOURCE_VARIABLES.values(), *CASE_VARIABLES.values())}
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(slots=True)
class ExportReport:
    path: Path
    sources: int = 0
    codes: int = 0
    selections: int = 0
    codings: int = 0
    cases: int = 0
    variables: int = 0
    notes: int = 0
    users: int = 0
    passage_sets: int = 0
    positions: str = "codepoint"
    pseudonymised: bool = False
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line in English for the command line (the app words the counts itself)."""
        return (
            f"{self.path.name}: {self.sources} sources, {self.codes} codes, {self.codings} codings "
            f"in {self.selections} selections, {self.cases} cases, {self.notes} memos"
            + (" (pseudonymised)" if self.pseudonymised else "")
        )

    __str__ = summary


def _x(value: Any) -> str:
    """A string safe for XML 1.0 (control characters become U+FFFD)."""
    return _XML_BAD.sub("\ufffd", str(value))


def _dt(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _p(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def _sub(parent: Any, tag: str, **attrs: Any) -> Any:
    return etree.SubElement(parent, _p(tag), {k: _x(v) for k, v in attrs.items() if v is not None})


def _variable_type(values: list[Any]) -> str:
    vals = [v for v in values if v is not None and not (isinstance(v, float) and not math.isfinite(v))]
    if not vals:
        return "Text"
    if all(isinstance(v, bool) for v in vals):
        return "Boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "Integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "Float"
    return "Text"


def _value_element(vtype: str, value: Any) -> tuple[str, str] | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if vtype == "Boolean":
        return "BooleanValue", "true" if value else "false"
    if vtype == "Integer":
        return "IntegerValue", str(int(value))
    if vtype == "Float":
        return "FloatValue", format(Decimal(repr(float(value))), "f")
    if isinstance(value, (dict, list)):
        return "TextValue", json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "TextValue", str(value)


class _Scrubber:
    """Pseudonymisation for an export, done by :mod:`analysis.privacy` with the project's key.

    Placeholders (``[PERSOON-1]``) are the same ones the project uses elsewhere; the
    key file beside the project gets any new ones.
    """

    def __init__(self, project: Any) -> None:
        import warnings as pywarnings

        from ..privacy import make_pseudonymiser, speaker_names

        with pywarnings.catch_warnings(record=True) as caught:
            pywarnings.simplefilter("always")
            self._ps = make_pseudonymiser(project)
        self._speaker_names = speaker_names
        self.warnings = [str(w.message) for w in caught]

    def source(self, text: str, passages: Sequence[PassageRecord], keep: Sequence[str]) -> tuple[str, OffsetMap, Any]:
        """(new text, old -> new offset map, label mapper) for one source."""
        result = self._ps.pseudonymise(text, names=self._speaker_names(passages), keep=[k for k in keep if k])
        omap = OffsetMap(len(text), len(result.text))
        for r in result.replacements:
            omap._add(r.start, r.end - r.start, r.new_start, r.new_end - r.new_start)
        return result.text, omap, result.apply_to

    def plain(self, value: str) -> str:
        return self._ps.pseudonymise(value).text if value else value


class _Positions:
    """Our stored offsets -> positions in the written file (after pseudonymisation and normalisation)."""

    def __init__(self, text: str, scheme: PositionScheme, pseudo: tuple[str, OffsetMap] | None) -> None:
        self.maps: list[tuple[OffsetMap, bool]] = []
        if pseudo is not None:
            text, m0 = pseudo
            self.maps.append((m0, True))
        written, m1, _ = prepare_text(text, "codepoint")
        if not m1.identity or written != text:
            self.maps.append((m1, True))
        self.written = written
        if scheme.unit == "utf16":
            _, m2, _ = prepare_text(written, "utf16")
            if not m2.identity:
                self.maps.append((m2, False))

    def convert(self, pos: int, side: str) -> int:
        for omap, forward in self.maps:
            pos = omap.to_stored(pos, side=side) if forward else omap.from_stored(pos, side=side)
        return pos

    def written_offset(self, pos: int, side: str) -> int:
        """Code-point offset in the written text (no UTF-16 conversion)."""
        for omap, forward in self.maps:
            if not forward:
                break
            pos = omap.to_stored(pos, side=side)
        return pos


def export_qdpx(
    project: Any,
    path: str | Path,
    *,
    pseudonymise: bool = False,
    codebooks: Sequence[str] | None = None,
    statuses: Sequence[str | CodingStatus] = (CodingStatus.ACCEPTED,),
    positions: str | PositionScheme = "codepoint",
    name: str | None = None,
) -> ExportReport:
    """Write ``project`` as a REFI-QDA project file at ``path`` (.qdpx).

    ``codebooks`` limits the export to these codebook ids (default: all);
    ``statuses`` which codings go out (default: accepted only: suggestions and
    rejections are not codings in another tool). ``pseudonymise=True`` replaces
    identifying details in texts, speaker labels, memos and text attributes with
    :mod:`analysis.privacy` (the project's key and lists, so placeholders match the
    rest of the project; new ones are added to the key file), renames sources
    (``Bron 001``) and cases (``Deelnemer 001``) and leaves out source metadata;
    coding spans are moved onto the new text. ``positions="utf16"`` writes UTF-16
    positions instead of code points.
    """
    path = Path(path)
    scheme = resolve_scheme(positions)
    report = ExportReport(path=path, positions=scheme.unit, pseudonymised=pseudonymise)
    status_values = {CodingStatus(s).value for s in statuses}

    # -- gather ------------------------------------------------------------------------
    all_books = project.codebooks()
    if codebooks is not None:
        known = {cb.id for cb in all_books}
        missing = [c for c in codebooks if c not in known]
        if missing:
            raise QdpxError(path, f"the project has no codebook {', '.join(map(repr, missing))} (known: {', '.join(sorted(known)) or 'none'})", "refi.no_codebook", missing=", ".join(missing), known=", ".join(sorted(known)) or "-")
        all_books = [cb for cb in all_books if cb.id in set(codebooks)]
    books: list[Codebook] = []
    for cb in all_books:
        if cb.codes:
            books.append(cb)
        else:
            report.warnings.append(KeyedText(f"codebook {cb.id!r} has no codes; left out", "refi.warn_export_empty_codebook", codebook=cb.id))
    book_ids = {cb.id for cb in books}
    sources: list[Source] = project.sources()
    passages: dict[int, list[PassageRecord]] = {s.id: project.passages(source_id=s.id) for s in sources}
    passage_of: dict[int, PassageRecord] = {p.id: p for recs in passages.values() for p in recs}
    participants: dict[int, Participant | None] = {s.id: project.source_participant(s.id) for s in sources}
    codings = [
        c for c in project.codings(status=list(status_values)) if c.codebook_id in book_ids and c.passage_id in passage_of
    ]
    memos: list[Memo] = [m for m in project.memos() if m.is_note]  # not Duiding's own records (heading templates)

    pseudo: _Scrubber | None = None
    if pseudonymise:
        try:
            pseudo = _Scrubber(project)
        except ModuleNotFoundError as exc:  # pragma: no cover - analysis.privacy ships with Duiding
            raise QdpxError(path, f"pseudonymisation is not available in this installation ({exc})", "refi.pseudonymise_unavailable") from None
        report.warnings.extend(pseudo.warnings)

    # -- users ----------------------------------------------------------------------
    user_names = sorted({c.coder for c in codings} | {m.author for m in memos if m.author} | {project.user})
    user_guid = {u: stable_guid("user", u) for u in user_names}

    root = etree.Element(
        _p("Project"),
        nsmap={None: PROJECT_NS},
        name=_x(name or _project_name(project)),
        origin=f"Duiding {analysis.__version__}",
        creatingUserGUID=user_guid[project.user],
    )
    users_el = _sub(root, "Users")
    for u in user_names:
        _sub(users_el, "User", guid=user_guid[u], name=u)
    report.users = len(user_names)

    # -- codebook -------------------------------------------------------------------
    code_el: dict[tuple[str, str], Any] = {}
    set_elements: list[Any] = []
    if books:
        book_el = _sub(root, "CodeBook")
        codes_el = _sub(book_el, "Codes")
        for cb in books:
            tops, sets = _codebook_elements(cb, len(books) > 1)
            for el in tops:
                codes_el.append(el)
            set_elements.extend(sets)
        from ..codebook.refi import code_guid

        by_guid = {el.get("guid"): el for el in codes_el.iter(_p("Code"))}
        for cb in books:
            for c in cb.codes:
                el = by_guid.get(code_guid(cb.id, c.id))
                if el is not None:
                    code_el[(cb.id, c.id)] = el
        report.codes = len(code_el)

    # -- variables & cases -----------------------------------------------------------------
    src_values: dict[int, dict[str, Any]] = {}
    for s in sources:
        vals = {
            SOURCE_VARIABLES["kind"]: s.kind.value,
            SOURCE_VARIABLES["municipality"]: s.municipality,
            SOURCE_VARIABLES["study"]: s.study,
            SOURCE_VARIABLES["date"]: s.date,
            SOURCE_VARIABLES["respondent_group"]: s.respondent_group,
        }
        src_values[s.id] = {k: v for k, v in vals.items() if v not in (None, "")}
    cases: dict[tuple[str | None, str], dict[str, Any]] = {}
    case_sources: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for s in sources:
        part = participants.get(s.id)
        if part is None:
            continue
        key = (part.municipality, part.label)
        case_sources[key].append(s.id)
        if key in cases:
            continue
        fixed = {
            CASE_VARIABLES["respondent_group"]: part.respondent_group,
            CASE_VARIABLES["age_group"]: part.age_group,
            CASE_VARIABLES["wijk"]: part.wijk,
            CASE_VARIABLES["municipality"]: part.municipality,
        }
        # free attributes keep None (e.g. "niet van toepassing"): the variable is declared, the value left out
        vals: dict[str, Any] = {k: v for k, v in fixed.items() if v not in (None, "")}
        for k, v in sorted((part.attributes or {}).items()):
            if re.sub(r"[\s_\-.]+", "", str(k).lower()) in _RESERVED:
                if v not in (None, "") and re.sub(r"[\s_\-.]+", "", str(k).lower()) not in ("wijk", "agegroup"):
                    report.warnings.append(KeyedText(f"participant {part.label!r}: attribute {k!r} clashes with a field variable; left out", "refi.warn_export_attribute_clash", participant=part.label, attribute=k))
                continue
            if pseudo is not None and isinstance(v, str):
                v = pseudo.plain(v)
            vals[str(k)] = v
        cases[key] = vals
    var_values: dict[str, list[Any]] = defaultdict(list)
    for vals in (*src_values.values(), *cases.values()):
        for k, v in vals.items():
            var_values[k].append(v)
    var_types = {k: _variable_type(v) for k, v in var_values.items()}
    var_guid = {k: stable_guid("variable", k) for k in var_values}
    if var_values:
        vars_el = _sub(root, "Variables")
        for k in sorted(var_values):
            _sub(vars_el, "Variable", guid=var_guid[k], name=k, typeOfVariable=var_types[k])
    report.variables = len(var_values)

    source_guid = {
        s.id: stable_guid("source", "pseudo" if pseudonymise else "", s.checksum or f"{s.name}\x1f{s.id}") for s in sources
    }

    def add_values(parent: Any, vals: dict[str, Any]) -> None:
        for k in sorted(vals):
            pair = _value_element(var_types[k], vals[k])
            if pair is None:
                continue
            vv = _sub(parent, "VariableValue")
            _sub(vv, "VariableRef", targetGUID=var_guid[k])
            _sub(vv, pair[0]).text = _x(pair[1])

    case_extra: dict[str, Any] = {}
    if cases:
        cases_el = _sub(root, "Cases")
        for n, key in enumerate(sorted(cases, key=lambda k: (k[0] or "", k[1])), start=1):
            label = f"Deelnemer {n:03d}" if pseudonymise else key[1]
            case_guid = stable_guid("case", "pseudo" if pseudonymise else "", key[0] or "", key[1])
            case_el = _sub(cases_el, "Case", guid=case_guid, name=label)
            add_values(case_el, cases[key])
            empty = sorted(k for k, v in cases[key].items() if v is None)
            if empty:
                case_extra[case_guid] = {"none": empty}
            for sid in case_sources[key]:
                _sub(case_el, "SourceRef", targetGUID=source_guid[sid])
        report.cases = len(cases)

    # -- sources ---------------------------------------------------------------------
    code_guids = {k: el.get("guid") for k, el in code_el.items()}
    by_passage: dict[int, list[Coding]] = defaultdict(list)
    for c in codings:
        if (c.codebook_id, c.code_id) in code_guids:
            by_passage[c.passage_id].append(c)
        else:  # pragma: no cover - codings of removed codes
            report.warnings.append(KeyedText(f"coding {c.id}: code {c.code_id!r} is not in codebook {c.codebook_id!r}; left out", "refi.warn_export_unknown_code", id=c.id, code=c.code_id, codebook=c.codebook_id))
    memo_targets: dict[tuple[str, str], list[Memo]] = defaultdict(list)
    for m in memos:
        memo_targets[(m.target_type or "project", m.target_id or "")].append(m)
    notes: list[tuple[str, str, str, str | None, datetime | None]] = []  # guid, title, text, author, created
    note_for_memo: dict[int, str] = {}

    def note_guid(memo: Memo) -> str:
        guid = note_for_memo.get(memo.id)
        if guid is None:
            guid = stable_guid("memo", memo.id)
            note_for_memo[memo.id] = guid
            text = pseudo.plain(memo.text) if pseudo else memo.text
            title = pseudo.plain(memo.title) if pseudo else memo.title
            notes.append((guid, title, text, memo.author, memo.created_at))
        return guid

    def note_ref(parent: Any, memo: Memo) -> None:
        _sub(parent, "NoteRef", targetGUID=note_guid(memo))

    sidecar: dict[str, Any] = {
        "format": "duiding-qdpx",
        "version": 1,
        "positions": "utf16" if scheme.unit == "utf16" else "codepoint",
        "sources": {},
        "codings": {},
        "cases": case_extra,
    }
    files: list[tuple[str, bytes]] = []
    used_memos: set[int] = set()
    if sources:
        sources_el = _sub(root, "Sources")
    for n, s in enumerate(sources, start=1):
        guid = source_guid[s.id]
        recs = passages.get(s.id, [])
        relabel = None
        scrubbed = None
        if pseudo is not None:
            new_text, omap, relabel = pseudo.source(s.text, recs, [s.municipality or ""])
            scrubbed = (new_text, omap)
        pos = _Positions(s.text, scheme, scrubbed)
        written = pos.written
        attrs = {
            "guid": guid,
            "name": f"Bron {n:03d} ({s.kind.value})" if pseudonymise else s.name,
            "plainTextPath": f"internal://{guid}.txt",
            "creatingUser": user_guid[project.user],
            "creationDateTime": _dt(s.imported_at),
        }
        ts = _sub(sources_el, "TextSource", **attrs)
        # selections: (start, end) in written positions -> codings and notes
        selections: dict[tuple[int, int], dict[str, list]] = {}
        for p in recs:
            for c in by_passage.get(p.id, []):
                a, b = (c.start, c.end) if c.start is not None and c.end is not None else (p.start, p.end)
                key = (pos.convert(a, "start"), pos.convert(b, "end"))
                selections.setdefault(key, {"codings": [], "memos": []})["codings"].append(c)
            for m in memo_targets.get(("passage", str(p.id)), []):
                key = (pos.convert(p.start, "start"), pos.convert(p.end, "end"))
                selections.setdefault(key, {"codings": [], "memos": []})["memos"].append(m)
        for (a, b), content in sorted(selections.items()):
            sel_guid = stable_guid(guid, "selection", a, b)
            sel_coders = sorted({c.coder for c in content["codings"]}) or [project.user]
            sel_el = _sub(ts, "PlainTextSelection", guid=sel_guid, startPosition=str(a), endPosition=str(b),
                          creatingUser=user_guid[sel_coders[0]])
            for c in sorted(content["codings"], key=lambda c: (code_guids[(c.codebook_id, c.code_id)], c.coder, c.id)):
                cg = code_guids[(c.codebook_id, c.code_id)]
                coding_guid = stable_guid(sel_guid, cg, c.coder)
                cel = _sub(sel_el, "Coding", guid=coding_guid, creatingUser=user_guid[c.coder], creationDateTime=_dt(c.created_at))
                _sub(cel, "CodeRef", targetGUID=cg)
                if c.memo:
                    memo_guid = stable_guid("coding-memo", c.id)
                    text = pseudo.plain(c.memo) if pseudo else c.memo
                    notes.append((memo_guid, f"Memo bij codering {c.id}", text, c.coder, c.updated_at))
                    _sub(cel, "NoteRef", targetGUID=memo_guid)
                for m in memo_targets.get(("coding", str(c.id)), []):
                    note_ref(cel, m)
                    used_memos.add(m.id)
                extra = {"status": CodingStatus(c.status).value, "origin": c.origin.value if hasattr(c.origin, "value") else str(c.origin)}
                if c.confidence is not None:
                    extra["confidence"] = c.confidence
                if getattr(c, "citeerbaar", False):
                    extra["citeerbaar"] = True  # marked as fit to quote (analysis.reports.draft)
                sidecar["codings"][coding_guid] = extra
                report.codings += 1
            for m in content["memos"]:
                note_ref(sel_el, m)
                used_memos.add(m.id)
            report.selections += 1
        for m in memo_targets.get(("source", str(s.id)), []):
            note_ref(ts, m)
            used_memos.add(m.id)
        add_values(ts, src_values[s.id])
        data = written.encode("utf-8", errors="replace")
        files.append((f"Sources/{guid}.txt", data))
        side_passages = [
            [pos.written_offset(p.start, "start"), pos.written_offset(p.end, "end"),
             relabel(p.speaker) if relabel is not None else p.speaker]
            for p in recs
        ]
        entry: dict[str, Any] = {"sha256": hashlib.sha256(written.encode("utf-8", errors="replace")).hexdigest(), "passages": side_passages}
        if not pseudonymise and s.metadata:
            entry["metadata"] = {k: v for k, v in s.metadata.items() if not str(k).startswith("refi_")}
        sidecar["sources"][guid] = entry
        report.sources += 1

    # memos on codes, and memos on nothing we export -> project
    for (ttype, tid), ms in sorted(memo_targets.items()):
        if ttype != "code":
            continue
        target = None
        if "/" in tid:
            target = code_el.get(tuple(tid.split("/", 1)))  # type: ignore[arg-type]
        else:
            hits = [el for (cbid, cid), el in code_el.items() if cid == tid]
            target = hits[0] if len(hits) == 1 else None
        if target is None:
            continue
        insert_at = 1 if len(target) and etree.QName(target[0]).localname == "Description" else 0
        for m in ms:
            target.insert(insert_at, etree.Element(_p("NoteRef"), targetGUID=note_guid(m)))
            insert_at += 1
            used_memos.add(m.id)
    project_refs = [m for m in memos if m.id not in used_memos]

    if notes or project_refs:
        for m in project_refs:
            note_guid(m)
        notes_el = _sub(root, "Notes")
        for guid, title, text, author, created in notes:
            note = _sub(
                notes_el,
                "Note",
                guid=guid,
                name=title or None,
                creatingUser=user_guid.get(author or "", user_guid[project.user]),
                creationDateTime=_dt(created),
            )
            _sub(note, "PlainTextContent").text = _x(text)
        report.notes = len(notes)
    # saved passage sets: a REFI Set of the sources they draw on; the exact passages ride in the sidecar
    passage_sets = project.passage_sets() if hasattr(project, "passage_sets") else []
    if passage_sets:
        where = {p.id: (s_id, i) for s_id, recs in passages.items() for i, p in enumerate(recs)}
        sidecar["passage_sets"] = {}
        for ps in passage_sets:
            members = [where[pid] for pid in ps["passage_ids"] if pid in where]
            set_el = etree.Element(_p("Set"), guid=stable_guid("passage-set", ps["name"]), name=ps["name"])
            desc = f"Duiding-passage-set: {len(members)} fragmenten" + (f"; zoekvraag: {ps['query']}" if ps["query"] else "")
            etree.SubElement(set_el, _p("Description")).text = _x(desc)
            for s_id in dict.fromkeys(s_id for s_id, _i in members):
                etree.SubElement(set_el, _p("MemberSource"), targetGUID=source_guid[s_id])
            set_elements.append(set_el)
            sidecar["passage_sets"][set_el.get("guid")] = {
                "name": ps["name"],
                "query": ps["query"],
                "description": ps["description"],
                "members": [[source_guid[s_id], i] for s_id, i in members],
            }
        report.passage_sets = len(passage_sets)
    if set_elements:
        sets_el = _sub(root, "Sets")
        for el in set_elements:
            sets_el.append(el)
    for m in project_refs:
        _sub(root, "NoteRef", targetGUID=note_for_memo[m.id])

    etree.indent(root, space="  ")
    qde = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    _write_zip(path, [("project.qde", qde), *files, (SIDECAR_NAME, json.dumps(sidecar, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8"))])
    return report


def _project_name(project: Any) -> str:
    folder = getattr(project, "folder", None)
    if folder is not None:
        return folder.name or "Duiding-project"
    return "Duiding-project"


def _codebook_elements(cb: Codebook, several: bool) -> tuple[list[Any], list[Any]]:
    """Top-level Code elements and Sets of ``cb``, written by the codebook package, in the project namespace."""
    from ..codebook import CodebookError, qdc_bytes

    try:
        tree = etree.fromstring(qdc_bytes(cb))
    except CodebookError as exc:
        raise QdpxError(Path(f"{cb.id}.qdc"), f"codebook {cb.id!r} cannot be exported: {exc}", "refi.codebook_export", codebook=cb.id) from None
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = _p(etree.QName(el).localname)
    codes_el = next(c for c in tree if etree.QName(c).localname == "Codes")
    sets_el = next((c for c in tree if etree.QName(c).localname == "Sets"), None)
    tops = list(codes_el)
    sets = list(sets_el) if sets_el is not None else []
    if several:
        # list every code of this codebook in its "Codeboek:" set, so an import can split the codebooks again
        from ..codebook.refi import code_guid

        for s in sets:
            desc = next((d for d in s if etree.QName(d).localname == "Description"), None)
            if desc is not None and (desc.text or "").startswith("Duiding-codebook:"):
                for c in cb.codes:
                    etree.SubElement(s, _p("MemberCode"), targetGUID=code_guid(cb.id, c.id))
    return tops, sets


def _write_zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
