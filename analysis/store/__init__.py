"""Project storage behind one repository API (SQLite by default, PostgreSQL for teams)."""

from .engine import DB_FILENAME, ProjectNotFound, resolve_url, sqlite_path
from .project import DuplicateSource, LoginRequired, PermissionDenied, Project, StoreError, UnitOfWork

__all__ = [
    "DB_FILENAME",
    "DuplicateSource",
    "LoginRequired",
    "PermissionDenied",
    "Project",
    "ProjectNotFound",
    "StoreError",
    "UnitOfWork",
    "resolve_url",
    "sqlite_path",
]
