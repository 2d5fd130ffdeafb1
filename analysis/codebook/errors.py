"""Errors and warnings raised while reading, validating and writing codebooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import DEFAULT_LANGUAGE, DuidingError, display_name, localise, render


class CodebookError(DuidingError, ValueError):
    """A codebook (file, dict or .qdc) is invalid.

    ``messages`` holds one readable line per problem, each naming the file, the
    location inside the codebook (e.g. ``codes[2] (toegang) > codes[0]
    (wachttijden)``) and the field, e.g.::

        codebooks/x.yaml: codes[2] (toegang) > codes[0] (wachttijden): colour: '#12' is not a colour of the form #rrggbb

    ``str(err)`` is English; ``err.message("nl")`` is Dutch, names the file without its folder and says what to
    do. Lines that are :class:`analysis.errors.KeyedText` are translated too. A specific ``key`` (for example
    ``codebook.empty``) replaces the list by its own message.
    """

    default_key = "codebook.invalid"

    def __init__(
        self, messages: str | Iterable[str], source: str | None = None, key: str | None = None, **params: Any
    ) -> None:
        if isinstance(messages, str):
            messages = [messages]
        self.messages: list[str] = list(messages)
        self.source = source
        file = display_name(source) if source and not source.startswith(("codebook ", "<")) else (source or "")
        super().__init__(key or self.default_key, file=file, n=len(self.messages), **params)
        self.args = (self._render(),)

    def _render(self) -> str:
        if len(self.messages) == 1:
            return self.messages[0]
        where = f" in {self.source}" if self.source else ""
        lines = "\n".join(f"  {m}" for m in self.messages)
        return f"{len(self.messages)} problems{where}:\n{lines}"

    def problems(self, lang: str = DEFAULT_LANGUAGE) -> list[str]:
        """The problem lines in ``lang``, with the file named without its folder."""
        lines = [localise(m, lang) for m in self.messages]
        if self.source and self.params.get("file") and self.params["file"] != self.source:
            lines = [line.replace(self.source, self.params["file"]) for line in lines]
        return lines

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        if self.key != self.default_key:
            return super().message(lang)
        problems = "\n".join(f"- {line}" for line in self.problems(lang))
        return render(self.key, {**self.params, "problems": problems}, lang)


class CodebookWarning(UserWarning):
    """A tolerated defect, e.g. a .qdc colour without '#' or a GUID in braces."""
