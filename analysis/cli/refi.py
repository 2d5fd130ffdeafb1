"""``duiding refi import|export``: REFI-QDA project exchange (.qdpx)."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import EXIT_PARTIAL, ProjectOption, console, fail, fail_key, open_project, print_warning

app = typer.Typer(no_args_is_help=True, help="Exchange projects with NVivo, ATLAS.ti, MAXQDA and QualCoder (REFI-QDA .qdpx).")

_MAX_SHOWN_WARNINGS = 30
_QDPX_IN = typer.Argument(..., help="The .qdpx file.")
_QDPX_OUT = typer.Argument(..., help="The .qdpx file to write.")
_CODEBOOKS = typer.Option(None, "--codebook", "-c", help="Only this codebook (repeatable).")


@app.command("import")
def import_(
    path: Path = _QDPX_IN,
    project: str | None = ProjectOption,
    positions: str | None = typer.Option(
        None,
        help="How the file counts positions: utf16, utf16-lf, codepoint, codepoint-lf or a tool name "
        "(nvivo, atlas.ti, maxqda, qualcoder). Default: detected from the writing tool.",
    ),
    kind: str | None = typer.Option(None, help="Source kind for sources without one (interview, report, ...)."),
    municipality: str | None = typer.Option(None, "--municipality", "-m", help="Gemeente for sources without one."),
    study: str | None = typer.Option(None, help="Study name for sources without one."),
    sources_dir: Path | None = typer.Option(
        None,
        "--sources-dir",
        help="Folder holding the source files the project names outside the archive (absolute://, relative://, "
        "file://). Without it such sources are refused; with it only files inside this folder are read.",
    ),
    show_warnings: bool = typer.Option(True, "--warnings/--no-warnings", help="List the tolerated defects."),
) -> None:
    """Import a REFI-QDA project: codes, sources, codings, cases and memos."""
    from ..domain import SourceKind
    from ..refi import QdpxError, import_qdpx, resolve_scheme

    if not path.exists():
        fail_key("cli.file_not_found", path=path, file=path.name)
    if positions is not None:
        try:
            resolve_scheme(positions)
        except ValueError as exc:
            fail(exc)
    if kind is not None:
        try:
            SourceKind.parse(kind)
        except ValueError as exc:
            fail(exc)
    p = open_project(project)
    try:
        report = import_qdpx(
            path, p, positions=positions, kind=kind, municipality=municipality, study=study, sources_dir=sources_dir
        )
    except QdpxError as exc:
        fail(exc)
    if show_warnings:
        for w in report.warnings[:_MAX_SHOWN_WARNINGS]:
            print_warning(w)
        if len(report.warnings) > _MAX_SHOWN_WARNINGS:
            console.print(f"... and {len(report.warnings) - _MAX_SHOWN_WARNINGS} more warnings", highlight=False)
    console.print(report.summary(), highlight=False)
    if report.refused_external:
        refused = len(dict.fromkeys(report.refused_external))
        hint = "" if sources_dir else " (name the folder holding them with --sources-dir)"
        console.print(f"{refused} source file(s) outside the archive refused{hint}", highlight=False)
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def export(
    path: Path = _QDPX_OUT,
    project: str | None = ProjectOption,
    codebook: list[str] | None = _CODEBOOKS,
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="Replace identifying details, rename sources and cases."),
    suggestions: bool = typer.Option(False, "--include-suggestions", help="Also export codings not yet accepted."),
    positions: str = typer.Option("codepoint", help="Count positions in code points (default) or utf16."),
    name: str | None = typer.Option(None, help="Project name in the file."),
) -> None:
    """Export the project as a REFI-QDA project (.qdpx)."""
    from ..refi import QdpxError, export_qdpx, resolve_scheme

    try:
        resolve_scheme(positions)
    except ValueError as exc:
        fail(exc)
    if path.suffix.lower() != ".qdpx":
        fail_key("cli.not_qdpx", path=path, file=path.name)
    p = open_project(project)
    statuses = ("accepted", "suggested") if suggestions else ("accepted",)
    try:
        report = export_qdpx(
            p, path, pseudonymise=pseudonymise, codebooks=codebook or None, statuses=statuses, positions=positions, name=name
        )
    except QdpxError as exc:
        fail(exc)
    for w in report.warnings:
        print_warning(w)
    console.print(report.summary(), highlight=False)
