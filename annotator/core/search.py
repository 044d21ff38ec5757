"""Searching a project's documents: normalised, clitic-aware matches (core/arabic.py) as exact spans of
the stored texts, and, for the hits asked about, what is already labelled there. What `annotator search`,
the find bar and "label all" use.

A project's search reads the search index (core/search_index.py, kept in the project: `SearchIndex`, the
project's `search_index`) and scans with `arabic.find` only the documents it cannot answer for; its hits
are exactly those of the scan. Whether each hit is already labelled is read for the hits asked about
(`with_labelled`), never for every span of every document.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, cast

from . import search_index
from .arabic import find, normalize_query
from .errors import AnnotatorError, InputError
from .model import Document, DocumentId, SpanId
from .progress import NO_PROGRESS, Progress
from .search_index import Postings, decode
from .search_lookup import Query, SearchHit, documents_of, lookup, named

__all__ = [
    "SearchHit",
    "SearchIndex",
    "context",
    "hits_json",
    "label_all",
    "search_document",
    "search_project",
    "with_labelled",
]

if TYPE_CHECKING:
    from .project import Project
    from .store_protocols import ProjectStore


class SearchIndex:
    """The project's search index: built for a project that lacks it when the project is opened to write
    (`bring_up_to_date`), kept by the store with every text it writes, and read by `find`."""

    def __init__(self, project: Project):
        self._store: ProjectStore = project.store
        # the rows of the last query, decoded, by (word, segment): (stored spellings and blob, postings)
        self._last: dict[tuple[str, int], tuple[str, bytes, Postings]] = {}

    def bring_up_to_date(self, progress: Progress = NO_PROGRESS) -> None:
        """Build the index when it is missing or was made by other matching rules, or add the documents it
        lacks (written by a rescue, say), telling `progress` a segment at a time; only reads when there is
        nothing to do. A project that cannot be written now keeps what it has: search scans what the index
        cannot answer for."""
        if self.is_current():
            return
        try:
            with self._store.transaction():  # looked at again inside: another program may have done it
                fingerprint, _, _ = self._store.search_index_state()
                if fingerprint != search_index.fingerprint():
                    self._store.rebuild_search_index(progress)
                else:
                    self._store.index_unindexed_documents(progress)
        except AnnotatorError:
            pass

    def is_current(self) -> bool:
        """Whether the index answers for every document by today's matching rules (else search scans)."""
        fingerprint, documents, indexed = self._store.search_index_state()
        return fingerprint == search_index.fingerprint() and indexed == documents

    def find(
        self,
        query: str,
        document_ids: Sequence[DocumentId] | None = None,
        *,
        clitics: bool = True,
        teh_marbuta: bool = True,
    ) -> list[SearchHit]:
        """Every hit of `query` in the documents `document_ids` (None: all) as `arabic.find` gives them
        (whole words), in document id then text order, `labelled` left empty."""
        needle = normalize_query(query, teh_marbuta=teh_marbuta)
        if not needle:
            return []
        wanted = None if document_ids is None else set(document_ids)
        fingerprint, documents, indexed = self._store.search_index_state()
        parsed = Query.of(needle, clitics=clitics)
        if not teh_marbuta or not parsed.words or fingerprint != search_index.fingerprint():
            # the index folds ة and needs a word to look up: this query scans (the index is built on opening)
            every = wanted if wanted is not None else self._store.document_ids()
            return self._scan(query, every, clitics, teh_marbuta)
        rows = self._decoded(self._store.search_rows(parsed.keys()))
        names = self._store.kept_document_names() if parsed.direct else None
        if parsed.direct and names is None and len(parsed.words) > 1:
            # a phrase's hits are in far fewer documents than hold its words (مجلس الأمن الدولي: 31 hits, its
            # words in most documents): its hits first, then the names of their documents only
            raw, scan = lookup(parsed, rows, wanted)
            hits = named(raw, cast(dict[int, str], self._store.document_names({hit[0] for hit in raw})))
        elif parsed.direct:  # the hits made with their names at once: every name kept, or those of where they may be
            if names is None:
                holding = documents_of(parsed, rows)
                names = self._store.document_names(holding if wanted is None else holding & wanted)
            hits, scan = lookup(parsed, rows, wanted, cast(dict[int, str], names))
        else:  # the rows only say which documents to scan (and give no hit)
            hits, scan = [], lookup(parsed, rows, wanted)[1]
        if indexed < documents:
            scan.update(i for i in self._store.unindexed_documents() if wanted is None or i in wanted)
        if scan:
            hits = sorted(hits + self._scan(query, scan, clitics, teh_marbuta))
        return hits

    def _decoded(self, rows: Iterable[tuple[str, int, str, bytes]]) -> list[tuple[str, int, Postings]]:
        """The rows' postings, those of the last query's rows whose stored blob is the same as they were (a
        query typed a letter at a time, or run again, reads most of its rows again: decoding them costs
        more than reading them)."""
        last, kept = self._last, {}
        found = []
        for word, segment, spellings, blob in rows:
            before = last.get((word, segment))
            if before is not None and before[1] == blob and before[0] == spellings:
                postings = before[2]
            else:
                postings = decode(spellings, blob)
            kept[word, segment] = (spellings, blob, postings)
            found.append((word, segment, postings))
        self._last = kept
        return found

    def _scan(self, query: str, document_ids: Iterable[int], clitics: bool, teh_marbuta: bool) -> list[SearchHit]:
        """`arabic.find` over these documents' texts."""
        names = self._store.document_names(document_ids)
        return [
            SearchHit(document_id, names[document_id], hit.start, hit.end, text[hit.start : hit.end], hit.word_start)
            for document_id, text in self._store.texts_of(document_ids)
            for hit in find(text, query, clitics=clitics, teh_marbuta=teh_marbuta)
        ]


