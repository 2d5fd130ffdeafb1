"""HTML snippets for the pages: highlighted passages, code chips, the code tree.

Everything user-supplied is escaped with :func:`ui.safe.md` (HTML and Markdown); colours are only
used when they are ``#rrggbb`` (anything else falls back to the palette), so a
codebook cannot inject markup or styles. No Streamlit import here: the pages
pass the returned strings to ``st.markdown(..., unsafe_allow_html=True)``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping, Sequence

from analysis.domain import Code, Codebook
from analysis.review.text import Mark, segments

from .safe import md as escape  # HTML *and* Markdown/LaTeX/directives (see ui/safe.py)

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def code_colour(code_id: str, colour: str | None = None) -> str:
    """The code's own colour when valid, else a stable palette colour for its id."""
    if colour and _HEX.match(colour):
        return colour.lower()
    return PALETTE[zlib.crc32(code_id.encode("utf-8")) % len(PALETTE)]


def colours_of(codebook: Codebook | None) -> dict[str, str]:
    if codebook is None:
        return {}
    return {c.id: code_colour(c.id, c.colour) for c in codebook.codes}


def code_label(codebook: Codebook | None, code_id: str, *, path: bool = False) -> str:
    """Display name of a code ("Toegang › Wachttijden" with ``path=True``); the id when unknown."""
    if codebook is None:
        return code_id
    try:
        if path:
            return " › ".join(codebook.code(c).name for c in codebook.path(code_id))
        return codebook.code(code_id).name
    except KeyError:
        return code_id


def chip(label: str, colour: str, *, title: str = "", muted: bool = False) -> str:
    colour = code_colour(label, colour)
    style = (
        f"border-left:6px solid {colour};padding:1px 8px;border-radius:4px;background:{colour}1f;"
        "display:inline-block;max-width:100%;overflow-wrap:anywhere"
    )
    if muted:
        style += ";opacity:.55;text-decoration:line-through"
    return f'<span class="duiding-chip" style="{style}" title="{escape(title)}">{escape(label)}</span>'


def highlight(text: str, marks: Iterable[Mark], colours: Mapping[str, str], names: Mapping[str, str] | None = None) -> str:
    """``text`` as HTML with marks: codings as a tinted background, evidence underlined.

    Line breaks are kept (``<br>``). A run under several marks takes the colour of
    the first and lists all codes in its tooltip.
    """
    names = names or {}
    out: list[str] = []
    for seg in segments(text, marks):
        body = escape(seg.text).replace("\n", "<br>")
        if not seg.marks:
            out.append(body)
            continue
        first = seg.marks[0]
        colour = code_colour(first.code_id, colours.get(first.code_id))
        codings = [m for m in seg.marks if m.kind == "coding"]
        style = f"background:{colour}22;border-bottom:3px solid {colour};padding:0 1px"
        if codings:
            colour = code_colour(codings[0].code_id, colours.get(codings[0].code_id))
            style = f"background:{colour}40;border-bottom:3px solid {colour};padding:0 1px"
        title = "; ".join(
            dict.fromkeys(f"{names.get(m.code_id, m.code_id)}" + (f" ({m.title})" if m.title else "") for m in seg.marks)
        )
        out.append(f'<mark class="duiding-mark" style="{style};color:inherit" title="{escape(title)}">{body}</mark>')
    return "".join(out)


def role_text(speaker: str | None, role: str | None) -> str:
    """The role in words ('interviewer', 'respondent', 'kopregel' for a header line), '' without one."""
    from ui.i18n import t

    if role == "other" and not speaker:
        return t("speaker.role.header")
    return t(f"speaker.role.{role}") if role in ("interviewer", "respondent", "other") else ""


# The labels the rule coder stores in an evidence reason ("trefwoord «wachttijd»", analysis/coding/rules.py).
_REASON_KINDS = {"trefwoord": "exact", "woordgroep": "phrase", "samenstelling met": "compound",
                 "verwant aan": "stem", "patroon": "wildcard"}


def evidence_reason(reason: str) -> str:
    """A stored evidence reason in the chosen language: the rule's kind translated, the matched words kept."""
    from ui.i18n import t

    for label, kind in _REASON_KINDS.items():
        if (reason or "").startswith(label + " "):
            return t(f"evidence.kind.{kind}") + reason[len(label):]
    return reason


def speaker_html(speaker: str | None, role: str | None = None) -> str:
    """'<b>YUSUF</b> (respondent): ' — who speaks, with their role; a header line is marked as such."""
    label = escape(role_text(speaker, role))
    tag = f' <span class="duiding-role" style="opacity:.6;font-size:.85em">({label})</span>' if label else ""
    if speaker:
        return f"<b>{escape(speaker)}</b>{tag}: "
    return f"{tag.strip()} " if tag else ""


