"""Speaker labels at the start of a line, and whether a text is a transcript.

Recognised label styles (content may follow on the same line or the next)::

    I: / R: / R1: / Interviewer: / Respondent 2: / Int.:
    [00:01:02] Naam:   (00:01:02) Naam:   00:01:02 Naam:   Naam (00:01:02):
    MARIEKE:   HUISARTS DE VRIES:   Annemiek (huisarts):   Jan de Vries:
    Spreker 1  00:00:05        (label line with a trailing timestamp, no colon)
    00:00:05 Spreker 1         (label line with a leading timestamp, no colon)

Ordinary prose with a colon (``Deelvraag 2: In hoeverre ...``, ``Let op: ...``)
is not a turn: a label must look like a name or role, and a document only
counts as a transcript when labels recur (see :func:`find_turns`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TS_ANY = rf"(?:\[{_TS}\]|\({_TS}\)|{_TS})"
_NAME = r"[^\W\d_][^:\n]{0,59}?"
_LABEL = re.compile(
    rf"^[ \t]*(?:"
    # [00:01:02] Naam: / Naam: / Annemiek (huisarts):   (the name ends at the first colon)
    rf"(?:(?P<ts1>{_TS_ANY})[ \t]*(?:[-–—|][ \t]*)?)?(?P<name>[^\W\d_][^:\n]{{0,59}}+):(?=[ \t\r]|$)"
    # Naam (00:01:02):
    rf"|(?P<named>[^\W\d_][^:\n(\[]{{0,40}}+)[ \t]*(?P<ts2>{_TS_ANY})[ \t]*:(?=[ \t\r]|$)"
    # Spreker 1  00:00:05   (label line, the turn's text follows on the next line)
    rf"|(?P<nameb>{_NAME})[ \t]+(?P<ts3>{_TS_ANY})[ \t\r]*$"
    # 00:00:05 Spreker 1
    rf"|(?P<ts4>{_TS_ANY})[ \t]+(?:[-–—|][ \t]*)?(?P<namec>{_NAME})[ \t\r]*$"
    rf")",
    re.MULTILINE,
)
# Only lines with a colon this early, or this short, can hold a label.
_LABEL_REACH = 90
_ROLE = re.compile(r"(?P<base>.+?)[ \t]*\((?P<role>[^()\n]{1,40})\)$")
_DIGITS = re.compile(r"\d{1,3}")
_CODE = re.compile(r"[A-Z]{1,3}\d{0,3}")
_INITIAL = re.compile(r"[A-Z]\.")


def wordset(words: str) -> frozenset[str]:
    """Whitespace-separated words as a frozenset."""
    return frozenset(words.split())


PARTICLES = wordset("van de der den ter ten te 't von vom da di du le la el al bin ibn dos das del della")
# Words that introduce a role label, so "Respondent 2:" is a speaker even when used once.
ROLE_WORDS = wordset(
    """
    i r q a v p int int. interviewer interviewster interviewee geïnterviewde geinterviewde
    respondent resp resp. gesprekspartner deelnemer deelneemster spreker speaker participant
    moderator gespreksleider onderzoeker bewoner inwoner cliënt client klant medewerker
    mantelzorger ouder moeder vader jongere kind partner professional vraag antwoord
    """
)
# First words that make a "label" ordinary prose (headings, metadata, discourse words).
STOP_WORDS = wordset(
    """
    het een dit dat deze die dan er wij we ik zij ze hij u je jij jullie men in op voor bij met
    als maar en of want dus ook wel niet geen nog toen daarna vervolgens bijvoorbeeld bijv
    namelijk kortom samengevat conclusie conclusies let zie noot opmerking opmerkingen bron
    bronnen tip tips doel doelen waarom wat hoe wie waar wanneer welke waarbij zoals nou ja nee
    oké ok om deelvraag deelvragen hoofdvraag onderzoeksvraag norm normen uitgangspunt hoofddoel
    thema stap fase bijlage tabel figuur grafiek hoofdstuk paragraaf artikel lid datum tijd
    duur locatie plaats onderwerp betreft kenmerk aan cc bcc van toelichting resultaat
    resultaten oordeel toetsing bevinding bevindingen aanbeveling aanbevelingen specifiek
    meetbaar acceptabel realistisch tijdsgebonden totaal subtotaal bijzonderheden actie acties
    besluit besluiten agenda aanwezig afwezig notulen definitie voorbeeld voorbeelden
    """
)


@dataclass(frozen=True, slots=True)
class Label:
    """A speaker label found at the start of a line."""

    line_start: int  # offset of the line holding the label
    end: int  # offset just after the label (the turn's content starts here)
    speaker: str  # normalised name, without timestamps
    has_timestamp: bool

    @property
    def key(self) -> str:
        return self.speaker.casefold()


@lru_cache(maxsize=4096)
def _shape(name: str) -> tuple[bool, bool]:
    """(looks like a name or role, contains a number token)."""
    base = name.strip()
    role_match = _ROLE.fullmatch(base)
    if role_match:
        base = role_match.group("base").strip()
    if base.startswith("[") and base.endswith("]"):
        base = base[1:-1].strip()
    if not base or len(base) > 40:
        return False, False
    tokens = base.split()
    if not 1 <= len(tokens) <= 5:
        return False, False
    has_digit = False
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        if _DIGITS.fullmatch(tok):
            if i == 0 or i != last:
                return False, False
            has_digit = True
        elif _CODE.fullmatch(tok):
            has_digit = has_digit or any(c.isdigit() for c in tok)
        elif _INITIAL.fullmatch(tok) or (tok.lower() in PARTICLES and (i > 0 or (i < last and tok[0].isupper()))):
            continue
        elif tok[0].isupper() and all(c.isalpha() or c in "'’-." for c in tok[1:]):
            if tok.endswith(".") and i != last:
                return False, False
        else:
            return False, False
    return True, has_digit


def _first_word(speaker: str) -> str:
    return speaker.split()[0].lower().rstrip(".:")


@lru_cache(maxsize=4096)
def normalize_speaker(name: str) -> str:
    """``' [Marieke] '`` → ``'Marieke'``; whitespace collapsed, trailing dots dropped."""
    name = " ".join(name.split())
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1].strip()
    return name.rstrip(".").strip() or name


def find_labels(text: str) -> list[Label]:
    """All line-start candidates that look like a speaker label (shape only)."""
    return list(_scan(text)[0])


@lru_cache(maxsize=8)
def _scan(text: str) -> tuple[tuple[Label, ...], int, int]:
    """(label candidates, non-blank lines, blank-line separated blocks), in one pass.

    Cached: ingestion looks at the same text when detecting, cleaning and segmenting.
    """
    labels: list[Label] = []
    nonblank = blocks = 0
    previous_blank = True
    pos, n = 0, len(text)
    find, match = text.find, _LABEL.match
    while pos <= n:
        eol = find("\n", pos)
        if eol == -1:
            eol = n
        if eol == pos or text[pos:eol].isspace():
            previous_blank = True
        else:
            nonblank += 1
            if previous_blank:
                blocks += 1
            previous_blank = False
            if eol - pos <= _LABEL_REACH or find(":", pos, pos + _LABEL_REACH) != -1:
                m = match(text, pos, eol)
                if m is not None:
                    label = _label(m)
                    if label is not None:
                        labels.append(label)
        pos = eol + 1
    return tuple(labels), nonblank, blocks


def _label(m: re.Match[str]) -> Label | None:
    name = m.group("name") or m.group("named") or m.group("nameb") or m.group("namec")
    if not name:
        return None
    name = name.strip()
    if not _shape(name)[0]:
        return None
    has_ts = bool(m.group("ts1") or m.group("ts2") or m.group("ts3") or m.group("ts4"))
    if (m.group("nameb") or m.group("namec")) and not has_ts:
        return None
    return Label(line_start=m.start(), end=m.end(), speaker=normalize_speaker(name), has_timestamp=has_ts)


def _speaker_like(label: Label, recurring: bool) -> bool:
    first = _first_word(label.speaker)
    if first in STOP_WORDS:
        return False
    if recurring or label.has_timestamp:
        return True
    _, has_digit = _shape(label.speaker)
    if has_digit:
        return first in ROLE_WORDS or bool(_CODE.fullmatch(label.speaker.split()[0]))
    return True


def accepted_labels(text: str) -> list[Label]:
    """Labels that may open a turn: recurring ones, or one-offs that look like a person/role."""
    return _accept(find_labels(text))


def _accept(labels: list[Label]) -> list[Label]:
    counts = Counter(lab.key for lab in labels)
    return [lab for lab in labels if _speaker_like(lab, counts[lab.key] >= 2)]


_NONBLANK_LINE = re.compile(r"^[ \t]*\S", re.MULTILINE)


def find_turns(text: str, *, relaxed: bool = False) -> list[Label]:
    """The labels that split ``text`` into speaker turns, or ``[]`` if it is no transcript.

    A transcript needs recurring labels: one label used at least twice, or at
    least three turns. Unless ``relaxed`` (the caller knows the text is an
    interview), labels must also be frequent: at least 15% of the non-blank
    lines, or 30% of the blank-line separated blocks, start with one. This
    keeps reports with a few ``VET: ...`` lines out.
    """
    candidates, lines, blocks = _scan(text)
    labels = _accept(list(candidates))
    if not labels:
        return []
    counts = Counter(lab.key for lab in labels)
    recurring = len(labels) >= 3 or max(counts.values()) >= 2
    if not recurring:
        if relaxed and len(labels) == 1:
            first_line = _NONBLANK_LINE.search(text)
            if first_line is not None and first_line.start() <= labels[0].line_start <= first_line.end():
                return _unify(labels)
        return []
    if not relaxed:
        by_lines = len(labels) / max(1, lines)
        by_blocks = len(labels) / blocks if blocks >= 3 else 0.0
        if by_lines < 0.15 and by_blocks < 0.30:
            return []
    return _unify(labels)


def is_transcript(text: str, *, relaxed: bool = False) -> bool:
    """Whether ``text`` consists of speaker turns (see :func:`find_turns`)."""
    return bool(find_turns(text, relaxed=relaxed))


def _unify(labels: list[Label]) -> list[Label]:
    """Map 'Annemiek' to 'Annemiek (huisarts)' when that is the only role form used."""
    full: dict[str, set[str]] = {}
    for lab in labels:
        m = _ROLE.fullmatch(lab.speaker)
        if m:
            full.setdefault(m.group("base").strip().casefold(), set()).add(lab.speaker)
    if not full:
        return labels
    out: list[Label] = []
    for lab in labels:
        forms = full.get(lab.key)
        if forms and len(forms) == 1:
            lab = Label(lab.line_start, lab.end, next(iter(forms)), lab.has_timestamp)
        out.append(lab)
    return out


# -- roles ------------------------------------------------------------------------------
# Who speaks in a passage: the interviewer (asks; never data), a respondent (the data) or
# someone else (a header line above the first turn, an interpreter, a note taker).
ROLE_INTERVIEWER = "interviewer"
ROLE_RESPONDENT = "respondent"
ROLE_OTHER = "other"
ROLES = (ROLE_INTERVIEWER, ROLE_RESPONDENT, ROLE_OTHER)
#: Roles whose passages are not auto-coded and not in the review queue by default.
NOT_DATA_ROLES = frozenset({ROLE_INTERVIEWER, ROLE_OTHER})

# First words of a label (or the role in brackets) that make its speaker the interviewer.
INTERVIEWER_WORDS = wordset(
    """
    i int int. interviewer interviewers interviewster onderzoeker onderzoekster onderzoekers
    gespreksleider gespreksleidster moderator moderatoren v vraag vragensteller q question
    interviewer/onderzoeker facilitator
    """
)
# Labels of people who are neither interviewer nor respondent.
OTHER_WORDS = wordset(
    """
    tolk vertaler notulist notuliste notulen transcriptie transcribent onverstaanbaar onbekend
    allen iedereen meerdere samen stemmen geluid achtergrond omstander
    """
)
# Generic labels that say nothing about who speaks (automatic transcription).
GENERIC_WORDS = wordset("spreker speaker stem voice persoon person deelnemer participant")
_SPLIT_NAMES = re.compile(r"\s*[;,/]\s*|\s+(?:en|and|&)\s+")


def interviewer_names(value: object) -> tuple[str, ...]:
    """The people a manifest's ``interviewer`` value names ('Karin; Joost' -> both)."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [str(v) for v in value]
    else:
        items = _SPLIT_NAMES.split(str(value))
    return tuple(dict.fromkeys(normalize_speaker(v) for v in items if v and v.strip()))


