"""The codebook file format, as pydantic (v2) models.

These models describe the *nested* YAML shape documented in
``codebooks/README.md``; :mod:`analysis.codebook.io` converts them to and from
the flat :class:`analysis.domain.Codebook`. Field validators check the format of
single values (slugs, colours, keywords); checks that need the whole tree
(duplicate ids, norms pointing at codes, crosswalks) live in ``io``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from analysis.domain import RESPONDENT_GROUPS
from analysis.errors import KeyedText

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# A keyword: words (letters, digits, ' and -) separated by single spaces; '*' is
# a wildcard allowed at the start or end of a word ("vindba*", "*wachtlijst").
_KEYWORD_WORD = r"\*?[\w'’.&/+-]+\*?"
KEYWORD_RE = re.compile(rf"^{_KEYWORD_WORD}(?: {_KEYWORD_WORD})*$")

MAX_SLUG_LENGTH = 80
# Codes may nest at most this many levels (a top-level code is level 1). Real
# codebooks use three or four; the limit keeps hostile files from exhausting the
# stack of the recursive tree walks (validation, flattening, export).
MAX_CODE_DEPTH = 50


def check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(
            KeyedText(
                f"{value!r} is not a valid id: use lowercase letters, digits and single hyphens "
                f"(e.g. 'een-gezin-een-plan')",
                "codebook.bad_id",
                value=value,
            )
        )
    if len(value) > MAX_SLUG_LENGTH:
        raise ValueError(KeyedText(
            f"{value!r} is too long for an id ({len(value)} > {MAX_SLUG_LENGTH} characters)", "codebook.id_too_long",
            value=value, n=len(value), max=MAX_SLUG_LENGTH,
        ))
    return value


def check_colour(value: str | None) -> str | None:
    if value is None:
        return None
    if not COLOUR_RE.match(value):
        raise ValueError(
            KeyedText(f"{value!r} is not a colour of the form #rrggbb (e.g. '#1f77b4')", "codebook.bad_colour", value=value)
        )
    return value.lower()


def check_keyword(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError(KeyedText("empty keyword", "codebook.keyword_empty"))
    if not KEYWORD_RE.match(text):
        raise ValueError(KeyedText(
            f"{value!r} is not a valid keyword: use words separated by spaces; '*' only at the start "
            f"or end of a word (e.g. 'vindba*')", "codebook.keyword_invalid", value=value,
        ))
    if len(text.replace("*", "").replace(" ", "")) < 2:
        raise ValueError(KeyedText(f"{value!r} is too short to be a keyword", "codebook.keyword_short", value=value))
    return text


def _item(i: int, exc: ValueError) -> ValueError:
    """``exc`` about item ``i`` of a list: the English text as before, translatable when ``exc`` is keyed."""
    text = exc.args[0] if exc.args else str(exc)
    if isinstance(text, KeyedText):
        return ValueError(text.with_prefix(f"item {i}: "))
    return ValueError(f"item {i}: {exc}")


def _strings(values: list[str], what: str) -> list[str]:
    out: list[str] = []
    for i, v in enumerate(values):
        v = v.strip()
        if not v:
            raise ValueError(KeyedText(f"item {i} of {what} is empty", "codebook.item_empty", i=i))
        out.append(v)
    return out


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CodeModel(_Model):
    id: str
    name: str = Field(min_length=1)
    colour: str | None = None
    definition: str = ""
    inclusion: list[str] = Field(default_factory=list)
    exclusion: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    exclude_keywords: list[str] = Field(default_factory=list)
    respondent_groups: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    crosswalk: list[str] = Field(default_factory=list)
    axis: str | None = None
    codable: bool = True
    codes: list[CodeModel] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def validate_id(cls, v: str) -> str:
        return check_slug(v)

    @field_validator("colour")
    @classmethod
    def validate_colour(cls, v: str | None) -> str | None:
        return check_colour(v)

    @field_validator("axis")
    @classmethod
    def validate_axis(cls, v: str | None) -> str | None:
        return None if v is None else check_slug(v)

    @field_validator("keywords", "exclude_keywords")
    @classmethod
    def validate_keywords(cls, values: list[str]) -> list[str]:
        out: list[str] = []
        seen: dict[str, int] = {}
        for i, v in enumerate(values):
            try:
                kw = check_keyword(v)
            except ValueError as exc:
                raise _item(i, exc) from None
            key = kw.lower()
            if key in seen:
                raise ValueError(KeyedText(
                    f"item {i}: duplicate keyword {kw!r} (also item {seen[key]})", "codebook.keyword_twice",
                    i=i, keyword=kw, other=seen[key],
                ))
            seen[key] = i
            out.append(kw)
        return out

    @field_validator("inclusion", "exclusion", "examples")
    @classmethod
    def validate_texts(cls, values: list[str]) -> list[str]:
        return _strings(values, "the list")

    @field_validator("crosswalk")
    @classmethod
    def validate_crosswalk(cls, values: list[str]) -> list[str]:
        out = []
        for i, v in enumerate(values):
            try:
                out.append(check_slug(v))
            except ValueError as exc:
                raise _item(i, exc) from None
        if len(set(out)) != len(out):
            raise ValueError(KeyedText("the same framework code is listed twice", "codebook.crosswalk_twice"))
        return out

    @field_validator("respondent_groups")
    @classmethod
    def validate_groups(cls, values: list[str]) -> list[str]:
        out = []
        for v in values:
            if v not in RESPONDENT_GROUPS:
                raise ValueError(KeyedText(
                    f"unknown respondent group {v!r}; expected one of: {', '.join(RESPONDENT_GROUPS)}",
                    "codebook.unknown_group", value=v, choices=", ".join(RESPONDENT_GROUPS),
                ))
            out.append(v)
        return out


class ScaleLevelModel(_Model):
    id: str
    label: str = Field(min_length=1)
    colour: str | None = None

    @field_validator("id")
    @classmethod
    def validate_id(cls, v: str) -> str:
        return check_slug(v)

    @field_validator("colour")
    @classmethod
    def validate_colour(cls, v: str | None) -> str | None:
        return check_colour(v)


class NormModel(_Model):
    id: str
    norm: str = Field(min_length=1)
    deelvraag: str = ""
    description: str = ""
    codes: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def validate_id(cls, v: str) -> str:
        return check_slug(v)

    @field_validator("codes")
    @classmethod
    def validate_codes(cls, values: list[str]) -> list[str]:
        return [check_slug(v) for v in values]


class NormenkaderModel(_Model):
    scale: list[ScaleLevelModel] | None = None
    norms: list[NormModel] = Field(default_factory=list)


class CodebookModel(_Model):
    id: str
    name: str = Field(min_length=1)
    description: str = ""
    municipality: str | None = None
    framework: str | None = None
    codes: list[CodeModel] = Field(default_factory=list)
    normenkader: NormenkaderModel | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def validate_id(cls, v: str) -> str:
        return check_slug(v)

    @field_validator("framework")
    @classmethod
    def validate_framework(cls, v: str | None) -> str | None:
        return None if v is None else check_slug(v)


CODE_FIELDS = tuple(CodeModel.model_fields)
CODEBOOK_FIELDS = tuple(CodebookModel.model_fields)
