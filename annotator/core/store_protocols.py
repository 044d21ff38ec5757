"""The store's contract: what the core asks of a storage backend, as typed Protocols per area (issue 28).

The SQLite store (core/store/, `Store`) implements every one of them; a PostgreSQL backend (issue 25: the
same tables and columns) is a new class that implements them too, plus a factory in the store-level tests'
`store_backend` fixture (tests/core/conftest.py). The managers of project.py (and the functions they hand the
store to) type their store as these protocols, never as the concrete `Store`; the concrete store is built in
one place, `project._open_store` (and, for the SQLite file a rescue writes, in `Project.rescue`).

Why here, beside the store package and not inside it (core/store/protocols.py): the contract belongs to
the core that uses it, not to one backend. The managers (annotations.py, history.py, schema.py, backups.py,
...) import it for their types, and only project.py may import the store package (tests/test_architecture.py
counts every import, type-checking ones too, and pyproject's import-linter contracts keep the window and the
command line out of it); a backend imports this module, never the other way round. It imports model.py
alone.

The areas, each a runtime-checkable Protocol (tests/core/test_store_protocols.py holds every backend to all of
them, and to having no public method outside them):
- `Transactions`: `transaction` (one write transaction; nested ones are savepoints) and `snapshot` (one
  consistent read); every area below extends it, since every write of every area is made inside one;
- `DocumentStore`: documents, their token counts, the readers of every document's layers, the import's bulk
  path;
- `SearchStore`: the search index the writes of texts keep, and what search reads beside it (documents'
  names and texts, the spans at its hits);
- `AnnotationStore`: `SpanStore`, `RelationStore`, `DocLabelStore`, `StatusStore`, `CurationMarkStore`,
  `SuggestionStore`, one per kind of annotation;
- `HistoryStore`: events, and `current` / `apply_change`, which undo and redo apply to any kind of record;
- `SettingsStore`: the schema version and migrations, annotators, settings (the schema is one), and the
  names the data uses (what a schema save must keep);
- `SessionStore`: the connection's life (`close`, `read_only_reason`), who has the project open
  (sessions), `changed_elsewhere`, and `watch` (other programs' changes as they are committed: `Watch`);
- `FigureStore`: the totals `stats` prints; `CheckStore`: what `annotator check` reads, and a second
  read-only connection to read it in a thread beside;
- `ProjectStore`: all of the above: what `Project` holds.

Nothing in them is SQLite's: no connection, no SQL, no rowid, no file. Ids are the model's typed ids,
values are model objects (model.py) or plain values; JSON columns come and go as decoded values.
`integrity_problems` and `foreign_key_problems` are whatever the backend's own checks find (a server that
enforces foreign keys at every write finds none). `CheckedDocument` and its kin, the forms the check reads
the stored data in, are declared here because only this contract uses them.

Backups are the one backend-specific area: `FileBackups` (`backup_to` / `restore_from` a file path) is what
a backend whose project is one file offers (SQLite's backup API), and it is not part of `ProjectStore`. A
server's database is backed up by the server's own tools (pg_dump), not into a file beside the project, so
core/backups.py asks the project's store for `FileBackups` and refuses clearly when it has none. Rescuing a
damaged file (`Project.rescue`) is the SQLite backend's alone for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable

from .model import (
    Change,
    CurationMark,
    DocLabel,
    DocLabelRow,
    Document,
    DocumentId,
    DocumentStatus,
    DocumentSummary,
    Event,
    HistoryEvent,
    ImportedRelation,
    ImportedSpan,
    Record,
    Relation,
    RelationRow,
    Span,
    SpanId,
    SpanRow,
    StatusRow,
    Suggestion,
)
from .progress import NO_PROGRESS, Progress
from .search_index import RowsMade

__all__ = [
    "AREAS",
    "AnnotationStore",
    "BadEvent",
    "CheckStore",
    "CheckedDocument",
    "CheckedSpan",
    "CurationMarkStore",
    "DocLabelStore",
    "DocumentStore",
    "FigureStore",
    "FileBackups",
    "HistoryStore",
    "ProjectStore",
    "RelationStore",
    "SearchStore",
    "SessionStore",
    "SettingsStore",
    "SpanStore",
    "SpanTexts",
    "StatusStore",
    "SuggestionStore",
    "Transactions",
]


# ---- the records the check reads (CheckStore) -----------------------------------------------------------
class CheckedSpan(NamedTuple):
    """A span (or a suggested span) as stored."""

    id: int
    annotator: str
    start: Any  # an int, unless the file is damaged
    end: Any
    label: str
    text: str


class SpanTexts(NamedTuple):
    """A document's spans at once: their starts and their stored texts, in the same (unspecified) order, each
    value as stored (an int and a str, unless the file is damaged); None when they could not be read so (the
    spans are then read one by one). Their ends are checked apart (`spans_with_wrong_ends`)."""

    starts: list[Any] | None
    texts: list[Any]


class CheckedDocument(NamedTuple):
    """A document as stored: its text decoded (U+FFFD where the bytes are not UTF-8: `damaged`), the sha256
    of the stored bytes beside the stored one, its meta (JSON text), its spans at once (None: it has none),
    and its suggested spans."""

    id: int
    name: str
    text: str
    damaged: bool
    stored_sha256: str
    sha256_of_bytes: str
    meta: str
    spans: SpanTexts | None
    suggestions: list[CheckedSpan]


class BadEvent(NamedTuple):
    """A history event undo and redo could not read, and why."""

    id: int
    annotator: str
    action: str
    problem: str


# ---- the areas ------------------------------------------------------------------------------------------
@runtime_checkable
class Transactions(Protocol):
    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (a savepoint when nested), committed to disk when the outermost block ends;
        it waits for other programs' writes first (never halfway through), and is refused when the store is
        read-only (`read_only_reason`)."""
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """One read transaction: everything read inside sees the project as it was at the first read,
        whatever other programs commit meanwhile. Nested: the outer one holds."""
        ...


