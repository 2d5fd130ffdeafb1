"""The fictional demo project: build it from ``corpora/demo/`` and serve the app on it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .store import Project

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "corpora" / "demo"
DEMO_CODEBOOK = "sociaal-domein"


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def build_demo(
    location: str | Path,
    *,
    demo_dir: Path = DEMO_DIR,
    autocode: bool = True,
    stories: bool = True,
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
    n_stories = 0
    if stories:
        n_stories = _load_demo_stories(project, demo_dir / "stories", log)
    if autocode:
        try:
            from .coding import auto_code
        except ImportError:  # auto-coding not installed in this build
            log("Demo: auto-coding unavailable, skipped")
        else:
            report = auto_code(project, DEMO_CODEBOOK, progress=False)
            log(f"Demo: auto-coding done ({report})")
    stats = project.stats()
    project.close()
    return (
        f"Demo project at {location}: {stats['sources']} sources, {stats['passages']} passages, "
        f"{stats['codebooks']} codebooks, {stats['suggested']} suggestions"
        + (f", {n_stories} stories" if n_stories else "")
        + "."
    )


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


def serve(location: str | Path, *, port: int = 8501, headless: bool = True) -> int:
    """Run ``streamlit run app.py`` on the project; returns streamlit's exit code."""
    env = dict(os.environ, DUIDING_PROJECT=str(Path(location).resolve()))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "localhost",
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
    ]
    return subprocess.call(cmd, env=env)
