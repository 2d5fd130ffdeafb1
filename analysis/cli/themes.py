"""``duiding themes fit|show|export``: recurring themes from the command line.

duiding themes fit --project P --codebook sociaal-domein
duiding themes show --project P --per municipality
duiding themes export --project P --format csv --out thema-export/
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import typer

from ..errors import DuidingError
from .common import ProjectOption, console, fail, fail_key, open_project, out

app = typer.Typer(
    help="Fit, show and export topic models (recurring themes).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _model_id(project: Any, model: int | None) -> int:
    if model is not None:
        return model
    models = project.topic_models()
    if not models:
        fail_key("cli.no_topic_models")
    return int(models[-1]["id"])


def _load(project: Any, model_id: int):  # type: ignore[no-untyped-def]
    from ..themes import ThemeError, load_from_project

    try:
        return load_from_project(project, model_id)
    except ThemeError as exc:
        fail(exc)
    except Exception as exc:  # noqa: BLE001 - the store's own errors, shown plainly
        fail_key("cli.topic_model_failed", id=model_id, reason=exc)


@app.command()
def fit(
    project: str | None = ProjectOption,
    codebook: str | None = typer.Option(None, "--codebook", "-c", help="Codebook id whose keywords seed the topics."),
    municipality: str | None = typer.Option(None, "--municipality", "-m", help="Only passages of this gemeente."),
    kind: str | None = typer.Option(None, help="Only this source kind (interview, report, ...)."),
    respondent_group: str | None = typer.Option(None, "--respondent-group", help="Only this respondent group."),
    topics: int | None = typer.Option(None, "--topics", "-k", help="Exactly this many topics (KMeans)."),
    min_topic_size: int | None = typer.Option(None, help="Smallest topic (HDBSCAN); default: passages / 100."),
    reducer: str = typer.Option("umap", help="umap (default) or pca (faster, coarser)."),
    embedding_model: str | None = typer.Option(
        None, help="Folder of a local sentence-transformers model (default: offline LSA)."
    ),
    keep_outliers: bool = typer.Option(False, "--keep-outliers", help="Do not reassign outliers (topic -1)."),
    seed: int = typer.Option(42, help="Random seed (same seed, same topics)."),
    name: str | None = typer.Option(None, help="Name of the stored model."),
) -> None:
    """Find recurring themes in the project's passages and store the model."""
    from ..themes import ThemeConfig, ThemeError, fit_project, save_to_project

    p = open_project(project)
    try:
        config = ThemeConfig(
            nr_topics=topics,
            min_topic_size=min_topic_size,
            reducer=reducer,
            embedding_model=embedding_model,
            reduce_outliers=None if keep_outliers else "c-tf-idf",
            random_state=seed,
            verbose=True,
        )
    except ValueError as exc:
        fail(exc)
    try:
        model = fit_project(
            p, config, codebook_id=codebook, municipality=municipality, kind=kind, respondent_group=respondent_group
        )
    except ThemeError as exc:
        fail(exc)
    except KeyError as exc:  # a code the codebook lacks (UnknownCode: keyed, read in the CLI's language)
        fail(exc if isinstance(exc, DuidingError) else str(exc).strip("'\""))
    except Exception as exc:  # noqa: BLE001 - e.g. StoreError for an unknown codebook
        fail(exc)
    model_id = save_to_project(p, model, name)
    _print_topics(model)
    if not model.topics():
        console.print(
            "[yellow]No themes found:[/] every passage is an outlier. "
            "Try a smaller --min-topic-size or a fixed number with --topics.",
            highlight=False,
        )
    console.print(
        f"Saved as topic model [bold]{model_id}[/] ({len(model.topics())} themes, "
        f"{len(model.passage_ids)} passages).",
        highlight=False,
    )


def _print_topics(model: Any, words: int = 8) -> None:
    from rich.table import Table

    table = Table("topic", "label", "passages", "code (seed)", "keywords")
    for topic in model.topics(include_outliers=True):
        table.add_row(
            str(topic.id), topic.label, str(topic.size), topic.seed_code or "", ", ".join(topic.words[:words])
        )
    out.print(table)


