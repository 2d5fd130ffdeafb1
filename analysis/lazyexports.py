"""Lazy public names for capability packages (PEP 562).

``analysis.coding`` and ``analysis.themes`` re-export names from submodules that load
spaCy, scikit-learn and torch. Importing the package (as ``duiding --help`` does when
it registers the command groups) should not pay for that, so the package declares
which submodule defines each public name and imports it on first use::

    _EXPORTS = {"ThemeModel": "model", "ThemeConfig": "config"}
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str], public: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module-level ``__getattr__`` and ``__dir__`` for ``package``.

    ``exports`` maps each public name to the submodule (relative to ``package``) that
    defines it. A public name that is also a submodule's name (``analysis.coding.evaluate``
    is a function in the module ``evaluate``) keeps meaning the name: the import system
    would otherwise replace it by the submodule once that is imported.
    """
    module = sys.modules[package]
    unknown = sorted(set(exports) - set(public))
    if unknown:
        raise ValueError(f"{package}: lazy exports not in __all__: {', '.join(unknown)}")

    def __getattr__(name: str) -> Any:
        sub = exports.get(name)
        if sub is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{sub}", package), name)
        setattr(module, name, value)  # later look-ups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(module)) | set(public))

    shadowed = frozenset(name for name, sub in exports.items() if name == sub)
    if shadowed:

        class _Package(types.ModuleType):
            def __setattr__(self, name: str, value: Any) -> None:
                if name in shadowed and isinstance(value, types.ModuleType):
                    return  # the public name wins over its same-named submodule
                super().__setattr__(name, value)

        module.__class__ = _Package
    return __getattr__, __dir__
