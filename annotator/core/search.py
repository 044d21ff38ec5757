"""Searching a project's documents: normalised, clitic-aware matches (core/arabic.py) as exact spans of
the stored texts, with what is already labelled there. What `annotator search`, the find bar and
"label every occurrence" use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .arabic import find
from .errors import InputError
from .model import Document, DocumentId, SpanId

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class SearchHit:
    """A hit in a document: `text == document.text[start:end]`. `labelled` holds the (annotator, label)
    of spans with exactly these offsets (what a "label all" preview marks as done); `word_start` < start
    when a proclitic chain precedes the hit in its word (ل in لواشنطن)."""
    document_id: DocumentId
    document: str
    start: int
    end: int
    text: str
    word_start: int
    labelled: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict:
        """The `annotator search --json` record."""
        return {"doc": self.document, "start": self.start, "end": self.end, "text": self.text}


def search_document(project: Project, document: Document, query: str, *, inside_label: str | None = None,
                    clitics: bool = True, teh_marbuta: bool = True) -> list[SearchHit]:
    """Hits of `query` in one document. inside_label=L keeps only hits inside (or equal to) a span
    labelled L by any annotator (e.g. names inside quotations: L = QUOTE)."""
    spans = project.spans.for_document(document.id)
    exact: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for span in spans:
        exact.setdefault((span.start, span.end), []).append((span.annotator, span.label))
    containers = [(s.start, s.end) for s in spans if s.label == inside_label]
    hits = []
    for hit in find(document.text, query, clitics=clitics, teh_marbuta=teh_marbuta):
        if inside_label is not None and not any(a <= hit.start and hit.end <= b for a, b in containers):
            continue
        hits.append(SearchHit(document.id, document.name, hit.start, hit.end, document.text[hit.start:hit.end],
                              hit.word_start, tuple(sorted(exact.get((hit.start, hit.end), ())))))
    return hits


def search_project(project: Project, query: str, *, document_names: list[str] | None = None,
                   inside_label: str | None = None, clitics: bool = True,
                   teh_marbuta: bool = True) -> list[SearchHit]:
    """Hits of `query` in the named documents (default: all), in document then text order."""
    if not query.strip():
        raise InputError("the search query is empty; give a word or phrase")
    if inside_label is not None and project.schema.get().label(inside_label) is None:
        labels = ", ".join(label.name for label in project.schema.get().labels)
        raise InputError(f"label {inside_label!r} is not in the schema; choose one of {labels}")
    if document_names:
        documents = []
        for name in document_names:
            document = project.documents.by_name(name)
            if document is None:
                raise InputError(f"no document named {name!r}; `annotator stats` counts them, the window lists them")
            documents.append(document)
    else:
        documents = [project.documents.get(summary.id) for summary in project.documents.list()]
    hits: list[SearchHit] = []
    for document in documents:
        hits += search_document(project, document, query, inside_label=inside_label, clitics=clitics,
                                teh_marbuta=teh_marbuta)
    return hits


def label_all(project: Project, annotator: str, hits: list[SearchHit], label: str) -> list[SpanId]:
    """Label the chosen hits (a "label all" preview's checked rows) as `label` for `annotator`, in one
    transaction and one undo step; a hit the annotator already has with this label is skipped. Returns the
    ids of the new spans."""
    todo = [hit for hit in hits if (annotator, label) not in hit.labelled]
    documents = {hit.document_id for hit in todo}
    if not todo:
        return []
    created = []
    with project.history.group(annotator, "span.label_all", documents.pop() if len(documents) == 1 else None,
                               f"labelled {len(todo)} occurrences of {todo[0].text!r} {label}"):
        for hit in todo:
            created.append(project.spans.add(hit.document_id, annotator, hit.start, hit.end, label).id)
    return created


def context(text: str, start: int, end: int, width: int = 30) -> tuple[str, str, str]:
    """(before, hit, after) of a hit, `width` characters each side, on one line."""
    def one_line(part: str) -> str:
        return re.sub(r"\s+", " ", part)
    return one_line(text[max(0, start - width):start]), text[start:end], one_line(text[end:end + width])
