"""Codeer op kop: code the passages of gespreksverslagen by their heading or table question.

A *template* maps headings (or the questions of question | answer tables) to codes, once
per study, the way NVivo auto-codes by paragraph style. It is applied to every verslag:

- a passage's candidates are the parts of its heading path ("2. Toegang > 2.1
  Bereikbaarheid" gives both) and its question;
- a rule matches a candidate exactly (after folding case, diacritics, punctuation and
  leading numbering such as "2.1" or "Vraag 3:"), when all the rule's words occur in the
  candidate, or fuzzily (rapidfuzz ratio at or above the template's ``threshold``);
- :func:`preview` lists what would be coded; :func:`apply` stores the matches as ACCEPTED
  codings of the researcher (existing codings of that coder, code and passage are left
  alone) and records the batch in the audit log; :func:`undo_apply` takes the batch back
  through the audit trail's undo.

Template YAML::

    name: wijkteams-2026
    codebook: sociaal-domein
    threshold: 85          # fuzzy match, 0-100
    headings:
      Toegang: [toegang]
      "Samenwerking met partners": [samenwerking]
      "Hoe is de werkdruk?": [werkdruk]

The heading is also a feature for the learned coder: :func:`heading_features`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis.domain import Coding, CodingOrigin, CodingStatus, PassageRecord, SourceKind
from analysis.errors import DuidingError, KeyedText, render
from analysis.fold import fold as fold_text

DEFAULT_THRESHOLD = 85.0
TEMPLATE_MEMO = "heading_template"  # memos of this target type hold stored templates (YAML)
AUDIT_ENTITY = "heading_template"
SEPARATOR = " > "
_NUMBERING = re.compile(r"^\s*(?:(?:vraag|thema|onderwerp|deelvraag)\s+)?\d{1,2}(?:\.\d{1,2})*\s*[.):]?\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(slots=True)
class HeadingRule:
    heading: str
    codes: list[str]


@dataclass(slots=True)
class HeadingTemplate:
    name: str
    codebook_id: str
    rules: list[HeadingRule] = field(default_factory=list)
    threshold: float = DEFAULT_THRESHOLD

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "codebook": self.codebook_id,
            "threshold": self.threshold,
            "headings": {r.heading: list(r.codes) for r in self.rules},
        }


@dataclass(slots=True)
class HeadingMatch:
    """One coding the template proposes: passage, code, and the heading that earned it."""

    passage_id: int
    code_id: str
    heading: str  # the candidate (heading part or question) that matched
    rule: str  # the template's heading
    score: float  # 100 exact, 95 all words, else the fuzzy ratio
    how: str  # exact | words | fuzzy
    source_name: str = ""
    text: str = ""
    existing: str | None = None  # status of an existing coding by this coder, when there is one


@dataclass(slots=True)
class ApplyResult:
    batch_id: int  # the audit row recording the batch (undo with it)
    created: list[int]
    skipped: int


def fold(text: str) -> str:
    """Heading text for comparison: no numbering, case, diacritics or punctuation."""
    text = fold_text(_NUMBERING.sub("", text or ""))
    return " ".join(_NON_WORD.sub(" ", text).split())


def _problem(name: str, **params: Any) -> KeyedText:
    """What is wrong with a template, in the reader's language when the frame is rendered."""
    key = f"verslag.problem.{name}"
    return KeyedText(render(key, params, "en"), key, **params)


def template_from_dict(data: Any, *, source: str = "template") -> HeadingTemplate:
    if not isinstance(data, Mapping):
        raise DuidingError("verslag.template_invalid", file=source, problem=_problem("not_mapping"))
    headings = data.get("headings")
    codebook = data.get("codebook")
    if not codebook or not isinstance(codebook, str):
        raise DuidingError("verslag.template_invalid", file=source, problem=_problem("no_codebook"))
    if not isinstance(headings, Mapping) or not headings:
        raise DuidingError("verslag.template_invalid", file=source, problem=_problem("no_headings"))
    rules: list[HeadingRule] = []
    for heading, codes in headings.items():
        values = [codes] if isinstance(codes, str) else list(codes or [])
        if not values or not all(isinstance(c, str) and c.strip() for c in values):
            raise DuidingError("verslag.template_invalid", file=source, problem=_problem("heading_without_codes", heading=str(heading)))
        rules.append(HeadingRule(str(heading), [c.strip() for c in values]))
    threshold = data.get("threshold", DEFAULT_THRESHOLD)
    try:
        threshold = float(threshold)
    except (TypeError, ValueError):
        raise DuidingError("verslag.template_invalid", file=source, problem=_problem("threshold_not_number", threshold=threshold)) from None
    if not 0 <= threshold <= 100:
        raise DuidingError("verslag.template_invalid", file=source, problem=_problem("threshold_range"))
    name = str(data.get("name") or Path(source).stem or "sjabloon")
    return HeadingTemplate(name=name, codebook_id=codebook, rules=rules, threshold=threshold)


