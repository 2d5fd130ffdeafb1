"""``duiding query``, ``duiding matrix`` and ``duiding sets``: ask the coded material questions."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .common import ProjectOption, console, fail, fail_key, open_project, out

app = typer.Typer(add_completion=False)


def _index(p, codebook: list[str] | None, suggestions: bool):
    from ..query import QueryIndex

    return QueryIndex.from_project(p, codebook_ids=codebook or None, include_suggestions=suggestions)


@app.command("query")
def query_command(
    query: str = typer.Argument(..., help='For example: toegang AND wachttijden WHERE respondent_group = mantelzorger'),
    project: str | None = ProjectOption,
    codebook: list[str] = typer.Option([], "--codebook", "-c", help="Only codes of this codebook (repeatable)."),
    suggestions: bool = typer.Option(False, "--suggestions", help="Count open suggestions too (default: accepted codings only)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    limit: int = typer.Option(20, help="How many passages to print (0: none, only the counts)."),
    save: str | None = typer.Option(None, "--save", help="Save the result as a named set."),
) -> None:
    """Boolean and proximity queries over codes, text and attributes (AND, OR, NOT, NEAR/n, OVERLAPS, WHERE)."""
    from ..query import QueryError, parse, save_result

    try:
        parsed = parse(query)
    except QueryError as exc:
        fail(exc)
    p = open_project(project)
    try:
        index = _index(p, codebook, suggestions)
        result = index.run(parsed)
    except QueryError as exc:
        fail(exc)
    if save:
        save_result(p, save, result)
    shown = index.records(result.passage_ids[:limit]) if limit else []
    if as_json:
        payload = {
            "query": result.query,
            "passages": len(result),
            "sources": result.sources,
            "participants": result.participants,
            "passage_ids": result.passage_ids,
            "shown": [
                {"id": r.id, "source": r.source_name, "speaker": r.speaker, "start": r.start, "end": r.end, "text": r.text}
                for r in shown
            ],
        }
        out.print_json(json.dumps(payload, ensure_ascii=False))
        return
    from rich.markup import escape

    console.print(
        f"{len(result)} passages in {result.sources} sources from {result.participants} participants"
        + (f"; saved as set '{escape(save)}'" if save else ""),
        highlight=False,
    )
    for r in shown:
        speaker = f"{escape(r.speaker)}: " if r.speaker else ""
        out.print(f"[dim]#{r.id} {escape(r.source_name)} [{r.start}:{r.end}][/] {speaker}{escape(r.text)}", highlight=False)


@app.command("matrix")
def matrix_command(
    codebook: str = typer.Option(..., "--codebook", "-c", help="The codebook whose codes form the rows."),
    by: str = typer.Option(..., "--by", help="The attribute of the columns: municipality, respondent_group, kind, age_group, wijk, coder, any attribute."),
    project: str | None = ProjectOption,
    parent: str | None = typer.Option(None, help="Only the children of this code."),
    count: str = typer.Option("passages", help="passages, participants or sources."),
    percent: str | None = typer.Option(None, help="row or column percentages."),
    within: str | None = typer.Option(None, "--query", help="Only the passages of this query."),
    saved: str | None = typer.Option(None, "--set", help="Only the passages of this saved set."),
    suggestions: bool = typer.Option(False, "--suggestions", help="Count open suggestions too."),
    output: Path | None = typer.Option(None, "--out", "-o", help="Write .xlsx (with a sheet of passages per cell) or .csv."),
) -> None:
    """Matrix coding query: codes × the values of an attribute."""
    from ..query import QueryError, export_matrix, matrix

    if count not in ("passages", "participants", "sources"):
        fail_key("cli.bad_count", count=count)
    if percent not in (None, "row", "column"):
        fail_key("cli.bad_percent", percent=percent)
    p = open_project(project)
    try:
        index = _index(p, None, suggestions)
        scope = None
        if within:
            scope = index.run(within).passage_ids
        if saved:
            members = set(p.get_passage_set(saved)["passage_ids"])
            scope = [i for i in (scope if scope is not None else index.order) if i in members]
        result = matrix(index, codebook, by, parent=parent, scope=scope)
    except (QueryError, Exception) as exc:  # noqa: BLE001 - a store error (unknown set) reads the same way
        fail(exc)
    if output is not None:
        export_matrix(result, str(output), count=count, percent=percent)
        console.print(f"written: {output}", highlight=False)
        return
    out.print(result.table(count, percent).to_string())


sets_app = typer.Typer(add_completion=False, no_args_is_help=True)
app.add_typer(sets_app, name="sets", help="Saved sets of passages: list, show, delete, code.")


@sets_app.command("list")
def sets_list(project: str | None = ProjectOption) -> None:
    """The saved sets with their size and query."""
    from rich.markup import escape

    p = open_project(project)
    for s in p.passage_sets():
        out.print(f"{escape(s['name'])}\t{len(s['passage_ids'])}\t{escape(s['query'])}", highlight=False)


@sets_app.command("delete")
def sets_delete(name: str, project: str | None = ProjectOption) -> None:
    """Delete a saved set (its passages stay)."""
    p = open_project(project)
    try:
        p.delete_passage_set(name)
    except Exception as exc:  # noqa: BLE001
        fail(exc)


@sets_app.command("code")
def sets_code(
    name: str,
    codebook: str = typer.Option(..., "--codebook", "-c"),
    code: str = typer.Option(..., "--code"),
    project: str | None = ProjectOption,
) -> None:
    """Code every passage of a saved set at once (accepted codings of the current user)."""
    from ..query import code_set

    p = open_project(project)
    try:
        done = code_set(p, p.get_passage_set(name)["passage_ids"], codebook, code)
    except Exception as exc:  # noqa: BLE001
        fail(exc)
    console.print(f"{done} passages coded with {code}.", highlight=False)
