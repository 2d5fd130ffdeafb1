"""A .qdpx that names files outside its archive: refused unless the researcher names a sources folder.

Every hostile file is generated here: a secret beside the project, the project's pseudonym key, its
SQLite file, links out of the sources folder and network paths.
"""

from __future__ import annotations

import os
import sys

import pytest
from refi_helpers import write_qdpx
from typer.testing import CliRunner

from analysis.refi import QdpxError, import_qdpx

SECRET = "GEHEIM-7f3a: BSN 123456782"
KEY = '{"sleutel": {"[PERSOON-1]": {"original": "Jan van der Berg"}}}'


def _qde(path: str, base_path: str | None = None) -> str:
    base = f' basePath="{base_path}"' if base_path else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="QualCoder 3.5"{base}>
  <Sources>
    <TextSource guid="11111111-1111-4111-8111-111111111111" name="binnen" plainTextPath="internal://a.txt"/>
    <TextSource guid="22222222-2222-4222-8222-222222222222" name="buiten" plainTextPath="{path}"/>
  </Sources>
</Project>"""


@pytest.fixture
def layout(tmp_path, new_project):
    """tmp/proj (the project, with its pseudonym key), tmp/elders/geheim.txt, tmp/bronnen (the sources folder)."""
    project = new_project("proj")
    (tmp_path / "proj" / "pseudoniemen-sleutel.json").write_text(KEY, encoding="utf-8")
    secret = tmp_path / "elders" / "geheim.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    sources = tmp_path / "bronnen"
    sources.mkdir()
    (sources / "goed.txt").write_text("Een gewone bron over de wachtlijst.", encoding="utf-8")
    return project, secret, sources


def _build(tmp_path, ref: str, base_path: str | None = None, name: str = "vijandig.qdpx"):
    return write_qdpx(tmp_path / name, _qde(ref, base_path), {"Sources/a.txt": "Tekst in het archief."})


def _texts(project) -> str:
    return "\n".join(s.text for s in project.sources())


def _hostile_refs(secret, project_folder):
    rel = os.path.relpath(secret, project_folder.parent / "bronnen")
    return [
        f"absolute://{secret}",
        f"file://{secret}",
        f"relative://{rel}",
        "relative://../../../../../../../../../../etc/hostname",
        f"relative://{rel.replace('/', chr(92))}",
        "absolute:///etc/hostname",
        "file:///etc/hostname",
    ]


def test_external_sources_are_refused_without_a_sources_folder(tmp_path, layout):
    project, secret, _ = layout
    for i, ref in enumerate([*_hostile_refs(secret, tmp_path / "proj"), "relative://bronnen/goed.txt"]):
        report = import_qdpx(_build(tmp_path, ref, name=f"v{i}.qdpx"), project)
        assert report.refused_external == [ref], ref
        assert any("--sources-dir" in w for w in report.warnings)
    assert {s.name for s in project.sources()} == {"binnen"}
    assert SECRET not in _texts(project)


def test_the_pseudonym_key_is_never_pulled_in_through_base_path(tmp_path, layout):
    project, _, _ = layout
    folder = tmp_path / "proj"
    q = _build(tmp_path, "relative://pseudoniemen-sleutel.json", base_path=str(folder))
    import_qdpx(q, project)
    # even a researcher who names the project folder itself as the sources folder gets neither key nor database
    report = import_qdpx(q, project, sources_dir=folder)
    assert report.refused_external
    q2 = _build(tmp_path, "relative://duiding.sqlite", name="db.qdpx")
    assert import_qdpx(q2, project, sources_dir=folder).refused_external
    assert "Jan van der Berg" not in _texts(project) and "SQLite format" not in _texts(project)
    assert {s.name for s in project.sources()} == {"binnen"}


def test_with_a_sources_folder_only_files_inside_it_are_read(tmp_path, layout):
    project, secret, sources = layout
    for i, ref in enumerate(_hostile_refs(secret, tmp_path / "proj")):
        report = import_qdpx(_build(tmp_path, ref, name=f"v{i}.qdpx"), project, sources_dir=sources)
        assert not any("read from outside" in w for w in report.warnings), ref
    assert SECRET not in _texts(project)
    assert {s.name for s in project.sources()} == {"binnen"}
    # a path relative to the folder, and an absolute path from the author's machine found by its name
    import_qdpx(_build(tmp_path, "relative://goed.txt", name="r.qdpx"), project, sources_dir=sources)
    assert "Een gewone bron" in _texts(project)


def test_an_absolute_path_of_another_machine_is_found_by_name_in_the_sources_folder(tmp_path, layout):
    project, _, sources = layout
    q = _build(tmp_path, "absolute://C:\\Users\\onderzoeker\\Documents\\goed.txt")
    report = import_qdpx(q, project, sources_dir=sources)
    assert not report.refused_external
    assert "buiten" in {s.name for s in project.sources()}


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need rights on Windows")
def test_links_out_of_the_sources_folder_are_refused(tmp_path, layout):
    project, secret, sources = layout
    (sources / "link.txt").symlink_to(secret)
    (sources / "map").symlink_to(secret.parent, target_is_directory=True)
    for i, ref in enumerate(["relative://link.txt", "relative://map/geheim.txt", f"absolute://{sources}/link.txt"]):
        report = import_qdpx(_build(tmp_path, ref, name=f"l{i}.qdpx"), project, sources_dir=sources)
        assert report.refused_external, ref
    assert SECRET not in _texts(project)


def test_network_paths_are_refused(tmp_path, layout):
    project, _, sources = layout
    for i, ref in enumerate(
        [
            "absolute://\\\\fileserver\\share\\goed.txt",
            "absolute:////fileserver/share/goed.txt",
            "file://fileserver/share/goed.txt",
            "\\\\fileserver\\share\\goed.txt",
        ]
    ):
        report = import_qdpx(_build(tmp_path, ref, name=f"u{i}.qdpx"), project, sources_dir=sources)
        assert report.refused_external == [ref], ref
    assert "buiten" not in {s.name for s in project.sources()}
    with pytest.raises(QdpxError, match="network"):
        import_qdpx(_build(tmp_path, "relative://goed.txt"), project, sources_dir="\\\\fileserver\\share")
    with pytest.raises(QdpxError, match="does not exist"):
        import_qdpx(_build(tmp_path, "relative://goed.txt"), project, sources_dir=tmp_path / "nergens")


def test_a_database_file_in_the_sources_folder_is_refused(tmp_path, layout):
    project, _, sources = layout
    (sources / "ander-project.txt").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    report = import_qdpx(_build(tmp_path, "relative://ander-project.txt"), project, sources_dir=sources)
    assert report.refused_external and "buiten" not in {s.name for s in project.sources()}


def test_cli_refuses_external_sources_and_reads_from_sources_dir(tmp_path, layout):
    from analysis.cli import app

    project, secret, sources = layout
    loc = str(tmp_path / "proj")
    runner = CliRunner()
    bad = runner.invoke(app, ["refi", "import", str(_build(tmp_path, f"absolute://{secret}")), "--project", loc])
    assert bad.exit_code == 2, bad.output
    assert "--sources-dir" in bad.output
    good = runner.invoke(
        app,
        [
            "refi",
            "import",
            str(_build(tmp_path, "relative://goed.txt", name="g.qdpx")),
            "--project",
            loc,
            "--sources-dir",
            str(sources),
        ],
    )
    assert good.exit_code == 0, good.output
    assert SECRET not in _texts(project) and "Een gewone bron" in _texts(project)


def test_no_generated_path_reads_outside_the_sources_folder(tmp_path, layout):
    """Property: whatever path a .qdpx names, with a sources folder nothing outside it comes in."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    project, _, sources = layout
    parts = st.sampled_from(["..", ".", "elders", "geheim.txt", "bronnen", "goed.txt", "proj", "", "~", "%2e%2e"])
    seps = st.sampled_from(["/", "\\", "//", "\\\\"])
    schemes = st.sampled_from(["relative://", "absolute://", "file://", "file:///", "", str(tmp_path) + "/"])

    @st.composite
    def refs(draw):
        items = draw(st.lists(parts, min_size=1, max_size=8))
        out = ""
        for item in items:
            out += item + draw(seps)
        return draw(schemes) + out.rstrip("/\\") if draw(st.booleans()) else draw(schemes) + out

    seen = []

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(refs())
    def check(ref):
        q = _build(tmp_path, ref.replace('"', ""), name=f"h{len(seen)}.qdpx")
        seen.append(ref)
        import_qdpx(q, project, sources_dir=sources)
        assert SECRET not in _texts(project), ref
        assert "Jan van der Berg" not in _texts(project), ref

    check()
