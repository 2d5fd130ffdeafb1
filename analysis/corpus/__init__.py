"""Ingestion: read files, clean their text and split it into passages.

Pure functions, no database::

    from analysis.corpus import ingest_file, load_manifest

    manifest = load_manifest("data/manifest.csv")
    source, passages = ingest_file("data/interview3.docx", manifest=manifest)
    assert all(source.text[p.start:p.end] == p.text for p in passages)

Formats: .txt, .md, .docx, .odt, .pdf, .vtt, .srt. Every problem with an input file
is an :class:`IngestError` whose message names the file and the reason.
"""

from analysis.corpus.clean import clean_text, looks_hard_wrapped
from analysis.corpus.errors import IngestError, ManifestError
from analysis.corpus.ingest import ingest_file
from analysis.corpus.manifest import ManifestEntry, load_manifest
from analysis.corpus.normalize import normalize_text
from analysis.corpus.readers import SUPPORTED_EXTENSIONS, RawDocument, decode_text, read_document
from analysis.corpus.segmentation import HARD_MAX, SOFT_MAX, segment
from analysis.corpus.sentences import sentence_spans
from analysis.corpus.speakers import find_turns, is_transcript

__all__ = [
    "HARD_MAX",
    "SOFT_MAX",
    "SUPPORTED_EXTENSIONS",
    "IngestError",
    "ManifestEntry",
    "ManifestError",
    "RawDocument",
    "clean_text",
    "decode_text",
    "find_turns",
    "ingest_file",
    "is_transcript",
    "load_manifest",
    "looks_hard_wrapped",
    "normalize_text",
    "read_document",
    "segment",
    "sentence_spans",
]
