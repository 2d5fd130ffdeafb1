"""Map codes of several codebooks onto the themes of one generic framework.

A municipal codebook (``framework: sociaal-domein``) maps each of its codes onto
framework codes through the code's ``crosswalk``; a code without a crosswalk
inherits the crosswalk of its nearest ancestor. Codes of the framework itself map
onto themselves. With ``level="top"`` every framework code is rolled up to its
top-level theme (``wachttijden`` -> ``toegang``), so municipalities coded at
different depths stay comparable.

Stance codes (``axis == "stance"``) are not themes and never map. Codebooks that
name another framework (or none and are not the framework) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain import Code, Codebook

LEVELS = ("top", "code")


@dataclass
class ThemeMap:
    """(codebook id, code id) -> framework theme ids, and the themes in framework order."""

    framework: Codebook
    level: str
    themes: list[str]
    names: dict[str, str]
    mapping: dict[tuple[str, str], tuple[str, ...]]
    codebooks: list[str]
    skipped_codebooks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def themes_of(self, codebook_id: str, code_id: str) -> tuple[str, ...]:
        return self.mapping.get((codebook_id, code_id), ())


def _is_stance(code: Code) -> bool:
    return (code.axis or "").lower() == "stance"


def _root(framework: Codebook, code_id: str) -> str:
    return framework.path(code_id)[0]


def build_theme_map(codebooks: Iterable[Codebook], framework: Codebook, *, level: str = "top") -> ThemeMap:
    """Build the mapping of every code of ``codebooks`` (the framework itself included) onto themes."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of: {', '.join(LEVELS)}")
    fw_codes = {c.id: c for c in framework.codes}
    stance_ids = {c.id for c in framework.codes if _is_stance(c)}

    def lift(target: str) -> str:
        return _root(framework, target) if level == "top" else target

    if level == "top":
        themes = [c.id for c in framework.codes if c.parent is None and c.id not in stance_ids]
    else:
        themes = [c.id for c in framework.codes if c.id not in stance_ids and not any(
            p in stance_ids for p in framework.path(c.id))]
    names = {c.id: c.name for c in framework.codes}
    mapping: dict[tuple[str, str], tuple[str, ...]] = {}
    used: list[str] = []
    skipped: list[str] = []
    warnings: list[str] = []
    seen_ids: set[str] = set()
    for cb in [framework, *codebooks]:
        if cb.id in seen_ids:
            continue
        seen_ids.add(cb.id)
        if cb.id == framework.id:
            for c in cb.codes:
                if c.id in stance_ids or any(p in stance_ids for p in framework.path(c.id)):
                    continue
                mapping[(cb.id, c.id)] = (lift(c.id),)
            used.append(cb.id)
            continue
        if cb.framework != framework.id:
            skipped.append(cb.id)
            continue
        used.append(cb.id)
        by_id = {c.id: c for c in cb.codes}
        for c in cb.codes:
            if _is_stance(c):
                continue
            targets: list[str] = []
            current: Code | None = c
            seen: set[str] = set()
            while current is not None and not targets and current.id not in seen:
                seen.add(current.id)
                targets = list(current.crosswalk)
                current = by_id.get(current.parent) if current.parent else None
            themes_here: list[str] = []
            for t in targets:
                if t not in fw_codes:
                    warnings.append(f"codebook {cb.id!r}: code {c.id!r}: crosswalk target {t!r} is not a code of {framework.id!r}")
                    continue
                if t in stance_ids:
                    continue
                lifted = lift(t)
                if lifted not in themes_here:
                    themes_here.append(lifted)
            if themes_here:
                mapping[(cb.id, c.id)] = tuple(themes_here)
    return ThemeMap(
        framework=framework,
        level=level,
        themes=themes,
        names=names,
        mapping=mapping,
        codebooks=used,
        skipped_codebooks=skipped,
        warnings=warnings,
    )