def _word(value: str) -> str:
    return value.split()[0].casefold().rstrip(".:") if value.split() else ""


def _role_word(word: str) -> str:
    """'I1' -> 'i', 'Interviewer2' -> 'interviewer' (a number only counts speakers)."""
    return word.rstrip("0123456789") or word


def speaker_role(speaker: str | None, *, interviewers: tuple[str, ...] | list[str] = ()) -> str | None:
    """The role a speaker label stands for, or None without a label.

    ``interviewers`` (from the manifest's ``interviewer`` column) are matched on the
    whole label, on its name before a role in brackets and on the first name.
    """
    if not speaker or not speaker.strip():
        return None
    label = normalize_speaker(speaker)
    base, bracket = label, ""
    m = _ROLE.fullmatch(label)
    if m:
        base, bracket = m.group("base").strip(), m.group("role").strip()
    if interviewers:
        names = {n.casefold() for n in interviewers}
        firsts = {n.split()[0].casefold() for n in interviewers if n.split()}
        if label.casefold() in names or base.casefold() in names or base.casefold() in firsts:
            return ROLE_INTERVIEWER
    if bracket:
        word = _role_word(_word(bracket))
        if word in INTERVIEWER_WORDS:
            return ROLE_INTERVIEWER
        if word in OTHER_WORDS:
            return ROLE_OTHER
    word = _role_word(_word(base))
    if word in INTERVIEWER_WORDS:
        return ROLE_INTERVIEWER
    if word in OTHER_WORDS:
        return ROLE_OTHER
    return ROLE_RESPONDENT


