"""The worked analyses in notebooks/ run from top to bottom (nbclient, kernel ``python3``) and are stored clean."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
EXPECTED = ("01_themasamenvatting.ipynb", "02_gemeenten_vergelijken.ipynb")


def _outputs(nb) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            elif "data" in out:
                parts.append(str(out["data"].get("text/plain", "")))
    return "\n".join(parts)


def test_the_notebooks_exist_and_have_no_outputs():
    for name in EXPECTED:
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code, name
        assert all(not c.outputs and c.execution_count is None for c in code), f"{name}: clear the outputs before committing"
        assert any(c.cell_type == "markdown" for c in nb.cells)


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs(name, tmp_path, monkeypatch):
    # the kernelspec starts "python": make sure that is this interpreter (with Duiding installed)
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError with the failing cell on any error
    text = _outputs(nb)
    assert "Demo project at" in text
    if name.startswith("01"):
        assert "Toegang en vindbaarheid" in text
        assert "— " in text and ", alinea " in text  # quotes with provenance
        assert "themasamenvatting.docx" in text
    else:
        assert "heemsteden" in text and "sociaal-domein" in text  # two codebooks compared
        assert "Aandeel deelnemers" in text  # the exported workbook's sheets
