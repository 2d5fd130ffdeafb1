"""``duiding code ...``: auto-code a project and measure auto-coding against a gold coding."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.command("auto")
def auto(
    codebook: str | None = typer.Option(
        None, "--codebook", "-c", help="Id of a codebook stored in the project (default: sociaal-domein, or the only one)."
    ),
    project: str | None = typer.Option(
        None, "--project", "-p", envvar="DUIDING_PROJECT", help="Project folder, .sqlite file or database URL."
    ),
    coder: str = typer.Option("duiding-auto", help="Coder name stored with the suggestions."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Suggest codes for every passage; decisions of researchers are never overwritten."""
    from analysis.cli.common import console, fail, open_project, out

    from .auto import auto_code

    p = open_project(project)
    if codebook is None:
        ids = p.codebook_ids()
        codebook = "sociaal-domein" if "sociaal-domein" in ids else (ids[0] if len(ids) == 1 else None)
        if codebook is None:
            fail(f"the project holds several codebooks ({', '.join(ids) or 'none'}): choose one with --codebook")
    if codebook not in p.codebook_ids():
        known = ", ".join(p.codebook_ids()) or "none"
        fail(f"codebook {codebook!r} is not in the project (stored codebooks: {known})")
    from analysis.errors import render

    from .runs import incomplete_run

    unfinished = incomplete_run(p, codebook)
    if unfinished is not None:
        console.print(
            render("harden.autocode_incomplete", {"codebook": codebook, "started": str(unfinished["at"])[:19]}, "nl"),
            highlight=False,
        )
    report = auto_code(p, codebook, coder=coder, progress=progress)
    if as_json:
        from dataclasses import asdict

        out.print_json(json.dumps(asdict(report)))
    else:
        out.print(report.summary(), highlight=False)


@app.command("evaluate")
def evaluate_cmd(
    codebook: Path = typer.Option(..., help="Codebook YAML."),
    gold: list[Path] = typer.Option(..., help="Gold CSV(s) with columns text and code (codes separated by ';')."),
    folds: int | None = typer.Option(None, help="Also evaluate the learned coder with K-fold cross-validation."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Precision, recall and F1 of auto-coding against a hand-coded gold standard."""
    from analysis.cli.common import fail, out
    from analysis.codebook import load_codebook

    from .evaluate import evaluate, format_table

    for g in gold:
        if not g.is_file():
            fail(f"{g}: gold file not found")
    cb = load_codebook(codebook)
    try:
        result = evaluate(cb, gold if len(gold) > 1 else gold[0], folds=folds)
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        out.print_json(json.dumps(result))
    else:
        out.print(format_table(result), highlight=False)
