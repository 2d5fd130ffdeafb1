"""Errors and warnings raised while reading, validating and writing codebooks."""

from __future__ import annotations

from collections.abc import Iterable


class CodebookError(ValueError):
    """A codebook (file, dict or .qdc) is invalid.

    ``messages`` holds one readable line per problem, each naming the file, the
    location inside the codebook (e.g. ``codes[2] (toegang) > codes[0]
    (wachttijden)``) and the field, e.g.::

        codebooks/x.yaml: codes[2] (toegang) > codes[0] (wachttijden): colour: '#12' is not a colour of the form #rrggbb
    """

    def __init__(self, messages: str | Iterable[str], source: str | None = None) -> None:
        if isinstance(messages, str):
            messages = [messages]
        self.messages: list[str] = list(messages)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        if len(self.messages) == 1:
            return self.messages[0]
        where = f" in {self.source}" if self.source else ""
        lines = "\n".join(f"  {m}" for m in self.messages)
        return f"{len(self.messages)} problems{where}:\n{lines}"


class CodebookWarning(UserWarning):
    """A tolerated defect, e.g. a .qdc colour without '#' or a GUID in braces."""
