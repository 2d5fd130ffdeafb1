"""``duiding verslag ...``: gespreksverslagen: their headings, and coding by heading (codeer op kop)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer

from .common import EXIT_ERROR, ProjectOption, console, fail, fail_key, open_project, out

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

TemplateArg = typer.Argument(..., help="Heading template (YAML: name, codebook, threshold, headings: {kop: [codes]}) or the name of a stored one.")


def _template(project, ref: str):  # type: ignore[no-untyped-def]
    from ..coding.headings import load_template, stored_templates
    from ..errors import DuidingError

    try:
        if Path(ref).is_file():
            return load_template(ref)
        stored = stored_templates(project)
        if ref in stored:
            return stored[ref]
        fail_key("cli.no_template", ref=ref, stored=", ".join(stored) or "none", stored_nl=", ".join(stored) or "geen")
    except DuidingError as err:
        fail(err)


def _guard(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    from ..errors import DuidingError

    try:
        return func(*args, **kwargs)
    except DuidingError as err:
        fail(err)


@app.command("headings")
def headings(project: str | None = ProjectOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """The headings and table questions of the project's verslagen, with how many passages sit under each."""
    p = open_project(project)
    counts: Counter[str] = Counter()
    for batch in p.iter_passages(kind="verslag"):
        for rec in batch:
            if rec.heading:
                counts[rec.heading] += 1
            if rec.question:
                counts[f"[vraag] {rec.question}"] += 1
    if as_json:
        out.print(json.dumps(dict(counts.most_common()), ensure_ascii=False, indent=2), markup=False, highlight=False)
        return
    for heading, n in sorted(counts.items()):
        console.print(f"{n:4d}  {heading}", highlight=False, markup=False)


@app.command("preview")
def preview_cmd(
    template: str = TemplateArg,
    project: str | None = ProjectOption,
    all_kinds: bool = typer.Option(False, "--all-kinds", help="Also code passages with headings in other source kinds."),
    study: str | None = typer.Option(None, "--study", help="Only the verslagen of this study."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What the template would code, without storing anything."""
    from ..coding.headings import match_rows, preview

    p = open_project(project)
    tpl = _template(p, template)
    matches = _guard(preview, p, tpl, kinds=[] if all_kinds else None, study=study)
    if as_json:
        out.print(json.dumps(match_rows(matches), ensure_ascii=False, indent=2), markup=False, highlight=False)
        return
    for m in matches:
        state = f" (al {m.existing})" if m.existing else ""
        console.print(f"{m.source_name} #{m.passage_id}: {m.code_id} <- '{m.heading}' ({m.how} {m.score:g}){state}", highlight=False, markup=False)
    new = sum(1 for m in matches if m.existing is None)
    console.print(f"{len(matches)} codings proposed, {new} new.", highlight=False)


@app.command("apply")
def apply_cmd(
    template: str = TemplateArg,
    project: str | None = ProjectOption,
    all_kinds: bool = typer.Option(False, "--all-kinds", help="Also code passages with headings in other source kinds."),
    study: str | None = typer.Option(None, "--study", help="Only the verslagen of this study."),
    save: bool = typer.Option(True, help="Store the template in the project, for the app and for later verslagen."),
) -> None:
    """Store the template's codes as accepted codings of the researcher (undo with 'duiding verslag undo')."""
    from ..coding.headings import apply, save_template

    p = open_project(project)
    tpl = _template(p, template)
    if save:
        _guard(save_template, p, tpl)
    result = _guard(apply, p, tpl, kinds=[] if all_kinds else None, study=study)
    console.print(
        f"{len(result.created)} codings stored as accepted ({result.skipped} already present, left alone); "
        f"undo with: duiding verslag undo {result.batch_id}",
        highlight=False,
    )


@app.command("undo")
def undo_cmd(batch: int | None = typer.Argument(None, help="Number of the application (default: the last one)."), project: str | None = ProjectOption) -> None:
    """Take back the codings of one application of a heading template."""
    from ..coding.headings import undo_apply

    p = open_project(project)
    removed = _guard(undo_apply, p, batch)
    console.print(f"{removed} codings removed.", highlight=False)


@app.command("evaluate")
def evaluate_cmd(
    template: str = TemplateArg,
    gold: Path = typer.Option(..., "--gold", exists=True, dir_okay=False, help="Reference coding CSV (file, text, code)."),
    project: str | None = ProjectOption,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Agreement of code-by-heading with a reference coding of the verslagen's passages."""
    from ..coding.headings import evaluate_template

    p = open_project(project)
    tpl = _template(p, template)
    scores = _guard(evaluate_template, p, tpl, gold)
    if as_json:
        out.print(json.dumps(scores, ensure_ascii=False, indent=2), markup=False, highlight=False)
        return
    if not scores["rows"]:
        fail_key("cli.no_reference_match", EXIT_ERROR, n=scores["unmatched"])
    console.print(
        f"{scores['rows']} passages ({scores['unmatched']} reference rows unmatched): macro-F1 {scores['macro_f1']:.2f}, "
        f"micro-F1 {scores['micro_f1']:.2f}, identical code sets {scores['exact_sets']}/{scores['rows']}",
        highlight=False,
    )
    for code, s in sorted(scores["per_code"].items()):
        console.print(f"  {code:16s} P {s['precision']:.2f}  R {s['recall']:.2f}  F1 {s['f1']:.2f}  (n={s['support']})", highlight=False)
