"""Read files into raw text: .txt, .md, .docx, .odt, .pdf, .vtt and .srt.

``read_document`` returns the text as found (decoded, not yet cleaned) plus the
format, the detected encoding and warnings worth showing to the researcher.
Every problem with the input is reported as :class:`IngestError`.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus.errors import IngestError
from analysis.corpus.limits import check_zip_sizes
from analysis.corpus.subtitles import parse_srt, parse_vtt

TEXT_FORMATS = ("txt", "md", "vtt", "srt")
SUPPORTED_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".vtt": "vtt",
    ".srt": "srt",
    ".odt": "odt",
}
_KNOWN_UNSUPPORTED = {
    ".doc": "the old Word .doc format is not supported; save the file as .docx",
    ".rtf": "RTF is not supported; save the file as .docx or .txt",
    ".pages": "Apple Pages files are not supported; export the file as .docx",
    ".xlsx": "spreadsheets are not sources; use a manifest (.csv or .yaml) for metadata",
    ".xls": "spreadsheets are not sources; use a manifest (.csv or .yaml) for metadata",
}

# Share of control characters above which decoded bytes are not text.
_MAX_CONTROL_SHARE = 0.01
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]"
)


@dataclass(slots=True)
class RawDocument:
    """Text as read from a file, before cleaning.

    ``format`` is one of ``txt, md, docx, pdf, vtt, srt``; ``encoding`` is the
    detected text encoding (``None`` for docx and pdf). PDF pages are separated
    by a form feed (``\\f``).
    """

    text: str
    format: str
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    # .docx/.odt: the document's structure (headings, lists, tables; see analysis.corpus.structure)
    # and its properties (author, created, title, ...), used for gespreksverslagen.
    blocks: list | None = None
    properties: dict = field(default_factory=dict)


def detect_format(path: str | Path) -> str:
    """The format name for ``path``'s extension, or :class:`IngestError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_EXTENSIONS:
        return SUPPORTED_EXTENSIONS[suffix]
    if suffix in _KNOWN_UNSUPPORTED:
        raise IngestError(path, _KNOWN_UNSUPPORTED[suffix], "ingest.unsupported_known", suffix=suffix)
    supported = ", ".join(sorted({f".{f}" for f in SUPPORTED_EXTENSIONS.values()}))
    what = f"unsupported file type '{suffix}'" if suffix else "the file has no extension, so its type is unknown"
    raise IngestError(
        path, f"{what} (supported: {supported})", "ingest.unsupported" if suffix else "ingest.no_extension",
        suffix=suffix, supported=supported,
    )


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, with missing or unreadable files as :class:`IngestError`."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, f"file not found ({path})", "ingest.not_found") from None
    except IsADirectoryError:
        raise IngestError(path, "is a folder, not a file", "ingest.folder") from None
    except PermissionError:
        raise IngestError(path, "cannot be read (permission denied)", "ingest.permission") from None
    except OSError as exc:
        raise IngestError(
            path, f"cannot be read ({exc.strerror or exc})", "ingest.unreadable", detail=exc.strerror or exc
        ) from None


