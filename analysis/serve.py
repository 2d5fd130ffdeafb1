"""``duiding serve``: the app for a team, on a project (or a folder of projects) fixed by whoever starts it.

A served app never lets its users type a server path or a database URL: the person who starts
the server names one project (``--project``) or one folder of projects (``--projects-dir``), and
the app offers only those. The choice travels to the Streamlit process in two environment
variables, read by :func:`settings` (the app reads nothing else for it).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import settings as app_settings
from .errors import DuidingError
from .store.engine import DB_FILENAME, FILE_SUFFIXES, is_url

PROJECT_ENV = app_settings.SERVE_PROJECT
PROJECTS_DIR_ENV = app_settings.SERVE_PROJECTS_DIR
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """What a served app may open: one project, or the projects in one folder."""

    project: str | None = None
    projects_dir: Path | None = None

    def projects(self) -> dict[str, str]:
        """Display name -> location of every project this server offers (sorted by name)."""
        if self.project is not None:
            return {display_name(self.project): self.project}
        return list_projects(self.projects_dir) if self.projects_dir is not None else {}

    def allows(self, location: str | None) -> bool:
        return location is not None and location in self.projects().values()


def settings(environ: Mapping[str, str] | None = None) -> ServeSettings | None:
    """The served app's fixed project or projects folder; None when the app is not served (local use)."""
    project, folder = app_settings.served(environ)
    if project is None and folder is None:
        return None
    return ServeSettings(project=project, projects_dir=Path(folder) if folder and project is None else None)


def display_name(location: str) -> str:
    """A project's name without its path: the folder's (or file's) name, or a URL's database name."""
    if is_url(location):
        try:
            from sqlalchemy.engine import make_url

            return make_url(location).database or "project"
        except Exception:  # noqa: BLE001 - never show a URL we cannot parse
            return "project"
    path = Path(location)
    return (path.stem if path.suffix.lower() in FILE_SUFFIXES else path.name) or "project"


def list_projects(folder: Path) -> dict[str, str]:
    """Projects directly inside ``folder``: sub-folders holding ``duiding.sqlite`` and project files.

    Entries whose real path lies outside the folder (links out) are left out.
    """
    root = folder.resolve()
    found: dict[str, str] = {}
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return {}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            real = entry.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if real.parent != root:
            continue
        if real.is_dir() and (real / DB_FILENAME).is_file():
            found[real.name] = str(real)
        elif real.is_file() and real.suffix.lower() in FILE_SUFFIXES:
            found[real.stem] = str(real)
    return found


class ServeError(DuidingError, ValueError):
    """``duiding serve`` was started with a project or folder it cannot serve."""

    default_key = "serve.failed"


def check(project: str | None, projects_dir: str | None) -> ServeSettings:
    """Validate the command line: exactly one of the two, existing; the project opens."""
    if (project is None) == (projects_dir is None):
        raise ServeError("serve.one_of")
    if project is not None:
        from .store import Project

        location = project if is_url(project) else str(Path(project).expanduser().resolve())
        Project.open(location).close()  # ProjectNotFound when there is none; migrates an old one
        return ServeSettings(project=location)
    folder = Path(projects_dir).expanduser().resolve()  # type: ignore[arg-type]
    if not folder.is_dir():
        raise ServeError("serve.not_a_folder", folder=projects_dir)
    return ServeSettings(projects_dir=folder)


def environment(served: ServeSettings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Streamlit process's environment: the fixed project or folder, nothing a user could override."""
    env = dict(os.environ if base is None else base)
    for key in app_settings.PRIVATE_TO_THE_STARTER:
        env.pop(key, None)
    if served.project is not None:
        env[PROJECT_ENV] = served.project
    else:
        env[PROJECTS_DIR_ENV] = str(served.projects_dir)
    return env


def command(*, port: int, host: str) -> list[str]:
    """``streamlit run`` of the app's script for a served app (headless, no usage statistics, no file watcher)."""
    from .demo import streamlit_command

    return [*streamlit_command(port=port, host=host, headless=True), "--server.fileWatcherType", "none"]


def run(served: ServeSettings, *, port: int = 8501, host: str = "127.0.0.1") -> int:
    """Start the served app in the foreground; returns Streamlit's exit code."""
    from .resources import ROOT

    return subprocess.call(command(port=port, host=host), cwd=ROOT, env=environment(served))


def projects_without_accounts(served: ServeSettings) -> list[str]:
    """Names of offered projects that have no accounts (anyone who reaches the server may do anything there)."""
    from .store import Project

    open_ones = []
    for name, location in served.projects().items():
        try:
            with Project.open(location) as p:
                if not p.has_accounts():
                    open_ones.append(name)
        except Exception:  # noqa: BLE001, S112 - a broken project is reported by the app itself
            continue
    return open_ones


__all__ = ["PROJECTS_DIR_ENV", "PROJECT_ENV", "ServeError", "ServeSettings", "check", "display_name", "settings"]
