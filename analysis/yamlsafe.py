"""Safe YAML reading with limits: every YAML file Duiding reads goes through :func:`load_yaml`.

``yaml.safe_load`` builds no Python objects, but it still expands aliases
without bound (a "billion laughs" document of a few hundred bytes becomes
billions of nodes) and its composer recurses once per nesting level (a document
nested 10,000 levels deep ends in a ``RecursionError``). :class:`LimitedSafeLoader`
refuses both while composing, before anything is constructed::

    >>> from analysis.yamlsafe import load_yaml
    >>> load_yaml("namen: [Els, Piet]\\n", source="lijsten.yaml")
    {'namen': ['Els', 'Piet']}
    >>> load_yaml("a: [[[[x]]]]\\n", source="diep.yaml", max_depth=3)
    Traceback (most recent call last):
    ...
    analysis.yamlsafe.YamlError: diep.yaml: line 1, column 6: refused: the document is nested more than 3 levels deep

Every problem is a :class:`YamlError` (a ``ValueError``) whose message names the
source, the line and column, and the problem.
"""

from __future__ import annotations

import io
import re
from typing import IO, Any

import yaml

from .errors import DuidingError, display_name

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "LimitedSafeLoader", "YamlError", "load_yaml"]

# Nesting deeper than this is refused (PyYAML's composer recurses once per level).
# Manifests, story question and mapping files and privacy lists nest a few levels.
MAX_DEPTH = 100
# Aliases (``*name``) may add at most this many nodes to what the file spells out:
# anchors for shared lists are fine, an alias bomb is not.
MAX_ALIAS_NODES = 100_000


class YamlError(DuidingError, ValueError):
    """A YAML document that cannot be read: a syntax error, refused by the limits, or not UTF-8.

    ``str(err)`` is ``"<source>: line L, column C: YAML syntax error: <problem>"``,
    ``"<source>: line L, column C: refused: <problem>"`` or, for bytes that are not
    UTF-8, ``"<source>: not UTF-8 text (...)"``. The parts are attributes too, so
    callers can word the message in their own style. ``kind`` is ``"syntax"``,
    ``"refused"`` or ``"encoding"``.
    """

    KINDS = ("syntax", "refused", "encoding")

    def __init__(
        self, source: str, problem: str, *, line: int | None = None, column: int | None = None, kind: str = "syntax"
    ) -> None:
        if kind not in self.KINDS:
            raise ValueError(f"YamlError: kind must be one of {', '.join(self.KINDS)}, not {kind!r}")
        self.source = source
        self.problem = problem
        self.line = line  # 1-based, None when unknown
        self.column = column  # 1-based, None when unknown
        self.kind = kind
        super().__init__(
            f"yaml.{kind}", file=display_name(source), where=self.where, line=line, column=column, problem=problem,
            problem_nl=dutch_problem(problem),
        )
        self.args = (f"{source}: {self.reason}",)

    @property
    def refused(self) -> bool:
        """True when the document parses but is refused (alias bomb, cycle, too deep)."""
        return self.kind == "refused"

    @property
    def where(self) -> str:
        """``"line L, column C"`` (or ``"line L"``), empty when the position is unknown."""
        if self.line is None:
            return ""
        return f"line {self.line}" + (f", column {self.column}" if self.column is not None else "")

    @property
    def reason(self) -> str:
        """The message without the source, e.g. ``"line 3, column 2: YAML syntax error: ..."``."""
        label = {"syntax": "YAML syntax error: ", "refused": "refused: ", "encoding": ""}[self.kind]
        return (f"{self.where}: " if self.where else "") + label + self.problem

    def __reduce__(self) -> Any:
        return (_rebuild, (self.source, self.problem, self.line, self.column, self.kind))


# PyYAML's problems, in the words a researcher reads (Dutch); an unknown one keeps PyYAML's text in brackets
_DUTCH_PROBLEMS = (
    (re.compile(r"found character '\\t' that cannot start any token"),
     "er staat een tab; YAML springt in met spaties, niet met tabs"),
    (re.compile(r"found character .* that cannot start any token"),
     "een teken dat hier niet kan staan (zet de tekst tussen aanhalingstekens)"),
    (re.compile(r"mapping values are not allowed here"),
     ("hier kan geen dubbele punt staan (zet tekst met een dubbele punt tussen aanhalingstekens, of controleer de "
      "inspringing)")),
    (re.compile(r"could not find expected ':'"), "er ontbreekt een dubbele punt na een naam"),
    (re.compile(r"found unexpected end of stream"),
     "het bestand houdt onverwacht op (een aanhalingsteken of haakje is niet gesloten)"),
    (re.compile(r"did not find expected (key|node content|'-' indicator)|expected <block end>"),
     "de inspringing klopt niet"),
    (re.compile(r"expected ',' or '\]'|expected ',' or '}'"), "een lijst of reeks tussen haakjes is niet goed gesloten"),
    (re.compile(r"found undefined alias"), "een verwijzing (*naam) naar een anker dat niet bestaat"),
    (re.compile(r"found unknown escape character"), "een onbekend teken na een \\ tussen dubbele aanhalingstekens"),
    (re.compile(r"found duplicate anchor"), "hetzelfde anker (&naam) staat er twee keer in"),
    (re.compile(r"character U\+([0-9A-F]{4,6}) is not allowed"),
     r"het teken U+\1 kan niet in YAML staan (een stuurteken; is dit wel een tekstbestand?)"),
)


