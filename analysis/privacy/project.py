"""Pseudonymisation wired to a project: where the key and lists live, import, existing sources, exports."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..domain import Passage, Source
from ..store import Project
from .key import PseudonymKey
from .lists import ProjectLists, load_lists
from .pseudonymiser import PrivacyError, Pseudonymiser

KEY_FILENAME = "pseudoniemen-sleutel.json"
LIST_FILENAMES = ("pseudoniemen-lijst.yaml", "pseudoniemen-lijst.yml", "pseudoniemen-lijst.csv")
KEY_ENV = settings.PSEUDONYM_KEY
LIST_ENV = settings.PSEUDONYM_LIST

_CACHE_ATTR = "_duiding_pseudonymiser"


def key_path(project: Project, path: str | os.PathLike[str] | None = None) -> Path:
    """The key file: ``path``, else ``$DUIDING_PSEUDONIEMEN_SLEUTEL``, else beside the project's database."""
    if path is not None:
        return Path(path)
    if settings.pseudonym_key() is not None:
        return settings.pseudonym_key()
    if project.folder is None:
        raise PrivacyError("privacy.no_key_folder", env=KEY_ENV).english(
            f"project {project.location} lives on a database server and has no folder for the pseudonym key: "
            f"pass a key file (--key) or set {KEY_ENV}"
        )
    return project.folder / KEY_FILENAME


def lists_path(project: Project, path: str | os.PathLike[str] | None = None) -> Path | None:
    """The list file, when there is one (``path``, ``$DUIDING_PSEUDONIEMEN_LIJST`` or beside the database)."""
    if path is not None:
        return Path(path)
    if settings.pseudonym_list() is not None:
        return settings.pseudonym_list()
    if project.folder is None:
        return None
    for name in LIST_FILENAMES:
        candidate = project.folder / name
        if candidate.exists():
            return candidate
    return None


def make_pseudonymiser(
    project: Project,
    *,
    key: str | os.PathLike[str] | None = None,
    lists: str | os.PathLike[str] | ProjectLists | None = None,
    use_deduce: bool | None = None,
    replace_places: bool | None = None,
) -> Pseudonymiser:
    """A pseudonymiser with the project's key and lists; municipality names are kept."""
    if isinstance(lists, ProjectLists):
        plists = lists
    else:
        found = lists_path(project, lists)
        plists = load_lists(found) if found is not None else ProjectLists()
    return Pseudonymiser(
        PseudonymKey(key_path(project, key)),
        plists,
        use_deduce=use_deduce,
        replace_places=replace_places,
        keep=project.municipalities(),
    )


def project_pseudonymiser(
    project: Project, **options
) -> Callable[[Source, list[Passage]], tuple[Source, list[Passage]]]:
    """The ``transform(source, passages) -> (source, passages)`` for ``duiding ingest --pseudonymise``.

    Options as for :func:`make_pseudonymiser`. The returned object is the
    :class:`Pseudonymiser` itself (``.warnings``, ``.method``, ``.key``).
    """
    return make_pseudonymiser(project, **options)


def pseudonymise_text(project: Project, text: str, **options) -> str:
    """Pseudonymise a text with the project's key (for reports and REFI exports).

    Placeholders already in the text stay as they are; new identifiers get new (or the
    already known) placeholders. The pseudonymiser is cached on the project object so
    repeated calls during one export do not reload lists or key.
    """
    pseudonymiser = getattr(project, _CACHE_ATTR, None) if not options else None
    if pseudonymiser is None:
        pseudonymiser = make_pseudonymiser(project, **options)
        if not options:
            setattr(project, _CACHE_ATTR, pseudonymiser)
    return pseudonymiser.pseudonymise(text).text


@dataclass(slots=True)
class ProjectResult:
    """What :func:`pseudonymise_project` did."""

    method: str
    sources_changed: list[int] = field(default_factory=list)
    sources_unchanged: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)  # source id -> why it was left alone
    replaced: Counter = field(default_factory=Counter)  # kind -> number of replacements
    codings_moved: int = 0
    warnings: list[str] = field(default_factory=list)


