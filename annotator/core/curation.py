"""Comparing annotators' layers of one document and adjudicating them into the gold layer (annotator `gold`).

A document's work is cut into *units*: clusters of overlapping spans of one category (entities,
quotations, cues: an entity inside a quotation is a unit of its own), and one unit per stance target.
A unit is *agreed* when every chosen annotator has exactly the same thing there: the same offsets and
label, and for a quotation the same attributes (kind, stance, target) and the same links (cue, speaker);
or the same stance. Anything less is a disagreement the curator decides, never "Accept all agreed". A
unit is *settled* when gold has something there or the curator rejected it.
Every action is one transaction and one undo step of `gold`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from .domain import STANCE_TASK
from .errors import InputError
from .model import CUE, ENTITY, GOLD, QUOTATION, Span
from .project import Project

STANCE = STANCE_TASK  # the category of a curation unit that is a stance label
CATEGORIES = (ENTITY, QUOTATION, CUE)


# what a span links to: a relation's (type, start, end, label of its target)
Link = tuple[str, int, int, str]


@dataclass
class Unit:
    """One place where annotators may disagree."""

    category: str  # entity | quotation | cue | stance
    start: int = 0
    end: int = 0
    target: str = ""  # stance units: the target
    versions: dict[str, list[Span]] = field(default_factory=dict)  # annotator -> their spans here
    stances: dict[str, str] = field(default_factory=dict)  # stance units: annotator -> value
    gold: list[Span] = field(default_factory=list)
    gold_stance: str | None = None
    rejected: bool = False
    links: dict[int, tuple[Link, ...]] = field(default_factory=dict)  # span id -> its relations

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.category, self.start, self.end, self.target)

    def signature(self, annotator: str) -> tuple[Hashable, ...]:
        """Everything that makes the annotator's version: offsets and label, and for a quotation its
        attributes (kind, stance, target...) and what it links to (its cue, its speaker)."""
        if self.category == STANCE:
            return (self.stances.get(annotator),)
        return tuple(
            sorted(
                (
                    s.start,
                    s.end,
                    s.label,
                    tuple(sorted((k, repr(v)) for k, v in s.attributes.items())),
                    self.links.get(s.id, ()),
                )
                for s in self.versions.get(annotator, [])
            )
        )

    def agreed(self, annotators: list[str]) -> bool:
        first = self.signature(annotators[0])
        return all(self.signature(a) == first for a in annotators[1:]) and (
            first[0] is not None if self.category == STANCE else len(first) == 1
        )

    @property
    def settled(self) -> bool:
        return self.rejected or bool(self.gold) or self.gold_stance is not None


def units(project: Project, document_id: int, annotators: list[str]) -> list[Unit]:
    """The document's units for these annotators (gold excluded from them), in text order, stances last."""
    schema = project.schema.get()
    category_of = {lab.name: lab.category for lab in schema.labels}
    chosen = [a for a in annotators if a != GOLD]
    rejected = project.curation_marks.for_document(document_id)
    out: list[Unit] = []
    for category in CATEGORIES:
        spans = [
            s
            for s in project.spans.for_document(document_id)
            if category_of.get(s.label) == category and (s.annotator in chosen or s.annotator == GOLD)
        ]
        spans.sort(key=lambda s: (s.start, -s.end))
        current: Unit | None = None
        for span in spans:
            if current is None or span.start >= current.end:
                current = Unit(category, span.start, span.end)
                out.append(current)
            current.end = max(current.end, span.end)
            if span.annotator == GOLD:
                current.gold.append(span)
            else:
                current.versions.setdefault(span.annotator, []).append(span)
    out = [u for u in out if u.versions]  # a unit only gold has is not a disagreement to settle
    links = _links(project, document_id)
    for unit in out:
        unit.rejected = (unit.category, unit.start, unit.end) in rejected
        unit.links = links
    out.sort(key=lambda u: (u.start, CATEGORIES.index(u.category)))
    stance_units: dict[str, Unit] = {}
    for label in project.doc_labels.for_document(document_id):
        if label.task != STANCE or (label.annotator not in chosen and label.annotator != GOLD):
            continue
        unit = stance_units.setdefault(label.target, Unit(STANCE, target=label.target))
        if label.annotator == GOLD:
            unit.gold_stance = label.value
        else:
            unit.stances[label.annotator] = label.value
    out += [u for _, u in sorted(stance_units.items()) if u.stances]
    return out


