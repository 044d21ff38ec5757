"""`Project(path)`: the one door to a project file, with a manager per area.

    with Project("news.annotator") as project:
        doc = project.documents.by_name("doc-1")
        span = project.spans.add(doc.id, "A", 0, 5, "PER")
        project.history.undo("A")

Every write method is one transaction, committed to disk when it returns, and appended to the history.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import socket
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from . import platforms, tokens
from .annotated import annotated_documents
from .annotations import CurationMarks, DocLabels, Relations, Spans, Statuses
from .checking import CHECKING
from .errors import AnnotatorError, InputError, NotFound, StorageError
from .files import refuse_unsafe_output
from .history import History
from .ingest import ingest
from .locations import SERVER_SCHEMES, display_location, is_server
from .model import GOLD, AnnotatedDocument, Document, DocumentId, DocumentSummary, ImportReport, LayerRows
from .progress import NO_PROGRESS, Progress, checkpoint
from .schema import SchemaManager
from .search import SearchIndex
from .store import (
    KEEPING_COPY,
    SCHEMA_VERSION,
    SESSION_STALE_SECONDS,
    Store,
    backup_problem,
    describe_sessions,
    remove_project_files,
)
from .store.rescue import STEPS as RESCUE_STEPS
from .store.rescue import RescueReport, rescue_into
from .store.search import BUILDING_INDEX
from .store_protocols import DocumentStore, ProjectStore, ServerRoles, SessionStore, SettingsStore, Watch
from .suggestions import Suggestions
from .values import check_name, check_text, now, sha256

__all__ = [
    "BUILDING_INDEX",
    "KEEPING_COPY",
    "SCHEMA_VERSION",
    "SERVER_SCHEMES",
    "Project",
    "backup_problem",
    "check_name",
    "check_text",
    "is_server",
    "now",
    "remove_project_files",
    "sha256",
]  # the store's facts the rest of the core may use


OUT_OF_DATE_PARTS = ("format", "search index", "token counts")  # what `Project.out_of_date` looks at
_TOKEN_COUNTS = "token_counts"  # setting: `tokens.fingerprint()` of the stored token counts
# what opening a project made by an older annotator tells its progress (the window shows them in its words)
COUNTING_TOKENS = "counting tokens again (new tokenizer)"
COUNT_BATCH = 500  # documents counted between two reports
# what `check` and `warnings` tell their progress (the window shows them in its words: gui/jobs.py)
LOOKING_AT_EDGES = "looking for spans with punctuation at their edges…"


def _open_store(path: str | Path, mode: str, progress: Progress = NO_PROGRESS) -> ProjectStore:
    """The one place a project's store is built, its backend chosen: a postgresql:// URL is a database on a
    server (store/postgres.py, psycopg: the `server` extra), anything else an SQLite file; everything after
    sees only the store's contract (core/store_protocols.py). `mode`: "write", "read" or "inspect" (Store)."""
    if is_server(path):
        try:
            from .store.postgres import PostgresStore
        except ImportError:
            raise StorageError(
                "a project on a PostgreSQL server needs psycopg: pip install 'annotator[server]'"
            ) from None
        return PostgresStore(str(path), mode=mode)
    return Store(path, mode=mode, progress=progress)


def _server_path(url: str) -> Path:
    """What `Project.path` holds for a project on a server: a stand-in (`Path` folds the URL's `//`), for code
    that wants a path; people are shown `Project.display_name`."""
    return Path(display_location(url))