def search_document(
    project: Project,
    document: Document,
    query: str,
    *,
    inside_label: str | None = None,
    clitics: bool = True,
    teh_marbuta: bool = True,
    labelled: bool = True,
) -> list[SearchHit]:
    """Hits of `query` in one document (scanned: its normalisation is cached, for a query per keystroke).
    inside_label=L keeps only hits inside (or equal to) a span labelled L by any annotator (e.g. names
    inside quotations: L = QUOTE). labelled=False: `labelled` left empty (`with_labelled` fills it)."""
    hits = [
        SearchHit(document.id, document.name, hit.start, hit.end, document.text[hit.start : hit.end], hit.word_start)
        for hit in find(document.text, query, clitics=clitics, teh_marbuta=teh_marbuta)
    ]
    if inside_label is not None:
        hits = _inside(project, hits, inside_label)
    return with_labelled(project, hits) if labelled else hits


def search_project(
    project: Project,
    query: str,
    *,
    document_names: list[str] | None = None,
    inside_label: str | None = None,
    clitics: bool = True,
    teh_marbuta: bool = True,
    labelled: bool = True,
) -> list[SearchHit]:
    """Hits of `query` in the named documents (default: all, in id order), in document then text order.
    labelled=False: `labelled` left empty, for callers that do not show it (`annotator search`), or show it
    for some hits only (`with_labelled` those)."""
    if not query.strip():
        raise InputError("the search query is empty; give a word or phrase")
    if inside_label is not None and project.schema.get().label(inside_label) is None:
        labels = ", ".join(label.name for label in project.schema.get().labels)
        raise InputError(f"label {inside_label!r} is not in the schema; choose one of {labels}")
    order: list[DocumentId] | None = None
    if document_names:
        order = []
        for name in document_names:
            document = project.documents.by_name(name)
            if document is None:
                raise InputError(f"no document named {name!r}; `annotator stats` counts them, the window lists them")
            order.append(document.id)
    with project.snapshot(), _collecting_later():  # the index and the names of one version of the project
        hits = project.search_index.find(query, order, clitics=clitics, teh_marbuta=teh_marbuta)
    if order is not None and len(order) > 1:  # in the order the names were given (each time it is given)
        by_document: dict[int, list[SearchHit]] = {}
        for hit in hits:
            by_document.setdefault(hit.document_id, []).append(hit)
        hits = [hit for document_id in order for hit in by_document.get(document_id, [])]
    if inside_label is not None:
        hits = _inside(project, hits, inside_label)
    return with_labelled(project, hits) if labelled else hits