@runtime_checkable
class DocumentStore(Transactions, Protocol):
    def add_document(
        self, name: str, text: str, sha256: str, meta: dict[str, Any], tokens: int | None = None
    ) -> Document: ...
    def has_document(self, name: str) -> bool: ...
    def document(self, document_id: int) -> Document | None: ...
    def document_by_name(self, name: str) -> Document | None: ...
    def document_count(self) -> int: ...
    def document_fingerprints(self) -> dict[str, tuple[DocumentId, str]]: ...
    def document_fingerprints_of(self, names: Iterable[str]) -> dict[str, tuple[DocumentId, str]]: ...
    def document_summaries(self) -> list[DocumentSummary]: ...

    def document_ids(self) -> list[DocumentId]:
        """Every document's id in order, without reading the documents' rows."""
        ...

    def document_page(
        self, first_id: int, last_id: int, annotator: str
    ) -> list[tuple[DocumentSummary, str | None, dict[str, int]]]:
        """Documents `first_id`..`last_id` with `annotator`'s status (None: new) and span count per label."""
        ...

    def document_length(self, document_id: int) -> int | None: ...

    def text_slice(self, document_id: int, start: int, end: int) -> str:
        """text[start:end] in code points, without loading the whole text."""
        ...

    def texts_to_count(self) -> list[tuple[DocumentId, str]]: ...
    def set_token_counts(self, counts: Iterable[tuple[DocumentId, int]]) -> None: ...
    def layer_rows(
        self, document_id: int
    ) -> tuple[list[SpanRow], list[RelationRow], list[DocLabelRow], list[StatusRow]]: ...
    def layer_rows_of_documents(
        self, document_ids: Sequence[int], annotators: Sequence[str]
    ) -> Iterator[
        tuple[int, str, str, int | None, list[SpanRow], list[RelationRow], list[DocLabelRow], list[StatusRow]]
    ]: ...

    # the import's bulk path: ids handed out by the store, never reused
    def next_document_id(self) -> DocumentId: ...
    def next_span_id(self) -> SpanId: ...
    def add_imported(
        self,
        documents: Iterable[Document],
        spans: Iterable[ImportedSpan],
        relations: Iterable[ImportedRelation],
        index_rows: RowsMade | None = None,
    ) -> None: ...
    def add_imported_labels(
        self, doc_labels: Iterable[tuple[int, str, str, str, str]], statuses: Iterable[tuple[int, str, str, str]]
    ) -> None: ...
    # the import's write transaction: `transaction`, where references may be checked once before the commit
    def bulk_load(self) -> AbstractContextManager[None]: ...
    # a large import into a project without spans: the span table's indexes made once at the end, in the
    # caller's transaction (a backend may do nothing); restored before anything reads spans again
    def defer_span_indexes(self) -> None: ...
    def restore_span_indexes(self) -> None: ...


