"""Shared pieces of the robustness tests: sample files, the import contract, timeouts.

The contract every importer must keep, whatever the input:

* a correct import, or a clear error: the importer's own exception type, whose
  message names the file;
* never another exception type, never a hang;
* never a half-written project (a failed import leaves the project as it was).
"""

from __future__ import annotations

import io
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "corpora" / "demo" / "stories" / "questions.yaml"


class Hang(AssertionError):
    pass


@contextmanager
def time_limit(seconds: int, what: str) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``."""

    def handler(signum: int, frame: Any) -> None:
        raise Hang(f"{what} did not finish within {seconds} s (a hang)")

    old = signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --------------------------------------------------------------------------- valid samples


def sample_txt() -> bytes:
    turns = [
        "I: Hoe was uw ervaring met het wijkteam?",
        "R: Het wachten duurde lang, maar de buurtcoach hielp. Café en één keer per week.",
        "I: En de mantelzorg?",
        "R: Mijn dochter is overbelast.",
    ]
    return ("\n\n".join(turns) + "\n").encode("utf-8")


def sample_vtt() -> bytes:
    return (
        b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>Hoe gaat het met u?</v>\n\n"
        b"2\n00:00:04.500 --> 00:00:09.000\n<v Marieke>Goed, de buurtcoach komt elke week.</v>\n\n"
        b"3\n00:00:09.500 --> 00:00:12.000\n<v Interviewer>Fijn om te horen.</v>\n"
    )


def sample_srt() -> bytes:
    return (
        b"1\n00:00:01,000 --> 00:00:04,000\nInterviewer: Hoe gaat het met u?\n\n"
        b"2\n00:00:04,500 --> 00:00:09,000\nMarieke: Goed, de buurtcoach komt elke week.\n\n"
        b"3\n00:00:09,500 --> 00:00:12,000\nInterviewer: Fijn om te horen.\n"
    )


def sample_docx(paragraphs: int = 20) -> bytes:
    import docx

    doc = docx.Document()
    for i in range(paragraphs):
        doc.add_paragraph(f"I: Vraag {i} over het wijkteam?")
        doc.add_paragraph(f"R: Antwoord {i}: het wachten duurde lang, maar de buurtcoach hielp.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def sample_pdf(text: str = "Dit rapport gaat over de Wmo. De toegang tot het wijkteam is goed geregeld.") -> bytes:
    """A minimal one-page PDF with a text stream, written by hand."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


STORY_HEADER = [
    "id", "story", "hoofdrol_1", "hoofdrol_2", "hoofdrol_3", "opbrengst_1", "opbrengst_2", "opbrengst_3",
    "duur", "ervaring", "ondersteuning", "baas", "leeftijd", "voor_wie", "wet",
]


def _story_rows() -> list[list[Any]]:
    return [
        ["001", "De buurtcoach hielp me weer op weg. Nu doe ik mee in de moestuin.", 0.5, 0.3, 0.2, 0.2, 0.3, 0.5,
         0.8, 0.7, "begeleiding", "Meer tijd voor gesprekken.", "70+", "mezelf", "Wmo"],
        ["002", "Ik wachtte lang op een gesprek, maar daarna ging het snel.", 0.2, 0.2, 0.6, 0.4, 0.4, 0.2,
         0.4, 0.5, "huishoudelijke hulp", "na", "50-69", "een ouder", "Wmo"],
    ]


def sample_csv() -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(STORY_HEADER)
    w.writerows(_story_rows())
    return buf.getvalue().encode("utf-8")


def sample_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(STORY_HEADER)
    for row in _story_rows():
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sample_yaml() -> bytes:
    return (
        b"id: test\nname: Testcodeboek\ncodes:\n"
        b"  - id: toegang\n    name: Toegang\n    keywords: [wachten, loket]\n"
        b"    codes:\n      - id: wachttijden\n        name: Wachttijden\n"
        b"  - id: mantelzorg\n    name: Mantelzorg\n"
    )


def sample_qdc() -> bytes:
    from analysis.codebook import load_shipped, qdc_bytes

    return qdc_bytes(load_shipped("sociaal-domein"))


