"""WebVTT and SubRip subtitles (transcription tools' output) as speaker turns.

Cue numbers, timings, NOTE/STYLE/REGION blocks and markup are dropped. Voice
tags (``<v Naam>``) and ``Naam:`` prefixes give the speaker; consecutive cues
of the same speaker are merged into one turn. The result is plain text with
one ``Naam: ...`` paragraph per turn, which :func:`analysis.corpus.segment`
splits back into turns.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from analysis.corpus.errors import IngestError
from analysis.corpus.speakers import PARTICLES, STOP_WORDS, _shape, find_labels

_TIMING = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}.*$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>|\{\\[^{}]*\}")
_DASH = re.compile(r"^\s*[-–—]\s+")
_BRACKET_SPEAKER = re.compile(r"^\s*\[([^\[\]\n]{1,40})\]\s*:?\s+")
_INDEX = re.compile(r"^\s*\d+\s*$")

Turn = tuple[str | None, str]


def parse_vtt(text: str, path: str | Path = "<vtt>") -> str:
    """WebVTT text → turns, one ``Speaker: text`` paragraph each."""
    blocks = _blocks(text)
    if blocks and blocks[0] and blocks[0][0].lstrip("\ufeff").startswith("WEBVTT"):
        blocks = blocks[1:]  # the header block (WEBVTT line plus header fields)
    cues: list[list[str]] = []
    for block in blocks:
        first = block[0].strip()
        if first.startswith(("NOTE", "STYLE", "REGION")) and not _TIMING.match(first):
            continue
        for i, line in enumerate(block):
            if _TIMING.match(line):
                cues.append(block[i + 1 :])
                break
    if not cues:
        raise IngestError(
            path, "not a WebVTT file: no cue timings ('00:00:01.000 --> 00:00:04.000') found",
            "ingest.no_cues", format="WebVTT", example="00:00:01.000 --> 00:00:04.000",
        )
    return _render(_turns(cues))


def parse_srt(text: str, path: str | Path = "<srt>") -> str:
    """SubRip text → turns, one ``Speaker: text`` paragraph each."""
    cues: list[list[str]] = []
    for block in _blocks(text):
        for i, line in enumerate(block):
            if _TIMING.match(line):
                payload = block[i + 1 :]
                cues.append(payload)
                break
    if not cues:
        raise IngestError(
            path, "not a SubRip (.srt) file: no cue timings ('00:00:01,000 --> 00:00:04,000') found",
            "ingest.no_cues", format="SubRip (.srt)", example="00:00:01,000 --> 00:00:04,000",
        )
    # A cue number directly before the next cue's timing ends up in no payload,
    # because blocks are split on blank lines; stray numbers at a payload's end
    # (missing blank line) are dropped here.
    for payload in cues:
        while payload and _INDEX.match(payload[-1]):
            payload.pop()
    return _render(_turns(cues))


def _blocks(text: str) -> list[list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def clean_speaker_name(name: str) -> str | None:
    """A voice-tag name as a label that segment() recognises, or None if empty."""
    name = html.unescape(name)
    name = re.sub(r"[^\w'’.\-() ]+|_", " ", name)
    tokens = name.split()[:5]
    fixed: list[str] = []
    for i, tok in enumerate(tokens):
        if tok[0].islower() and not (i > 0 and tok in PARTICLES):
            tok = tok[0].upper() + tok[1:]
        fixed.append(tok)
    cleaned = " ".join(fixed).strip(" .-")
    if not cleaned:
        return None
    ok, _ = _shape(cleaned)
    if not ok or cleaned.split()[0].lower().rstrip(".") in STOP_WORDS:
        # Keep the words but make them a safe label ("Spreker: <name>" would lose it).
        letters = re.sub(r"[^\w ]+", " ", cleaned)
        words = [w[:1].upper() + w[1:] for w in letters.split() if not w.isdigit()][:4]
        digits = [w for w in letters.split() if w.isdigit()][:1]
        cleaned = " ".join(words + digits) or "Spreker"
        if cleaned.split()[0].lower() in STOP_WORDS or not _shape(cleaned)[0]:
            cleaned = "Spreker " + cleaned if _shape("Spreker " + cleaned)[0] else "Spreker"
    return cleaned


def _turns(cues: list[list[str]]) -> list[Turn]:
    turns: list[Turn] = []
    speaker: str | None = None
    for payload in cues:
        for raw_line in payload:
            line = raw_line.strip()
            if not line:
                continue
            new_turn = False
            voice = _VOICE.search(line)
            if voice and not line[: voice.start()].strip(" -–—"):
                speaker = clean_speaker_name(voice.group(1))
                line = line[voice.end() :]
                new_turn = True
            elif _DASH.match(line):
                line = _DASH.sub("", line, count=1)
                speaker = None
                new_turn = True
            line = html.unescape(_TAG.sub("", line)).replace("\u00a0", " ").strip()
            if not line:
                continue
            labels = find_labels(line)
            if labels and labels[0].line_start == 0:
                speaker = clean_speaker_name(labels[0].speaker)
                line = line[labels[0].end :].strip()
                new_turn = True
            else:
                bracket = _BRACKET_SPEAKER.match(line)
                if bracket and _shape(bracket.group(1))[0]:
                    speaker = clean_speaker_name(bracket.group(1))
                    line = line[bracket.end() :].strip()
                    new_turn = True
            if not line:
                continue
            line = " ".join(line.split())
            if turns and turns[-1][0] == speaker and not (new_turn and speaker is None):
                turns[-1] = (speaker, turns[-1][1] + " " + line)
            else:
                turns.append((speaker, line))
    return turns


def _render(turns: list[Turn]) -> str:
    return "\n\n".join(f"{speaker}: {body}" if speaker else body for speaker, body in turns)