def _links(project: Project, document_id: int) -> dict[int, tuple[Link, ...]]:
    """Per span of the document, what it links to: (type, start, end, label) of each relation's target."""
    spans = {s.id: s for s in project.spans.for_document(document_id)}
    out: dict[int, list[Link]] = {}
    for relation in project.relations.for_document(document_id):
        target = spans.get(relation.target)
        if target is not None:
            out.setdefault(relation.source, []).append((relation.type, target.start, target.end, target.label))
    return {span_id: tuple(sorted(found)) for span_id, found in out.items()}


def progress(project: Project, document_id: int, annotators: list[str]) -> tuple[int, int]:
    """(settled units, all units) of a document."""
    found = units(project, document_id, annotators)
    return sum(1 for u in found if u.settled), len(found)


def _clear_gold(project: Project, document_id: int, unit: Unit) -> None:
    for span in unit.gold:
        project.spans.delete(span.id)
    if unit.rejected:
        project.curation_marks.clear(document_id, unit.category, unit.start, unit.end)


def _copy_to_gold(project: Project, span: Span, copied: dict[int, int]) -> int:
    """Copy a span into gold with its attributes, and the spans it links (cue, speaker) with the links."""
    if span.id in copied:
        return copied[span.id]
    existing = [
        g
        for g in project.spans.for_document(span.document_id, GOLD)
        if (g.start, g.end, g.label) == (span.start, span.end, span.label)
    ]
    new_id = (
        existing[0].id
        if existing
        else project.spans.add(span.document_id, GOLD, span.start, span.end, span.label, dict(span.attributes)).id
    )
    copied[span.id] = new_id
    for relation in project.relations.from_span(span.id):
        target = project.spans.get(relation.target)
        project.relations.add(relation.type, new_id, _copy_to_gold(project, target, copied), exclusive=False)
    return new_id


def accept(project: Project, document_id: int, unit: Unit, annotator: str) -> None:
    """Gold takes `annotator`'s version of the unit, replacing what gold had there (one undo step)."""
    if unit.category == STANCE:
        value = unit.stances.get(annotator)
        if value is None:
            raise InputError(f"{annotator} set no stance toward {unit.target}")
        project.doc_labels.set(document_id, GOLD, STANCE, unit.target, value)
        return
    versions = unit.versions.get(annotator)
    if not versions:
        raise InputError(f"{annotator} has nothing here; reject the unit to settle it without an annotation")
    with project.history.group(
        GOLD, "curation.accept", document_id, f"gold takes {annotator}'s {unit.category} [{unit.start}, {unit.end})"
    ):
        _clear_gold(project, document_id, unit)
        copied: dict[int, int] = {}
        for span in versions:
            _copy_to_gold(project, span, copied)


def reject(project: Project, document_id: int, unit: Unit) -> None:
    """Settle the unit with nothing in gold."""
    with project.history.group(
        GOLD, "curation.reject", document_id, f"rejected {unit.category} [{unit.start}, {unit.end})"
    ):
        if unit.category == STANCE:
            project.doc_labels.set(document_id, GOLD, STANCE, unit.target, None)
            return
        for span in unit.gold:
            project.spans.delete(span.id)
        project.curation_marks.reject(document_id, unit.category, unit.start, unit.end)


def accept_agreed(project: Project, document_id: int, annotators: list[str]) -> int:
    """Gold takes every unit all annotators agree on and that is not settled yet; returns how many."""
    chosen = [a for a in annotators if a != GOLD]
    if len(chosen) < 2:
        raise InputError("curation compares at least two annotators")
    todo = [u for u in units(project, document_id, chosen) if not u.settled and u.agreed(chosen)]
    if not todo:
        return 0
    with project.history.group(
        GOLD, "curation.accept_agreed", document_id, f"gold takes {len(todo)} items all annotators agree on"
    ):
        for unit in todo:
            accept(project, document_id, unit, chosen[0])
    return len(todo)
