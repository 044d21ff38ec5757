"""Entities and quotations: spans and the relations between them (CUE, SPEAKER)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ...core.domain import (
    CUE_LABEL,
    CUE_RELATION,
    DIRECT,
    KIND_ATTRIBUTE,
    QUOTE_LABEL,
    SPEAKER_RELATION,
    STANCE_ATTRIBUTE,
    TARGET_ATTRIBUTE,
)
from ...core.model import CUE, QUOTATION, Relation, Schema, Span
from ..terms import attribute_name, attribute_value, label_name
from .base import SPANS, Change, Changes, Operations, ran

if TYPE_CHECKING:
    from ...core.project import Project


class SpanOps(Operations):
    def __init__(
        self, project: Project, annotator: str, changes: Changes, *, schema: Callable[[], Schema] | None = None
    ) -> None:
        """`schema` gives the schema the caller holds (the session's, refreshed when the schema changes), so
        drawing and keys never read it from the project file; without it, it is read each time."""
        super().__init__(project, annotator, changes)
        self._schema = schema or project.schema.get

    # ---- entities and any span ----------------------------------------------------------------------
    def add(
        self, document_id: int, start: int, end: int, label: str, attributes: dict[str, Any] | None = None
    ) -> Span | None:
        return self.changes.run(
            lambda: self.project.spans.add(document_id, self.annotator, start, end, label, attributes),
            lambda span: Change(
                SPANS,
                document_id,
                added=(span,),
                summary=QCoreApplication.translate("Operations", "added {label} {text}").format(
                    label=label_name(label), text=repr(span.text)
                ),
            ),
        )

    def set_label(self, span_id: int, label: str) -> Span | None:
        return self.changes.run(
            lambda: self.project.spans.update(span_id, label=label),
            lambda span: Change(
                SPANS,
                span.document_id,
                updated=(span,),
                summary=QCoreApplication.translate("Operations", "now {label}: {text}").format(
                    label=label_name(label), text=repr(span.text)
                ),
            ),
        )

    def delete(self, span_id: int) -> bool:
        span = self._get(span_id)
        if span is None:
            return False
        done = self.changes.run(
            ran(lambda: self.project.spans.delete(span_id)),
            lambda _: Change(
                SPANS,
                span.document_id,
                removed=(span_id,),
                summary=QCoreApplication.translate("Operations", "deleted {label} {text}").format(
                    label=label_name(span.label), text=repr(span.text)
                ),
            ),
        )
        return bool(done)

    def set_attribute(self, span_id: int, name: str, value: Any) -> Span | None:
        return self.changes.run(
            lambda: self.project.spans.set_attribute(span_id, name, value),
            lambda span: Change(
                SPANS,
                span.document_id,
                updated=(span,),
                summary=f"{label_name(span.label)} {attribute_name(name)}: {attribute_value(value)}",
            ),
        )

    # ---- quotations ---------------------------------------------------------------------------------
    def quote_label(self) -> str:
        """The label a new quotation gets: the schema's first quotation label."""
        labels = self._schema().labels_of(QUOTATION)
        return labels[0].name if labels else QUOTE_LABEL

    def cue_label(self) -> str:
        labels = self._schema().labels_of(CUE)
        return labels[0].name if labels else CUE_LABEL

    def add_quote(self, document_id: int, start: int, end: int) -> Span | None:
        """A quotation starts as direct (the common case), so K reaches indirect in one press."""
        return self.add(document_id, start, end, self.quote_label(), {KIND_ATTRIBUTE: DIRECT})

    def add_cue(self, document_id: int, start: int, end: int, quote_id: int | None) -> Span | None:
        """A cue span, linked to the quotation `quote_id` when there is one: one step, one undo."""
        if quote_id is None:
            return self.add(document_id, start, end, self.cue_label())
        label = self.cue_label()
        replaced = tuple(r.id for r in self._relations_from(quote_id, CUE_RELATION))  # a quotation has one cue

        def change(cue: Span) -> Change:
            links = tuple(r for r in self._relations_from(quote_id, CUE_RELATION) if r.target == cue.id)
            return Change(
                SPANS,
                document_id,
                added=(cue,),
                relations_added=links,
                relations_removed=replaced,
                summary=QCoreApplication.translate(
                    "Operations", "added {label} {text}, linked to the quotation"
                ).format(label=label_name(label), text=repr(cue.text)),
            )

        return self.changes.run(
            lambda: self.project.spans.add(
                document_id, self.annotator, start, end, label, link_from=(CUE_RELATION, quote_id)
            ),
            change,
        )

    def link_speaker(self, quote_id: int, speaker_id: int) -> Relation | None:
        """Make `speaker_id` the speaker of the quotation; a quotation has one speaker."""
        return self.link(SPEAKER_RELATION, quote_id, speaker_id)

    def link(self, type: str, source: int, target: int) -> Relation | None:
        """Link two spans; the source keeps one relation of this type (its old one is replaced)."""
        old = [r for r in self._relations_from(source, type) if r.target != target]
        return self.changes.run(
            lambda: self.project.relations.add(type, source, target, exclusive=True),
            lambda rel: Change(
                SPANS,
                rel.document_id,
                relations_added=(rel,),
                relations_removed=tuple(r.id for r in old),
                summary=QCoreApplication.translate("Operations", "linked {relation}").format(relation=type),
            ),
        )

    def unlink(self, relation: Relation) -> None:
        self.changes.run(
            lambda: self.project.relations.delete(relation.id),
            lambda _: Change(
                SPANS,
                relation.document_id,
                relations_removed=(relation.id,),
                summary=QCoreApplication.translate("Operations", "unlinked {relation}").format(relation=relation.type),
            ),
        )

    def set_kind(self, quote_id: int, kind: str | None) -> Span | None:
        return self.set_attribute(quote_id, KIND_ATTRIBUTE, kind)

    def set_quote_stance(self, quote_id: int, stance: str | None, target: str | None) -> Span | None:
        """The speaker's stance toward a target, kept on the QUOTE span (attributes `stance`, `target`)."""
        span = self._get(quote_id)
        if span is None:
            return None
        attributes = dict(span.attributes)
        for name, value in ((STANCE_ATTRIBUTE, stance), (TARGET_ATTRIBUTE, target)):
            if value:
                attributes[name] = value
            else:
                attributes.pop(name, None)
        return self.changes.run(
            lambda: self.project.spans.update(quote_id, attributes=attributes),
            lambda s: Change(
                SPANS,
                s.document_id,
                updated=(s,),
                summary=QCoreApplication.translate("Operations", "quotation stance: {stance}").format(
                    stance=stance or QCoreApplication.translate("Operations", "unset")
                ),
            ),
        )

    # ---- helpers ------------------------------------------------------------------------------------
    def _get(self, span_id: int) -> Span | None:
        return self.changes.run(lambda: self.project.spans.get(span_id), lambda _: None)

    def _relations_from(self, source: int, type: str) -> list[Relation]:
        return self.changes.run(lambda: self.project.relations.from_span(source, type), lambda _: None) or []
