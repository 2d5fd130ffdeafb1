"""Small helpers for reading ``project.qde`` documents safely.

XML is parsed with :mod:`defusedxml`: documents that declare entities or refer to
external resources (XXE, "billion laughs") are refused. Element lookups ignore
namespaces, since real-world files use the project namespace, the codebook
namespace or none at all.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from .errors import QdpxError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

_GUID_RE = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")

# A stable namespace for every GUID Duiding writes (uuid5).
GUID_NAMESPACE = uuid.UUID("0c6f6a52-7d0e-5b8c-9a43-3f1d2e8b5a71")


def stable_guid(*parts: object) -> str:
    """A uuid5 GUID from ``parts``: the same inputs always give the same GUID."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(str(p) for p in parts)))


def parse_qde(data: bytes, path: str | Path, member: str = "project.qde") -> Element:
    """Parse ``project.qde`` bytes; raise :class:`QdpxError` naming the file and problem."""
    try:
        return safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise QdpxError(
            path,
            f"{member}: refused: the document declares XML entities or external references "
            f"({type(exc).__name__}); a REFI-QDA project never needs them and they can read local "
            f"files or exhaust memory (XXE, 'billion laughs')",
            "refi.entities", member=member,
        ) from None
    except ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        raise QdpxError(path, f"{member}: line {line}, column {col + 1}: not well-formed XML ({exc})", "refi.not_xml", member=member, line=line, column=col + 1) from None
    except LookupError as exc:  # <?xml encoding="..."?> names an encoding Python does not know
        raise QdpxError(path, f"{member}: not readable XML ({exc})", "refi.unreadable_xml", member=member) from None
    except (ValueError, RecursionError, OverflowError) as exc:
        raise QdpxError(path, f"{member}: not readable XML ({type(exc).__name__}: {exc})", "refi.unreadable_xml", member=member) from None


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def children(el: Element | None, name: str) -> Iterator[Element]:
    if el is None:
        return
    for c in el:
        if local(c.tag) == name:
            yield c


def child(el: Element | None, name: str) -> Element | None:
    return next(children(el, name), None)


def text_of(el: Element | None) -> str:
    return (el.text or "") if el is not None else ""


def norm_guid(raw: str | None) -> str | None:
    """A GUID in canonical form (lowercase, no braces), or None when it is not a GUID."""
    if raw is None:
        return None
    m = _GUID_RE.match(raw.strip())
    return m.group(1).lower() if m else None


def guid_key(raw: str | None) -> str:
    """A lookup key for a GUID reference: canonical when it is a GUID, else the raw text."""
    g = norm_guid(raw)
    return g if g is not None else (raw or "").strip()
