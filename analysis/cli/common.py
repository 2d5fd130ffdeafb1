"""Shared pieces of the ``duiding`` command line: exit codes, project option, output."""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from .. import settings

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_PARTIAL = 2

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

ProjectOption = typer.Option(
    None,
    "--project",
    "-p",
    help="Project folder, .sqlite file or database URL (default: $DATABASE_URL).",
    envvar=settings.PROJECT,
)


def cli_language() -> str:
    """The language of the command line's messages: English, or Dutch with ``DUIDING_LANG=nl``.

    The command line speaks English throughout (its help, progress and results); ``DUIDING_LANG=nl`` turns
    its error messages Dutch, the texts the app shows. The app is Dutch by default.
    """
    from ..errors import LANGUAGES

    lang = settings.lang()
    return lang if lang in LANGUAGES else "en"


def error_message(err: BaseException) -> str:
    """An error's text for the command line: Dutch catalogue text with ``DUIDING_LANG=nl``, else ``str(err)``
    (which is the English text of every catalogue error)."""
    from ..errors import DuidingError

    lang = cli_language()
    return err.message(lang) if isinstance(err, DuidingError) and lang != "en" else str(err)


def print_error(message: str) -> None:
    """``error: <message>`` on stderr (``fout: <message>`` with ``DUIDING_LANG=nl``)."""
    from ..errors import render

    console.print(f"[bold red]{render('cli.error_prefix', lang=cli_language())}[/] {message}", highlight=False)


def print_warning(text: Any) -> None:
    """``warning <text>`` on stderr; a keyed text (:class:`~analysis.errors.KeyedText`) in the CLI's language."""
    from ..errors import localise, render

    lang = cli_language()
    console.print(f"[yellow]{render('cli.warning_prefix', lang=lang)}[/] {localise(text, lang)}", highlight=False)


def fail(message: str | BaseException, code: int = EXIT_ERROR) -> None:
    """Stop with an error. Refusals of the command line itself go through :func:`fail_key` (a catalogue key,
    so ``DUIDING_LANG=nl`` makes them Dutch); ``fail`` takes an error, or a text that is already translated."""
    if isinstance(message, BaseException):
        message = error_message(message)
    print_error(message)
    raise typer.Exit(code)


def fail_key(key: str, code: int = EXIT_ERROR, **params: Any) -> None:
    """Fail with the catalogue's message ``key`` (English, or Dutch with ``DUIDING_LANG=nl``); a parameter that
    is an exception is its text in that language."""
    from ..errors import DuidingError

    params = {k: error_message(v) if isinstance(v, BaseException) else v for k, v in params.items()}
    fail(DuidingError(key, **params), code)


def password_for(user: str) -> str:
    """``$DUIDING_PASSWORD`` for scripts, else a hidden prompt (only in a terminal)."""
    secret = settings.password()
    if secret is not None:
        return secret
    if not sys.stdin.isatty():
        fail_key("trust.no_password", user=user)
    return typer.prompt(f"Wachtwoord voor {user}", hide_input=True)


def open_project(location: str | None, user: str | None = None):
    """Open the project; when it has accounts, sign in as ``user`` (default ``$DUIDING_USER``) with a password.

    Every command goes through here, so a project with accounts is never read or written on a
    user name alone.
    """
    from ..accounts import AuthenticationError
    from ..store import Project, ProjectNotFound, StoreError

    user = user or settings.user()
    try:
        project = Project.open(location, user=user)
    except ProjectNotFound as exc:
        fail(exc)
    try:
        if project.has_accounts():
            if not user:
                fail_key("trust.no_user", location=project.location)
            project.login(user, password_for(user))
    except (AuthenticationError, StoreError) as exc:
        project.close()
        fail(exc)
    except BaseException:
        project.close()
        raise
    return project


@contextmanager
def progress_bar(description: str, total: int | None, *, enabled: bool = True) -> Iterator[Any]:
    """A rich progress bar on stderr; ``advance(n)`` on the yielded object."""
    enabled = enabled and console.is_terminal
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )
    with progress:
        task = progress.add_task(description, total=total)

        class _Handle:
            def advance(self, n: int = 1) -> None:
                progress.advance(task, n)

            def describe(self, text: str) -> None:
                progress.update(task, description=text)

        yield _Handle()


def write_records(records: Iterable[dict], fmt: str, fields: Sequence[str], target: Path | None) -> int:
    """Write dict records as jsonl or csv to ``target`` (stdout when None)."""
    fmt = fmt.lower()
    if fmt not in {"jsonl", "csv"}:
        fail_key("cli.unknown_records_format", fmt=fmt)
    n = 0
    with contextlib.ExitStack() as stack:
        handle = stack.enter_context(open(target, "w", encoding="utf-8", newline="")) if target else sys.stdout
        if fmt == "csv":
            writer = csv.DictWriter(handle, fieldnames=list(fields), extrasaction="ignore")
            writer.writeheader()
            for r in records:
                writer.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in r.items()})
                n += 1
        else:
            for r in records:
                handle.write(json.dumps({k: r.get(k) for k in fields}, ensure_ascii=False, default=str) + "\n")
                n += 1
    return n