def is_interviewer_label(speaker: object) -> bool:
    """True for labels that by themselves mark the interviewer ('I', 'INTERVIEWER', 'V', ...)."""
    return isinstance(speaker, str) and speaker_role(speaker) == ROLE_INTERVIEWER


def passage_roles(
    passages: list, *, kind: object = None, interviewers: tuple[str, ...] | list[str] = ()
) -> list[str | None]:
    """The role of every passage of one source (same order).

    * a labelled turn: the label's role (:func:`speaker_role`); when no label marks
      an interviewer and the labels are generic ('Spreker 1', 'Speaker 2'), the
      speaker whose turns are mostly questions is taken to be the interviewer;
    * text without a label in a source with turns (a title or header line above the
      first turn): ``other``;
    * a source without any turns: ``respondent`` for a story (the teller speaks),
      ``None`` (no speaker) for documents and unlabelled interviews.

    A role already set on a passage (``passage.role``) is kept.
    """
    speakers = [getattr(p, "speaker", None) for p in passages]
    given = [getattr(p, "role", None) for p in passages]
    has_turns = any(speakers)
    kind_value = getattr(kind, "value", kind)
    roles: list[str | None] = []
    for speaker in speakers:
        if speaker:
            roles.append(speaker_role(speaker, interviewers=interviewers))
        elif has_turns:
            roles.append(ROLE_OTHER)
        else:
            roles.append(ROLE_RESPONDENT if kind_value == "story" else None)
    if has_turns and ROLE_INTERVIEWER not in roles:
        asker = _question_asker(passages, speakers)
        if asker is not None:
            roles = [ROLE_INTERVIEWER if s is not None and s.casefold() == asker else r for s, r in zip(speakers, roles)]
    return [g if g else r for g, r in zip(given, roles)]


def _question_asker(passages: list, speakers: list[str | None]) -> str | None:
    """With generic labels only: the speaker most of whose turns end in a question."""
    keys = {s.casefold() for s in speakers if s}
    if len(keys) < 2 or not all(_role_word(_word(k)) in GENERIC_WORDS for k in keys):
        return None
    asked: Counter[str] = Counter()
    turns: Counter[str] = Counter()
    for p, s in zip(passages, speakers):
        if not s:
            continue
        key = s.casefold()
        turns[key] += 1
        if str(getattr(p, "text", "")).rstrip().endswith("?"):
            asked[key] += 1
    share = {k: asked[k] / turns[k] for k in turns}
    best = max(share, key=lambda k: (share[k], -min(i for i, s in enumerate(speakers) if s and s.casefold() == k)))
    others = [v for k, v in share.items() if k != best]
    if share[best] >= 0.5 and all(v < share[best] / 2 for v in others):
        return best
    return None