def sample_qdpx(tmp: Path) -> bytes:
    """A small project export (codebook, one interview, codings) as .qdpx bytes."""
    from analysis.corpus import segment
    from analysis.domain import Code, Codebook, Coding, Source
    from analysis.refi import export_qdpx
    from analysis.store import Project

    text = sample_txt().decode("utf-8")
    p = Project.create(tmp / "sample-project")
    try:
        p.save_codebook(Codebook("cb", "Cb", codes=[Code("toegang", "Toegang"), Code("mantelzorg", "Mantelzorg")]))
        sid = p.add_source(Source("interview.txt", text, checksum="sample"), segment(text, kind="interview"))
        recs = p.passages(source_id=sid)
        p.add_coding(Coding(recs[1].id, "toegang", "cb", coder="anna"))
        p.add_coding(Coding(recs[3].id, "mantelzorg", "cb", coder="bob", start=recs[3].start, end=recs[3].start + 4))
        export_qdpx(p, tmp / "sample.qdpx")
    finally:
        p.close()
    return (tmp / "sample.qdpx").read_bytes()


_SAMPLES: dict[str, bytes] = {}


def sample(name: str) -> bytes:
    """One valid file per importer (keyed by importer name), built once per process.

    A function rather than a fixture, so hypothesis does not print whole files in failure reports.
    """
    if not _SAMPLES:
        import tempfile

        tmp = Path(tempfile.mkdtemp(prefix="duiding-samples-"))
        txt = sample_txt()
        _SAMPLES.update(
            {
                "ingest.txt": txt,
                "ingest.md": b"# Verslag\n\n" + txt,
                "ingest.docx": sample_docx(),
                "ingest.pdf": sample_pdf(),
                "ingest.vtt": sample_vtt(),
                "ingest.srt": sample_srt(),
                "codebook.yaml": sample_yaml(),
                "codebook.qdc": sample_qdc(),
                "refi.qdpx": sample_qdpx(tmp),
                "stories.csv": sample_csv(),
                "stories.xlsx": sample_xlsx(),
            }
        )
    return _SAMPLES[name]


# --------------------------------------------------------------------------- zip surgery


