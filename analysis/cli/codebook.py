"""``duiding codebook validate|import|export|list``."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import ProjectOption, console, error_message, fail, fail_key, open_project, out, print_error

app = typer.Typer(no_args_is_help=True)


def _load(path: Path):
    from ..codebook import CodebookError, import_qdc, load_codebook

    if not path.exists():
        from ..errors import DuidingError

        fail(DuidingError("general.file_not_found", file=path))
    try:
        if path.suffix.lower() == ".qdc":
            return import_qdc(path)
        return load_codebook(path)
    except CodebookError as exc:
        print_error(error_message(exc))
        raise typer.Exit(1)


@app.command()
def validate(paths: list[Path] = typer.Argument(..., help="Codebook YAML or .qdc files.")) -> None:
    """Check codebooks; errors name the file, the code's path and the field."""
    from ..codebook import CodebookError, load_codebook, shipped_codebooks, validate_crosswalk

    bad = 0
    shipped = shipped_codebooks()
    for path in paths:
        try:
            cb = _load(path) if path.suffix.lower() == ".qdc" else load_codebook(path)
            if cb.framework:
                frame = path.parent / f"{cb.framework}.yaml"
                frame = frame if frame.exists() else shipped.get(cb.framework)
                if frame is not None:
                    validate_crosswalk(cb, load_codebook(frame))
            console.print(f"[green]ok[/] {path}: {len(cb.codes)} codes, {len(cb.norms)} norms", highlight=False)
        except CodebookError as exc:
            bad += 1
            console.print(f"[bold red]invalid[/] {error_message(exc)}", highlight=False)
        except typer.Exit:
            bad += 1
    raise typer.Exit(0 if not bad else (1 if bad == len(paths) else 2))


@app.command("import")
def import_(
    path: Path = typer.Argument(..., help="Codebook YAML or REFI-QDA .qdc."),
    project: str | None = ProjectOption,
) -> None:
    """Load a codebook into a project (replacing one with the same id)."""
    cb = _load(path)
    p = open_project(project)
    p.save_codebook(cb)
    console.print(f"Codebook [bold]{cb.id}[/] ({len(cb.codes)} codes) stored.", highlight=False)


@app.command()
def export(
    codebook_id: str = typer.Argument(..., help="Codebook id in the project."),
    target: Path = typer.Argument(..., help="Output file: .yaml/.yml or .qdc."),
    project: str | None = ProjectOption,
) -> None:
    """Write a project's codebook as YAML or REFI-QDA .qdc."""
    from ..codebook import dump_codebook, export_qdc
    from ..store import StoreError

    p = open_project(project)
    try:
        cb = p.get_codebook(codebook_id)
    except StoreError as exc:
        fail(exc)
    if target.suffix.lower() == ".qdc":
        export_qdc(cb, target)
    elif target.suffix.lower() in (".yaml", ".yml"):
        dump_codebook(cb, target)
    else:
        fail_key("cli.codebook_format", path=target, file=target.name)
    console.print(f"Written {target}.", highlight=False)


@app.command("list")
def list_(project: str | None = ProjectOption) -> None:
    """List the codebooks in a project."""
    p = open_project(project)
    for cb in p.codebooks():
        out.print(f"{cb.id}\t{cb.name}\t{len(cb.codes)} codes", highlight=False)