@contextmanager
def _collecting_later() -> Iterator[None]:
    """Python's cycle collector paused while a query makes its hits: tens of thousands of tuples would start it
    again and again over everything alive (a fifth of a large query's time); none of them holds a cycle."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def with_labelled(project: Project, hits: Sequence[SearchHit]) -> list[SearchHit]:
    """`hits` with `labelled` read from the project: the (annotator, label) of spans at exactly each hit's
    offsets, sorted; only the spans that start where a hit starts are read."""
    starts: dict[DocumentId, set[int]] = {}
    for hit in hits:
        starts.setdefault(hit.document_id, set()).add(hit.start)
    exact: dict[tuple[int, int, int], list[tuple[str, str]]] = {}
    with project.snapshot():
        for document_id, at in starts.items():
            for start, end, annotator, label in project.store.span_labels_at(document_id, sorted(at)):
                exact.setdefault((document_id, start, end), []).append((annotator, label))
    return [hit._replace(labelled=tuple(sorted(exact.get((hit.document_id, hit.start, hit.end), ())))) for hit in hits]


def _inside(project: Project, hits: list[SearchHit], label: str) -> list[SearchHit]:
    containers: dict[int, list[tuple[int, int]]] = {}
    for document_id, start, end in project.store.label_ranges({hit.document_id for hit in hits}, label):
        containers.setdefault(document_id, []).append((start, end))
    return [hit for hit in hits if any(a <= hit.start and hit.end <= b for a, b in containers.get(hit.document_id, ()))]


def label_all(project: Project, annotator: str, hits: list[SearchHit], label: str) -> list[SpanId]:
    """Label the chosen hits (a "label all" preview's checked rows) as `label` for `annotator`, in one
    transaction and one undo step; a hit the annotator already has with this label is skipped (read again
    here, whatever the hits say). Returns the ids of the new spans."""
    todo = [hit for hit in with_labelled(project, hits) if (annotator, label) not in hit.labelled]
    documents = {hit.document_id for hit in todo}
    if not todo:
        return []
    created = []
    with project.history.group(
        annotator,
        "span.label_all",
        documents.pop() if len(documents) == 1 else None,
        f"labelled {len(todo)} occurrences of {todo[0].text!r} {label}",
    ):
        for hit in todo:
            created.append(project.spans.add(hit.document_id, annotator, hit.start, hit.end, label).id)
    return created


def hits_json(hits: Sequence[SearchHit]) -> str:
    """`json.dumps([hit.as_json() for hit in hits], ensure_ascii=False, indent=1)`, the same text made ten
    times faster (with an indent, json's encoder is Python's, not C's: 2.5 s for 130,000 hits)."""
    if not hits:
        return "[]"
    quote = encode_basestring
    return (
        "[\n"
        + ",\n".join(
            [
                f' {{\n  "doc": {quote(hit.document)},\n  "start": {hit.start},\n  "end": {hit.end},'
                f'\n  "text": {quote(hit.text)}\n }}'
                for hit in hits
            ]
        )
        + "\n]"
    )


def context(text: str, start: int, end: int, width: int = 30) -> tuple[str, str, str]:
    """(before, hit, after) of a hit, `width` characters each side, on one line."""

    def one_line(part: str) -> str:
        return re.sub(r"\s+", " ", part)

    return one_line(text[max(0, start - width) : start]), text[start:end], one_line(text[end : end + width])