def pseudonymise_project(
    project: Project,
    source_ids: Iterable[int] | None = None,
    *,
    dry_run: bool = False,
    on_source: Callable[[int, int], None] | None = None,
    **options,
) -> ProjectResult:
    """Pseudonymise sources already in the project (all, or ``source_ids``).

    The stored text is replaced (:meth:`Project.update_source_text`); passages keep their
    number and order, so codings stay attached, and coding spans are moved onto the new
    text. A source whose passages would have to be re-segmented (a replacement across a
    passage boundary) and that has codings is skipped, with the reason, rather than lose
    its codings. Sources without anything to replace are not touched. Needs the
    ``pseudonymise`` right (a beheerder). ``on_source(done, total)`` is called after each
    source (for a progress bar).
    """
    from ..accounts import require

    require(project, None, "pseudonymise")
    pseudonymiser = make_pseudonymiser(project, **options)
    result = ProjectResult(method=pseudonymiser.method, warnings=list(pseudonymiser.warnings))
    wanted = list(source_ids) if source_ids is not None else [s.id for s in project.sources(with_text=False)]
    for done, sid in enumerate(wanted, start=1):
        if on_source is not None and done > 1:
            on_source(done - 1, len(wanted))
        source = project.get_source(sid)
        records = project.passages(source_id=sid)
        passages = [
            Passage(r.start, r.end, r.text, r.ordinal, r.speaker, r.source_id, r.id, heading=r.heading, question=r.question,
                    role=r.role)
            for r in records
        ]
        if dry_run:
            found = pseudonymiser.detect(source.text, keep=[source.municipality] if source.municipality else [])
            if found:
                result.sources_changed.append(sid)
                result.replaced.update(h.kind for h in found)
            else:
                result.sources_unchanged.append(sid)
            continue
        new_source, new_passages, details = pseudonymiser.pseudonymise_source(source, passages)
        outside = {"name": new_source.name, "path": new_source.path, "metadata": new_source.metadata}
        if not details.replacements:
            if (new_source.name, new_source.path, new_source.metadata) != (source.name, source.path, source.metadata):
                spans = [c for c in project.codings(source_id=sid) if c.start is not None and c.id is not None]
                project.update_source_text(sid, source.text, passages, **outside)  # names outside the text only
                for c in spans:  # the text is the same: coded spans stay where they were
                    project.update_coding(c.id, start=c.start, end=c.end)
                result.sources_changed.append(sid)
            else:
                result.sources_unchanged.append(sid)
            continue
        codings = project.codings(source_id=sid)
        same_shape = len(new_passages) == len(passages) and all(
            a.ordinal == b.ordinal for a, b in zip(passages, new_passages)
        )
        if codings and not same_shape:
            result.skipped[sid] = (
                f"{source.name}: a replacement crosses a passage boundary, so the passages would change "
                f"and its {len(codings)} codings would be lost; pseudonymise it before coding or fix the text"
            )
            continue
        project.update_source_text(sid, new_source.text, new_passages, **outside)
        moved = 0
        for c in codings:
            if c.start is None or c.end is None or c.id is None:
                continue
            start, end = details.map_span(c.start, c.end)
            project.update_coding(c.id, start=start, end=end)
            moved += 1
        result.sources_changed.append(sid)
        result.replaced.update(details.counts)
        result.codings_moved += moved
    if not dry_run and source_ids is None:
        _pseudonymise_people_and_memos(project, pseudonymiser, result)
    if on_source is not None and wanted:
        on_source(len(wanted), len(wanted))
    return result


def _pseudonymise_people_and_memos(project: Project, pseudonymiser: Pseudonymiser, result: ProjectResult) -> None:
    """Participant labels, wijk and attributes, memos and coding memos: names outside the sources' text."""
    keep = project.municipalities()
    for person in project.participants():
        label = pseudonymiser.pseudonymise_label(person.label) or person.label
        wijk = pseudonymiser.pseudonymise_value(person.wijk, keep=keep)
        attributes = pseudonymiser.pseudonymise_values(person.attributes, keep=keep)
        if (label, wijk, attributes) != (person.label, person.wijk, person.attributes) and person.id is not None:
            project.update_participant(person.id, label=label, wijk=wijk, attributes=attributes)
            result.replaced["deelnemer"] += 1
    for memo in project.memos():
        text = pseudonymiser.pseudonymise_value(memo.text, keep=keep)
        title = pseudonymiser.pseudonymise_value(memo.title, keep=keep)
        if (text, title) != (memo.text, memo.title) and memo.id is not None:
            project.update_memo(memo.id, text=text, title=title)
            result.replaced["memo"] += 1
    for coding in project.codings():
        if coding.memo and coding.id is not None:
            memo = pseudonymiser.pseudonymise_value(coding.memo, keep=keep)
            if memo != coding.memo:
                project.update_coding(coding.id, memo=memo)
                result.replaced["memo"] += 1
