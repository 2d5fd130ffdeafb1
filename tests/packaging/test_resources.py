"""``analysis.resources``: the shipped files are found in a checkout and, when present, inside the package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import resources
from analysis.codebook import shipped_codebooks, shipped_dir

ROOT = Path(__file__).resolve().parents[2]


def test_in_a_checkout_the_folders_beside_the_package() -> None:
    assert resources.codebooks_dir() == ROOT / "codebooks"
    assert resources.demo_dir() == ROOT / "corpora" / "demo"
    assert resources.app_script() == ROOT / "ui" / "entry" / "app.py"
    assert resources.app_script().is_file()


def test_packaged_copies_win_when_the_package_carries_them(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shipped = tmp_path / "_shipped"
    shutil.copytree(ROOT / "codebooks", shipped / "codebooks")
    (shipped / "codebooks" / "almelo.yaml").unlink()
    (shipped / "demo").mkdir()
    monkeypatch.setattr(resources, "SHIPPED", shipped)
    assert resources.codebooks_dir() == shipped / "codebooks"
    assert resources.demo_dir() == shipped / "demo"
    assert shipped_dir() == shipped / "codebooks"
    assert "almelo" not in shipped_codebooks() and "sociaal-domein" in shipped_codebooks()


def test_the_app_entry_scripts_run_the_packaged_app() -> None:
    """``app.py`` (checkout) and ``ui/entry/app.py`` (demo, serve, wheel) hold no app of their own."""
    entry = resources.app_script().read_text(encoding="utf-8")
    assert "from ui.app import main" in entry and "st." not in entry
    checkout = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "ui/entry/app.py" in checkout.replace('" / "', "/") and "streamlit" not in checkout.split('"""')[-1]
