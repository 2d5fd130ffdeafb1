"""Small UI helpers for the Streamlit app: strings (i18n), session state, HTML rendering, navigation.

No business logic lives here; pages call :mod:`analysis` and use these helpers to render.
"""
