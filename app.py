"""Duiding workbench in a checkout: ``streamlit run app.py``.

A thin entry: it runs ``ui/entry/app.py``, the script ``duiding demo`` and ``duiding serve`` start (an
installed wheel carries it too); the app itself is :func:`ui.app.main`.
"""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parent / "ui" / "entry" / "app.py"), run_name="__main__")