def load_template(path: str | Path) -> HeadingTemplate:
    from analysis.errors import display_name
    from analysis.yamlsafe import load_yaml

    path = Path(path)
    if not path.is_file():
        raise DuidingError("general.file_not_found", file=display_name(path))
    return template_from_dict(load_yaml(path.read_text(encoding="utf-8"), source=display_name(path)), source=display_name(path))


def template_yaml(template: HeadingTemplate) -> str:
    import yaml

    return yaml.safe_dump(template.as_dict(), allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)


def rules_yaml(template: HeadingTemplate) -> str:
    """Only the template's ``heading: [codes]`` lines (what the app lets the researcher edit)."""
    import yaml

    rules = {r.heading: list(r.codes) for r in template.rules}
    return yaml.safe_dump(rules, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000) if rules else ""


def save_template(project: Any, template: HeadingTemplate) -> int:
    """Store the template in the project (the newest version of a name wins)."""
    from analysis.domain import Memo

    check_codes(project, template)
    return project.add_memo(Memo(template_yaml(template), target_type=TEMPLATE_MEMO, target_id=template.name, title=template.name))


def stored_templates(project: Any) -> dict[str, HeadingTemplate]:
    from analysis.yamlsafe import load_yaml

    out: dict[str, HeadingTemplate] = {}
    for memo in project.memos(target_type=TEMPLATE_MEMO):
        out[memo.target_id or memo.title] = template_from_dict(load_yaml(memo.text, source=memo.title), source=memo.title)
    return out


def check_codes(project: Any, template: HeadingTemplate) -> None:
    if template.codebook_id not in project.codebook_ids():
        raise DuidingError("verslag.unknown_codebook", codebook=template.codebook_id)
    known = {c.id for c in project.get_codebook(template.codebook_id).codes}
    unknown = sorted({c for r in template.rules for c in r.codes if c not in known})
    if unknown:
        raise DuidingError("verslag.unknown_codes", codebook=template.codebook_id, codes=", ".join(unknown))


def candidates(heading: str | None, question: str | None) -> list[str]:
    parts = [h.strip() for h in (heading or "").split(SEPARATOR) if h.strip()]
    if question and question.strip():
        parts.append(question.strip())
    return parts


def match_rule(rule_heading: str, candidate: str, threshold: float) -> tuple[float, str] | None:
    a, b = fold(rule_heading), fold(candidate)
    if not a or not b:
        return None
    if a == b:
        return 100.0, "exact"
    if set(a.split()) <= set(b.split()):
        return 95.0, "words"
    from rapidfuzz import fuzz

    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    return (round(float(score), 1), "fuzzy") if score >= threshold else None


def match_passage(template: HeadingTemplate, heading: str | None, question: str | None) -> list[tuple[str, str, str, float, str]]:
    """(code, candidate, rule, score, how) for every code the template gives this heading path/question."""
    best: dict[str, tuple[str, str, str, float, str]] = {}
    for cand in candidates(heading, question):
        for rule in template.rules:
            hit = match_rule(rule.heading, cand, template.threshold)
            if hit is None:
                continue
            for code in rule.codes:
                if code not in best or hit[0] > best[code][3]:
                    best[code] = (code, cand, rule.heading, hit[0], hit[1])
    return list(best.values())


def _passages(
    project: Any, kinds: Sequence[str] | None, source_ids: Iterable[int] | None, study: str | None = None
) -> list[PassageRecord]:
    wanted = set(source_ids) if source_ids is not None else None
    kinds = [SourceKind.VERSLAG.value] if kinds is None else list(kinds)
    out: list[PassageRecord] = []
    for kind in kinds or [None]:
        for batch in project.iter_passages(kind=kind) if kind else project.iter_passages():
            out.extend(
                p for p in batch
                if (wanted is None or p.source_id in wanted) and (study is None or p.study == study) and (p.heading or p.question)
            )
    return out


def preview(
    project: Any,
    template: HeadingTemplate,
    *,
    kinds: Sequence[str] | None = None,
    source_ids: Iterable[int] | None = None,
    coder: str | None = None,
    study: str | None = None,
) -> list[HeadingMatch]:
    """What :func:`apply` would code (verslagen only unless ``kinds`` says otherwise; one study when given)."""
    check_codes(project, template)
    coder = coder or project.user
    passages = _passages(project, kinds, source_ids, study)
    existing: dict[tuple[int, str], str] = {}
    ids = [p.id for p in passages]
    for c in project.codings(codebook_id=template.codebook_id, passage_ids=ids, coder=coder):
        if c.start is None:
            existing[(c.passage_id, c.code_id)] = CodingStatus(c.status).value
    out: list[HeadingMatch] = []
    for p in passages:
        for code, cand, rule, score, how in match_passage(template, p.heading, p.question):
            out.append(HeadingMatch(p.id, code, cand, rule, score, how, p.source_name, p.text, existing.get((p.id, code))))
    return out


