"""Dutch everywhere, readable everywhere (issue 12 point 4): Streamlit's English defaults replaced, numbers in
Dutch form, no arrows on metrics that are no increase, local times, no jargon, errors without temporary
folders. AppTest on every page of the small review project, plus the helpers the pages use."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from ui import format as fmt
from ui.nav import page_specs

ENGLISH_DEFAULTS = ("Choose an option", "No options to select", "Select all", "200MB per file", "Upload")
JARGON = ("Seed", "UMAP", "Lift")


def _texts(at) -> list[str]:
    """Every label, value, placeholder and text on the page (the protos, so widgets and markdown alike)."""
    out: list[str] = []

    def walk(node):
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))

    walk(at.main)
    walk(at.sidebar)
    return out


def _widgets(at, kind):
    return list(at.get(kind))


@pytest.mark.parametrize("page", [p.file for p in page_specs()])
def test_no_english_default_and_no_temporary_folder_on_any_page(app, page):
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    for box in _widgets(app, "selectbox"):
        assert box.proto.placeholder, (page, box.key)  # never Streamlit's "Choose an option"
    for box in _widgets(app, "multiselect"):
        assert box.proto.placeholder, (page, box.key)
        assert box.proto.select_all == 0, (page, box.key)  # no "Select all"
    styles = "".join(h.proto.body for h in app.get("html"))
    assert "Bestand kiezen" in styles and "per bestand" in styles  # the uploader's words, scoped by test id
    assert "stFileUploaderDropzoneInstructions" in styles
    text = "\n".join(_texts(app))
    for english in ENGLISH_DEFAULTS[:3]:
        assert english not in text, (page, english)
    assert not re.search(r"duiding-(codebook|upload|export)-", text)  # the app's own temporary folders


def test_english_is_selectable_for_the_defaults(app):
    app.radio(key="lang").set_value("en").run()
    assert app.selectbox[0].proto.placeholder == "Choose…"
    assert "Choose file" in "".join(h.proto.body for h in app.get("html"))


def test_theme_settings_speak_no_jargon(app):
    app.switch_page("views/themes.py").run()
    labels = [w.label for kind in ("number_input", "selectbox", "text_input", "checkbox", "toggle")
              for w in app.get(kind) if hasattr(w, "label")]
    for word in JARGON:
        assert not any(label == word or label.startswith(word + " ") for label in labels), (word, labels)
    options = [str(o) for box in app.selectbox for o in box.options]
    assert "Nauwkeurig (UMAP)" in options and not any(o.startswith("UMAP") for o in options)


def test_dutch_numbers_and_percentages():
    assert fmt.percent(0.126, lang="nl") == "12,6 %"
    assert fmt.percent(0.126, lang="en") == "12.6%"
    assert fmt.percent(0.5, lang="nl") == "50 %"
    assert fmt.number(1234.5, 1, lang="nl") == "1.234,5"
    assert fmt.number(1234.5, 1, lang="en") == "1,234.5"
    assert fmt.number(None) == "–"


def test_stored_utc_times_show_in_local_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    try:
        assert fmt.local_time(datetime(2026, 1, 15, 9, 30)) == "15-01-2026 10:30"  # naive = UTC, as stored
        assert fmt.local_time("2026-07-01T09:30:00+00:00") == "01-07-2026 11:30"
        assert fmt.local_time(datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc), "%H:%M") == "11:30"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_codebook_upload_errors_name_the_file_not_the_temporary_folder():
    from analysis.codebook import CodebookError
    from ui.codebook_upload import load_upload

    with pytest.raises(CodebookError) as info:
        load_upload("leeg.yaml", b"")
    text = fmt.error_text(info.value, "nl")
    assert text.startswith("leeg.yaml: het bestand is leeg.")
    assert "/tmp" not in text and "duiding-codebook-" not in text
    with pytest.raises(CodebookError) as info:
        load_upload("kapot.yaml", b"id: x\nname: [unclosed\n")
    text = fmt.error_text(info.value, "nl")
    assert "kapot.yaml" in text and "duiding-codebook-" not in text


def test_error_text_cuts_temporary_folders_from_foreign_errors(tmp_path):
    import tempfile

    path = f"{tempfile.gettempdir()}/duiding-upload-abc/interview.docx"
    text = fmt.error_text(ValueError(f"{path}: kapot"), "nl")
    assert text == "Er ging iets mis: interview.docx: kapot"


# -- pages with numbers, metrics and times -------------------------------------------------------------


def test_reports_metrics_show_no_arrow_and_shares_in_dutch_form(tmp_path, monkeypatch):
    from streamlit.proto.Metric_pb2 import Metric as MetricProto
    from streamlit.testing.v1 import AppTest

    from tests.ui.test_reports_page import APP, CB, PAGE, build_reports_project

    location = build_reports_project(tmp_path / "proj")
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    at.selectbox(key="reports_sum_codebook").set_value(CB).run()
    overview = next(df.value for df in at.dataframe if "Aandeel deelnemers" in df.value.columns)
    assert all(str(v).endswith(" %") for v in overview["Aandeel deelnemers"])
    at.selectbox(key="reports_sum_code").set_value("toegang").run()
    assert not at.exception, [e.value for e in at.exception]
    with_delta = [m for m in at.metric if m.proto.delta]
    assert with_delta, "no metric with a 'van N (x %)' line"
    for m in with_delta:
        assert m.proto.direction == MetricProto.MetricDirection.NONE, m.label  # "van 3 (60 %)" is no increase
        assert "%" not in m.proto.delta or " %" in m.proto.delta
    shares = [v for df in at.dataframe if "Aandeel deelnemers" in df.value.columns
              for v in df.value["Aandeel deelnemers"]]
    assert shares and all(isinstance(v, str) and v.endswith(" %") and "." not in v for v in shares)
    # the comparison heatmap writes its cells in Dutch form too, under a Dutch title
    import json

    at.selectbox(key="reports_cmp_framework").set_value(CB).run()
    heat = next(
        fig for fig in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
        if fig["data"] and fig["data"][0].get("type") == "heatmap"
    )
    cells = [v for row in heat["data"][0]["text"] for v in row]
    assert cells and all(v.endswith(" %") for v in cells), cells


def test_audit_times_are_local_and_dutch(app, store, monkeypatch):
    app.switch_page("views/team.py").run()
    assert not app.exception, [e.value for e in app.exception]
    tables = [df.value for df in app.dataframe if "Wanneer" in getattr(df.value, "columns", [])]
    if not tables:
        pytest.skip("no audit entries shown on this project")
    for when in tables[0]["Wanneer"]:
        datetime.strptime(when, "%d-%m-%Y %H:%M:%S")  # dd-mm-jjjj, no ISO 'T' or UTC offset
