"""Per-file resource limits: unpacked size and passage count, with a clear message (issue 14, point 8).

The hostile files are generated here: a small .docx whose real-looking XML unpacks far beyond the limit
(under the zip-bomb ratio, like the 1 MB .docx that unpacked to 180 MB), and a text with too many passages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_corpus_docx_limits import docx_bytes, with_padded_document

from analysis.corpus import IngestError, ingest_file
from analysis.corpus.batch import ingest_paths
from analysis.corpus.limits import DEFAULT_MAX_PASSAGES, DEFAULT_MAX_UNPACKED_MB, LimitExceeded
from analysis.errors import message
from analysis.store import Project


def _docx_with_paragraphs(n: int) -> bytes:
    """A .docx whose document.xml holds ``n`` varied paragraphs (packs like real text, not like a bomb)."""
    body = b"".join(
        b"<w:p><w:r><w:t>R: Antwoord %d over de wijkcoach en de wachtlijst, %x.</w:t></w:r></w:p>" % (i, i * 7919)
        for i in range(n)
    )
    return with_padded_document(docx_bytes(), 0, filler=body)


def test_the_default_limits_refuse_the_hostile_docx_and_keep_a_fifty_megabyte_transcript():
    assert 50 * 1024 * 1024 < DEFAULT_MAX_UNPACKED_MB * 1_000_000 < 180_000_000  # the .docx of the issue: 180 MB
    assert 120_000 < DEFAULT_MAX_PASSAGES < 1_700_000  # a 50 MB transcript; the 1.7 M passages of the issue


def test_a_docx_unpacking_beyond_the_limit_is_refused_before_parsing(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DUIDING_MAX_UNPACKED_MB", "20")
    path = tmp_path / "groot.docx"
    # about 90 bytes a paragraph: 25 MB of XML, packed about 12 times smaller (no zip-bomb ratio)
    path.write_bytes(_docx_with_paragraphs(25_000_000 // 90))
    assert path.stat().st_size < 20_000_000 / 5
    with pytest.raises(LimitExceeded) as caught:
        ingest_file(path)
    assert isinstance(caught.value, IngestError)
    text = message(caught.value, "nl")
    assert text.startswith("groot.docx: ") and "20 MB" in text and "DUIDING_MAX_UNPACKED_MB" in text


def test_the_unpacked_limit_is_configurable_and_covers_plain_text(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DUIDING_MAX_UNPACKED_MB", "1")
    path = tmp_path / "lang.txt"
    path.write_text("Een zin over de wijkcoach.\n\n" * 60_000, encoding="utf-8")
    with pytest.raises(LimitExceeded, match="1 MB"):
        ingest_file(path)


def test_too_many_passages_are_refused_and_nothing_is_stored(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DUIDING_MAX_PASSAGES", "200")
    path = tmp_path / "veel.txt"
    path.write_text("".join(f"R: Antwoord {i} over de wachtlijst.\n\nI: Vraag {i}?\n\n" for i in range(300)), encoding="utf-8")
    with pytest.raises(LimitExceeded) as caught:
        ingest_file(path)
    assert "200" in message(caught.value, "nl") and "passages" in message(caught.value, "nl")
    with Project.create(tmp_path / "p") as project:
        result = ingest_paths(project, [path])
        assert result.exit_code == 1
        shown = result.files[0].error.message("nl")  # what the app shows; ``reason`` is the English text
        assert "DUIDING_MAX_PASSAGES" in shown and "niet geïmporteerd" in shown
        assert project.sources() == []
    # a file under the limit still goes in
    monkeypatch.setenv("DUIDING_MAX_PASSAGES", "1000")
    assert len(ingest_file(path)[1]) > 200


def test_limit_errors_survive_a_process_pool():
    import pickle

    err = LimitExceeded("x.docx", "harden.too_many_passages", count="9", limit="1")
    again = pickle.loads(pickle.dumps(err))
    assert message(again, "nl") == message(err, "nl") and str(again) == str(err)