def apply(
    project: Any,
    template: HeadingTemplate,
    *,
    kinds: Sequence[str] | None = None,
    source_ids: Iterable[int] | None = None,
    coder: str | None = None,
    matches: Sequence[HeadingMatch] | None = None,
    study: str | None = None,
) -> ApplyResult:
    """Store the template's matches as accepted codings of ``coder`` (default: the project's user).

    Passages that already carry the code from this coder (accepted, rejected or suggested) are
    left as they are: a researcher's decision is never overwritten. One audit row records the
    batch; :func:`undo_apply` reverts it.
    """
    coder = coder or project.user
    if matches is None:
        matches = preview(project, template, kinds=kinds, source_ids=source_ids, coder=coder, study=study)
    todo = [m for m in matches if m.existing is None]
    codings = [
        Coding(
            passage_id=m.passage_id,
            code_id=m.code_id,
            codebook_id=template.codebook_id,
            coder=coder,
            origin=CodingOrigin.MANUAL,
            status=CodingStatus.ACCEPTED,
            confidence=None,
            memo=f"Codeer op kop ({template.name}): {m.heading}",
        )
        for m in todo
    ]
    created = project.add_codings(codings) if codings else []
    wanted = {str(i) for i in created}
    entries = [e["id"] for e in project.audit_log(entity="coding") if e["action"] == "create" and e["entity_id"] in wanted]
    batch = project.log_event(
        "apply",
        AUDIT_ENTITY,
        template.name,
        after={"codings": created, "entries": entries, "codebook": template.codebook_id, "template": template.as_dict()},
    )
    return ApplyResult(batch, list(created), len(matches) - len(todo))


def batches(project: Any) -> list[dict]:
    """Applied templates (newest first) with whether they were undone."""
    undone = {int(e["entity_id"]) for e in project.audit_log(entity=AUDIT_ENTITY) if e["action"] == "undo" and e["entity_id"]}
    out = []
    for e in reversed(project.audit_log(entity=AUDIT_ENTITY)):
        if e["action"] == "apply":
            out.append({**e, "undone": e["id"] in undone, "count": len((e["after"] or {}).get("codings", []))})
    return out


def undo_apply(project: Any, batch_id: int | None = None) -> int:
    """Take back the codings one application of a template created (the newest when no id is given).

    Uses the audit trail's undo per coding, so a coding changed since (e.g. rejected later)
    is left alone. Returns the number of codings removed.
    """
    from analysis.audit.undo import UndoError, undo

    open_batches = [b for b in batches(project) if not b["undone"]]
    if batch_id is None:
        if not open_batches:
            raise DuidingError("verslag.nothing_to_undo")
        batch = open_batches[0]
    else:
        found = [b for b in batches(project) if b["id"] == batch_id]
        if not found:
            raise DuidingError("verslag.unknown_batch", batch=batch_id)
        if found[0]["undone"]:
            raise DuidingError("verslag.batch_undone", batch=batch_id)
        batch = found[0]
    removed = 0
    kept: list[int] = []
    for entry_id in (batch["after"] or {}).get("entries", []):
        try:
            undo(project, int(entry_id), anyone=True)
            removed += 1
        except UndoError:
            kept.append(int(entry_id))
    project.log_event("undo", AUDIT_ENTITY, batch["id"], after={"removed": removed, "kept_entries": kept})
    return removed


def heading_features(heading: str | None, question: str | None) -> list[str]:
    """Feature tokens for the learned coder: ``kop:<word>`` for the words of the passage's headings and question."""
    words: list[str] = []
    for cand in candidates(heading, question):
        words.extend(w for w in fold(cand).split() if len(w) > 2)
    return [f"kop:{w}" for w in dict.fromkeys(words)]


def match_rows(matches: Sequence[HeadingMatch]) -> list[dict[str, Any]]:
    return [asdict(m) for m in matches]


def evaluate_template(project: Any, template: HeadingTemplate, gold_path: str | Path) -> dict[str, Any]:
    """Agreement of the template's codes with a reference coding (CSV ``file,text,code``) of verslag passages.

    Each gold row is matched to the stored passage of the source named ``file`` with the same text;
    returns :func:`analysis.coding.scores.score_sets` figures plus ``rows`` and ``unmatched``.
    """
    import csv

    from analysis.coding.scores import score_sets

    by_name: dict[str, list[PassageRecord]] = {}
    for batch in project.iter_passages(kind=SourceKind.VERSLAG.value):
        for p in batch:
            by_name.setdefault(p.source_name, []).append(p)
    gold: list[set[str]] = []
    predicted: list[set[str]] = []
    unmatched = 0
    with Path(gold_path).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = Path(row.get("file") or "").name
            text = (row.get("text") or "").strip()
            found = [p for p in by_name.get(name, []) if p.text.strip() == text]
            if not found:
                unmatched += 1
                continue
            p = found[0]
            gold.append({c.strip() for c in (row.get("code") or "").split(";") if c.strip()})
            predicted.append({m[0] for m in match_passage(template, p.heading, p.question)})
    labels = sorted(set().union(*gold, *predicted)) if gold else []
    scores = score_sets(gold, predicted, labels) if gold else {"macro_f1": 0.0, "micro_f1": 0.0, "per_code": {}}
    scores["rows"] = len(gold)
    scores["unmatched"] = unmatched
    scores["exact_sets"] = sum(1 for g, p in zip(gold, predicted) if g == p)
    return scores
