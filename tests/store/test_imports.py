"""The store's imports: no cycles among its modules, and nothing from the accounts package above it."""

from __future__ import annotations

import grimp
import pytest


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("analysis")


def _store(graph) -> set[str]:
    return {m for m in graph.modules if m == "analysis.store" or m.startswith("analysis.store.")}


def test_no_import_cycles_inside_the_store(graph):
    store = _store(graph)
    cycles = [
        (a, b)
        for a in sorted(store)
        for b in sorted(graph.find_modules_directly_imported_by(a))
        if b in store and graph.chain_exists(importer=b, imported=a)
    ]
    assert cycles == []


def test_the_engine_does_not_import_the_facade(graph):
    assert not graph.chain_exists(importer="analysis.store.engine", imported="analysis.store.project")


def test_the_store_does_not_import_accounts(graph):
    assert not graph.chain_exists(importer="analysis.store", imported="analysis.accounts", as_packages=True)
    assert graph.chain_exists(importer="analysis.accounts", imported="analysis.store", as_packages=True)


def test_the_store_parts_do_not_import_the_facade(graph):
    parts = ["sources", "codebooks", "codings", "artefacts", "team", "audit", "common", "permissions"]
    importers = {p for p in parts if graph.chain_exists(importer=f"analysis.store.{p}", imported="analysis.store.project")}
    assert importers == set()


def test_folding_needs_no_nlp_pipeline(graph):
    assert graph.find_modules_directly_imported_by("analysis.fold") == set()
    assert not graph.chain_exists(importer="analysis.store", imported="analysis.nlp", as_packages=True)
