"""Command groups that are imported only when they are run.

Some capabilities' command modules import heavy packages when they are imported
(``analysis.themes.cli`` imports :mod:`analysis.themes`, which loads spaCy,
scikit-learn and, through spaCy, torch). ``duiding --help`` and every other command
should not pay for that. Such a group is registered as a *placeholder*: a Typer
with only the name and help text, so it shows in ``duiding --help`` and in
``app.registered_groups`` in its usual place. :class:`LazyRootGroup`, the click
class of the root ``duiding`` command, swaps in the real group the first time the
command is resolved (``duiding themes ...``), and keeps the placeholder while it
only lists commands for the help screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import click
import typer
from typer.core import TyperGroup


def module_present(module: str) -> bool:
    """Whether an ``analysis.*`` module's file exists, without importing it or its package."""
    parts = module.split(".")
    if parts[0] != "analysis":
        raise ValueError(f"module_present: {module!r} is not an analysis.* module")
    base = Path(__file__).resolve().parent.parent.joinpath(*parts[1:])
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


class LazyRootGroup(TyperGroup):
    """Root click group that imports placeholder groups (see :func:`add_lazy_typer`) on use."""

    # command name -> loader returning the real click command; filled by add_lazy_typer
    lazy: ClassVar[dict[str, Callable[[], click.Command | None]]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = 0
        self._loaded: set[str] = set()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cmd = super().get_command(ctx, cmd_name)
        loader = self.lazy.get(cmd_name)
        if cmd is None or loader is None or cmd_name in self._loaded:
            return cmd
        if self._listing:  # the help screen needs only the name and help text of the placeholder
            return cmd
        real = loader()
        if real is None:  # the capability is absent
            del self.commands[cmd_name]
            return None
        self._loaded.add(cmd_name)
        self.commands[cmd_name] = real
        return real

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing += 1
        try:
            return super().format_help(ctx, formatter)
        finally:
            self._listing -= 1

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing += 1
        try:
            return super().format_commands(ctx, formatter)
        finally:
            self._listing -= 1


def add_lazy_typer(app: typer.Typer, module: str, name: str, help_text: str, *, attribute: str = "app") -> None:
    """Register ``module.<attribute>`` (a Typer) as ``name`` under ``app`` without importing it.

    ``app`` must have been created with ``cls=LazyRootGroup``. When ``module`` does
    not exist the group is left out, as an absent capability's group always was.
    """
    if app.info.cls is not LazyRootGroup:
        raise TypeError(f"add_lazy_typer: the Typer app for {name!r} must be created with cls=LazyRootGroup")
    if not module_present(module):
        return

    def load() -> click.Command | None:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("analysis"):
                return None
            raise
        # Build the group exactly as ``app.add_typer(mod.app, name=..., help=...)`` would.
        holder = typer.Typer()
        holder.add_typer(getattr(mod, attribute), name=name, help=help_text)
        return typer.main.get_group(holder).commands[name]

    LazyRootGroup.lazy[name] = load
    app.add_typer(typer.Typer(), name=name, help=help_text)
