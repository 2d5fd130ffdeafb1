"""``duiding refi import|export`` (the typer app in analysis.cli.refi)."""

from __future__ import annotations

from typer.testing import CliRunner

from analysis.cli.refi import app
from analysis.store import Project

runner = CliRunner()


def test_import_then_export(fixture_qdpx, tmp_path):
    Project.create(tmp_path / "proj").close()
    q = fixture_qdpx("atlasti")
    result = runner.invoke(app, ["import", str(q), "--project", str(tmp_path / "proj"), "--kind", "group_interview"])
    assert result.exit_code == 0, result.output
    assert "1 sources" in result.output and "3 codings" in result.output
    out = tmp_path / "terug.qdpx"
    result = runner.invoke(app, ["export", str(out), "--project", str(tmp_path / "proj")])
    assert result.exit_code == 0, result.output
    assert out.exists() and "3 codings" in result.output


def test_errors_exit_with_one_and_name_the_file(tmp_path):
    Project.create(tmp_path / "proj").close()
    bad = tmp_path / "kapot.qdpx"
    bad.write_bytes(b"geen zip")
    result = runner.invoke(app, ["import", str(bad), "--project", str(tmp_path / "proj")])
    assert result.exit_code == 1 and "kapot.qdpx: not a .qdpx file" in result.output
    result = runner.invoke(app, ["import", str(tmp_path / "weg.qdpx"), "--project", str(tmp_path / "proj")])
    assert result.exit_code == 1 and "file not found" in result.output
    result = runner.invoke(app, ["import", str(bad), "--project", str(tmp_path / "proj"), "--positions", "ebcdic"])
    assert result.exit_code == 1 and "unknown position scheme" in result.output
    result = runner.invoke(app, ["export", str(tmp_path / "x.zip"), "--project", str(tmp_path / "proj")])
    assert result.exit_code == 1 and ".qdpx" in result.output
