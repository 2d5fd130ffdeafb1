"""``analysis.demo.serve_in_background``: the one way scripts and tests start the app in the background."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from analysis.demo import ServeError, serve_in_background

ROOT = Path(__file__).resolve().parents[2]


def _streamlit_pids(port: int) -> list[int]:
    """Processes still running ``streamlit run`` on ``port`` (read from /proc)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:  # the process ended while we looked
            continue
        if b"streamlit" in args and b"--server.port" in args and str(port).encode() in args:
            pids.append(int(cmdline.parent.name))
    return pids


def _port(message: str) -> int:
    match = re.search(r"http://127\.0\.0\.1:(\d+)", message)
    assert match, message
    return int(match.group(1))


pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to look for left-over servers")


def test_a_server_that_dies_raises_with_its_exit_code_and_log(tmp_path):
    log = tmp_path / "streamlit.log"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with (
            pytest.raises(ServeError) as err,
            serve_in_background(tmp_path / "proj", port=port, timeout=60, log_file=log),
        ):
            pytest.fail("the server cannot be up: its port is taken")
    message = str(err.value)
    assert re.search(r"exited with code -?[1-9]", message), message
    assert f"log: {log}" in message
    assert log.is_file() and log.read_text().strip()
    assert log.read_text().strip()[-200:] in message  # the log's end is in the message
    assert _streamlit_pids(port) == []


def test_a_server_that_stays_silent_raises_and_is_stopped(tmp_path):
    with (
        pytest.raises(ServeError, match=r"did not answer at .*/_stcore/health within 0 s \(log: ") as err,
        serve_in_background(tmp_path / "proj", timeout=0),
    ):
        pytest.fail("a zero timeout cannot be met")
    message = str(err.value)
    kept = Path(re.search(r"\(log: (.+?)\)", message).group(1))
    assert kept.is_file()  # a temporary log is kept when the error names it
    kept.unlink()
    assert _streamlit_pids(_port(message)) == []


def test_the_server_answers_inside_the_block_and_is_gone_after_it(tmp_path):
    with serve_in_background(tmp_path / "proj", env={"DATABASE_URL": None}, timeout=90) as url:
        port = _port(url)
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        assert _streamlit_pids(port)
    assert _streamlit_pids(port) == []
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)


def test_the_helper_does_not_import_streamlit():
    code = "import sys, analysis.demo; assert 'streamlit' not in sys.modules, 'streamlit imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
