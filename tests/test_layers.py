"""The layers of the house, checked on the import graph (grimp): domain < store < capabilities < cli < ui.

A module may import its own layer and the layers below it, never a layer above. No import cycles between
modules, nor between the packages of analysis/. Imports under ``if TYPE_CHECKING:`` do not count (they
never run). Imports inside functions do count: a lazy import is still a dependency.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp")

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. A module belongs to the first layer with a name that is it or one of its packages.
DOMAIN = (
    "analysis",  # the package itself: __version__
    "analysis.domain",
    "analysis.errors",
    "analysis.settings",
    "analysis.yamlsafe",
    "analysis.fold",  # the one case-and-diacritics fold (standard library only)
    "analysis.lazyexports",
    "analysis.spreadsheet",  # text is data, never a formula, in CSV and XLSX exports (standard library only)
    "analysis.nlp",  # Dutch text processing: pure functions on text
    "analysis.corpus.speakers",  # who speaks: pure rules on speaker labels (the domain and the store use it)
)
STORE = ("analysis.store",)
CLI = ("analysis.cli",)
# Everything else in analysis/ is a capability (corpus, codebook, coding, themes, reports, compare, ...).

# Known exceptions, each one edge "importer -> imported" (packages match their modules).
KNOWN_LAYER_EXCEPTIONS: set[tuple[str, str]] = set()


def _within(module: str, names: tuple[str, ...]) -> bool:
    return any(module == n or (n != "analysis" and module.startswith(n + ".")) for n in names)


def layer(module: str) -> int:
    if module.split(".")[0] in ("ui", "views", "app"):
        return 4
    if _within(module, DOMAIN):
        return 0
    if _within(module, STORE):
        return 1
    if _within(module, CLI):
        return 3
    return 2


LAYER_NAMES = ("domain", "store", "capabilities", "cli", "ui")


@pytest.fixture(scope="module")
def graph():
    sys.path.insert(0, str(ROOT))  # ui/ and views/ beside analysis/
    try:
        return grimp.build_graph("analysis", "ui", exclude_type_checking_imports=True, include_external_packages=True)
    finally:
        sys.path.remove(str(ROOT))


def _edges(graph) -> list[tuple[str, str]]:
    internal = [m for m in graph.modules if m.split(".")[0] in ("analysis", "ui")]
    return [(m, i) for m in internal for i in graph.find_modules_directly_imported_by(m) if i.split(".")[0] in ("analysis", "ui")]


def _excepted(importer: str, imported: str) -> bool:
    return any(_within(importer, (a,)) and _within(imported, (b,)) for a, b in KNOWN_LAYER_EXCEPTIONS)


def test_no_module_imports_a_layer_above_its_own(graph):
    upward = sorted(
        f"{a} ({LAYER_NAMES[layer(a)]}) -> {b} ({LAYER_NAMES[layer(b)]})"
        for a, b in _edges(graph)
        if layer(b) > layer(a) and not _excepted(a, b)
    )
    assert upward == []


def test_analysis_never_imports_streamlit_or_the_app(graph):
    for module in ("streamlit", "ui"):
        chains = graph.find_shortest_chains(importer="analysis", imported=module, as_packages=True)
        assert chains == set(), f"analysis/ reaches {module}: {sorted(chains)[:3]}"


def _cycles(edges: list[tuple[str, str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    adjacency: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if a != b:
            adjacency[a].add(b)
            adjacency.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(adjacency):
        if root in index:
            continue
        work = [(root, iter(sorted(adjacency[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(adjacency[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_no_import_cycles_between_modules(graph):
    assert [sorted(c) for c in _cycles(_edges(graph)) ] == []


def _package(module: str) -> str:
    """The unit of the package-level check: a package of analysis/ (a domain module counts on its own)."""
    if _within(module, DOMAIN):
        return "domain"
    return ".".join(module.split(".")[:2])


def test_no_import_cycles_between_packages(graph):
    edges = [(_package(a), _package(b)) for a, b in _edges(graph) if not _excepted(a, b)]
    assert [sorted(c) for c in _cycles(edges)] == []


def test_the_cycle_finder_finds_cycles():
    assert _cycles([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]) == [frozenset({"a", "b", "c"})]
    assert _cycles([("a", "b"), ("b", "c")]) == []
