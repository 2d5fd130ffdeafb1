"""The script ``duiding demo`` and ``duiding serve`` start (``streamlit run``); the app is :func:`ui.app.main`.

Alone in its folder: Streamlit puts the script's folder first on ``sys.path``, and ``ui/``'s own
modules (``format``, ``state``, ``progress`` ...) must not shadow anything there.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the folder holding ui/, views/ and analysis/
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui.app import main  # after the path is set

main()