@runtime_checkable
class SearchStore(Transactions, Protocol):
    """The search index (core/search_index.py says what its rows hold): kept by the writes of texts
    (`add_document`, `add_imported`, `apply_change` on a document), in their transaction."""

    def search_index_state(self) -> tuple[str | None, int, int]:
        """(the fingerprint the index was made under, None: never built; documents; documents indexed)."""
        ...

    def search_rows(self, words: Sequence[str]) -> list[tuple[str, int, str, bytes]]:
        """(word, segment, spellings, postings) of every row of `words`, by segment."""
        ...

    def unindexed_documents(self) -> list[DocumentId]: ...
    def document_names(self, document_ids: Iterable[int]) -> dict[DocumentId, str]: ...

    def kept_document_names(self) -> dict[DocumentId, str] | None:
        """Every document's name if the store keeps them and they are current (None: ask `document_names`)."""
        ...

    def texts_of(self, document_ids: Iterable[int]) -> Iterator[tuple[DocumentId, str]]: ...

    def span_labels_at(self, document_id: int, starts: Sequence[int]) -> list[tuple[int, int, str, str]]:
        """(start, end, annotator, label) of a document's spans that start at one of `starts`."""
        ...

    def label_ranges(self, document_ids: Iterable[int], label: str) -> list[tuple[DocumentId, int, int]]:
        """(document, start, end) of the spans labelled `label` (any annotator) in these documents."""
        ...

    def rebuild_search_index(self, progress: Progress = NO_PROGRESS) -> int:
        """Build the index again from every text (in the caller's transaction); how many documents."""
        ...

    def index_unindexed_documents(self, progress: Progress = NO_PROGRESS) -> int: ...


@runtime_checkable
class SpanStore(Transactions, Protocol):
    def add_span(
        self, document_id: int, annotator: str, start: int, end: int, label: str, text: str, attributes: dict[str, Any]
    ) -> Span: ...
    def has_span(self, document_id: int, annotator: str, start: int, end: int, label: str) -> bool: ...
    def span(self, span_id: int) -> Span | None: ...
    def spans_of(self, document_id: int, annotator: str | None = None) -> list[Span]: ...
    def replace_span(self, span: Span) -> None: ...
    def delete_span(self, span_id: int) -> None: ...
    def rename_span_label(self, old: str, new: str) -> None: ...
    def distinct_span_texts(self, labels: list[str], annotators: list[str] | None = None) -> list[str]: ...
    def span_label_counts(self, annotator: str) -> dict[DocumentId, dict[str, int]]: ...


@runtime_checkable
class RelationStore(Transactions, Protocol):
    def add_relation(self, document_id: int, annotator: str, type: str, source: int, target: int) -> Relation: ...
    def relation(self, relation_id: int) -> Relation | None: ...
    def relations_of(self, document_id: int, annotator: str | None = None) -> list[Relation]: ...
    def relations_from(self, span_id: int, type: str | None = None) -> list[Relation]: ...
    def relations_touching(self, span_id: int) -> list[Relation]: ...
    def delete_relation(self, relation_id: int) -> None: ...


@runtime_checkable
class DocLabelStore(Transactions, Protocol):
    def add_doc_label(self, document_id: int, annotator: str, task: str, target: str, value: str) -> DocLabel: ...
    def doc_label(self, document_id: int, annotator: str, task: str, target: str) -> DocLabel | None: ...
    def doc_labels_of(self, document_id: int, annotator: str | None = None) -> list[DocLabel]: ...
    def set_doc_label_value(self, label_id: int, value: str) -> None: ...
    def delete_doc_label(self, label_id: int) -> None: ...
    def rename_doc_label_target(self, old: str, new: str) -> None: ...