def dutch_problem(problem: str) -> str:
    """PyYAML's ``problem`` in Dutch (the known ones), else ``"de opbouw klopt niet (<problem>)"``."""
    for pattern, dutch in _DUTCH_PROBLEMS:
        found = pattern.search(problem)
        if found:
            return found.expand(dutch) if pattern.groups else dutch
    return f"de opbouw klopt niet ({problem})"


def _rebuild(source: str, problem: str, line: int | None, column: int | None, kind: str) -> YamlError:
    return YamlError(source, problem, line=line, column=column, kind=kind)


class _Refused(yaml.MarkedYAMLError):
    """Raised inside the loader for a document that parses but is refused."""


class LimitedSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with limits on nesting depth and on alias expansion.

    While composing, every node records its *expanded* size: the number of nodes
    a consumer walking the data would visit, aliases counted in full. A document
    whose expanded size exceeds the nodes written in the file by more than
    ``max_alias_nodes`` is refused before anything is constructed, as is an
    alias to a node that contains it (a cycle) and nesting deeper than
    ``max_depth``. ``depth_hint`` is added to the depth message, in brackets.
    """

    def __init__(
        self,
        stream: str | IO[str],
        *,
        max_depth: int = MAX_DEPTH,
        max_alias_nodes: int = MAX_ALIAS_NODES,
        depth_hint: str = "",
    ) -> None:
        super().__init__(stream)
        self.max_depth = max_depth
        self.max_alias_nodes = max_alias_nodes
        self.depth_hint = depth_hint
        self._depth = 0
        self._composed = 0
        self._sizes: dict[int, int] = {}
        self._keep: list[yaml.Node] = []  # keeps the ids in _sizes unique while composing

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:  # the anchored node is still being composed
                raise _Refused(
                    problem="an alias (*name) refers to a node that contains it (a recursive structure)",
                    problem_mark=mark,
                )
            return node
        mark = self.peek_event().start_mark
        self._depth += 1
        if self._depth > self.max_depth:
            hint = f" ({self.depth_hint})" if self.depth_hint else ""
            raise _Refused(
                problem=f"the document is nested more than {self.max_depth} levels deep{hint}",
                problem_mark=mark,
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        size = 1
        for child in children:
            child_size = self._sizes.get(id(child))
            if child_size is None:  # defensive: aliases are checked above
                raise _Refused(
                    problem="an alias (*name) refers to a node that contains it (a recursive structure)",
                    problem_mark=child.start_mark,
                )
            size += child_size
        self._composed += 1
        self._sizes[id(node)] = size
        self._keep.append(node)
        # Sound to check early: every node composed later adds at least one to both counts.
        if size - self._composed > self.max_alias_nodes:
            raise _Refused(
                problem=f"aliases (*name) expand the document by more than {self.max_alias_nodes:,} nodes "
                f"(a possible alias bomb, 'billion laughs')",
                problem_mark=mark,
            )
        return node


def _as_text(data: str | bytes | IO[str] | IO[bytes], source: str) -> str:
    if isinstance(data, io.IOBase) or hasattr(data, "read"):
        data = data.read()  # type: ignore[union-attr]
    if isinstance(data, (bytes, bytearray)):
        try:
            return bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise YamlError(source, f"not UTF-8 text ({exc.reason} at byte {exc.start})", kind="encoding") from None
    if not isinstance(data, str):
        raise TypeError(f"load_yaml: {source}: expected text, bytes or a file object, got {type(data).__name__}")
    return data


def load_yaml(
    text_or_stream: str | bytes | IO[str] | IO[bytes],
    *,
    source: str,
    max_depth: int = MAX_DEPTH,
    max_alias_nodes: int = MAX_ALIAS_NODES,
    depth_hint: str = "",
) -> Any:
    """Parse one YAML document safely: plain data only, bounded depth and alias expansion.

    ``source`` (usually the file path) starts every error message. Returns what
    ``yaml.safe_load`` would (``None`` for an empty document). Raises
    :class:`YamlError` for syntax errors, characters YAML does not allow, text
    that is not UTF-8, and documents refused by the limits.
    """
    text = _as_text(text_or_stream, source)
    loader: LimitedSafeLoader | None = None
    try:
        loader = LimitedSafeLoader(text, max_depth=max_depth, max_alias_nodes=max_alias_nodes, depth_hint=depth_hint)
        return loader.get_single_data()
    except _Refused as exc:
        mark = exc.problem_mark
        raise YamlError(
            source,
            str(exc.problem),
            line=mark.line + 1 if mark is not None else None,
            column=mark.column + 1 if mark is not None else None,
            kind="refused",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control character
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlError(
            source,
            f"character U+{char:04X} is not allowed in YAML (a control character; is this a text file?)",
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(
            source,
            str(problem),
            line=mark.line + 1 if mark is not None else None,
            column=mark.column + 1 if mark is not None else None,
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