class Project:
    def __init__(
        self, path: str | Path, *, create: bool = True, read_only: bool = False, progress: Progress = NO_PROGRESS
    ):
        """Open the project at `path`; `create=False`: only an existing one. `read_only=True`: an existing
        project, for a command that only reads (stats, search, agreement, export, render): the file and its
        `-wal` stay byte-identical, it works from read-only media, and every write is refused. `path` may be a
        postgresql:// URL: the project is then that database on a server (one created there if empty).
        `progress` hears of the long work that opening to write may do once (`_bring_up_to_date`: counting
        tokens again, building the search index); it cannot be cancelled (its `cancelled` is not asked)."""
        self.location = str(path)  # the path, or the server's URL as given
        if is_server(path):
            self.path = _server_path(str(path))
            if not create and not read_only:  # an existing project only: an empty database is refused
                _open_store(str(path), "read").close()
            self._store: ProjectStore = _open_store(str(path), "read" if read_only else "write")
            self._set_up(progress)
            return
        self.path = Path(path)
        if (read_only or not create) and not self.path.exists():
            raise InputError(f"{self.path}: no such project; create it with `annotator import {self.path} FILE...`")
        if not self.path.exists():  # a new project is a file the program writes: the one output policy
            refuse_unsafe_output(self.path, "file")
        try:
            self._store = _open_store(self.path, "read" if read_only else "write", progress)
        except AnnotatorError:
            raise
        except OSError as exc:  # unreadable, a missing folder, ...
            raise StorageError(
                f"{self.path}: cannot open the project ({exc.strerror or exc}); check the path and its permissions"
            ) from None
        self._set_up(progress)

    @property
    def display_name(self) -> str:
        """The location as people see it (messages, titles, recent projects): a file's path, or the server's
        URL with its `//` and without a password (core/locations.py)."""
        return display_location(self.location)

    @property
    def short_name(self) -> str:
        """What a window title names: the file's name, or the server's URL (without a password)."""
        return self.display_name if self.on_server else self.path.name

    @property
    def on_server(self) -> bool:
        """Whether the project is a database on a PostgreSQL server (not a file)."""
        return is_server(self.location)

    def watch(self, callback: Callable[[dict[str, Any]], None]) -> Watch:
        """Call `callback` (in a thread of its own) soon after another program commits a change to the
        project: PostgreSQL's LISTEN/NOTIFY on a server (its payload: `document_id`, `annotator`); for a file
        `Watch.live` is False and nothing is called (the window looks with `changed_elsewhere`). Stopped by
        `Watch.stop()` or when the project closes."""
        watch = self._store.watch(callback)
        self._watches.append(watch)
        return watch

    def _set_up(self, progress: Progress = NO_PROGRESS) -> None:
        self._watches: list[Watch] = []
        self.history = History(self)
        self.schema = SchemaManager(self)
        self.documents = Documents(self)
        self.annotators = Annotators(self)
        self.spans = Spans(self)
        self.relations = Relations(self)
        self.doc_labels = DocLabels(self)
        self.status = Statuses(self)
        self.sessions = Sessions(self)
        self.curation_marks = CurationMarks(self)
        self.suggestions = Suggestions(self)
        self.search_index = SearchIndex(self)
        if not self.read_only:
            self._bring_up_to_date(progress)

    def _bring_up_to_date(self, progress: Progress = NO_PROGRESS) -> None:
        """The one step of opening that may write, beside the store's own migrations: a project without a
        stored schema gets the default one (so reading the schema never writes, and a later default never
        changes this project's labels), the documents' token counts are counted again when they were
        made by another tokenizer, and the search index is built when it is missing or was made by other
        matching rules (a project from before it, issue 27). All only read when there is nothing to do (a
        second opening, the window's export thread). The two long ones report to `progress` as they go."""
        with contextlib.suppress(AnnotatorError):  # cannot be written now (read-only media): reads give the default
            self.schema.store_default_if_missing()
        self._count_tokens(progress)
        self.search_index.bring_up_to_date(progress)

    def _count_tokens(self, progress: Progress = NO_PROGRESS) -> None:
        """Count every document's tokens again when the stored counts were made by another tokenizer (or
        by none: a project from before they were stored), telling `progress` every `COUNT_BATCH` documents.
        A project that cannot be written now keeps them: agreement then counts for itself (`layer_rows`)."""
        if self._store.get_setting(_TOKEN_COUNTS) == tokens.fingerprint():
            return
        try:
            with self._store.transaction():
                texts = self._store.texts_to_count()

                def counted() -> Iterator[tuple[DocumentId, int]]:
                    for n, (i, text) in enumerate(texts):
                        if n % COUNT_BATCH == 0:
                            progress.report(n, len(texts), COUNTING_TOKENS)
                        yield i, tokens.count(text)
                    progress.report(len(texts), len(texts), COUNTING_TOKENS)

                self._store.set_token_counts(counted())
                self._store.set_setting(_TOKEN_COUNTS, tokens.fingerprint())
        except AnnotatorError:
            pass

    def out_of_date(self, parts: Collection[str] = OUT_OF_DATE_PARTS) -> dict[str, str]:
        """What opening this project to write would bring up to date (`annotator upgrade`; the window does it
        when it opens a project), each part named and said for a person; empty when nothing is. Read-only
        commands work without it, at a cost: a file of an older format is read from a copy in memory, search
        reads every document without a current index, agreement counts tokens without current counts.
        Only reads, and only what `parts` asks for (the index's look counts rows: 70 ms at 100,000 articles)."""
        found: dict[str, str] = {}
        if "format" in parts and self._store.read_from_copy:
            found["format"] = "its file is of an older format (read from a copy of it in memory)"
        if "search index" in parts and not self.search_index.is_current():
            found["search index"] = "its search index is missing or was made by other matching rules"
        if "token counts" in parts and self._store.get_setting(_TOKEN_COUNTS) != tokens.fingerprint():
            found["token counts"] = "its token counts were made by another tokenizer"
        return found

    # The store is for the managers of this package only, which see its contract, never the concrete class.
    @property
    def store(self) -> ProjectStore:
        return self._store

    def close(self) -> None:
        for watch in getattr(self, "_watches", ()):
            watch.stop()
        self._store.close()

    def changed_elsewhere(self) -> bool:
        """Whether another program (a window, the command line) changed the project's content since the last
        call (not: only said that it is still there)."""
        return self._store.changed_elsewhere()

    @property
    def kept_before_upgrade(self) -> Path | None:
        """Opened to write, a project file of an older annotator's format was upgraded to this one's: the copy
        of it as it was (in its backups folder, never pruned), which the older annotator still opens."""
        return self._store.kept_before_upgrade

    def only_reads(self) -> str | None:
        """Why this connection may only read, or None: on a server, a role made a reader (`annotator users URL
        add NAME --reader`): the database refuses its every write, so a window opens read-only instead."""
        store = self._store
        if not isinstance(store, ServerRoles) or (user := store.roles.whoami()) is None or user.kind != "reader":
            return None
        return (
            f"read-only: {user.name} is a reader of {self.display_name}; a curator makes them an annotator with "
            f"`annotator users URL add {user.name}`"
        )

    @property
    def read_only_reason(self) -> str | None:
        """Why every write is refused, or None."""
        return self._store.read_only_reason

    def set_read_only(self, reason: str | None) -> None:
        """Refuse every write from now on with `reason` (None: writable again)."""
        self._store.read_only_reason = reason

    @property
    def read_only(self) -> bool:
        return self._store.read_only_reason is not None

    def snapshot(self) -> contextlib.AbstractContextManager[None]:
        """Read everything inside as one consistent version of the project (an export, agreement), while
        other programs go on writing."""
        return self._store.snapshot()

    def get_setting(self, name: str) -> Any:
        """A project setting (JSON value), None when unset."""
        return self._store.get_setting(name)

    def set_setting(self, name: str, value: Any) -> None:
        with self._store.transaction():
            self._store.set_setting(name, value)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._store.user_version

    # ---- whole-project operations -----------------------------------------------------------------
    def import_documents(self, documents: Iterable[AnnotatedDocument]) -> ImportReport:
        """Add documents with their annotation layers, all or nothing. See `ingest.ingest`."""
        return ingest(self, documents)

    def annotated_documents(
        self, *, annotators: Sequence[str] | None = None, document_names: Sequence[str] | None = None
    ) -> Iterator[AnnotatedDocument]:
        """Documents with their layers, for export. See `annotated.annotated_documents`."""
        return annotated_documents(self, annotators=annotators, document_names=document_names)

    def layer_rows(self, document_ids: Sequence[DocumentId], annotators: Sequence[str]) -> Iterator[LayerRows]:
        """The documents of `document_ids` (in id order) with the annotation rows of `annotators`, read in
        one pass (see `LayerRows`); what `annotated_documents` gives, without building records."""
        counted = self._store.get_setting(_TOKEN_COUNTS) == tokens.fingerprint()
        for row in self._store.layer_rows_of_documents(document_ids, annotators):
            yield LayerRows._make(row) if counted else LayerRows._make(row)._replace(tokens=None)

    @classmethod
    def for_check(cls, path: str | Path) -> Project:
        """Open an existing project for `check` only: no migration, no writes, damaged text readable."""
        project = cls.__new__(cls)
        project.location = str(path)
        if is_server(path):
            project.path = _server_path(str(path))
            project._store = _open_store(str(path), "inspect")
            return project
        project.path = Path(path)
        if not project.path.exists():
            raise InputError(f"{project.path}: no such project")
        try:
            project._store = _open_store(project.path, "inspect")
        except OSError as exc:
            raise StorageError(f"{project.path}: cannot open the project ({exc.strerror or exc})") from None
        return project

    @classmethod
    def rescue(cls, damaged: str | Path, out: str | Path, progress: Progress = NO_PROGRESS) -> RescueReport:
        """Copy what can still be read of the damaged project `damaged` into a new project at `out` (which must
        not exist), leaving out what the program cannot trust; `damaged` is only read. The new project
        appears whole at `out` when done (built beside it under a temporary name): a cancel (`progress`, a
        step per table) leaves nothing at `out`."""
        damaged, out = Path(damaged), Path(out)
        if not damaged.is_file():
            raise InputError("no such project file", file=str(damaged))
        refuse_unsafe_output(out, "file")
        if out.exists() or out.is_symlink():
            raise InputError("already exists; rescue writes a new project: choose a new --out", file=str(out))
        out.parent.mkdir(parents=True, exist_ok=True)
        building = out.with_name(f".{out.name}.annotator-tmp-{os.getpid()}-rescue")
        remove_project_files(building)
        try:  # rescuing a damaged file is the SQLite backend's own business: its connection, not the contract
            store = Store(building)
            try:
                with store.transaction():
                    report = rescue_into(damaged, store.conn, progress)
            finally:
                store.close()
            os.replace(building, out)
        except BaseException:
            remove_project_files(building)
            raise
        progress.report(RESCUE_STEPS - 1, RESCUE_STEPS, "counting the words of the rescued documents")
        with cls(out, create=False):  # counts the tokens of the rescued documents (agreement uses them)
            pass
        progress.report(RESCUE_STEPS, RESCUE_STEPS, "rescued")
        return report

    def check(self, progress: Progress = NO_PROGRESS) -> list[str]:
        """Problems, one line each, each saying how to recover: SQLite's integrity and foreign-key checks
        first, then offsets, surface texts, text hashes, orphan relations, duplicate spans, and what the
        program later trusts (stored JSON, history events, the schema and the names the data uses); [] when
        sound. Linear in the size of the project, one document in memory at a time, read as one version of
        it. A damaged file is reported on, never crashed on. See core/checking.py. `progress` counts the
        documents of the document pass (`Cancelled` there when it says so)."""
        from .checking import problems

        total = self._documents_to_check()
        checkpoint(progress, 0, total, CHECKING)
        found = problems(self, progress, total)
        stale = self._store.stale_search_documents()  # the search index against the texts, by their sha256
        found += [
            f"document {name!r}: the search index was made from another text of it, so search may miss or "
            "misplace hits there; `annotator rescue` the project into a new one (which builds the index "
            "again)"
            for _, name in stale[:10]
        ]
        if len(stale) > 10:
            found.append(f"... and {len(stale) - 10} more documents whose search index is stale")
        progress.report(total, total, "checked")
        return found

    def _documents_to_check(self) -> int:
        # The bar's length only: a file too damaged to count its documents is the check's to report, not this.
        try:
            return max(self._store.document_count(), 1)
        except Exception:
            return 1

    def warnings(self, progress: Progress = NO_PROGRESS) -> list[str]:
        """What `check` reports without calling the project broken: entity spans that begin or end with
        punctuation or white space (core/span_edges.py). Writes nothing (a `for_check` project works too).
        SQLite finds the few spans whose first or last character may be ragged; only those are read. One
        `progress` step (`Cancelled` there when it says so) before the search."""
        from .checking import stored_schema
        from .span_edges import edge_warnings, ragged_characters

        checkpoint(progress, 0, 1, LOOKING_AT_EDGES)
        found: list[str] = []
        labels = set(stored_schema(self).entity_labels)
        if labels:
            with self.snapshot():
                ragged = ragged_characters(self._store.span_edge_characters(labels))
                found = edge_warnings(self._store.spans_with_edges(labels, ragged), labels) if ragged else []
        progress.report(1, 1, "checked")
        return found

    def counts(self) -> dict[str, int]:
        """How many documents, spans and relations: what `check` prints, without `stats`' totals (which read
        every text)."""
        with self.snapshot():
            return self._store.counts()

    def work_per_annotator(self) -> dict[str, dict[str, int]]:
        """Per annotator: spans, relations, document labels, documents per status (`stats`' per_annotator,
        without its totals, which read every text: what a window asks while it opens)."""
        with self.snapshot():
            return self._store.counts_per_annotator()

    def stats(self) -> dict[str, Any]:
        # one read transaction: the totals, per label and per annotator, of one version (read one statement
        # at a time, a span saved meanwhile by another program made them disagree)
        with self.snapshot():
            out = self._store.stats()
            out["schema_version"] = self.schema_version
            out["labels"] = self._store.label_totals()
            out["per_annotator"] = self._store.counts_per_annotator()
        return out


