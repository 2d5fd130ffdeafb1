"""The wheel runs anywhere: built from the checkout, installed outside it, the demo and the server work.

Offline by construction (no registry is asked):

* the wheel is built from a copy of the checkout in ``tmp_path`` with ``pip wheel --no-deps
  --no-build-isolation`` (the checkout itself gets no ``build/`` or ``*.egg-info``);
* the fresh environment is a new venv (``venv``, no pip of its own) that sees this interpreter's
  site-packages through a ``.pth`` file, for the dependencies only: the wheel goes in with
  ``pip --python <fresh venv> install --no-deps --no-index``. A ``.pth`` line only appends a folder to
  ``sys.path``; the ``.pth`` files inside that folder (an editable install of the checkout) are not run,
  and the test checks that ``analysis``, ``ui`` and ``views`` are imported from the fresh venv;
* every command runs in another folder, without ``PYTHONPATH``.

It takes about a minute on an idle machine (most of it auto-coding the demo); marked ``slow``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import venv
from pathlib import Path

import pytest

from analysis.demo import _free_port, _stop_group, answers_health

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups and venv layout"),
]

# Top-level entries of the checkout a wheel build does not need (tests, docs, local state).
SKIP_TOP = {
    ".git", ".venv", ".ci", "tests", "docs", "notebooks", "benchmarks", "scripts", "build", "dist",
    "demo-project", "test-artifacts", ".pytest_cache", ".hypothesis", ".ruff_cache",
}  # fmt: skip


def _ignore(folder: str, names: list[str]) -> set[str]:
    skip = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".egg-info")) or n == "_shipped"}
    if Path(folder).resolve() == ROOT:
        skip |= SKIP_TOP & set(names)
    return skip


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    proc = subprocess.run(cmd, check=False, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build the wheel, install it into a fresh venv; the venv's python, bin folder, site-packages, env."""
    pytest.importorskip("setuptools", minversion="77")
    base = tmp_path_factory.mktemp("wheel")
    src, dist, env_dir = base / "src", base / "dist", base / "venv"
    shutil.copytree(ROOT, src, ignore=_ignore)
    clean_env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DUIDING_PROJECT", "DATABASE_URL"}}
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), "."],
        cwd=src,
        env=clean_env,
    )
    (wheel,) = dist.glob("duiding-*.whl")

    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     cwd=base, env=clean_env).strip())  # fmt: skip
    import site as this_site

    (site / "zz_dependencies.pth").write_text("\n".join(this_site.getsitepackages()) + "\n", encoding="utf-8")
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        cwd=base,
        env=clean_env,
    )
    elsewhere = base / "elders"
    elsewhere.mkdir()
    env = dict(clean_env, PATH=f"{env_dir / 'bin'}{os.pathsep}{clean_env.get('PATH', '')}")
    env.pop("VIRTUAL_ENV", None)
    return {"python": python, "bin": env_dir / "bin", "site": site, "cwd": elsewhere, "env": env, "wheel": wheel}


def test_wheel_carries_the_app_the_codebooks_and_the_demo(installed: dict) -> None:
    import zipfile

    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    assert "analysis/_shipped/codebooks/sociaal-domein.yaml" in names
    assert "analysis/_shipped/demo/manifest.csv" in names
    assert "analysis/_shipped/demo/verslagen/kop-sjabloon.yaml" in names
    assert {"ui/app.py", "ui/entry/app.py", "ui/nav.py", "views/review.py"} <= names
    assert "analysis/store/migrations/versions/0001_initial_schema.py" in names
    assert not any("__pycache__" in n or n.startswith(("tests/", "corpora/", "codebooks/")) for n in names)


def test_installed_wheel_imports_from_its_own_site_packages(installed: dict) -> None:
    code = (
        "import json, importlib.util as u, analysis, ui.app, ui.nav;"
        "from analysis.resources import app_script, codebooks_dir, demo_dir;"
        "from analysis.codebook import shipped_codebooks;"
        "print(json.dumps({'analysis': analysis.__file__, 'ui': ui.app.__file__,"
        " 'views': u.find_spec('views.review').origin, 'app': str(app_script()),"
        " 'codebooks': str(codebooks_dir()), 'demo': str(demo_dir()), 'shipped': sorted(shipped_codebooks()),"
        " 'pages': [p.file for p in ui.nav.page_specs()]}))"
    )
    out = json.loads(_run([str(installed["python"]), "-c", code], cwd=installed["cwd"], env=installed["env"]))
    site = str(installed["site"])
    for key in ("analysis", "ui", "views", "app", "codebooks", "demo"):
        assert out[key].startswith(site), (key, out[key])
    assert Path(out["app"]).is_file()
    assert {"sociaal-domein", "almelo", "deventer", "berkelland"} <= set(out["shipped"])
    assert "views/themes.py" in out["pages"]  # the optional pages are found in the wheel too


def test_duiding_demo_and_serve_from_another_folder(installed: dict) -> None:
    cwd, env, bin_dir = installed["cwd"], installed["env"], installed["bin"]
    out = _run([str(bin_dir / "duiding"), "demo", "--no-serve", "--project", "demo-project"], cwd=cwd, env=env)
    assert (cwd / "demo-project" / "duiding.sqlite").is_file()
    assert "_shipped" in out and str(ROOT) not in out, out  # the packaged corpus, not the checkout's
    assert "4 codebooks" in out and "127 stories" in out, out

    # The packaged app runs on the project (Streamlit's test runner, in the fresh venv).
    script = (
        "import os; from streamlit.testing.v1 import AppTest; from analysis.resources import app_script;"
        "at = AppTest.from_file(str(app_script()), default_timeout=120); at.run();"
        "assert not at.exception, [e.value for e in at.exception]; print('app ok', len(at.markdown))"
    )
    app_env = dict(env, DUIDING_PROJECT=str(cwd / "demo-project"))
    assert "app ok" in _run([str(installed["python"]), "-c", script], cwd=cwd, env=app_env)

    port = _free_port("127.0.0.1")
    log = cwd / "serve.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [str(bin_dir / "duiding"), "serve", "--project", "demo-project", "--port", str(port)],
            cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not answers_health(url):
            assert proc.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.5)
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200
            assert b"<html" in r.read().lower()
    finally:
        _stop_group(proc)
    assert proc.returncode is not None
    assert "Serving 1 project(s)" in log.read_text(errors="replace")
