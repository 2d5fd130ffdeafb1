"""Position schemes: tool positions -> stored code points (NFC, LF) and back."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.refi.positions import OffsetMap, decode_text_bytes, prepare_text, resolve_scheme

# Atoms that never interact across their boundaries under NFC, so the expected
# stored text of a run of atoms is the concatenation of their stored forms.
ATOMS = {
    "a": "a",
    " ": " ",
    "ë": "ë",
    "\n": "\n",
    "\r\n": "\n",
    "\r": "\n",
    "😀": "😀",
    "𝄞": "𝄞",
    "e\u0301": "é",  # composes under NFC
    "A\u030a": "Å",
    "q\u0323\u0307": "q\u0323\u0307",  # no precomposed form: stays, but is one opaque cluster
}


def units(raw: str, scheme) -> int:
    if scheme.crlf == 1:
        raw = raw.replace("\r\n", "\n")
    if scheme.unit == "utf16":
        return len(raw.encode("utf-16-le")) // 2
    return len(raw)


@settings(max_examples=300, deadline=None)
@given(
    atoms=st.lists(st.sampled_from(sorted(ATOMS)), max_size=40),
    scheme_name=st.sampled_from(["codepoint", "codepoint-lf", "utf16", "utf16-lf"]),
    data=st.data(),
)
def test_selection_on_atom_boundaries_maps_to_the_same_stored_text(atoms, scheme_name, data):
    scheme = resolve_scheme(scheme_name)
    assume(not any(x == "\r" and y == "\n" for x, y in itertools.pairwise(atoms)))  # that is one CRLF atom
    raw = "".join(atoms)
    stored, omap, warnings = prepare_text(raw, scheme)
    assert warnings == []
    assert stored == unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    assert omap.units == units(raw, scheme) and omap.length == len(stored)
    i = data.draw(st.integers(0, len(atoms)))
    j = data.draw(st.integers(i, len(atoms)))
    u_start, u_end = units("".join(atoms[:i]), scheme), units("".join(atoms[:j]), scheme)
    a, b = omap.to_stored(u_start, side="start"), omap.to_stored(u_end, side="end")
    assert stored[a:b] == "".join(ATOMS[x] for x in atoms[i:j])
    # and back
    assert omap.from_stored(a, side="start") == u_start
    assert omap.from_stored(b, side="end") == u_end


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60), scheme_name=st.sampled_from(["codepoint", "utf16", "utf16-lf", "codepoint-lf"]), data=st.data())
def test_any_position_maps_inside_the_text_and_snaps_outwards(text, scheme_name, data):
    stored, omap, _ = prepare_text(text, scheme_name)
    p = data.draw(st.integers(0, omap.units))
    q = data.draw(st.integers(p, omap.units))
    a, b = omap.to_stored(p, side="start"), omap.to_stored(q, side="end")
    assert 0 <= a <= b <= len(stored)
    # snapping never loses text: start side <= end side for the same position
    assert omap.to_stored(p, side="start") <= omap.to_stored(p, side="end")


def test_utf16_counts_astral_characters_twice():
    stored, omap, _ = prepare_text("x😀y", "utf16")
    assert stored == "x😀y" and omap.units == 4
    assert omap.to_stored(3) == 2  # 'y'
    assert omap.to_stored(2, side="start") == 1 and omap.to_stored(2, side="end") == 2  # inside the pair


def test_crlf_counted_as_two_or_one():
    raw = "ab\r\ncd"
    _, two, _ = prepare_text(raw, "codepoint")
    _, one, _ = prepare_text(raw, "codepoint-lf")
    assert two.units == 6 and one.units == 5
    assert two.to_stored(4) == 3 and one.to_stored(3) == 3  # 'c'


def test_position_outside_text_is_an_index_error():
    _, omap, _ = prepare_text("abc", "codepoint")
    with pytest.raises(IndexError):
        omap.to_stored(4)
    with pytest.raises(IndexError):
        omap.from_stored(-1)


def test_identity_map_for_plain_text():
    stored, omap, _ = prepare_text("gewoon tekst\nmet regels", "utf16")
    assert isinstance(omap, OffsetMap) and omap.identity and stored == "gewoon tekst\nmet regels"


def test_unknown_scheme_names_the_choices():
    with pytest.raises(ValueError, match="utf16"):
        resolve_scheme("ebcdic")
    assert resolve_scheme("NVivo").name == "utf16"
    assert resolve_scheme("atlas.ti").name == "utf16-lf"


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (b"\xef\xbb\xbfcaf\xc3\xa9", "café", "utf-8-sig"),
        ("café".encode("utf-16-le").join([b"\xff\xfe", b""]), "café", "utf-16-le"),
        ("café".encode("utf-16-be").join([b"\xfe\xff", b""]), "café", "utf-16-be"),
        (b"caf\xc3\xa9", "café", "utf-8"),
        (b"caf\xe9 \x80", "café €", "cp1252"),
    ],
)
def test_decoding_bom_and_fallback(data, text, encoding):
    got, enc, warnings = decode_text_bytes(data)
    assert (got, enc) == (text, encoding)
    assert bool(warnings) == (encoding == "cp1252")
