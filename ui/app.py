"""The Duiding app: the sidebar, the login and the navigation over the pages in ``views/``.

:func:`main` runs once per Streamlit run. Two scripts call it: ``app.py`` in a checkout
(``streamlit run app.py``) and ``ui/entry/app.py``, which ``duiding demo`` and ``duiding serve`` start in a
checkout and an installed wheel alike. The project comes from ``DUIDING_PROJECT`` or is opened/created on
the Project page. The pages call :mod:`analysis` and render, nothing more. (Not in ``pages/``: next to the
main script that name switches on Streamlit's legacy multipage mode, which runs a page without the main
script when a deep link such as ``/corpus`` opens a fresh server.)
"""

from __future__ import annotations

import streamlit as st

from ui import dutch, state
from ui.i18n import LANGUAGES, t
from ui.login import logged_in_user, require_login
from ui.nav import navigation


def main() -> None:
    st.set_page_config(page_title="Duiding", page_icon="🔎", layout="wide")
    state.init()
    dutch.apply()  # our words instead of Streamlit's English defaults (placeholders, uploader)
    # Streamlit drops a widget's value when a page switch skips a run of it; re-assigning keeps the coder's name.
    if "coder" in st.session_state:
        st.session_state["coder"] = st.session_state["coder"]

    with st.sidebar:
        st.radio(
            "Taal / Language",
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key="lang",
            horizontal=True,
        )
        st.text_input(
            t("sidebar.coder"), key="coder", help=t("sidebar.coder_help"), disabled=logged_in_user() is not None
        )
        location = state.project_location()
        if location:
            st.caption(t("sidebar.project", location=state.display_location(location)))
        else:
            st.caption(t("sidebar.no_project"))

    require_login()  # projects with accounts: sign in first (single-user mode: nothing happens)
    page = navigation()
    page.run()
