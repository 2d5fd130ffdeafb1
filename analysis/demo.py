"""The fictional demo project: build it from ``corpora/demo/`` and serve the app on it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import DuidingError
from .resources import ROOT, app_script, demo_dir
from .store import Project

DEMO_DIR = demo_dir()
DEMO_CODEBOOK = "sociaal-domein"


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def build_demo(
    location: str | Path,
    *,
    demo_dir: Path = DEMO_DIR,
    autocode: bool = True,
    stories: bool = True,
    reference_coding: bool = False,
    log: Callable[[str], None] = _log,
) -> str:
    """Create (or refresh) the demo project; safe to run again (nothing is duplicated)."""
    from .codebook import load_codebook, shipped_codebooks
    from .corpus import load_manifest
    from .corpus.batch import ingest_paths

    project = Project.create(location)
    manifest = demo_dir / "manifest.csv"
    entries = load_manifest(manifest)
    log(f"Demo: {len(entries)} transcripts from {demo_dir}")
    result = ingest_paths(project, sorted(entries), manifest=manifest)
    for f in result.failed:
        log(f"  failed: {f.reason}")
    for cb_id, path in sorted(shipped_codebooks().items()):
        project.save_codebook(load_codebook(path))
    log(f"Demo: codebooks {', '.join(sorted(shipped_codebooks()))}")
    _store_heading_template(project, demo_dir / "verslagen" / "kop-sjabloon.yaml", log)
    n_stories = 0
    if stories:
        n_stories = _load_demo_stories(project, demo_dir / "stories", log)
    reference = None
    if reference_coding:
        from .demo_reference import load_reference_coding

        reference = load_reference_coding(project, demo_dir)
        log(f"Demo: {reference}")
    if autocode:
        from .coding import auto_code

        report = auto_code(project, DEMO_CODEBOOK, progress=False)
        log(f"Demo: auto-coding done ({report})")
    stats = project.stats()
    project.close()
    return (
        f"Demo project at {location}: {stats['sources']} sources, {stats['passages']} passages, "
        f"{stats['codebooks']} codebooks, {stats['suggested']} suggestions"
        + (f", {n_stories} stories" if n_stories else "")
        + (f", {reference}" if reference is not None else "")
        + "."
    )


def _store_heading_template(project: Project, path: Path, log: Callable[[str], None]) -> None:
    """The demo study's 'codeer op kop' template, ready on its page for the gespreksverslagen (once)."""
    if not path.is_file():
        return
    from .coding.headings import load_template, save_template, stored_templates

    template = load_template(path)
    if template.name not in stored_templates(project):
        save_template(project, template)
        log(f"Demo: heading template {template.name!r} for the gespreksverslagen (page Codeer op kop)")


def _load_demo_stories(project: Project, folder: Path, log: Callable[[str], None]) -> int:
    """Import the demo story collections listed in ``stories/collections.yaml`` (once)."""
    manifest = folder / "collections.yaml"
    if not manifest.is_file():
        return 0
    from .stories import import_manifest, save_collection

    existing = {c["name"] for c in project.story_collections()}
    n = 0
    for result in import_manifest(manifest):
        result.raise_for_errors()
        if result.collection.name in existing:
            continue
        n += len(save_collection(project, result.collection))
    if n:
        log(f"Demo: {n} stories")
    return n


def streamlit_command(*, port: int, host: str, headless: bool) -> list[str]:
    """``streamlit run`` of the app's script on ``host:port`` without usage statistics.

    The settings of the checkout's ``.streamlit/config.toml`` are given here too: Streamlit reads that file
    from the working folder only, and an installed Duiding starts from anywhere.
    """
    return [
        sys.executable, "-m", "streamlit", "run", str(app_script()),
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
    ]  # fmt: skip


def serve(location: str | Path, *, port: int = 8501, headless: bool = True) -> int:
    """Run the app (``streamlit run`` of :func:`~analysis.resources.app_script`) on the project; returns its exit code."""
    env = dict(os.environ, DUIDING_PROJECT=str(Path(location).resolve()))
    cmd = streamlit_command(port=port, host="localhost", headless=headless)
    return subprocess.call(cmd, cwd=ROOT, env=env)


class ServeError(DuidingError, RuntimeError):
    """The background Streamlit server exited or did not become healthy in time."""

    default_key = "demo.serve_failed"


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def answers_health(url: str) -> bool:
    """Whether the Streamlit server at ``url`` (``http://host:port``) answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _log_tail(log_file: Path, n_chars: int = 3000) -> str:
    try:
        tail = log_file.read_text(encoding="utf-8", errors="replace")[-n_chars:]
    except OSError as e:
        return f"(log unreadable: {e})"
    return tail or "(the log is empty)"


def _stop_group(proc: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM the whole process group of ``proc`` (a session leader); SIGKILL it when it lingers."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:  # the group is gone already
        pass
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace)


@contextmanager
def serve_in_background(
    location: str | Path,
    *,
    port: int | None = None,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 60.0,
    log_file: str | Path | None = None,
    host: str = "127.0.0.1",
) -> Iterator[str]:
    """Run the app (``streamlit run``) on the project in a subprocess; yield its base URL.

    ``location`` is a project folder or a database URL (passed as ``DUIDING_PROJECT``).
    ``port=None`` picks a free port. ``env`` adds variables on top of ``os.environ``; a
    value of ``None`` removes that variable. Streamlit's output goes to ``log_file``
    (a temporary file when None, removed afterwards unless the error names it). The server counts as
    up once ``/_stcore/health`` answers; when it exits first or stays silent for
    ``timeout`` seconds, :class:`ServeError` names the exit code and the log. On leaving
    the block the server's whole process group is stopped (SIGTERM, then SIGKILL).
    """
    location = str(location) if "://" in str(location) else str(Path(location).resolve())
    port = _free_port(host) if port is None else port
    url = f"http://{host}:{port}"
    own_log = log_file is None
    if log_file is None:
        fd, name = tempfile.mkstemp(prefix="duiding-streamlit-", suffix=".log")
        os.close(fd)
        log_file = name
    log_path = Path(log_file)

    child_env = dict(os.environ, DUIDING_PROJECT=location)
    for key, value in (env or {}).items():
        if value is None:
            child_env.pop(key, None)
        else:
            child_env[key] = value
    cmd = [*streamlit_command(port=port, host=host, headless=True), "--server.fileWatcherType", "none"]
    with log_path.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=child_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    keep_log = not own_log
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                keep_log = True
                raise ServeError(
                    "demo.app_exited", script=app_script(), code=proc.returncode, url=url, log=log_path,
                    tail=_log_tail(log_path),
                )
            if answers_health(url):
                break
            if time.monotonic() > deadline:
                keep_log = True
                raise ServeError(
                    "demo.app_no_answer", script=app_script(), url=url, timeout=f"{timeout:g}", log=log_path,
                    tail=_log_tail(log_path),
                )
            time.sleep(0.25)
        yield url
    finally:
        _stop_group(proc)
        if not keep_log:
            log_path.unlink(missing_ok=True)
