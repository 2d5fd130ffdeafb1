"""End to end in a real headless Chromium: accept a suggestion, reload, see it persisted.

Needs the system Chromium at /usr/bin/chromium (``apt-get install chromium``);
Playwright's own browser downloads are never used. Screenshots go to
``test-artifacts/review.png`` and ``test-artifacts/codebook.png``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.domain import CodingStatus

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium: install it with `apt-get install -y chromium`"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"streamlit did not answer within {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


def _settle(page) -> None:
    """Wait until Streamlit has finished the current run (no running-status widget, no stale elements)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(800)


@pytest.fixture
def server(project_dir, tmp_path):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "streamlit.log"
    env = dict(os.environ, DUIDING_PROJECT=str(project_dir), DUIDING_USER="browser-tester")
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)


def test_accept_in_the_browser_persists_across_a_reload(server, store, codebook_id):
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    open_before = store.codings(codebook_id=codebook_id, status="suggested")

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(server, wait_until="domcontentloaded")
            page.get_by_role("heading", name="Beoordelen & coderen").wait_for()
            accept = page.get_by_role("button", name="✓ Accepteren").first
            accept.wait_for()
            accept.click()
            page.get_by_role("button", name="Code verwijderen").first.wait_for()
            _settle(page)
            page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)

            # stored at once, by the coder named in the sidebar
            accepted = store.codings(codebook_id=codebook_id, status="accepted")
            assert len(accepted) == 1
            assert accepted[0].coder == "browser-tester"
            assert accepted[0].id in {c.id for c in open_before}
            passage = store.get_passage(accepted[0].passage_id)

            # a fresh page (new session) shows it: filter the queue on accepted codings
            page.reload(wait_until="domcontentloaded")
            page.get_by_role("heading", name="Beoordelen & coderen").wait_for()
            status_box = page.get_by_test_id("stSelectbox").filter(has_text="Status")
            status_box.click()
            page.get_by_role("option", name="Geaccepteerd").click()
            page.get_by_text("Passage 1 van 1").wait_for()
            page.get_by_role("button", name="Code verwijderen").first.wait_for()
            assert page.get_by_text(passage.text[:40]).count() >= 1

            page.goto(f"{server}/codeboek", wait_until="domcontentloaded")
            page.get_by_role("heading", name="Codeboek").wait_for()
            page.get_by_role("button", name="⬇ YAML").wait_for()
            _settle(page)
            page.screenshot(path=str(ARTIFACTS / "codebook.png"), full_page=True)
        finally:
            browser.close()

    assert CodingStatus(store.get_coding(accepted[0].id).status) is CodingStatus.ACCEPTED
    assert (ARTIFACTS / "review.png").stat().st_size > 0 and (ARTIFACTS / "codebook.png").stat().st_size > 0