class Documents:
    def __init__(self, project: Project):
        self._project = project
        self._store: DocumentStore = project.store

    def add(self, name: str, text: str, meta: dict[str, Any] | None = None, *, annotator: str = "") -> Document:
        """Store a document exactly as given (text_files.py does the allowed newline/BOM changes before)."""
        check_name(name, "document")
        check_text(text, f"document {name!r}")
        if not text:
            raise InputError(f"document {name!r} is empty; give it some text")
        if self._store.has_document(name):
            raise InputError(f"a document named {name!r} already exists; choose another name")
        with self._store.transaction():
            document = self._store.add_document(name, text, sha256(text), meta or {}, tokens.count(text))
            self._project.history.record(
                annotator, "document.add", document.id, f"added document {name}", [], undoable=False
            )
        return document

    def fingerprints(self) -> dict[str, tuple[DocumentId, str]]:
        """name -> (id, sha256 of the text) of every document, without loading the texts."""
        return self._store.document_fingerprints()

    def ids_of(self, names: Iterable[str]) -> dict[str, DocumentId]:
        """name -> id of those of `names` the project holds, through the names' index."""
        return {name: doc_id for name, (doc_id, _) in self._store.document_fingerprints_of(names).items()}

    def get(self, document_id: int) -> Document:
        document = self._store.document(document_id)
        if document is None:
            raise NotFound(f"no document with id {document_id}")
        return document

    def by_name(self, name: str) -> Document | None:
        return self._store.document_by_name(name)

    def list(self) -> list[DocumentSummary]:
        return self._store.document_summaries()

    def count(self) -> int:
        return self._store.document_count()

    def ids(self) -> builtins.list[DocumentId]:  # `list` here is the method above
        """Every document's id in the order `list` gives them, without reading the documents."""
        return self._store.document_ids()

    def page(
        self, first_id: int, last_id: int, annotator: str
    ) -> builtins.list[tuple[DocumentSummary, str | None, dict[str, int]]]:
        """The documents with ids `first_id`..`last_id`, each with `annotator`'s status (None: new) and span
        count per label: the rows of a documents list that are shown, whatever the project's size."""
        return self._store.document_page(first_id, last_id, annotator)

    def length(self, document_id: int) -> int:
        length = self._store.document_length(document_id)
        if length is None:
            raise NotFound(f"no document with id {document_id}")
        return length


