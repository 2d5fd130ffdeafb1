"""Reading untrusted archives: size caps, ratio limits, case-insensitive names."""

from __future__ import annotations

import zipfile

import pytest

from analysis.refi import QdpxError, SafeZip, ZipLimits


def _zip(path, members):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_case_insensitive_lookup_and_sources_folder(tmp_path):
    z = _zip(tmp_path / "a.qdpx", {"Project.QDE": b"x", "sources/ABC.txt": b"t", "other/abc.TXT": b"u"})
    with SafeZip(z) as sz:
        assert sz.find("project.qde").filename == "Project.QDE"
        assert sz.read(sz.find_source("abc.txt")) == b"t"  # sources/ preferred
        assert sz.find_source("missing.txt") is None


def test_declared_size_over_the_cap_is_refused(tmp_path):
    z = _zip(tmp_path / "big.qdpx", {"project.qde": b"0" * 5000})
    with pytest.raises(QdpxError, match="zip bomb") as err:
        SafeZip(z, ZipLimits(max_member_size=4000))
    assert "big.qdpx" in str(err.value)


def test_compression_ratio_is_limited(tmp_path):
    z = _zip(tmp_path / "ratio.qdpx", {"project.qde": b"\0" * 200_000})
    with pytest.raises(QdpxError, match="expands"):
        SafeZip(z, ZipLimits(max_ratio=50, ratio_floor=1000))


def test_total_size_is_limited(tmp_path):
    z = _zip(tmp_path / "many.qdpx", {f"Sources/{i}.txt": b"x" * 1000 for i in range(10)})
    with pytest.raises(QdpxError, match="would unpack"):
        SafeZip(z, ZipLimits(max_total_size=5000))


def test_member_count_is_limited(tmp_path):
    z = _zip(tmp_path / "count.qdpx", {f"f{i}": b"" for i in range(30)})
    with pytest.raises(QdpxError, match="30 files"):
        SafeZip(z, ZipLimits(max_members=20))


def test_a_member_that_lies_about_its_size_is_caught_while_reading(tmp_path):
    z = _zip(tmp_path / "liar.qdpx", {"project.qde": b"A" * 100_000})
    raw = bytearray(z.read_bytes())
    # patch the declared uncompressed size (local header and central directory) down to 10 bytes
    with zipfile.ZipFile(z) as zf:
        info = zf.getinfo("project.qde")
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    raw[info.header_offset + 22 : info.header_offset + 26] = (10).to_bytes(4, "little")
    z.write_bytes(bytes(raw))
    with SafeZip(z) as sz, pytest.raises(QdpxError, match="liar.qdpx"):
        sz.read(sz.find("project.qde"))


def test_not_a_zip(tmp_path):
    p = tmp_path / "nope.qdpx"
    p.write_bytes(b"this is not a zip")
    with pytest.raises(QdpxError, match=r"nope\.qdpx: not a \.qdpx file"):
        SafeZip(p)
    with pytest.raises(QdpxError, match="file not found"):
        SafeZip(tmp_path / "missing.qdpx")
