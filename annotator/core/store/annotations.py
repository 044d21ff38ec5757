"""The annotations' part of the store: spans, relations, document labels, status, curation marks and
suggestions, each added, read, changed and deleted as model objects."""

from __future__ import annotations

from typing import Any

from ..model import (
    CurationMark,
    DocLabel,
    DocLabelId,
    DocumentId,
    DocumentStatus,
    Relation,
    RelationId,
    Span,
    SpanId,
    Suggestion,
)
from .rows import Rows, _row_of


class AnnotationRows(Rows):
    def add_span(
        self, document_id: int, annotator: str, start: int, end: int, label: str, text: str, attributes: dict[str, Any]
    ) -> Span:
        span_id = self._insert(
            "spans",
            {
                "document_id": document_id,
                "annotator": annotator,
                "start": start,
                "end": end,
                "label": label,
                "text": text,
                "attributes": attributes,
            },
        )
        return Span(SpanId(span_id), DocumentId(document_id), annotator, start, end, label, text, attributes)

    def has_span(self, document_id: int, annotator: str, start: int, end: int, label: str) -> bool:
        return (
            self.conn.execute(
                'SELECT 1 FROM spans WHERE document_id = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ?',
                [document_id, annotator, start, end, label],
            ).fetchone()
            is not None
        )

    def span(self, span_id: int) -> Span | None:
        return self._one(Span, "SELECT * FROM spans WHERE id = ?", [span_id])

    def spans_of(self, document_id: int, annotator: str | None = None) -> list[Span]:
        """A document's spans (of one annotator, or of all), by start, end, id."""
        where, params = self._where({"document_id": document_id, "annotator": annotator})
        return self._records(Span, f'SELECT * FROM spans{where} ORDER BY start, "end", id', params)

    def replace_span(self, span: Span) -> None:
        """Write every field of `span` over the stored span with its id."""
        self._update("spans", span.id, {k: v for k, v in _row_of(span).items() if k != "id"})

    def delete_span(self, span_id: int) -> None:
        self._delete("spans", span_id)

    def rename_span_label(self, old: str, new: str) -> None:
        self.conn.execute("UPDATE spans SET label = ? WHERE label = ?", [new, old])

    def distinct_span_texts(self, labels: list[str], annotators: list[str] | None = None) -> list[str]:
        """The texts of spans with these labels (of these annotators, or of all), each once."""
        if not labels:
            return []
        where = f"label IN ({', '.join('?' * len(labels))})"
        params: list[Any] = list(labels)
        if annotators is not None:
            where += f" AND annotator IN ({', '.join('?' * len(annotators))})"
            params += annotators
        return [text for (text,) in self.conn.execute(f"SELECT DISTINCT text FROM spans WHERE {where}", params)]

    def span_label_counts(self, annotator: str) -> dict[DocumentId, dict[str, int]]:
        """Per document, how many spans of each label `annotator` has."""
        out: dict[DocumentId, dict[str, int]] = {}
        for document_id, label, n in self.conn.execute(
            "SELECT document_id, label, count(*) FROM spans WHERE annotator = ? "
            "GROUP BY document_id, label ORDER BY document_id, label",
            [annotator],
        ):
            out.setdefault(DocumentId(document_id), {})[label] = n
        return out

    # ---- relations --------------------------------------------------------------------------------
    def add_relation(self, document_id: int, annotator: str, type: str, source: int, target: int) -> Relation:
        relation_id = self._insert(
            "relations",
            {"document_id": document_id, "annotator": annotator, "type": type, "source": source, "target": target},
        )
        return Relation(
            RelationId(relation_id), DocumentId(document_id), annotator, type, SpanId(source), SpanId(target)
        )

    def relation(self, relation_id: int) -> Relation | None:
        return self._one(Relation, "SELECT * FROM relations WHERE id = ?", [relation_id])

    def relations_of(self, document_id: int, annotator: str | None = None) -> list[Relation]:
        where, params = self._where({"document_id": document_id, "annotator": annotator})
        return self._records(Relation, f"SELECT * FROM relations{where} ORDER BY id", params)

    def relations_from(self, span_id: int, type: str | None = None) -> list[Relation]:
        """Relations whose source is the span (of one type, or of all), by id."""
        where, params = self._where({"source": span_id, "type": type})
        return self._records(Relation, f"SELECT * FROM relations{where} ORDER BY id", params)

    def relations_touching(self, span_id: int) -> list[Relation]:
        """Relations from or to the span, by id."""
        return self._records(
            Relation, "SELECT * FROM relations WHERE source = ? OR target = ? ORDER BY id", [span_id, span_id]
        )

    def delete_relation(self, relation_id: int) -> None:
        self._delete("relations", relation_id)

    # ---- document labels --------------------------------------------------------------------------
    def add_doc_label(self, document_id: int, annotator: str, task: str, target: str, value: str) -> DocLabel:
        label_id = self._insert(
            "doc_labels",
            {"document_id": document_id, "annotator": annotator, "task": task, "target": target, "value": value},
        )
        return DocLabel(DocLabelId(label_id), DocumentId(document_id), annotator, task, target, value)

    def doc_label(self, document_id: int, annotator: str, task: str, target: str) -> DocLabel | None:
        return self._one(
            DocLabel,
            "SELECT * FROM doc_labels WHERE document_id = ? AND annotator = ? AND task = ? AND target = ?",
            [document_id, annotator, task, target],
        )

    def doc_labels_of(self, document_id: int, annotator: str | None = None) -> list[DocLabel]:
        where, params = self._where({"document_id": document_id, "annotator": annotator})
        return self._records(DocLabel, f"SELECT * FROM doc_labels{where} ORDER BY id", params)

    def set_doc_label_value(self, label_id: int, value: str) -> None:
        self._update("doc_labels", label_id, {"value": value})

    def delete_doc_label(self, label_id: int) -> None:
        self._delete("doc_labels", label_id)

    def rename_doc_label_target(self, old: str, new: str) -> None:
        self.conn.execute("UPDATE doc_labels SET target = ? WHERE target = ?", [new, old])

    # ---- status -----------------------------------------------------------------------------------
    def status(self, document_id: int, annotator: str) -> DocumentStatus | None:
        return self._one(
            DocumentStatus, "SELECT * FROM status WHERE document_id = ? AND annotator = ?", [document_id, annotator]
        )

    def statuses_of(self, annotator: str) -> dict[DocumentId, str]:
        """The status of every document that has one for `annotator`."""
        return {
            DocumentId(r[0]): r[1]
            for r in self.conn.execute(
                "SELECT document_id, status FROM status WHERE annotator = ? ORDER BY id", [annotator]
            )
        }

    def add_status(self, document_id: int, annotator: str, status: str, updated_at: str) -> DocumentStatus:
        status_id = self._insert(
            "status", {"document_id": document_id, "annotator": annotator, "status": status, "updated_at": updated_at}
        )
        return DocumentStatus(status_id, DocumentId(document_id), annotator, status, updated_at)

    def set_status(self, status_id: int, status: str, updated_at: str) -> None:
        self._update("status", status_id, {"status": status, "updated_at": updated_at})

    # ---- curation marks ---------------------------------------------------------------------------
    def add_curation_mark(self, document_id: int, category: str, start: int, end: int, decision: str) -> CurationMark:
        mark_id = self._insert(
            "curation_marks",
            {"document_id": document_id, "category": category, "start": start, "end": end, "decision": decision},
        )
        return CurationMark(mark_id, DocumentId(document_id), category, start, end, decision)

    def curation_mark(self, document_id: int, category: str, start: int, end: int) -> CurationMark | None:
        return self._one(
            CurationMark,
            'SELECT * FROM curation_marks WHERE document_id = ? AND category = ? AND start = ? AND "end" = ?',
            [document_id, category, start, end],
        )

    def curation_marks_of(self, document_id: int) -> list[CurationMark]:
        return self._records(
            CurationMark, "SELECT * FROM curation_marks WHERE document_id = ? ORDER BY id", [document_id]
        )

    def delete_curation_mark(self, mark_id: int) -> None:
        self._delete("curation_marks", mark_id)

    # ---- suggestions ------------------------------------------------------------------------------
    def add_suggestion(
        self,
        document_id: int,
        annotator: str,
        source: str,
        start: int,
        end: int,
        label: str,
        text: str,
        extra: dict[str, Any],
        score: float | None = None,
    ) -> Suggestion:
        suggestion_id = self._insert(
            "suggestions",
            {
                "document_id": document_id,
                "annotator": annotator,
                "source": source,
                "start": start,
                "end": end,
                "label": label,
                "text": text,
                "extra": extra,
                "state": "open",
                "score": score,
            },
        )
        return Suggestion(
            suggestion_id, DocumentId(document_id), annotator, source, start, end, label, text, extra, score=score
        )

    def has_suggestion_at(self, document_id: int, annotator: str, start: int, end: int) -> bool:
        """Whether the place was suggested to the annotator already (by any source, in any state)."""
        return (
            self.conn.execute(
                'SELECT 1 FROM suggestions WHERE document_id = ? AND annotator = ? AND start = ? AND "end" = ?',
                [document_id, annotator, start, end],
            ).fetchone()
            is not None
        )

    def suggestion(self, suggestion_id: int) -> Suggestion | None:
        return self._one(Suggestion, "SELECT * FROM suggestions WHERE id = ?", [suggestion_id])

    def suggestions_of(self, document_id: int, annotator: str, state: str | None) -> list[Suggestion]:
        """A document's suggestions for `annotator` in one state (None: every state), by start, end, id."""
        where, params = self._where({"document_id": document_id, "annotator": annotator, "state": state})
        return self._records(Suggestion, f'SELECT * FROM suggestions{where} ORDER BY start, "end", id', params)

    def set_suggestion_state(self, suggestion_id: int, state: str) -> None:
        self._update("suggestions", suggestion_id, {"state": state})

    def suggestion_counts(self, annotator: str | None) -> list[tuple[str, str, int]]:
        """(source, state, how many) of one annotator's suggestions, or of everyone's."""
        where, params = self._where({"annotator": annotator})
        return [
            (r[0], r[1], r[2])
            for r in self.conn.execute(
                f"SELECT source, state, count(*) FROM suggestions{where} GROUP BY source, state ORDER BY source, state",
                params,
            )
        ]
