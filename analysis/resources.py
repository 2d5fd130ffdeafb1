"""Where the files Duiding ships live: the codebooks, the demo corpus and the app's script.

The same code runs from a checkout (an editable install, or ``PYTHONPATH``) and from an installed wheel:

* in a checkout they sit beside ``analysis/``: ``codebooks/``, ``corpora/demo/``, ``ui/``, ``views/``;
* the wheel carries the codebooks and the demo corpus inside the package, in ``analysis/_shipped/``
  (copied there at build time by ``setup.py``), and ``ui/`` and ``views/`` as top-level packages beside
  ``analysis/`` in site-packages, so the app's folders keep their places relative to each other.

Nothing here imports the UI: the app's script is found as a file.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# The folder holding ``analysis/`` (and ``ui/``, ``views/``): the checkout, or site-packages.
ROOT = PACKAGE.parent
# Inside an installed wheel only (see setup.py).
SHIPPED = PACKAGE / "_shipped"


def _shipped(name: str, checkout: Path) -> Path:
    packaged = SHIPPED / name
    return packaged if packaged.is_dir() else checkout


def codebooks_dir() -> Path:
    """The shipped codebooks: ``codebooks/`` in a checkout, ``analysis/_shipped/codebooks`` in a wheel."""
    return _shipped("codebooks", ROOT / "codebooks")


def demo_dir() -> Path:
    """The fictional demo corpus: ``corpora/demo/`` in a checkout, ``analysis/_shipped/demo`` in a wheel."""
    return _shipped("demo", ROOT / "corpora" / "demo")


def app_script() -> Path:
    """The script ``streamlit run`` starts (``duiding demo``, ``duiding serve``), in a checkout and a wheel alike.

    It sits alone in its folder because Streamlit puts the script's folder first on ``sys.path``.
    """
    return ROOT / "ui" / "entry" / "app.py"


__all__ = ["ROOT", "app_script", "codebooks_dir", "demo_dir"]