def read_document(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read ``path`` (or the given ``data`` as if it were that file).

    Raises :class:`IngestError` for unknown extensions, empty files, binary or
    undecodable text, damaged .docx/.pdf files and documents without text.
    """
    path = Path(path)
    fmt = detect_format(path)
    if data is None:
        data = read_bytes(path)
    if not data:
        raise IngestError(path, "the file is empty", "ingest.empty")
    if fmt == "docx":
        doc = _read_docx(path, data)
    elif fmt == "odt":
        from analysis.corpus.structure import blocks_as_text, odt_structure

        blocks, properties = odt_structure(path, data)
        doc = RawDocument(text=blocks_as_text(blocks), format="odt", blocks=blocks, properties=properties)
    elif fmt == "pdf":
        doc = _read_pdf(path, data)
    else:
        text, encoding, warnings = decode_text(data, path)
        if fmt == "vtt":
            text = parse_vtt(text, path)
        elif fmt == "srt":
            text = parse_srt(text, path)
        doc = RawDocument(text=text, format=fmt, encoding=encoding, warnings=warnings)
    if not doc.text.strip():
        raise IngestError(path, _EMPTY_REASON[fmt], "ingest.no_text")
    return doc


_EMPTY_REASON = {
    "txt": "the file contains only whitespace",
    "md": "the file contains only whitespace",
    "vtt": "the subtitle file contains no spoken text (only timings or notes)",
    "srt": "the subtitle file contains no spoken text (only numbers and timings)",
    "docx": "the Word document contains no text",
    "odt": "the OpenDocument file contains no text",
    "pdf": "the PDF contains no extractable text (it may be a scanned document; run OCR first)",
}


# --------------------------------------------------------------------------- text


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", ""), err.end


codecs.register_error("duiding-cp1252", _cp1252_fallback)


def decode_text(data: bytes, path: str | Path = "<text>") -> tuple[str, str, list[str]]:
    """Decode text bytes: BOM-marked UTF-8/16/32, UTF-8, then cp1252/latin-1.

    Returns ``(text, encoding, warnings)``. The BOM is stripped. Binary data
    (NUL bytes, many control characters) raises :class:`IngestError`.
    """
    path = Path(path)
    warnings: list[str] = []
    if not data:
        raise IngestError(path, "the file is empty", "ingest.empty")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    path,
                    f"starts with a {encoding.upper()} byte order mark but is not valid {encoding.upper()} (byte {exc.start})",
                    "ingest.bad_bom", encoding=encoding.upper(), byte=exc.start,
                ) from None
            _check_is_text(text, path)
            return text, encoding, warnings
    if b"\x00" in data:
        raise IngestError(
            path,
            "does not look like a text file: it contains NUL bytes "
            "(a binary file, or UTF-16 text without a byte order mark)",
            "ingest.not_text",
        )
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        valid_multibyte = len(_UTF8_MULTIBYTE.findall(data))
        invalid = len(re.findall(rb"[\x80-\xff]", data)) - sum(len(m) for m in _UTF8_MULTIBYTE.findall(data))
        if valid_multibyte >= invalid:
            text = data.decode("utf-8", errors="duiding-cp1252")
            encoding = "utf-8"
            warnings.append(
                f"mixed encodings: {invalid} byte(s) were not valid UTF-8 (first at byte {exc.start}) "
                "and were read as Windows-1252"
            )
        else:
            try:
                text = data.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                encoding = "latin-1"
    _check_is_text(text, path)
    if len(_MOJIBAKE.findall(text)) >= 2:
        try:
            repaired = text.encode("cp1252").decode("utf-8")
        except UnicodeError:
            warnings.append("the text looks double-encoded (characters such as 'Ã©'); check the accents")
        else:
            text = repaired
            warnings.append("repaired double-encoded UTF-8 (characters such as 'Ã©' became 'é')")
    return text, encoding, warnings


def _check_is_text(text: str, path: Path) -> None:
    if "\x00" in text:
        raise IngestError(path, "does not look like a text file: it contains NUL characters", "ingest.not_text")
    sample = text[:200_000]
    if not sample:
        return
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls > max(2, _MAX_CONTROL_SHARE * len(sample)):
        raise IngestError(
            path,
            f"does not look like a text file: {controls} control characters in the first "
            f"{len(sample)} characters (binary data or an unsupported encoding)",
            "ingest.not_text",
        )


# --------------------------------------------------------------------------- docx


def _read_docx(path: Path, data: bytes) -> RawDocument:
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - installed in the project venv
        raise IngestError(
            path, f"reading .docx needs python-docx ({exc})", "ingest.needs_package", package="python-docx"
        ) from None
    if not data.startswith(b"PK"):
        raise IngestError(
            path,
            "not a valid .docx file (it is not a zip archive; is it an old .doc or another format renamed?)",
            "ingest.docx_not_zip",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            check_zip_sizes(path, archive)
            bad = archive.testzip()
            entities = bad is None and _declares_entities(archive, names)
    except IngestError:
        raise
    except Exception:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, OSError, ...: all mean damaged
        raise IngestError(path, "not a valid .docx file (the zip archive is damaged)", "ingest.docx_damaged") from None
    if bad is not None:
        raise IngestError(
            path, f"not a valid .docx file (the zip archive is damaged: {bad} is corrupt)", "ingest.docx_damaged"
        )
    if "word/document.xml" not in names:
        raise IngestError(
            path,
            "not a valid .docx file (the archive holds no Word document; is it another Office format?)",
            "ingest.docx_no_word",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise IngestError(path, "not a valid .docx file (not a Word package)", "ingest.docx_invalid") from None
    except zipfile.BadZipFile:
        raise IngestError(path, "not a valid .docx file (the zip archive is damaged)", "ingest.docx_damaged") from None
    except Exception as exc:  # noqa: BLE001 - lxml, KeyError on missing parts, ...: bad input, never a crash
        raise IngestError(path, f"not a valid .docx file ({type(exc).__name__}: {exc})", "ingest.docx_invalid") from None
    warnings: list[str] = []
    if entities:
        from ..errors import render

        warnings.append(render("harden.docx_external_entity", {"file": path.name}, "nl"))
    try:
        blocks = list(_docx_blocks(document.element.body))
    except Exception as exc:  # noqa: BLE001 - malformed XML inside a valid package
        raise IngestError(
            path, f"the Word document could not be read ({type(exc).__name__}: {exc})", "ingest.docx_invalid"
        ) from None
    text = "\n\n".join(b for b in blocks if b.strip())
    from analysis.corpus.structure import docx_structure

    try:  # the structure serves gespreksverslagen; a document it cannot read is still imported as text
        structure, properties = docx_structure(path, document)
    except Exception as exc:  # noqa: BLE001 - IngestError or anything odd in styles or properties
        structure, properties = None, {}
        warnings.append(f"the document's structure (headings, tables) could not be read ({type(exc).__name__})")
    return RawDocument(
        text=text, format="docx", encoding=None, warnings=warnings, blocks=structure, properties=properties
    )


def _declares_entities(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether a Word XML part declares entities (never resolved: the text that uses them goes missing)."""
    for name in names:
        if name.startswith("word/") and name.endswith(".xml"):
            with archive.open(name) as member:
                if b"<!ENTITY" in member.read(100_000):
                    return True
    return False


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_blocks(body) -> list[str]:  # type: ignore[no-untyped-def]
    """Paragraph texts and table rows of a body (or cell) element, in order."""
    out: list[str] = []
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            out.append(_docx_paragraph_text(child))
        elif tag == f"{_W}tbl":
            out.append(_docx_table_text(child))
        elif tag == f"{_W}sdt":  # content controls (e.g. a table of contents) wrap paragraphs
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out.extend(_docx_blocks(content))
    return out


def _docx_paragraph_text(p) -> str:  # type: ignore[no-untyped-def]
    from analysis.corpus.structure import docx_text  # accepted revisions: deletions and moves away left out

    return docx_text(p)


def _docx_table_text(tbl) -> str:  # type: ignore[no-untyped-def]
    """One line per row, cells separated by ' | ' (merged cells once)."""
    rows: list[str] = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            inner = [b for b in _docx_blocks(tc) if b.strip()]
            cell = " ".join(" ".join(b.split()) for b in inner)
            v_merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continued = v_merge is not None and v_merge.get(f"{_W}val") in (None, "continue")
            if continued and not cell:
                continue
            cells.append(cell)
        cells = [c for c in cells if c]
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


# --------------------------------------------------------------------------- pdf


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _read_pdf(path: Path, data: bytes) -> RawDocument:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - installed in the project venv
        raise IngestError(path, f"reading .pdf needs pypdf ({exc})", "ingest.needs_package", package="pypdf") from None
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "not a valid PDF file (no PDF header; is it another format renamed?)", "ingest.pdf_invalid")
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    logger.addHandler(handler)
    previous_propagate = logger.propagate
    logger.propagate = False
    warnings: list[str] = []
    try:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                # Encrypted without a password to open it (only printing or copying restricted) reads
                # fine; AES needs the cryptography package (a dependency). Otherwise: say "versleuteld".
                try:
                    unlocked = reader.decrypt("")
                except Exception:  # noqa: BLE001 - unknown encryption: treated as locked
                    unlocked = 0
                if not unlocked:
                    from .limits import KeyedIngestError

                    raise KeyedIngestError(path, "harden.pdf_encrypted")
            pages = list(reader.pages)
        except IngestError:
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf raises many types for damaged files
            raise IngestError(path, f"not a valid PDF file (it is damaged: {_short(exc)})", "ingest.pdf_invalid") from None
        if not pages:
            raise IngestError(path, "the PDF has no pages", "ingest.no_text")
        texts: list[str] = []
        empty: list[int] = []
        for number, page in enumerate(pages, start=1):
            try:
                page_text = page.extract_text() or ""
            except Exception as exc:  # noqa: BLE001 - one unreadable page must not lose the others
                warnings.append(f"page {number}: the text could not be extracted ({_short(exc)})")
                page_text = ""
            if not page_text.strip():
                empty.append(number)
            texts.append(page_text)
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous_propagate
    if empty and len(empty) < len(pages):
        listed = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        warnings.append(f"no text on page(s) {listed} (images or scans are not read)")
    for message in dict.fromkeys(handler.messages):
        warnings.append(f"pdf reader: {message}")
    return RawDocument(text="\f".join(texts), format="pdf", encoding=None, warnings=warnings)


def _short(exc: BaseException) -> str:
    message = str(exc).strip() or type(exc).__name__
    return message if len(message) <= 120 else message[:117] + "..."
