"""Streamlit's own English texts replaced by ours (Dutch by default, English when chosen).

Streamlit writes "Choose an option", "No options to select", "Select all", the uploader's "Upload" and
"200MB per file" in its browser code. The supported ways round them are used here, once for every page:

- ``selectbox``/``multiselect`` get our ``placeholder`` whenever a page gives none (Streamlit shows its
  English default only for an empty placeholder), and ``multiselect`` has no "Select all" entry
  (``select_all=False``) unless a page asks for it;
- the file uploader's button and instructions get a small CSS override, scoped to the uploader's
  ``data-testid`` elements (no other way exists: the texts are not parameters);
- a URL that names no page (an old bookmark, a typo) makes ``st.navigation`` send the browser its English
  "Page not found" dialog; instead the main page opens with a Dutch note on top (Streamlit 1.67 sends that
  message from ``streamlit.commands.navigation.send_page_not_found``, which is replaced here; should a later
  Streamlit move it, the English dialog comes back and ``tests/ui/test_page_not_found_browser.py`` fails).
  Streamlit's script runner has a second sender (a page hash it cannot find, e.g. after the page list
  changed); every ``page_not_found`` message, whoever sends it, is therefore also stopped where messages
  leave a run (``ScriptRunContext.enqueue``) and the same note shown on the main page instead;
- a toast longer than three lines is cut off by Streamlit behind an English "view more" / "view less"
  link: our toasts show their whole text instead (CSS on the toast's ``data-testid`` elements; a very long
  one scrolls within the toast).

:func:`apply` is called at the top of every run (``app.py``); the wrappers read the language per call.
"""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from .i18n import t

_WRAPPED = "_duiding_dutch_defaults"
_NOT_FOUND: set[str] = set()  # sessions whose next run shows the note (Streamlit wanted its dialog)


def _with_defaults(method: Any, multiselect: bool) -> Any:
    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("placeholder"):
            kwargs["placeholder"] = t("widget.choose_many" if multiselect else "widget.choose")
        if multiselect:
            kwargs.setdefault("select_all", False)
        return method(self, *args, **kwargs)

    setattr(call, _WRAPPED, True)
    return call


def _install() -> None:
    for name, multi in (("selectbox", False), ("multiselect", True)):
        method = getattr(DeltaGenerator, name)
        if not getattr(method, _WRAPPED, False):
            setattr(DeltaGenerator, name, _with_defaults(method, multi))
        # ``st.selectbox`` is a method bound to the main container when Streamlit is imported: bind again.
        bound = getattr(st, name)
        if not getattr(getattr(bound, "__func__", None), _WRAPPED, False):
            owner = getattr(bound, "__self__", None)
            if owner is not None:
                setattr(st, name, getattr(DeltaGenerator, name).__get__(owner))
    _install_page_not_found()


def _page_not_found_note(ctx: Any) -> None:
    """Instead of Streamlit's English dialog: a Dutch note on the main page, which runs next."""
    if _names_the_main_page(getattr(getattr(ctx, "pages_manager", None), "intended_page_name", None)):
        return
    st.warning(t("widget.page_not_found"), icon=":material/link_off:")


def _names_the_main_page(name: str | None) -> bool:
    """``/beoordelen`` is the main page's own name: Streamlit serves that page at ``/`` only and calls its
    name "not found", but the page it then shows is the one asked for (no note)."""
    from .nav import page_specs

    return bool(name) and name.strip("/") in {spec.url_path for spec in page_specs() if spec.default}


def _install_page_not_found() -> None:
    from streamlit.commands import navigation
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

    if callable(getattr(navigation, "send_page_not_found", None)):
        navigation.send_page_not_found = _page_not_found_note
    enqueue = getattr(ScriptRunContext, "enqueue", None)
    if callable(enqueue) and not getattr(enqueue, _WRAPPED, False):
        ScriptRunContext.enqueue = _without_page_not_found(enqueue)


def _without_page_not_found(enqueue: Any) -> Any:
    """``enqueue`` that keeps any ``page_not_found`` message from the browser: the note shows instead."""

    @functools.wraps(enqueue)
    def call(self: Any, msg: Any) -> None:
        if msg.WhichOneof("type") == "page_not_found":
            if not _names_the_main_page(msg.page_not_found.page_name):
                _NOT_FOUND.add(self.session_id)  # the run that follows (the main page) shows the note
            return
        enqueue(self, msg)

    setattr(call, _WRAPPED, True)
    return call


def _show_page_not_found() -> None:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.session_id in _NOT_FOUND:
        _NOT_FOUND.discard(ctx.session_id)
        _page_not_found_note(ctx)


def uploader_css() -> str:
    """The CSS that puts our words on the file uploader (button and instructions) and shows a toast whole."""
    button = t("widget.upload_button").replace('"', "'")
    hint = t("widget.upload_hint", size=_max_upload_mb()).replace('"', "'")
    return (
        "<style>"
        '[data-testid="stFileUploaderDropzone"] button {font-size: 0;}'
        '[data-testid="stFileUploaderDropzone"] button * {display: none;}'
        f'[data-testid="stFileUploaderDropzone"] button::after {{content: "{button}"; font-size: 0.875rem;}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] > * {display: none;}'
        f'[data-testid="stFileUploaderDropzoneInstructions"]::after {{content: "{hint}"; font-size: 0.875rem;}}'
        f"{TOAST_CSS}</style>"
    )


TOAST_CSS = (
    '[data-testid="stToastText"] {display: block !important; overflow-y: auto !important; max-height: 40vh;'
    " -webkit-line-clamp: unset !important;}"
    '[data-testid="stToastViewButton"] {display: none !important;}'
)


def _max_upload_mb() -> int:
    try:
        return int(st.get_option("server.maxUploadSize"))
    except Exception:  # noqa: BLE001 - outside a server the default applies
        return 200


def apply() -> None:
    """Install the widget defaults (once per process), put the uploader's and toast's CSS on this page and
    the note for a page that was not found."""
    _install()
    st.html(uploader_css())
    _show_page_not_found()
