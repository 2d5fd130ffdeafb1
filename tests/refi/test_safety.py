"""Hostile or broken .qdpx files: a clear QdpxError and an untouched project."""

from __future__ import annotations

import zipfile

import pytest
from refi_helpers import write_qdpx

from analysis.refi import QdpxError, ZipLimits, import_qdpx

XXE = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file://{path}">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""


def _state(p):
    return p.stats(), p.codebook_ids(), len(p.memos())


def test_external_entities_are_refused(tmp_path, new_project):
    secret = tmp_path / "geheim.txt"
    secret.write_text("BSN 123456782")
    q = write_qdpx(tmp_path / "xxe.qdpx", XXE.format(path=secret))
    p = new_project()
    before = _state(p)
    with pytest.raises(QdpxError, match=r"xxe\.qdpx: project\.qde: refused: .*entities"):
        import_qdpx(q, p)
    assert _state(p) == before


def test_billion_laughs_is_refused(tmp_path, new_project):
    q = write_qdpx(tmp_path / "lol.qdpx", LAUGHS)
    with pytest.raises(QdpxError, match="billion laughs"):
        import_qdpx(q, new_project())


def test_zip_bomb_in_sources_is_refused_before_anything_is_written(tmp_path, new_project):
    qde = """<Project xmlns="urn:QDA-XML:project:1.0" name="b" origin="NVivo">
      <Sources><TextSource guid="22222222-2222-4222-8222-222222222222" name="bom" plainTextPath="internal://b.txt"/></Sources>
    </Project>"""
    q = tmp_path / "bom.qdpx"
    with zipfile.ZipFile(q, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("Sources/b.txt", b"a" * (8 * 1024 * 1024))  # 8 MB of one letter: ratio ~1000
    p = new_project()
    with pytest.raises(QdpxError, match=r"bom\.qdpx: refused: Sources/b\.txt expands \d+ times"):
        import_qdpx(q, p, limits=ZipLimits(ratio_floor=1024 * 1024))
    assert p.stats()["sources"] == 0


def test_failure_while_writing_leaves_the_project_untouched(fixture_qdpx, new_project, monkeypatch):
    import analysis.refi._store as store

    p = new_project()
    calls = {"n": 0}
    original = store._coding

    def flaky(pid, coding):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return original(pid, coding)

    monkeypatch.setattr(store, "_coding", flaky)
    before = _state(p)
    with pytest.raises(RuntimeError, match="disk full"):
        import_qdpx(fixture_qdpx("nvivo"), p)
    assert calls["n"] == 3
    assert _state(p) == before
    assert p.participants() == []


def test_failure_in_the_last_step_rolls_back_everything(fixture_qdpx, new_project, monkeypatch):
    """Memos are written last: a failure there must also take back sources, codes and codings."""
    p = new_project()
    original = type(p)._audit

    def failing(self, s, action, entity, *args, **kwargs):
        if entity == "memo":
            raise RuntimeError("stroomstoring")
        return original(self, s, action, entity, *args, **kwargs)

    monkeypatch.setattr(type(p), "_audit", failing)
    before = _state(p)
    with pytest.raises(RuntimeError, match="stroomstoring"):
        import_qdpx(fixture_qdpx("nvivo"), p)
    assert _state(p) == before


@pytest.mark.parametrize(
    "member, data, message",
    [
        ("project.qde", b"\xff\xfe\x00garbage", "not well-formed"),
        ("project.qde", b"", "not well-formed"),
        ("Project.qde", b"<Project xmlns='urn:QDA-XML:project:1.0' name='p'><CodeBook><Codes/></CodeBook></Project>", None),
    ],
)
def test_broken_or_empty_documents(tmp_path, new_project, member, data, message):
    q = tmp_path / "x.qdpx"
    with zipfile.ZipFile(q, "w") as zf:
        zf.writestr(member, data)
    p = new_project()
    if message is None:
        report = import_qdpx(q, p)
        assert report.sources == 0 and any("no codes" in w for w in report.warnings)
    else:
        with pytest.raises(QdpxError, match=message):
            import_qdpx(q, p)


@pytest.mark.parametrize(
    "passages",
    [[[0, 10**9, None]], [[5, 2, None]], [[float("inf"), 5, None]], [["a", "b", None]], [[0, 4, 7]], "geen lijst", [[0, 4]], [[3, 9, "I"], [0, 2, "R"]]],
)
def test_bad_passages_in_the_duiding_extension_fall_back_to_segmenting(fixture_qdpx, new_project, tmp_path, passages):
    import hashlib
    import json

    from refi_helpers import coded_texts

    from analysis.refi import export_qdpx

    source = new_project("bron")
    import_qdpx(fixture_qdpx("atlasti"), source)
    path = tmp_path / "eigen.qdpx"
    export_qdpx(source, path)
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    side = json.loads(members["duiding.json"])
    (guid,) = side["sources"]
    text = members[f"Sources/{guid}.txt"]
    side["sources"][guid] = {"sha256": hashlib.sha256(text).hexdigest(), "passages": passages}
    members["duiding.json"] = json.dumps(side).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    target = new_project("doel")
    report = import_qdpx(path, target)
    assert any("passages unusable" in w for w in report.warnings)
    assert coded_texts(target) == coded_texts(source)
