"""Same input, same output under every string hash seed.

Python draws a new string hash seed per process, so iterating a set of strings, or sorting one with a key that
ties (two names that differ only in capitals, two names of the same length), can order things differently in
every run. Each check runs a small snippet in fresh interpreters under several ``PYTHONHASHSEED`` values and
asserts that they all print the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ("0", "1", "2", "3", "4", "5")


def outputs(snippet: str, tmp_path: Path) -> set[str]:
    """What ``snippet`` prints under each hash seed (a set: one element when the seed changes nothing)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    seen = set()
    for seed in SEEDS:
        work = tmp_path / f"seed{seed}"
        work.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(snippet), str(ROOT / "tests" / "compare")],
            env={**env, "PYTHONHASHSEED": seed}, cwd=work, capture_output=True, text=True, timeout=300, check=False,
        )
        assert done.returncode == 0, done.stderr
        seen.add(done.stdout)
    return seen


def test_the_list_pattern_of_the_pseudonymiser(tmp_path):
    """Names of the same length (the longest go first) are ordered by text, not by the set's order."""
    snippet = """
        from analysis.privacy.lists import entries_pattern
        print(entries_pattern(["Anna", "Bert", "Joke", "Piet", "Sara", "Henk", "Anna", "Jan de Vries"]).pattern)
    """
    (out,) = outputs(snippet, tmp_path)
    assert out.index("Anna".replace("A", "[aA]", 1)) < out.index("[bB]ert") < out.index("[sS]ara")


def test_the_values_of_a_field_for_the_picker(tmp_path):
    """Speakers that differ only in capitals ('Jan', 'jan', 'JAN') come in one order."""
    snippet = """
        from analysis.query.engine import QueryIndex
        names = ["jan", "Jan", "JAN", "Els", "els", "Piet", "pIet"]
        positions = {i: (1, i, 0, 1, n) for i, n in enumerate(names)}
        index = QueryIndex(positions, list(positions), {1: {}}, [], {})
        print(index.distinct_values("speaker"))
    """
    (out,) = outputs(snippet, tmp_path)
    assert out.strip() == str(["Els", "els", "JAN", "Jan", "jan", "Piet", "pIet"])


@pytest.mark.slow
def test_the_municipalities_of_a_comparison(tmp_path):
    """Municipalities spelled with other capitals ('Adorp', 'adorp', a manifest's typo) get columns in one
    order."""
    snippet = """
        import sys
        sys.path.insert(0, sys.argv[1])
        from compare_builders import kader, make_source
        from analysis.compare.comparison import compare_municipalities
        from analysis.domain import SourceKind
        from analysis.store import Project

        project = Project.create("proj")
        project.save_codebook(kader())
        for name, muni in [("S1", "adorp"), ("S2", "Adorp"), ("S3", "ADORP"), ("S4", "Bestad"), ("S5", "bestad")]:
            project.add_source(*make_source(name, muni, SourceKind.INTERVIEW))
        print(compare_municipalities(project, "kader").municipalities)
        project.close()
    """
    (out,) = outputs(snippet, tmp_path)
    assert out.strip() == str(["ADORP", "Adorp", "adorp", "Bestad", "bestad"])