@runtime_checkable
class StatusStore(Transactions, Protocol):
    def status(self, document_id: int, annotator: str) -> DocumentStatus | None: ...
    def statuses_of(self, annotator: str) -> dict[DocumentId, str]: ...
    def add_status(self, document_id: int, annotator: str, status: str, updated_at: str) -> DocumentStatus: ...
    def set_status(self, status_id: int, status: str, updated_at: str) -> None: ...


@runtime_checkable
class CurationMarkStore(Transactions, Protocol):
    def add_curation_mark(
        self, document_id: int, category: str, start: int, end: int, decision: str
    ) -> CurationMark: ...
    def curation_mark(self, document_id: int, category: str, start: int, end: int) -> CurationMark | None: ...
    def curation_marks_of(self, document_id: int) -> list[CurationMark]: ...
    def delete_curation_mark(self, mark_id: int) -> None: ...


@runtime_checkable
class SuggestionStore(Transactions, Protocol):
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
    ) -> Suggestion: ...
    def has_suggestion_at(self, document_id: int, annotator: str, start: int, end: int) -> bool: ...
    def suggestion(self, suggestion_id: int) -> Suggestion | None: ...
    def suggestions_of(self, document_id: int, annotator: str, state: str | None) -> list[Suggestion]: ...
    def set_suggestion_state(self, suggestion_id: int, state: str) -> None: ...
    def suggestion_counts(self, annotator: str | None) -> list[tuple[str, str, int]]: ...


@runtime_checkable
class AnnotationStore(
    SpanStore, RelationStore, DocLabelStore, StatusStore, CurationMarkStore, SuggestionStore, Protocol
):
    """Every kind of annotation: spans, relations, document labels, statuses, curation marks, suggestions."""


@runtime_checkable
class HistoryStore(Transactions, Protocol):
    def add_event(
        self,
        annotator: str,
        action: str,
        document_id: int | None,
        summary: str,
        changes: Sequence[Change],
        *,
        undoable: bool,
        target_event: int | None,
    ) -> int: ...

    def recent_events(self, annotator: str, limit: int) -> list[HistoryEvent]:
        """The annotator's last `limit` events with their changes, oldest first (what undo and redo read)."""
        ...

    def newest_mark(self) -> tuple[int, str] | None:
        """The newest event's id and time (None: no event yet)."""
        ...

    def events(
        self, *, document_id: int | None = None, annotator: str | None = None, limit: int | None = 1000
    ) -> list[Event]: ...
    def append_events(self, events: Iterable[Event]) -> None: ...

    def current(self, record: Record) -> Record | None:
        """The thing with `record`'s kind and id as it is now in the project (None: it is gone)."""
        ...

    def apply_change(self, before: Record | None, after: Record | None) -> None:
        """Make a thing go from `before` to `after` (None = absent), under its own id."""
        ...


@runtime_checkable
class SettingsStore(Transactions, Protocol):
    @property
    def user_version(self) -> int:
        """The project's schema version: how many migrations it has had."""
        ...

    def migrate(self, *, stop_before: str | None = None) -> None: ...
    def ensure_annotator(self, name: str) -> None: ...
    def annotators(self) -> list[str]: ...
    def get_setting(self, key: str) -> Any: ...
    def has_setting(self, key: str) -> bool: ...
    def set_setting(self, key: str, value: Any) -> None: ...

    def names_in_use(self, stance_task: str) -> dict[str, set[str]]:
        """The schema names the data uses (span labels, relation types, tasks, targets, stance values)."""
        ...


class Watch(Protocol):
    """Another program's changes followed as they are committed (`SessionStore.watch`)."""

    live: bool  # False: nothing is ever called (a file: look with `changed_elsewhere` instead)

    def stop(self) -> None:
        """Call nothing more; the thread that waited ends soon after. Again: nothing."""
        ...


