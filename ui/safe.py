"""The one escaping helper for user-supplied text on the pages (against Markdown injection).

Code names, source names, speakers, descriptions, memos and quotes come from codebooks, manifests and
imported projects: they must show as the text they are. Streamlit renders Markdown (with HTML when
``unsafe_allow_html``), LaTeX between dollars and its own directives (``:red[…]``, ``:material/…:``) in
``st.markdown``, ``st.caption``, expanders, tabs, alerts and button labels, so ``![p](http://…)`` would
load an image from that address, ``[phish](http://…)`` would be a live link and ``$x^2$`` a formula.

:func:`md` turns every character that Markdown, HTML, LaTeX or a directive gives a meaning to into a
numeric character reference (``[`` becomes ``&#91;``). The parser decodes those to plain characters
*after* it has decided what is markup, so the reader sees exactly the original text, in a Markdown
context and inside HTML (text and attribute values) alike. Use it for every name a page formats into
such a call; widgets that render plain text (select boxes, data frames) need nothing.
"""

from __future__ import annotations

import re

# Markdown and GFM inline punctuation, HTML, LaTeX ($). Line-start syntax (lists, headings) needs no
# escape: names hold no line breaks and md_lines turns breaks into <br>.
_SPECIAL = "\\`*_{}[]()<>#!|~$&\"'"
# A colon before something (``http://``, ``:red[``, ``:material/home:``, ``:smile:``) and ``www.`` start an
# autolink, a directive or an icon; a colon before a space or at the end ("duidelijk: bij") is only text.
_COLON = re.compile(r":(?=\S)")
_WWW = re.compile(r"(?i)\b(www)\.")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL} | {
    ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#x27;"  # as html.escape
}


def md(text: object) -> str:
    """``text`` as inert text for Markdown/HTML: shown exactly as written, never as markup."""
    if text is None:
        return ""
    out = str(text).translate(_TABLE)
    return _WWW.sub(r"\1&#46;", _COLON.sub("&#58;", out))


def md_lines(text: object) -> str:
    """Like :func:`md`, keeping line breaks as ``<br>`` (for ``unsafe_allow_html`` blocks)."""
    return md(text).replace("\r\n", "\n").replace("\n", "<br>")
