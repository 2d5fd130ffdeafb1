"""Cleaning text read from files before it becomes a source's text.

Two levels:

* **transcripts** (speaker turns found) and subtitles keep their text; only
  characters are normalised (:func:`analysis.corpus.normalize.normalize_text`);
* **documents** lose page furniture: tables of contents, and for PDF output and
  text files that look PDF-extracted (many hard-wrapped lines) also page
  headers/footers, bare page numbers and punctuation-only lines; line-break
  hyphenation is repaired and hard-wrapped lines are joined into paragraphs.

Paragraphs are separated by a blank line in the result; headings and list
items stay on their own lines.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from itertools import pairwise

from analysis.corpus.lexicon import is_word
from analysis.corpus.normalize import normalize_text
from analysis.corpus.speakers import accepted_labels, find_turns

FORMATS = ("txt", "md", "docx", "pdf", "vtt", "srt")

_SENTENCE_END = ".!?:;"
_CLOSERS = "\"'”’)]»"
_WORD = re.compile(r"[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*")
_HYPHEN_END = re.compile(r"(?P<word>[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*)[-‐]$")
_LEADING_WORD = re.compile(r"[^\W_][\w'’]*")
_LIST_ITEM = re.compile(
    r"(?:[•▪●○◦■□►▶➢✓✔·]\s*"
    r"|[-–—*+]\s+(?=[\"'“‘(A-ZÀ-Þ0-9])"
    r"|[eo]\s+(?=[\"'“‘(A-ZÀ-Þ0-9])"
    r"|\(?\d{1,2}[.)]\s+(?=[\"'“‘(A-ZÀ-Þ0-9])"
    r"|\(?[a-z][.)]\s+"
    r"|[ivx]{1,4}[.)]\s+)"
)
_PAGE_NUMBER = re.compile(
    r"(?:[-–—]\s*)?(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?(?:\s*[-–—])?",
    re.IGNORECASE,
)
_NO_ALNUM = re.compile(r"[\W_]+")
_TOC_ENTRY = re.compile(
    r"(?P<title>\S.{1,150}?)(?:[ \t]*(?:\.[ \t]?){3,}[ \t]*|[ \t]*…+[ \t]*|\t+[ \t]*|[ \t]{2,})(?P<page>\d{1,4})"
)
_TOC_HEADING = re.compile(r"(?:inhoud|inhoudsopgave|inhoudstafel|table of contents|contents)\s*:?", re.IGNORECASE)
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s")
_HTML_TAG = re.compile(
    r"</?(?:ul|ol|li|i|b|u|em|strong|p|br|span|div|sup|sub|font|small|big|mark|table|tbody|thead|tr|td|th|a|blockquote|hr)"
    r"(?:\s[^<>\n]*)?/?>",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_ELLIPTIC = frozenset({"en", "of", "tot", "noch", "als", "dan", "and", "or", "en/of"})
_VOWELS = set("aeiouyáéíóúàèìòùäëïöüâêîôû")

# A line whose next word would have fitted on it was broken on purpose.
_FILL_AFTER_SENTENCE = 0.85
_FILL_OTHERWISE = 0.80


def clean_text(text: str, *, fmt: str, transcript: bool | None = None) -> str:
    """Clean raw text read from a file of format ``fmt``.

    ``fmt`` is one of ``txt, md, docx, pdf, vtt, srt``. ``transcript`` says
    whether the text consists of speaker turns; by default it is detected. Text
    of transcripts (and subtitles) is only normalised; PDF transcripts are also
    de-hyphenated and unwrapped, but speaker labels keep their own lines.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    text = normalize_text(text)
    if fmt in ("vtt", "srt"):
        return _tidy(text)
    if transcript is None:
        transcript = bool(find_turns(text.replace("\f", "\n")))
    if transcript and fmt != "pdf":
        return _tidy(text)
    if fmt in ("txt", "md"):
        text = strip_markup(text)
    if fmt == "pdf" or (fmt in ("txt", "md") and looks_hard_wrapped(text)):
        return _clean_extracted(text, protect_labels=transcript)
    return _clean_light(text)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\f", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def strip_markup(text: str) -> str:
    """Drop HTML tags and Markdown heading/emphasis markers (not the words)."""
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    if "*" in text or "__" in text:
        text = _MD_STRONG.sub(r"\2", text)
        text = _MD_EM.sub(r"\1", text)
    return text


def looks_hard_wrapped(text: str) -> bool:
    """Whether ``text`` looks extracted from a PDF: many lines broken mid-sentence.

    True when at least 20% of the non-blank lines end without sentence
    punctuation and are followed directly by a line starting in lower case,
    and 90% of the lines are at most 200 characters long.
    """
    lines = [line.strip() for line in text.split("\n")]
    nonblank = [line for line in lines if line]
    if len(nonblank) < 8:
        return False
    lengths = sorted(len(line) for line in nonblank)
    if lengths[int(0.9 * (len(lengths) - 1))] > 200:
        return False
    wraps = sum(1 for a, b in pairwise(lines) if a and b and a[-1] not in _SENTENCE_END and b[0].islower())
    return wraps >= 0.2 * len(nonblank)


