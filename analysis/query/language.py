"""The query language: a small boolean and proximity language over codes, text and attributes.

One grammar for the app's query builder and ``duiding query``::

    query      := [codes] [WHERE conditions]
    codes      := term (OR term)*
    term       := factor ((AND [NOT] | NOT | NEAR[/n] | OVERLAPS) factor)*
    factor     := NOT factor | '(' codes ')' | TEXT "words" | SET "name" | code
    code       := code-id | "code name" | codebook:code-id
    conditions := cond (OR cond)*          with AND binding tighter, NOT and ( ) as usual
    cond       := field (= | != | ~) value | field IN (value, ...)

Keywords are case-insensitive. ``A AND B``: a passage coded with both; ``A OVERLAPS B``: their coded
spans overlap; ``A NEAR/2 B``: a passage of either within two passages of the other in the same source
(``NEAR`` alone: one); ``A NOT B`` equals ``A AND NOT B``. Examples::

    toegang AND wachttijden WHERE respondent_group = mantelzorger AND municipality = Oosterzande
    werkdruk NOT TEXT "wachtlijst" WHERE kind != interview
    (maatwerk OR preventie) NEAR/2 samenwerking WHERE age_group IN ("65-74", "75+")

A parse error is a :class:`QueryError` naming the position (1-based character) and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ..errors import MESSAGES, DuidingError

MESSAGES.update(
    {
        # -- query -------------------------------------------------------------------------------------------
        "query.syntax": {
            "nl": "Fout in de zoekvraag op positie {position}: {expected} verwacht, maar {found} gevonden.",
            "en": "Query error at position {position}: expected {expected}, found {found}.",
        },
        "query.empty": {
            "nl": "De zoekvraag is leeg: noem een code, TEXT \"woorden\" of een voorwaarde na WHERE.",
            "en": "The query is empty: name a code, TEXT \"words\" or a condition after WHERE.",
        },
        "query.unknown_code": {
            "nl": "Onbekende code {code!r} in de zoekvraag (positie {position}).{hint}",
            "en": "Unknown code {code!r} in the query (position {position}).{hint}",
        },
        "query.ambiguous_code": {
            "nl": "Code {code!r} bestaat in meer codeboeken ({codebooks}): schrijf codeboek:code.",
            "en": "Code {code!r} exists in several codebooks ({codebooks}): write codebook:code.",
        },
        "query.unknown_set": {
            "nl": "Geen opgeslagen set {name!r} (positie {position}).",
            "en": "No saved set {name!r} (position {position}).",
        },
        "query.overlaps_codes": {
            "nl": "OVERLAPS verbindt codes (of codes met OR), niet {found} (positie {position}).",
            "en": "OVERLAPS joins codes (or codes joined with OR), not {found} (position {position}).",
        },
        "query.coder_position": {
            "nl": "Een voorwaarde op coder staat alleen los, met AND verbonden (positie {position}).",
            "en": "A condition on coder stands on its own, joined with AND (position {position}).",
        },
        "query.near_distance": {
            "nl": "NEAR/n verwacht een afstand van 0 tot 50 fragmenten (positie {position}).",
            "en": "NEAR/n expects a distance of 0 to 50 passages (position {position}).",
        },
    }
)


class QueryError(DuidingError):
    """A query that cannot be parsed or evaluated; ``position`` is the 1-based character, or 0."""

    def __init__(self, key: str, /, position: int = 0, **params: object) -> None:
        super().__init__(key, position=position, **params)
        self.position = position


# -- syntax tree ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CodeRef:
    ref: str
    codebook: str | None = None
    position: int = 0


@dataclass(frozen=True)
class TextSearch:
    words: str
    position: int = 0


@dataclass(frozen=True)
class SetRef:
    name: str
    position: int = 0


@dataclass(frozen=True)
class Not:
    operand: Node
    position: int = 0


@dataclass(frozen=True)
class Binary:
    op: str  # "and", "or", "near", "overlaps"
    left: Node
    right: Node
    distance: int = 1  # NEAR/n
    position: int = 0


@dataclass(frozen=True)
class Compare:
    field: str
    op: str  # "=", "!=", "~", "in"
    values: tuple[str, ...]
    position: int = 0


@dataclass(frozen=True)
class CondNot:
    operand: Cond
    position: int = 0


@dataclass(frozen=True)
class CondBinary:
    op: str  # "and", "or"
    left: Cond
    right: Cond
    position: int = 0


Node = Union[CodeRef, TextSearch, SetRef, Not, Binary]
Cond = Union[Compare, CondNot, CondBinary]


@dataclass(frozen=True)
class Query:
    """A parsed query: the code expression (or None: every passage) and the conditions (or None)."""

    codes: Node | None
    where: Cond | None
    text: str = ""


# -- tokens --------------------------------------------------------------------------------------------
KEYWORDS = {"AND", "OR", "NOT", "WHERE", "NEAR", "OVERLAPS", "TEXT", "SET", "IN"}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<unterminated>["'])
  | (?P<op>!=|=|~|\(|\)|,|/)
  | (?P<word>[^\s"'()=!~,/]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "string", "op", "keyword", "end"
    value: str
    position: int  # 1-based

    def describe(self) -> str:
        if self.kind == "end":
            return "het einde"
        if self.kind == "string":
            return f'"{self.value}"'
        return repr(self.value)


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # pragma: no cover - the word pattern matches any other character
            raise QueryError("query.syntax", position=pos + 1, expected="een woord", found=repr(text[pos]))
        kind = m.lastgroup or ""
        value = m.group()
        if kind == "unterminated":
            raise QueryError("query.syntax", position=pos + 1, expected="een afsluitend aanhalingsteken", found="het einde")
        if kind == "string":
            body = value[1:-1]
            value = re.sub(r"\\(.)", r"\1", body)
        elif kind == "word" and value.upper() in KEYWORDS:
            kind, value = "keyword", value.upper()
        if kind != "ws":
            out.append(Token(kind, value, pos + 1))
        pos = m.end()
    out.append(Token("end", "", len(text) + 1))
    return out


# -- parser --------------------------------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at_keyword(self, *words: str) -> bool:
        return self.tok.kind == "keyword" and self.tok.value in words

    def at_op(self, op: str) -> bool:
        return self.tok.kind == "op" and self.tok.value == op

    def fail(self, expected: str) -> QueryError:
        return QueryError("query.syntax", position=self.tok.position, expected=expected, found=self.tok.describe())

    def expect_op(self, op: str) -> Token:
        if not self.at_op(op):
            raise self.fail(f"'{op}'")
        return self.take()

    # query := [codes] [WHERE conditions]
    def query(self) -> Query:
        codes: Node | None = None
        if self.tok.kind == "end":
            raise QueryError("query.empty")
        if not self.at_keyword("WHERE"):
            codes = self.codes()
        where: Cond | None = None
        if self.at_keyword("WHERE"):
            self.take()
            where = self.cond_or()
        if self.tok.kind != "end":
            raise self.fail("AND, OR, NOT, NEAR, OVERLAPS, WHERE of het einde")
        return Query(codes=codes, where=where, text=self.text)

    def codes(self) -> Node:
        left = self.term()
        while self.at_keyword("OR"):
            tok = self.take()
            left = Binary("or", left, self.term(), position=tok.position)
        return left

    def term(self) -> Node:
        left = self.factor()
        while self.at_keyword("AND", "NOT", "NEAR", "OVERLAPS"):
            tok = self.take()
            if tok.value == "AND" and self.at_keyword("NOT"):
                not_tok = self.take()
                left = Binary("and", left, Not(self.factor(), position=not_tok.position), position=tok.position)
            elif tok.value == "AND":
                left = Binary("and", left, self.factor(), position=tok.position)
            elif tok.value == "NOT":
                left = Binary("and", left, Not(self.factor(), position=tok.position), position=tok.position)
            elif tok.value == "NEAR":
                distance = 1
                if self.at_op("/"):
                    self.take()
                    num = self.tok
                    if num.kind != "word" or not num.value.isdigit():
                        raise self.fail("een getal na NEAR/")
                    self.take()
                    distance = int(num.value)
                    if distance > 50:
                        raise QueryError("query.near_distance", position=num.position)
                left = Binary("near", left, self.factor(), distance=distance, position=tok.position)
            else:
                right = self.factor()
                for side in (left, right):
                    if not _codes_only(side):
                        raise QueryError("query.overlaps_codes", position=tok.position, found=_describe(side))
                left = Binary("overlaps", left, right, position=tok.position)
        return left

    def factor(self) -> Node:
        tok = self.tok
        if self.at_keyword("NOT"):
            self.take()
            return Not(self.factor(), position=tok.position)
        if self.at_op("("):
            self.take()
            inner = self.codes()
            self.expect_op(")")
            return inner
        if self.at_keyword("TEXT", "SET"):
            self.take()
            arg = self.tok
            if arg.kind not in ("string", "word"):
                raise self.fail('woorden tussen aanhalingstekens na ' + tok.value)
            self.take()
            if tok.value == "TEXT":
                return TextSearch(arg.value, position=tok.position)
            return SetRef(arg.value, position=tok.position)
        if tok.kind in ("word", "string"):
            self.take()
            if tok.kind == "word" and ":" in tok.value.strip(":"):
                codebook, _, ref = tok.value.partition(":")
                return CodeRef(ref, codebook=codebook, position=tok.position)
            return CodeRef(tok.value, position=tok.position)
        raise self.fail('een code, TEXT "woorden", SET "naam", NOT of (')

    def cond_or(self) -> Cond:
        left = self.cond_and()
        while self.at_keyword("OR"):
            tok = self.take()
            left = CondBinary("or", left, self.cond_and(), position=tok.position)
        return left

    def cond_and(self) -> Cond:
        left = self.cond_not()
        while self.at_keyword("AND"):
            tok = self.take()
            left = CondBinary("and", left, self.cond_not(), position=tok.position)
        return left

    def cond_not(self) -> Cond:
        tok = self.tok
        if self.at_keyword("NOT"):
            self.take()
            return CondNot(self.cond_not(), position=tok.position)
        if self.at_op("("):
            self.take()
            inner = self.cond_or()
            self.expect_op(")")
            return inner
        if tok.kind not in ("word", "string"):
            raise self.fail("een veld (zoals municipality, respondent_group, kind, coder) of NOT of (")
        self.take()
        field = tok.value.lower()
        if self.at_keyword("IN"):
            self.take()
            self.expect_op("(")
            values = [self.value()]
            while self.at_op(","):
                self.take()
                values.append(self.value())
            self.expect_op(")")
            return Compare(field, "in", tuple(values), position=tok.position)
        if self.tok.kind == "op" and self.tok.value in ("=", "!=", "~"):
            op = self.take().value
            return Compare(field, op, (self.value(),), position=tok.position)
        raise self.fail("=, !=, ~ of IN")

    def value(self) -> str:
        tok = self.tok
        if tok.kind in ("word", "string"):
            self.take()
            return tok.value
        raise self.fail("een waarde")


def _codes_only(node: Node) -> bool:
    if isinstance(node, CodeRef):
        return True
    return isinstance(node, Binary) and node.op == "or" and _codes_only(node.left) and _codes_only(node.right)


def _describe(node: Node) -> str:
    if isinstance(node, TextSearch):
        return "TEXT"
    if isinstance(node, SetRef):
        return "SET"
    if isinstance(node, Not):
        return "NOT"
    if isinstance(node, Binary):
        return node.op.upper()
    return "code"


def parse(text: str) -> Query:
    """Parse a query; raises :class:`QueryError` with the position and what was expected."""
    return _Parser(text).query()