@app.command()
def show(
    project: str | None = ProjectOption,
    model: int | None = typer.Option(None, "--model", help="Topic model id (default: the latest)."),
    per: str | None = typer.Option(
        None, help="Break down per passage attribute: municipality, kind, respondent_group, source_name, age_group ..."
    ),
    examples: bool = typer.Option(False, help="Also print each topic's representative passages."),
    list_models: bool = typer.Option(False, "--list", help="List the stored topic models."),
    words: int = typer.Option(8, help="Keywords shown per topic."),
) -> None:
    """Show a stored topic model: topics, keywords, and optionally a per-class breakdown."""
    from rich.table import Table

    p = open_project(project)
    if list_models:
        table = Table("id", "name", "themes", "created")
        for row in p.topic_models():
            table.add_row(
                str(row["id"]), row["name"], str(row.get("n_topics", "")), str(row.get("created_at", ""))[:19]
            )
        out.print(table)
        return
    theme_model = _load(p, _model_id(p, model))
    _print_topics(theme_model, words)
    if examples:
        for topic in theme_model.topics():
            out.print(f"\n[bold]{topic.id} {topic.label}[/]", highlight=False)
            for pid, text in zip(topic.representative_ids, topic.representatives):
                out.print(f"  [dim]#{pid}[/] {' '.join(text.split())[:300]}", highlight=False)
    if per:
        from ..themes import ThemeError

        try:
            frame = theme_model.per_class(per)
        except ThemeError as exc:
            fail(exc)
        table = Table(per, "topic", "label", "passages", "aandeel", "kernwoorden hier")
        for row in frame.itertuples(index=False):
            table.add_row(str(row[0]), str(row[1]), row[2], str(row[3]), f"{row[4]:.0%}", str(row[6]))
        out.print(table)


@app.command()
def export(
    project: str | None = ProjectOption,
    model: int | None = typer.Option(None, "--model", help="Topic model id (default: the latest)."),
    fmt: str = typer.Option(
        "csv", "--format", "-f", help="csv (a folder with topics.csv and assignments.csv) or json."
    ),
    target: Path = typer.Option(..., "--out", "-o", help="Folder (csv) or file (json) to write."),
) -> None:
    """Export topics and passage assignments to CSV or JSON."""
    fmt = fmt.lower()
    if fmt not in ("csv", "json"):
        fail_key("cli.unknown_topics_format", fmt=fmt)
    p = open_project(project)
    model_id = _model_id(p, model)
    theme_model = _load(p, model_id)
    labels = {t.id: t.label for t in theme_model.topics(include_outliers=True)}
    context = {}
    for batch in p.iter_passages(batch_size=5000):
        for rec in batch:
            context[rec.id] = rec
    topics = [
        {
            "topic": t.id,
            "label": t.label,
            "size": t.size,
            "seed_code": t.seed_code or "",
            "keywords": "; ".join(t.words),
            "weights": "; ".join(f"{s:.4f}" for _, s in t.keywords),
            "representative_ids": "; ".join(str(i) for i in t.representative_ids),
        }
        for t in theme_model.topics(include_outliers=True)
    ]
    assignments = []
    for pid, topic, score in theme_model.assignments():
        rec = context.get(pid)
        assignments.append(
            {
                "passage_id": pid,
                "topic": topic,
                "label": labels.get(topic, ""),
                "similarity": round(score, 4),
                "source": rec.source_name if rec else "",
                "municipality": (rec.municipality or "") if rec else "",
                "kind": rec.kind.value if rec else "",
                "respondent_group": (rec.respondent_group or "") if rec else "",
                "speaker": (rec.speaker or "") if rec else "",
                "text": rec.text if rec else "",
            }
        )
    if fmt == "json":
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "model": {"id": model_id, "config": theme_model.config.to_dict()},
            "topics": [t.to_dict() for t in theme_model.topics(include_outliers=True)],
            "assignments": assignments,
        }
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        written = [target]
    else:
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, rows in (("topics.csv", topics), ("assignments.csv", assignments)):
            path = target / name
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()) if rows else ["topic"])
                writer.writeheader()
                writer.writerows(rows)
            written.append(path)
    console.print(
        f"{len(topics)} themes and {len(assignments)} assignments written to "
        + ", ".join(str(w) for w in written),
        highlight=False,
    )