# --------------------------------------------------------------------------- light


def _clean_light(text: str) -> str:
    pages = text.split("\f")
    lines: list[str] = []
    for page in pages:
        lines.extend(line.rstrip() for line in page.split("\n"))
        lines.append("")
    keep = [True] * len(lines)
    for i in _toc_lines([line.strip() for line in lines]):
        keep[i] = False
    out = "\n".join(line for line, k in zip(lines, keep) if k)
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", out).strip("\n")


# --------------------------------------------------------------------------- heavy


def _clean_extracted(text: str, *, protect_labels: bool) -> str:
    raw_lines: list[str] = []
    page_of: list[int] = []
    for page_no, page in enumerate(text.split("\f")):
        for line in page.split("\n"):
            raw_lines.append(line.strip())
            page_of.append(page_no)
    has_pages = page_of[-1] > 0 if page_of else False
    protected: set[int] = set()
    if protect_labels:
        line_starts = [0]
        joined = "\n".join(raw_lines)
        for line in raw_lines[:-1]:
            line_starts.append(line_starts[-1] + len(line) + 1)
        starts = {lab.line_start for lab in accepted_labels(joined)}
        protected = {i for i, s in enumerate(line_starts) if s in starts}

    drop = _furniture(raw_lines, page_of, has_pages) - protected
    lines = ["" if i in drop else line for i, line in enumerate(raw_lines)]
    width = _line_width(lines)
    vocabulary = _Vocabulary(lines)

    blocks: list[list[str]] = []
    block: list[str] = []
    last_physical = ""
    gap = False
    previous_page = 0
    for i, line in enumerate(lines):
        if page_of[i] != previous_page:
            gap = gap or bool(block)
            previous_page = page_of[i]
        if not line:
            gap = gap or bool(block)
            continue
        if not block:
            block, last_physical, gap = [line], line, False
            continue
        if i in protected or _LIST_ITEM.match(line):
            mode = None
        elif gap:
            mode = _join_across_gap(last_physical, line, vocabulary)
        else:
            mode = _join_in_block(last_physical, line, width, vocabulary)
        if mode is None:
            if gap:
                blocks.append(block)
                block = [line]
            else:
                block.append(line)
        else:
            block[-1] = _apply(block[-1], line, mode)
        last_physical, gap = line, False
    if block:
        blocks.append(block)
    return "\n\n".join("\n".join(b) for b in blocks)


def _apply(paragraph: str, line: str, mode: str) -> str:
    if mode == "join":  # drop the hyphen
        return paragraph[:-1] + line
    if mode == "keep":  # keep the hyphen, no space
        return paragraph + line
    return paragraph + " " + line  # "space" and "keep_space"


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _join_in_block(previous: str, line: str, width: int, vocabulary: _Vocabulary) -> str | None:
    hyphen = _HYPHEN_END.search(previous)
    if hyphen and line[0].isalnum():
        return _hyphen_mode(hyphen.group("word"), line, vocabulary)
    if not _ends_sentence(previous) and line[0].islower():
        return "space"
    first = line.split(maxsplit=1)[0]
    fill = (len(previous) + 1 + len(first)) / width
    limit = _FILL_AFTER_SENTENCE if _ends_sentence(previous) else _FILL_OTHERWISE
    return "space" if fill > limit else None


def _join_across_gap(previous: str, line: str, vocabulary: _Vocabulary) -> str | None:
    """A paragraph cut by a page break (or a stray blank line) mid-sentence."""
    if not line[0].islower():
        return None
    hyphen = _HYPHEN_END.search(previous)
    if hyphen:
        return _hyphen_mode(hyphen.group("word"), line, vocabulary)
    last = previous[-1]
    if last == "," or (last.isalpha() and last.islower()):
        return "space"
    return None


def _hyphen_mode(left: str, line: str, vocabulary: _Vocabulary) -> str:
    """How to join ``left-`` at a line end with the next line.

    ``join`` removes the hyphen (``ondersteu-`` + ``ning``), ``keep`` keeps it
    (``Wmo-`` + ``consulent``, ``informatie-`` + ``uitwisseling``),
    ``keep_space`` keeps it with a space (``wet-`` + ``en regelgeving``).
    """
    m = _LEADING_WORD.match(line)
    if not m:
        return "keep"
    right = m.group()
    if right.lower() in _ELLIPTIC and (m.end() == len(line) or not line[m.end()].isalnum()):
        return "keep_space"
    if right[0].isupper() or right[0].isdigit():
        return "keep"
    if "-" in left:
        return "keep"  # already a hyphenated compound: Plan-Do-Check-Act-cyclus
    if any(c.isdigit() for c in left) or any(c.isupper() for c in left[1:]):
        return "keep"  # VET-medewerkers, A3-methodiek
    joined = (left + right).lower()
    hyphenated = f"{left}-{right}".lower()
    if joined in vocabulary.words:
        return "join"
    if hyphenated in vocabulary.hyphenated:
        return "keep"
    if is_word(joined):
        return "join"
    if is_word(hyphenated):
        return "keep"
    if left[0].isupper() and not is_word(left):
        return "keep"  # Wmo-consulent, Deventer-aanpak
    if left[-1].lower() in _VOWELS and right[0].lower() in _VOWELS:
        return "keep"  # klinkerbotsing: informatie-uitwisseling, zee-egel
    return "join"