@runtime_checkable
class SessionStore(Transactions, Protocol):
    read_only_reason: str | None  # set: every write is refused with this message
    read_from_copy: bool  # a project of an older format, read: migrated in a copy in memory, not the file
    kept_before_upgrade: Path | None  # opened to write, a file of an older format: its copy as it was

    def close(self) -> None: ...

    def changed_elsewhere(self) -> bool:
        """Whether another connection changed the project's content since the last call (the first call
        only takes note)."""
        ...

    def watch(self, callback: Callable[[dict[str, Any]], None]) -> Watch:
        """Call `callback` (from a thread of its own) soon after another connection commits a change to the
        project's content, with what it says of it (`document_id`, `annotator`; either may be None). A
        backend that cannot be told returns a `Watch` whose `live` is False."""
        ...

    def sessions(self) -> list[dict[str, Any]]: ...
    def add_session(
        self, annotator: str, program: str, host: str, pid: int, started: str, heartbeat: float, read_only: bool
    ) -> int: ...
    def touch_session(self, session_id: int, heartbeat: float) -> bool: ...
    def set_session_document(self, session_id: int, document_id: int | None) -> None: ...
    def remove_sessions(self, ids: Sequence[int]) -> None: ...


@runtime_checkable
class FigureStore(Transactions, Protocol):
    def stats(self) -> dict[str, Any]: ...
    def counts(self) -> dict[str, int]: ...
    def label_totals(self) -> dict[str, int]: ...
    def counts_per_annotator(self) -> dict[str, dict[str, int]]: ...


@runtime_checkable
class CheckStore(Transactions, Protocol):
    def integrity_problems(self) -> list[str]: ...
    def foreign_key_problems(self) -> list[str]: ...
    def documents_for_check(self) -> Iterator[CheckedDocument]: ...
    def document_for_check(self, document_id: Any) -> tuple[str, str] | None: ...
    def spans_with_wrong_ends(self) -> set[Any]: ...
    def spans_of_document_for_check(self, document_id: int) -> list[CheckedSpan]: ...
    def duplicate_spans(self, document_id: int | None = None) -> list[dict[str, Any]]: ...
    def orphan_relations(self) -> list[dict[str, Any]]: ...
    def stored_json(self) -> Iterator[tuple[str, str, str]]: ...
    def stored_setting(self, key: str) -> str | None: ...
    def undecodable_events(self) -> Iterator[BadEvent]: ...
    def span_edge_characters(self, labels: Iterable[str]) -> set[str]: ...
    def spans_with_edges(self, labels: Iterable[str], characters: Iterable[str]) -> Iterator[dict[str, Any]]: ...

    def stale_search_documents(self) -> list[tuple[DocumentId, str]]:
        """(id, name) of the documents the search index holds under another text than theirs."""
        ...

    def reader_beside(self) -> ProjectStore | None:
        """Another read-only connection to the same project, for reads in a thread of their own (the caller
        closes it); None when there can be none."""
        ...


@runtime_checkable
class ProjectStore(
    DocumentStore,
    SearchStore,
    AnnotationStore,
    HistoryStore,
    SettingsStore,
    SessionStore,
    FigureStore,
    CheckStore,
    Protocol,
):
    """The whole contract: what `Project` holds and its managers use."""


@runtime_checkable
class FileBackups(Protocol):
    """A backend whose project is one file: consistent copies of it, and its content put back from one.
    Backend-specific, so not part of ProjectStore (see the module's docstring)."""

    def backup_to(self, target: Path, progress: Progress = NO_PROGRESS) -> None: ...
    def restore_from(self, source: Path) -> None: ...


@runtime_checkable
class ServerRoles(Protocol):
    """A backend on a database server: the project's users as the server's roles, guarded by row-level
    security (store/postgres_roles.py; core/server_users.py asks it). Backend-specific, like FileBackups."""

    @property
    def roles(self) -> Any: ...


# Every area a backend may implement, as the store-level tests walk them (ProjectStore's and the optional ones).
AREAS: tuple[type, ...] = (
    Transactions,
    DocumentStore,
    SearchStore,
    SpanStore,
    RelationStore,
    DocLabelStore,
    StatusStore,
    CurationMarkStore,
    SuggestionStore,
    AnnotationStore,
    HistoryStore,
    SettingsStore,
    SessionStore,
    FigureStore,
    CheckStore,
    ProjectStore,
    FileBackups,
    ServerRoles,
)