def corrupt_member(data: bytes, member: str, *, length: int = 48) -> bytes:
    """Overwrite ``length`` bytes in the middle of ``member``'s compressed data (a damaged deflate stream)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    raw = bytearray(data)
    name_len = int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    mid = start + max(info.compress_size // 2 - length // 2, 0)
    end = min(mid + length, start + info.compress_size)
    raw[mid:end] = bytes((0xA5 + i * 37) & 0xFF for i in range(end - mid))
    return bytes(raw)


def replace_member(data: bytes, member: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, new if info.filename == member else src.read(info))
    return out.getvalue()


# --------------------------------------------------------------------------- importers and their contract


@dataclass(frozen=True)
class Importer:
    name: str
    suffix: str
    run: Callable[[Path, Any], Any]  # (path, project) -> result
    errors: tuple[type[BaseException], ...]
    check: Callable[[Path, Any, Any], None]  # (path, project, result) -> asserts a correct import


def _check_ingest(path: Path, project: Any, result: Any) -> None:
    source, passages = result
    assert source.checksum and passages, f"{path.name}: imported without passages"
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    for p in passages:
        assert source.text[p.start : p.end] == p.text and p.text.strip()


def _check_codebook(path: Path, project: Any, result: Any) -> None:
    from analysis.domain import Codebook

    assert isinstance(result, Codebook)
    assert len({c.id for c in result.codes}) == len(result.codes)


def _check_stories(path: Path, project: Any, result: Any) -> None:
    from analysis.stories import ImportResult

    assert isinstance(result, ImportResult)
    if result.collection is None:
        assert result.errors, "no collection and no errors"
        assert all(path.name in str(e) for e in result.errors), result.errors


def _check_qdpx(path: Path, project: Any, result: Any) -> None:
    check_project_invariants(project)


def _run_ingest(path: Path, project: Any) -> Any:
    from analysis.corpus import ingest_file

    return ingest_file(path)


def _run_yaml(path: Path, project: Any) -> Any:
    from analysis.codebook import load_codebook

    return load_codebook(path)


def _run_qdc(path: Path, project: Any) -> Any:
    from analysis.codebook import import_qdc

    return import_qdc(path)


def _run_qdpx(path: Path, project: Any) -> Any:
    from analysis.refi import import_qdpx

    return import_qdpx(path, project)


def _run_stories(path: Path, project: Any) -> Any:
    from analysis.stories import import_stories

    return import_stories(path, QUESTIONS)


def importers() -> dict[str, Importer]:
    from analysis.codebook import CodebookError
    from analysis.corpus import IngestError
    from analysis.refi import QdpxError
    from analysis.stories import StoryImportError

    out = {}
    for suffix in (".txt", ".md", ".docx", ".pdf", ".vtt", ".srt"):
        out[f"ingest{suffix}"] = Importer(f"ingest{suffix}", suffix, _run_ingest, (IngestError,), _check_ingest)
    out["codebook.yaml"] = Importer("codebook.yaml", ".yaml", _run_yaml, (CodebookError,), _check_codebook)
    out["codebook.qdc"] = Importer("codebook.qdc", ".qdc", _run_qdc, (CodebookError,), _check_codebook)
    out["refi.qdpx"] = Importer("refi.qdpx", ".qdpx", _run_qdpx, (QdpxError,), _check_qdpx)
    out["stories.csv"] = Importer("stories.csv", ".csv", _run_stories, (StoryImportError,), _check_stories)
    out["stories.xlsx"] = Importer("stories.xlsx", ".xlsx", _run_stories, (StoryImportError,), _check_stories)
    return out


def project_state(project: Any) -> tuple:
    return (project.stats(), tuple(project.codebook_ids()), len(project.memos()), len(project.participants()))


def check_contract(imp: Importer, path: Path, project: Any, *, seconds: int = 30) -> str:
    """Run one import and assert the contract. Returns 'ok' or 'error'."""
    before = project_state(project)
    try:
        with time_limit(seconds, f"{imp.name} on {path.name}"):
            result = imp.run(path, project)
    except imp.errors as exc:
        assert path.name in str(exc), f"{imp.name}: the error does not name the file: {exc}"
        assert project_state(project) == before, f"{imp.name}: a failed import changed the project"
        return "error"
    except Hang:
        raise
    except Exception as exc:  # the finding: an exception of the wrong type
        raise AssertionError(
            f"{imp.name} raised {type(exc).__module__}.{type(exc).__name__} on {path.name} "
            f"(expected {' or '.join(e.__name__ for e in imp.errors)}): {exc}"
        ) from exc
    imp.check(path, project, result)
    return "ok"


def check_project_invariants(project: Any) -> None:
    """Every source has its passages (ordinals 0..n-1, offsets reproduce the text); no orphans."""
    total = 0
    for src in project.sources():
        recs = project.passages(source_id=src.id)
        assert [r.ordinal for r in recs] == list(range(len(recs))), f"source {src.id}: ordinals have gaps"
        for r in recs:
            assert src.text[r.start : r.end] == r.text, f"source {src.id}: passage {r.ordinal} offsets broken"
        total += len(recs)
    assert project.count_passages() == total, "passages without a source"
    known = set(project.passage_ids())
    for c in project.codings():
        assert c.passage_id in known, f"coding {c.id} points at a missing passage"


# --------------------------------------------------------------------------- isolation

_CHILD = """
import resource, sys, tempfile
from pathlib import Path
sys.path.insert(0, {here!r})
limit = {mem_mb} * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from robust_helpers import check_contract, importers
from analysis.store import Project
project = Project.create(Path(tempfile.mkdtemp()) / "proj")
try:
    outcome = check_contract(importers()[{name!r}], Path({path!r}), project, seconds={seconds})
except AssertionError as exc:
    print("RESULT violation", exc)
else:
    print("RESULT", outcome)
"""


def check_contract_isolated(name: str, path: Path, *, seconds: int = 60, mem_mb: int = 2048) -> str:
    """:func:`check_contract` in a child process with a wall-clock and memory limit.

    Needed where a hang would sit in C code (pydantic-core, lxml, zlib), which a
    SIGALRM cannot interrupt, and where memory could run out.
    """
    import subprocess
    import sys

    code = _CHILD.format(here=str(Path(__file__).parent), mem_mb=mem_mb, name=name, path=str(path), seconds=seconds)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=seconds + 20, cwd=ROOT, check=False
        )
    except subprocess.TimeoutExpired:
        raise Hang(f"{name} on {path.name} did not finish within {seconds + 20} s (a hang; the process was killed)") from None
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if not lines:
        raise AssertionError(
            f"{name} on {path.name} crashed the process (exit {proc.returncode}, memory limit {mem_mb} MB): "
            f"{proc.stderr.strip()[-600:]}"
        )
    result = lines[-1][len("RESULT ") :]
    assert not result.startswith("violation"), result
    return result
