"""What `annotator check` finds, one line per problem, each saying how to recover; [] when sound.

SQLite's integrity and foreign-key checks first; then what the program later trusts without looking again:
every span's text equals its document's text at its offsets, relations link spans of their own document and
annotator, texts are unchanged since import (sha256) and are valid UTF-8, no annotator has the same span
twice, suggested spans fit their document's text, every stored JSON value parses (settings, span
attributes, suggestions' extras, documents' meta), every history event decodes into the changes undo and
redo apply, and the stored schema parses, is valid, and names every label, relation type, task, stance
target and stance value the data uses.

Linear in the size of the project: each table is read once (store/checks.py says how), one document at a
time. A span's text is compared with its document's text at its start in Python (`str.startswith`, on
code points), and its end with its start plus the length of its own text in SQL; never with SQL's
`substr` on a document's text, which walks a UTF-8 text from its start at every call. Duplicate spans are
screened in the same pass (a document where no two spans share a start and a text holds none) and looked
for in SQL only where that does not clear them. A damaged file is reported on, never crashed on.

Time: SQLite's integrity check is the floor, and the rest runs beside it. The document pass reads every
document here, on the project's connection; SQLite's integrity check runs in a thread of its own on a
second read-only connection (SQLite lets go of Python's lock while it works); the other checks (span
ends, foreign keys, relations, the schema, stored JSON, the history: SQL with little Python) are taken
one by one by whichever of the two threads is free first, each on that thread's connection.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import threading
from collections.abc import Callable
from itertools import islice
from operator import lt
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from .domain import STANCE_TASK
from .errors import AnnotatorError
from .model import Schema, default_schema
from .progress import NO_PROGRESS, Cancelled, Progress, checkpoint
from .schema import schema_from_dict, validate

if TYPE_CHECKING:
    from .project import Project

__all__ = ["problems", "stored_schema"]

SCHEMA_SETTING = "schema"
# What a project's data uses, by what uses it (the keys of the store's names_in_use).
_USERS = {
    "label": "spans",
    "relation type": "relations",
    "task": "document labels",
    "stance target": "document labels",
    "stance value": "stances",
}


def stored_schema(project: Project) -> Schema:
    """The project's schema as stored (the default when none is stored); the default too when the stored
    one cannot be read (check reports that)."""
    try:
        data = project.store.get_setting(SCHEMA_SETTING)
        return default_schema() if data is None else schema_from_dict(data)
    except (ValueError, TypeError, AttributeError, KeyError, sqlite3.DatabaseError):
        return default_schema()


def problems(project: Project, progress: Progress = NO_PROGRESS, documents: int = 1) -> list[str]:
    """Every problem of the project, one line each, with how to recover (see the module's docstring).

    The document pass runs here; SQLite's integrity check on a second read-only connection in a thread of
    its own; the other checks on either, whichever is free first (see the module's docstring). Each check
    writes its own list of lines, so they come out in the same order whichever thread ran them and
    whichever finished first. `progress` hears of the document pass (of `documents`, the bar's length) every
    CHECK_STEP documents and may stop it there (`Cancelled`)."""
    return _Check(project, progress, documents).problems()


CHECKING = "checking SQLite, offsets, texts, relations…"
CHECK_STEP = 500  # documents between two reports of the document pass (and chances to cancel it)


class _Check:
    """One run of `problems`: the checks, the lines each has found, and what the two threads hand each other."""

    # Each check writes its own list (one thread at a time); they are joined in this order at the end.
    ORDER = (
        "SQLite integrity",
        "foreign keys",
        "span texts",
        "relations",
        "document texts",
        "duplicate spans",
        "stored JSON values",
        "the history",
        "the schema",
        "suggestions and document details",
    )

    def __init__(self, project: Project, progress: Progress = NO_PROGRESS, documents: int = 1) -> None:
        self.store = project.store
        self.progress, self.total = progress, documents
        path = project.path
        self.restore = f"restore a backup (`annotator backups {path}`)"
        self.rescue = (
            f"{self.restore}, or save what is readable into a new project with `annotator rescue {path} "
            "--out NEW.annotator`"
        )
        self.found: dict[str, list[str]] = {what: [] for what in self.ORDER}
        self.duplicates = _DuplicateScope()
        self.ends: _Handoff[set[Any] | None] = _Handoff()  # the documents with a span whose end is wrong (span_ends)
        # Checks of their own, each on the connection of the thread that takes it: the first thread done with
        # its own part (the document pass here, SQLite's integrity check beside) takes the next (`_Shared`).
        self.shared = _Shared(
            [
                ("span texts", self.span_ends),
                ("foreign keys", self.foreign_keys),
                ("relations", self.orphans),
                ("the schema", self.schema),
                ("stored JSON values", self.stored_json),
                ("the history", self.history),
            ]
        )

    def problems(self) -> list[str]:
        with contextlib.ExitStack() as stack:
            if _thread_beside(self.store, self.sql_checks, stack):
                stack.callback(self.duplicates.decide, whole=True)  # first on leaving: the thread beside never waits on
            else:
                self.duplicates.decide(whole=True)
                self.sql_checks(self.store)
            failed = _in_one_version(self.store, self.reads_here)
            if failed and not any(self.found.values()):
                self.found["span texts"].append(
                    f"cannot check the project: the file is damaged ({failed}); {self.rescue}"
                )
        return [line for what in self.ORDER for line in self.found[what]]

    def run(self, what: str, check: Callable[[list[str]], None], *, named: str | None = None) -> None:
        try:
            check(self.found[what])
        except Cancelled:
            raise
        except sqlite3.DatabaseError as exc:
            self.found[what].append(f"cannot check {named or what}: the file is damaged ({exc}); {self.rescue}")
        except Exception as exc:  # a value no sound project holds (a damaged file): reported, not crashed on
            self.found[what].append(
                f"cannot check {named or what}: the file holds what this version cannot read "
                f"({type(exc).__name__}: {exc}); {self.rescue}"
            )

    # ---- here: the document pass, then the shared checks left ------------------------------------------
    def reads_here(self) -> None:
        self.run("span texts", self.documents, named="span texts and document texts")
        self.run("duplicate spans", self.duplicates_here)
        self.share(self.store)

    def documents(self, out: list[str]) -> None:  # one pass finds what three checks report, each in its place
        unfit: set[Any] = set()  # documents whose spans the pass cannot vouch for: read one by one after it
        try:
            for done, doc in enumerate(self.store.documents_for_check()):
                if done and done % CHECK_STEP == 0:  # the caller reported the start
                    checkpoint(self.progress, min(done, self.total), self.total, CHECKING)
                self._document(doc, unfit)
            if self.shared.take(self.span_ends):  # not taken beside yet: here, now
                self.span_ends(self.store, out)
            wrong_ends = self.ends.get()  # the other half of the span check, SQL alone (waits while it runs beside)
            if wrong_ends is None:  # it could not run
                wrong_ends = self.store.spans_with_wrong_ends()
            unfit |= wrong_ends
            for document_id in unfit:
                self.duplicates.look_in(document_id)
            self.duplicates.decide(whole=False)
        finally:
            self.duplicates.decide(whole=True)  # the pass did not finish: SQL looks at the whole table
        self._unfit_spans(unfit, out)

    def _document(self, doc: Any, unfit: set[Any]) -> None:
        """One document of the pass: its spans screened, its text and meta checked, its suggestions fitted."""
        spans = doc.spans
        if spans is not None:
            if not _spans_fit(doc.text, spans):
                unfit.add(doc.id)
            elif not _apart(spans):
                self.duplicates.look_in(doc.id)
        texts = self.found["document texts"]
        if doc.damaged:
            texts.append(f"document {doc.name!r}: its text is damaged (not valid UTF-8); {self.rescue}")
        elif doc.sha256_of_bytes != doc.stored_sha256:
            texts.append(f"document {doc.name!r}: text changed since import (sha256 mismatch); {self.restore}")
        details = self.found["suggestions and document details"]
        if doc.meta != "{}" and not _parses(doc.meta):
            details.append(f"document {doc.name!r}: its meta (source, url, ...) is not valid JSON; {self.restore}")
        for suggestion in doc.suggestions:
            if not _fits(doc.text, suggestion.start, suggestion.end, suggestion.text):
                details.append(
                    f"suggestion {suggestion.id} for {suggestion.annotator} in {doc.name!r} "
                    f"[{suggestion.start}, {suggestion.end}) {suggestion.label}: its text "
                    f"{suggestion.text!r} does not match the document; {self.restore}, or reject it in "
                    "the window"
                )

    def _unfit_spans(self, unfit: set[Any], out: list[str]) -> None:
        """The spans of the documents the pass could not vouch for, read one by one: those that do not fit."""
        for document_id in sorted(unfit, key=_id_order):
            document = self.store.document_for_check(document_id)
            if document is None:  # spans of no document: foreign_key_check names them
                continue
            name, text = document
            for span in self.store.spans_of_document_for_check(document_id):
                if not _fits(text, span.start, span.end, span.text):
                    out.append(
                        f"span {span.id} of {span.annotator} in {name!r} [{span.start}, {span.end}) "
                        f"{span.label}: stored text {span.text!r} does not match the document; "
                        f"{self.restore}"
                    )

    def duplicate_lines(self, out: list[str], rows: list[dict[str, Any]]) -> None:
        for row in rows:
            out.append(
                f"{row['annotator']} has [{row['start']}, {row['end']}) {row['label']} "
                f"{row['n']} times in {row['document']!r}; delete the extra ones in the window"
            )

    def duplicates_here(self, out: list[str]) -> None:  # the few documents the pass found spans at the same offsets in
        if not self.duplicates.whole_table():
            for document_id in sorted(set(self.duplicates.documents), key=_id_order):
                self.duplicate_lines(out, self.store.duplicate_spans(document_id))

    # ---- the shared checks: (reader, out), on the connection of the thread that takes them ----------------
    def foreign_keys(self, reader: Any, out: list[str]) -> None:
        out.extend(f"SQLite: {p}; {self.rescue}" for p in reader.foreign_key_problems())

    def orphans(self, reader: Any, out: list[str]) -> None:
        for row in reader.orphan_relations():
            out.append(
                f"relation {row['id']} ({row['type']}) of {row['annotator']} links spans that are "
                f"missing or belong to another document or annotator; {self.restore}"
            )

    def schema(self, reader: Any, out: list[str]) -> None:  # the schema and the names in use, read in one version
        schema, problem = _schema(reader.stored_setting(SCHEMA_SETTING))
        if problem:
            out.append(f"the stored schema {problem}; {self.restore}")
            return
        assert schema is not None
        known = {
            "label": {lab.name for lab in schema.labels},
            "relation type": {r.name for r in schema.relation_types},
            "task": set(schema.tasks),
            "stance target": set(schema.targets),
            "stance value": set(schema.stance_values),
        }
        for what, used in reader.names_in_use(STANCE_TASK).items():
            missing = sorted(used - known[what], key=str)
            if missing:
                out.append(
                    f"the schema lacks the {what}{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(map(repr, missing))} that {_USERS[what]} use; add "
                    f"{'them' if len(missing) > 1 else 'it'} again in the window (Edit › Schema…), "
                    f"or {self.restore}"
                )

    def stored_json(self, reader: Any, out: list[str]) -> None:  # SQL, and Python on the values that are not '{}'
        verdicts: dict[Any, bool] = {}  # the same few values (a quotation's {"kind": "direct"}) parsed once
        for what, key, value in reader.stored_json():
            parses = verdicts.get(value)
            if parses is None:
                parses = _parses(value)
                if len(verdicts) < 4096:
                    verdicts[value] = parses
            if parses:
                continue
            if what == "setting":
                out.append(f"the project setting {key!r} is not valid JSON; {self.restore}")
            elif what == "span":
                out.append(f"span {key}: its attributes are not valid JSON; {self.restore}")
            else:
                out.append(
                    f"suggestion {key}: its details are not valid JSON; {self.restore}, or reject it in the window"
                )

    def history(self, reader: Any, out: list[str]) -> None:
        for event in reader.undecodable_events():
            out.append(
                f"history event {event.id} ({event.action} by {event.annotator}): {event.problem}; undo "
                f"and redo of {event.annotator} cannot read it: {self.restore}"
            )

    def span_ends(self, reader: Any, out: list[str]) -> None:  # the document pass waits for it at its end
        wrong = None
        try:
            wrong = reader.spans_with_wrong_ends()
        except Exception:  # noqa: S110 (a damaged file: the document pass looks itself, and says so)
            pass
        finally:
            self.ends.give(wrong)

    def share(self, reader: Any) -> None:  # the shared checks left, on this thread's connection, in one version of it
        _in_one_version(reader, functools.partial(self._take_shared, reader))

    def _take_shared(self, reader: Any) -> None:
        while (taken := self.shared.take()) is not None:
            what, check = taken
            self.run(what, functools.partial(check, reader))

    # ---- beside: SQLite's integrity check, the shared checks left, then the whole table's duplicates ------
    def sql_checks(self, reader: Any) -> None:  # beside, when there can be a reader beside (else here, first)
        self.run("SQLite integrity", functools.partial(self._sqlite_integrity, reader))
        self.share(reader)
        _in_one_version(reader, functools.partial(self._whole_table_duplicates, reader))

    def _sqlite_integrity(self, reader: Any, out: list[str]) -> None:
        out.extend(f"SQLite: {p}; {self.rescue}" for p in reader.integrity_problems())

    def _whole_table_duplicates(self, reader: Any) -> None:  # when the document pass asks for it (waits for it)
        if self.duplicates.whole_table():
            self.run("duplicate spans", lambda out: self.duplicate_lines(out, reader.duplicate_spans()))


T = TypeVar("T")


class _Handoff(Generic[T]):
    """A value one thread hands another once: `get` waits for it; the first `give` holds."""

    def __init__(self) -> None:
        self._value: T | None = None
        self._given = threading.Event()

    def give(self, value: T) -> None:
        if not self._given.is_set():
            self._value = value
            self._given.set()

    def get(self) -> T | None:
        self._given.wait()
        return self._value


class _Shared:
    """Checks that either thread may run, each once: `take` gives the next one left (None when none is), or
    says whether a given one was still left (and takes it)."""

    def __init__(self, checks: list[tuple[str, Callable[[Any, list[str]], None]]]) -> None:
        self._left = list(reversed(checks))
        self._lock = threading.Lock()

    @overload
    def take(self) -> tuple[str, Callable[[Any, list[str]], None]] | None: ...
    @overload
    def take(self, check: Callable[[Any, list[str]], None]) -> bool: ...

    def take(self, check: Callable[[Any, list[str]], None] | None = None) -> Any:
        with self._lock:
            if check is None:
                return self._left.pop() if self._left else None
            for i, (_, left) in enumerate(self._left):
                if left == check:  # a bound method is a new object at each look-up: equal, not identical
                    del self._left[i]
                    return True
            return False


class _DuplicateScope:
    """Where to look for the same span twice, as the document pass decides it: that pass sees each document's
    spans at once, and in a document whose spans fit it and where no two share a start and a text (hence
    offsets) there is no duplicate. The few other documents are looked at one by one after the pass; when
    there are more than LIMIT of them (several annotators marking the same words), or the pass did not
    finish, SQL looks at the whole spans table in one scan, in the thread beside."""

    LIMIT = 256

    def __init__(self) -> None:
        self.documents: list[Any] = []
        self._whole: _Handoff[bool] = _Handoff()

    def look_in(self, document_id: Any) -> None:
        if len(self.documents) <= self.LIMIT:
            self.documents.append(document_id)

    def decide(self, *, whole: bool) -> None:
        """The first decision holds; more documents than LIMIT make it the whole table."""
        self._whole.give(whole or len(self.documents) > self.LIMIT)

    def whole_table(self) -> bool:
        """Whether SQL looks at the whole table: waits for the decision."""
        return bool(self._whole.get())


def _in_one_version(store: Any, reads: Callable[[], None]) -> sqlite3.DatabaseError | None:
    """`reads` in one read transaction (a snapshot of the project); the error that ended it, if any (a
    damaged file: each check reports its own)."""
    try:
        with store.snapshot():
            reads()
    except sqlite3.DatabaseError as exc:
        return exc
    return None


def _thread_beside(store: Any, work: Callable[[Any], None], stack: contextlib.ExitStack) -> bool:
    """Start `work(reader)` in a thread of its own on a second read-only connection to the project: SQL's long
    statements there run beside the Python work here, on a second core. Leaving `stack` waits for it (and
    raises what it raised), then closes the connection. False, and nothing started, when there can be no
    such reader (the caller runs `work` itself)."""
    try:
        reader = store.reader_beside()
    except (AnnotatorError, sqlite3.DatabaseError, OSError):
        return False
    if reader is None:
        return False
    stack.callback(reader.close)
    failed: list[BaseException] = []

    def guarded() -> None:
        try:
            work(reader)
        except BaseException as exc:  # raised again in the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=guarded, name="check beside", daemon=True)
    thread.start()

    def finish() -> None:
        thread.join()
        if failed:
            raise failed[0]

    stack.callback(finish)
    return True


def _fits(text: str, start: Any, end: Any, stored: str) -> bool:
    """Whether `stored` is text[start:end] with the offsets inside the text."""
    return (
        isinstance(start, int)
        and isinstance(end, int)
        and start >= 0
        and end <= len(text)
        and text[start:end] == stored
    )


def _spans_fit(text: str, spans: Any) -> bool:
    """Whether every span of a document holds its document's text at its start, from the document's spans
    at once (store/checks.py's SpanTexts): False when any does not, or when they cannot be read so (the spans
    are then read one by one to name the culprits). A span holds it when the document's text at its start
    (an int, not negative) begins with its text (a str): `startswith` is False past the end, even for an
    empty text, and raises TypeError on a value of another type; no slice is made. That each end is its start
    plus the length of its text is checked apart, in SQL (`spans_with_wrong_ends`)."""
    starts, stored = spans.starts, spans.texts
    try:
        return (
            starts is not None
            and len(starts) == len(stored)
            and min(starts, default=0) >= 0
            and all(map(text.startswith, stored, starts))
        )
    except TypeError:
        return False


def _id_order(document_id: Any) -> tuple[bool, Any]:
    """Document ids in ascending order (an id that is not a number, in a damaged file, last)."""
    return (not isinstance(document_id, int), document_id if isinstance(document_id, int) else str(document_id))


def _apart(spans: Any) -> bool:
    """Whether no two of a document's spans that fit it (`_spans_fit`) are at the same offsets: their starts
    rise (the order SQL gives them in, usually), or no two share a start and a text (hence an end)."""
    starts = spans.starts
    return all(map(lt, starts, islice(starts, 1, None))) or len(set(zip(starts, spans.texts, strict=True))) == len(
        starts
    )


def _parses(value: Any) -> bool:
    try:
        json.loads(value)
    except (TypeError, ValueError):
        return False
    return True


def _schema(stored: str | None) -> tuple[Schema | None, str | None]:
    """The stored schema (the default when none is stored), or what is wrong with it."""
    if stored is None:
        return default_schema(), None
    try:
        data = json.loads(stored)
    except (TypeError, ValueError):
        return None, "is not valid JSON"
    if not isinstance(data, dict):
        return None, "is not a schema (not a JSON object)"
    try:
        schema = schema_from_dict(data)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        return None, f"is not a schema this version reads ({exc})"
    try:
        validate(schema)
    except Exception as exc:  # InputError, or a TypeError on a name that is not text
        return None, f"is not valid ({exc})"
    return schema, None