class Annotators:
    def __init__(self, project: Project):
        self._store: SettingsStore = project.store

    def add(self, name: str) -> str:
        check_name(name, "annotator")
        with self._store.transaction():
            self._store.ensure_annotator(name)
        return name

    def ensure(self, name: str) -> None:
        """Inside a caller's transaction: make sure the annotator exists."""
        check_name(name, "annotator")
        self._store.ensure_annotator(name)

    def list(self) -> list[str]:
        return self._store.annotators()

    def human(self) -> builtins.list[str]:  # `list` here is the method above
        """Annotators other than the reserved gold layer."""
        return [a for a in self.list() if a != GOLD]


def _crashed_here(session: dict[str, Any]) -> bool:
    """A session of a process of this machine that is gone (killed, crashed) without ending it."""
    if session["host"] != socket.gethostname() or session["pid"] == os.getpid():
        return False
    return not platforms.pid_alive(session["pid"])


class Sessions:
    """Who has the project open to write (windows): named when a write must wait, and told apart so that
    a second window of one annotator is noticed. A session is live while its heartbeat is recent."""

    def __init__(self, project: Project):
        self._store: SessionStore = project.store

    def start(self, annotator: str, program: str = "window", *, read_only: bool = False) -> int:
        return self._store.add_session(
            annotator, program, socket.gethostname(), os.getpid(), now(), time.time(), read_only
        )

    def heartbeat(self, session_id: int) -> bool:
        """Keep a session live; False when it was taken over (its row removed by another window)."""
        return self._store.touch_session(session_id, time.time())

    def others(self, annotator: str, own: int | None = None) -> list[dict[str, Any]]:
        """Live writing sessions of `annotator` other than `own`."""
        fresh = time.time() - SESSION_STALE_SECONDS
        return [
            r
            for r in self._store.sessions()
            if r["annotator"] == annotator
            and r["id"] != own
            and r["heartbeat"] >= fresh
            and not r["read_only"]
            and not _crashed_here(r)
        ]

    def live(self) -> list[dict[str, Any]]:
        """Every live session (any annotator's window, read-only ones too)."""
        fresh = time.time() - SESSION_STALE_SECONDS
        return [r for r in self._store.sessions() if r["heartbeat"] >= fresh and not _crashed_here(r)]

    def set_document(self, session_id: int, document_id: int | None) -> None:
        """Say which document the session's window has open (the documents lists of others show it)."""
        self._store.set_session_document(session_id, document_id)

    def end(self, *session_ids: int) -> None:
        self._store.remove_sessions(session_ids)

    def describe(self, rows: list[dict[str, Any]]) -> str:
        return describe_sessions(rows, time.time())
