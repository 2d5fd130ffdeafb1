"""``duiding`` starts without loading the heavy packages; lazy imports keep every name working."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("spacy", "sklearn", "torch", "bertopic", "streamlit", "umap", "hdbscan", "sentence_transformers")

runner = CliRunner()


def _loaded_after(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; return the heavy modules it left in ``sys.modules`` and its output."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        _sys.stdout.flush()
        print("\\n@@" + _json.dumps(sorted(m for m in {HEAVY!r} if m in _sys.modules)))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    body, _, tail = proc.stdout.rpartition("\n@@")
    return {"heavy": json.loads(tail), "output": body}


def test_import_cli_loads_no_heavy_package():
    assert _loaded_after("import analysis.cli")["heavy"] == []


def test_help_loads_no_heavy_package_and_lists_every_group():
    res = _loaded_after(
        """
        from typer.testing import CliRunner
        from analysis.cli import app
        result = CliRunner().invoke(app, ["--help"], terminal_width=200)
        assert result.exit_code == 0, result.output
        print(result.output)
        """
    )
    assert res["heavy"] == []
    for name in ("init", "ingest", "evaluate", "codebook", "export", "code", "themes", "refi", "report", "audit", "user"):
        assert f" {name} " in res["output"], name
    assert "Fit, show and export topic models" in res["output"]


@pytest.mark.parametrize("args", [["code", "--help"], ["code", "auto", "--help"], ["evaluate", "--help"],
                                  ["codebook", "validate", "--help"], ["report", "--help"], ["refi", "export", "--help"]])
def test_light_subcommand_help_loads_no_heavy_package(args):
    res = _loaded_after(
        f"""
        from typer.testing import CliRunner
        from analysis.cli import app
        result = CliRunner().invoke(app, {args!r}, terminal_width=200)
        assert result.exit_code == 0, result.output
        print(result.output)
        """
    )
    assert res["heavy"] == []
    assert "Usage" in res["output"]


def test_import_coding_package_is_lazy():
    res = _loaded_after(
        """
        import analysis.coding
        import analysis.cli.code
        print(sorted(analysis.coding.__all__))
        """
    )
    assert res["heavy"] == []
    assert "LearnedCoder" in res["output"]


def test_coding_names_import_as_before():
    import analysis.coding.evaluate  # noqa: F401 - the submodule import must not hide the function of that name
    from analysis import coding
    from analysis.coding import LearnedCoder, ZeroShotCoder, analyze_passages, evaluate, review_order

    assert callable(evaluate) and evaluate.__module__ == "analysis.coding.evaluate"
    assert coding.evaluate is evaluate
    assert LearnedCoder.__module__ == "analysis.coding.learned"
    assert ZeroShotCoder.__module__ == "analysis.coding.zero_shot"
    assert analyze_passages.__module__ == "analysis.coding.base"
    assert review_order.__module__ == "analysis.coding.active"
    for name in coding.__all__:
        value = getattr(coding, name)
        assert getattr(value, "__name__", name) == name, name
    assert set(coding.__all__) <= set(dir(coding))
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        coding.not_a_name  # noqa: B018


def test_themes_group_runs_its_commands():
    from analysis.cli import app

    assert "themes" in {g.name for g in app.registered_groups}
    result = runner.invoke(app, ["themes", "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for command in ("fit", "show", "export"):
        assert command in result.output
    result = runner.invoke(app, ["themes", "fit", "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Usage: duiding themes fit" in result.output


def test_unknown_command_still_suggests_a_group():
    from analysis.cli import app

    result = runner.invoke(app, ["themse"])
    assert result.exit_code != 0
    assert "Did you mean 'themes'" in result.output


def test_import_themes_package_is_lazy_and_names_still_import():
    res = _loaded_after(
        """
        import analysis.themes as themes
        assert "ThemeModel" in dir(themes) and "ThemeModel" in themes.__all__
        """
    )
    assert res["heavy"] == []
    from analysis.themes import ThemeConfig, ThemeModel
    from analysis.themes.model import ThemeModel as direct

    assert ThemeModel is direct and ThemeConfig().random_state is not None


def test_lazy_exports_refuses_names_outside_all():
    import types

    from analysis.lazyexports import lazy_exports

    module = types.ModuleType("analysis._probe")
    sys.modules["analysis._probe"] = module
    try:
        with pytest.raises(ValueError, match="not in __all__: Missing"):
            lazy_exports("analysis._probe", {"Missing": "somewhere"}, ["Other"])
    finally:
        del sys.modules["analysis._probe"]