def passage_block(
    text_html: str,
    speaker: str | None,
    *,
    current: bool = False,
    muted: bool = True,
    ordinal: int | None = None,
    role: str | None = None,
) -> str:
    """A speaker turn as a block; the current passage stands out, context turns are muted."""
    who = speaker_html(speaker, role)
    num = f'<span style="opacity:.5;font-size:.8em">#{ordinal}</span> ' if ordinal is not None else ""
    if current:
        style = "border-left:4px solid #ff4b4b;padding:.5em .8em;background:rgba(255,75,75,.06);border-radius:4px;line-height:1.6"
    elif muted:
        style = "padding:.2em .8em;opacity:.62;font-size:.92em;line-height:1.5"
    else:
        style = "padding:.3em .8em;line-height:1.6"
    return f'<div class="duiding-turn" style="{style}">{num}{who}{text_html}</div>'


MAX_TREE_DEPTH = 12


def _descendants(codebook: Codebook, parent: str) -> list[Code]:
    """All codes below ``parent`` in tree order (iterative: deep trees cannot overflow the stack)."""
    out: list[Code] = []
    seen: set[str] = {parent}
    stack = list(reversed(codebook.children(parent)))
    while stack:
        code = stack.pop()
        if code.id in seen:
            continue
        seen.add(code.id)
        out.append(code)
        stack.extend(reversed(codebook.children(code.id)))
    return out


def code_tree(codebook: Codebook, *, counts: Mapping[str, int] | None = None, selected: str | None = None) -> str:
    """The codebook's tree as a nested HTML list with colour chips.

    Levels below :data:`MAX_TREE_DEPTH` are listed flat under their ancestor at that depth.
    """
    known = {c.id for c in codebook.codes}

    def item(c: Code, sub: str) -> str:
        label = escape(c.name)
        if c.id == selected:
            label = f"<b>{label}</b>"
        colour = code_colour(c.id, c.colour)
        dot = f'<span style="color:{colour}">●</span>'
        n = f' <span style="opacity:.6">({counts[c.id]})</span>' if counts and c.id in counts else ""
        muted = "" if c.codable else ' <span style="opacity:.6">[—]</span>'
        return f'<li>{dot} {label} <code style="font-size:.75em">{escape(c.id)}</code>{n}{muted}{sub}</li>'

    def render(parent: str | None, depth: int, seen: frozenset[str]) -> str:
        children = codebook.children(parent)
        if parent is None:  # codes whose parent is missing are shown at the top
            children += [c for c in codebook.codes if c.parent is not None and c.parent not in known]
        children = [c for c in children if c.id not in seen]
        if not children:
            return ""
        items = []
        for c in children:
            if depth + 1 >= MAX_TREE_DEPTH:
                flat = "".join(item(d, "") for d in _descendants(codebook, c.id))
                sub = f'<ul style="margin:0;padding-left:1.1em">{flat}</ul>' if flat else ""
            else:
                sub = render(c.id, depth + 1, seen | {c.id})
            items.append(item(c, sub))
        return '<ul style="margin:0 0 0 .2em;padding-left:1.1em">' + "".join(items) + "</ul>"

    return render(None, 0, frozenset())


def tree_options(codebook: Codebook, *, codable_only: bool = False) -> list[tuple[str, str]]:
    """(code id, indented label) in tree order, for select boxes (iterative, any depth)."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    stack: list[tuple[Code, int]] = [(c, 0) for c in reversed(codebook.children(None))]
    while stack:
        code, depth = stack.pop()
        if code.id in seen:
            continue
        seen.add(code.id)
        if code.codable or not codable_only:
            out.append((code.id, "\u2003" * min(depth, MAX_TREE_DEPTH) + code.name))
        stack.extend((c, depth + 1) for c in reversed(codebook.children(code.id)))
    # codes whose parent is missing (or that sit in a cycle) still show up
    out.extend((c.id, c.name) for c in codebook.codes if c.id not in seen and (c.codable or not codable_only))
    return out


def lines(values: Sequence[str]) -> str:
    return "\n".join(values)


def parse_lines(text: str) -> list[str]:
    """One item per non-empty line, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def code_from_fields(code: Code, **fields: object) -> Code:
    """A copy of ``code`` with ``fields`` replaced (lists given as lists)."""
    data = {name: getattr(code, name) for name in Code.__dataclass_fields__}
    data.update(fields)
    return Code(**data)  # type: ignore[arg-type]
