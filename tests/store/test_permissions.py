"""Every public method of Project that touches project data declares the right it needs."""

from __future__ import annotations

import inspect
import re

import pytest

from analysis.store import Project
from analysis.store.permissions import ACTION_ATTRIBUTE, PERMISSIONS, declared, requires

# Open without a sign-in: the sign-in itself needs them, or they reveal nothing but a counter.
OPEN = {"has_accounts", "role", "signed_in", "login", "get_user", "check_permission", "data_version",
        "last_written_version", "close", "create", "open", "folder"}
# Checks the rights it is given (see test_unit_of_work).
CHECKS_ITS_ARGUMENTS = {"unit_of_work"}

WRITES = re.compile(r"self\.(transaction|unit_of_work)\(")
READS = re.compile(r"self\._sessions?\(")


def _public_methods() -> dict[str, str]:
    out = {}
    for name, member in inspect.getmembers(Project):
        if name.startswith("_") or name in OPEN or name in CHECKS_ITS_ARGUMENTS:
            continue
        func = member.fget if isinstance(member, property) else member
        func = inspect.unwrap(getattr(func, "__func__", func))
        if inspect.isfunction(func):
            out[name] = inspect.getsource(func)
    return out


def test_every_public_write_method_declares_a_write_right():
    table = declared(Project)
    writers = {name for name, src in _public_methods().items() if WRITES.search(src)}
    assert {"add_source", "save_codebook", "add_coding", "upsert_suggestions", "save_user"} <= writers
    missing = sorted(n for n in writers if n not in table)
    assert missing == [], f"write methods without @requires: {missing}"
    reading_only = sorted(n for n in writers if table[n] == "read" and n != "log_event")
    assert reading_only == [], f"write methods that declare only the read right: {reading_only}"


def test_every_public_read_method_declares_a_right():
    table = declared(Project)
    readers = {name for name, src in _public_methods().items() if READS.search(src)}
    assert {"sources", "passages", "codings", "passage_sets"} <= readers
    missing = sorted(n for n in readers if n not in table)
    assert missing == [], f"read methods without @requires: {missing}"


def test_declared_actions_are_in_the_one_table():
    table = declared(Project)
    assert table["transaction"] == "write" and table["add_source"] == "import" and table["sources"] == "read"
    assert set(table.values()) <= set(PERMISSIONS)
    assert getattr(Project.add_coding, ACTION_ATTRIBUTE) == "code"


def test_an_unknown_action_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown action"):
        requires("fly")


def test_no_setattr_loop_left_in_the_store():
    import analysis.store.project as module

    assert not hasattr(module, "_GUARDED_WRITES") and not hasattr(module, "_GUARDED_READS")