class _Vocabulary:
    """Words the document itself uses, as evidence for hyphenation decisions."""

    __slots__ = ("hyphenated", "words")

    def __init__(self, lines: list[str]) -> None:
        self.words: set[str] = set()
        self.hyphenated: set[str] = set()
        for line in lines:
            if not line:
                continue
            body = line[:-1] if line.endswith(("-", "‐")) else line
            for token in _WORD.findall(body):
                token = token.lower()
                if "-" in token:
                    self.hyphenated.add(token)
                    self.words.update(token.split("-"))
                else:
                    self.words.add(token)


def _line_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < 5:
        return max(lengths, default=80) or 80
    return max(20, lengths[int(0.9 * (len(lengths) - 1))])


# --------------------------------------------------------------------------- furniture


def _furniture(lines: list[str], page_of: list[int], has_pages: bool) -> set[int]:
    """Indices of lines that are page furniture rather than content."""
    drop: set[int] = set()
    n = len(lines)
    page_numbers = {i for i, line in enumerate(lines) if line and _PAGE_NUMBER.fullmatch(line)}
    drop |= page_numbers
    drop |= {i for i, line in enumerate(lines) if line and _NO_ALNUM.fullmatch(line)}
    drop |= _toc_lines(lines)

    def blank(j: int) -> bool:
        return j < 0 or j >= n or not lines[j] or j in drop

    def at_page_edge(i: int) -> bool:
        if not has_pages:
            return False
        for step in (-1, 1):
            j = i + step
            while 0 <= j < n and page_of[j] == page_of[i] and (not lines[j] or j in page_numbers):
                j += step
            if j < 0 or j >= n or page_of[j] != page_of[i]:
                return True
        return False

    def page_context(i: int) -> bool:
        if at_page_edge(i):
            return True
        if not (blank(i - 1) and blank(i + 1)):
            return False
        if any(j in page_numbers for j in range(max(0, i - 3), min(n, i + 4))):
            return True
        after = 0
        while i + 1 + after < n and not lines[i + 1 + after] and after < 3:
            after += 1
        before = 0
        while i - 1 - before >= 0 and not lines[i - 1 - before] and before < 3:
            before += 1
        return after >= 2 or before >= 3

    occurrences: defaultdict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line and len(line) <= 70 and i not in drop:
            key = _NO_ALNUM.sub(" ", re.sub(r"\d+", " ", line.lower())).strip()
            if sum(c.isalpha() for c in key) >= 3:
                occurrences[key].append(i)
    furniture_keys: list[str] = []
    for key, indices in occurrences.items():
        if len(indices) < 3:
            continue
        in_context = [i for i in indices if page_context(i)]
        if len(in_context) >= 3 and len(in_context) * 2 >= len(indices):
            furniture_keys.append(key)
            drop.update(i for i in indices if i in in_context or (blank(i - 1) and blank(i + 1)))
    if furniture_keys:
        # OCR-damaged copies of a footer ('3 9 B&A doet wat' for 'B&A. Doen wat werkt')
        for key, indices in occurrences.items():
            if key in furniture_keys:
                continue
            for i in indices:
                if (
                    i not in drop
                    and page_context(i)
                    and any(SequenceMatcher(None, key, known).ratio() >= 0.7 for known in furniture_keys)
                ):
                    drop.add(i)
    return drop


def _toc_lines(lines: list[str]) -> set[int]:
    """Lines of a table of contents: runs of 'title ... page' with rising page numbers."""
    entries: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        m = _TOC_ENTRY.fullmatch(line)
        if m and any(c.isalpha() for c in m.group("title")):
            entries.append((i, int(m.group("page")), m.group("title")))
    drop: set[int] = set()
    run: list[tuple[int, int, str]] = []

    def flush() -> None:
        if len(run) >= 3:
            first = run[0][0]
            heading = [j for j in range(max(0, first - 4), first) if lines[j] and _TOC_HEADING.fullmatch(lines[j])]
            leaders = sum(1 for i, _, _ in run if re.search(r"(?:\.\s?){3,}|…", lines[i]))
            numbered = sum(1 for _, _, title in run if _SECTION_NUMBER.match(title))
            if heading or leaders * 2 >= len(run) or numbered * 2 >= len(run):
                drop.update(i for i, _, _ in run)
                drop.update(heading)
        run.clear()

    for entry in entries:
        if run:
            previous_index, previous_page, _ = run[-1]
            between = lines[previous_index + 1 : entry[0]]
            contiguous = all(not line for line in between) and len(between) <= 2
            if not contiguous or entry[1] < previous_page:
                flush()
        run.append(entry)
    flush()
    return drop
