"""Numbers, times and errors the way a Dutch reader expects them (English when English is chosen).

``number(12.6, 1)`` is ``"12,6"`` in Dutch and ``"12.6"`` in English; ``percent(0.126)`` is ``"12,6 %"``
(Dutch puts a space before the sign) and ``"12.6%"`` in English; ``local_time`` turns a stored UTC time into
the reader's local time; ``error_text`` renders any exception through the errors catalogue, in the chosen
language, without temporary folder paths.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from datetime import datetime, timezone
from typing import Any

from analysis.errors import message

from .i18n import current_language


def number(value: Any, decimals: int = 0, lang: str | None = None) -> str:
    """``value`` with ``decimals`` decimals, thousands grouped: ``1.234,5`` (nl) or ``1,234.5`` (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,d}"
    if (lang or current_language()) == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(share: Any, decimals: int = 1, lang: str | None = None) -> str:
    """A share (0-1) as a percentage: ``12,6 %`` (nl) or ``12.6%`` (en); a whole number shows no ``,0``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    value = 100 * float(share)
    if decimals and abs(value - round(value)) < 0.5 * 10**-decimals:
        decimals = 0
    lang = lang or current_language()
    return f"{number(value, decimals, lang)} %" if lang == "nl" else f"{number(value, decimals, lang)}%"


def local_time(value: Any, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """A stored time (naive = UTC, as the store writes it) in the local time zone of this machine."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone().strftime(fmt)


_TEMP_PATH = re.compile(re.escape(tempfile.gettempdir().rstrip(os.sep)) + r"[^\s:'\"]*[/\\]([^/\\\s:'\"]+)")


def error_text(err: BaseException, lang: str | None = None) -> str:
    """The text for any error in the chosen language; temporary folders in it are cut down to the file name."""
    return _TEMP_PATH.sub(r"\1", message(err, lang or current_language()))


def with_percentages(frame: Any, columns: Any, decimals: int = 1) -> Any:
    """A copy of a DataFrame with the share ``columns`` (0-1) written as Dutch (or English) percentages."""
    out = frame.copy()
    for col in columns:
        if col in out.columns:
            out[col] = [percent(v, decimals) for v in out[col]]
    return out


def with_numbers(frame: Any, columns: Any, decimals: int) -> Any:
    """A copy of a DataFrame with the number ``columns`` written with a decimal comma (Dutch) or point."""
    out = frame.copy()
    for col in columns:
        if col in out.columns:
            out[col] = [number(v, decimals) for v in out[col]]
    return out
