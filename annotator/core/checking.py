"""What `annotator check` finds, one line per problem, each saying how to recover; [] when sound.

SQLite's integrity and foreign-key checks first; then what the program later trusts without looking again:
every span's text equals its document's text at its offsets, relations link spans of their own document and
annotator, texts are unchanged since import (sha256) and are valid UTF-8, no annotator has the same span
twice, suggested spans fit their document's text, every stored JSON value parses (settings, span
attributes, suggestions' extras, documents' meta), every history event decodes into the changes undo and
redo apply, and the stored schema parses, is valid, and names every label, relation type, task, stance
target and stance value the data uses.

Linear in the size of the project: each table is read once (store/checks.py says how), one document at a
time, and a span's text is compared with a slice of its document's text (never SQL's `substr`, which
walks a UTF-8 text from its start at every call). A damaged file is reported on, never crashed on.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .domain import STANCE_TASK
from .errors import AnnotatorError
from .model import Schema, default_schema
from .schema import schema_from_dict, validate

if TYPE_CHECKING:
    from .project import Project

__all__ = ["problems", "stored_schema"]

SCHEMA_SETTING = "schema"
# What a project's data uses, by what uses it (the keys of the store's names_in_use).
_USERS = {"label": "spans", "relation type": "relations", "task": "document labels",
          "stance target": "document labels", "stance value": "stances"}


def stored_schema(project: Project) -> Schema:
    """The project's schema as stored (the default when none is stored); the default too when the stored
    one cannot be read (check reports that)."""
    try:
        data = project.store.get_setting(SCHEMA_SETTING)
        return default_schema() if data is None else schema_from_dict(data)
    except (ValueError, TypeError, AttributeError, KeyError, sqlite3.DatabaseError):
        return default_schema()


def problems(project: Project) -> list[str]:
    """Every problem of the project, one line each, with how to recover (see the module's docstring).

    The checks that are SQL alone (SQLite's own, relations, duplicate spans, the names the schema must hold)
    run on a second read-only connection in a thread of their own, beside the checks that read every
    document here in Python; the lines come out in the same order whichever finishes first."""
    store = project.store
    path = project.path
    restore = f"restore a backup (`annotator backups {path}`)"
    rescue = (f"{restore}, or save what is readable into a new project with `annotator rescue {path} "
              "--out NEW.annotator`")
    # Each check writes its own list (one thread each); they are joined in this order at the end.
    order = ("SQLite integrity", "span texts", "relations", "document texts", "duplicate spans",
             "stored JSON values", "the history", "the schema", "suggestions and document details")
    found: dict[str, list[str]] = {what: [] for what in order}

    def run(what: str, check: Callable[[list[str]], None], *, named: str | None = None) -> None:
        try:
            check(found[what])
        except sqlite3.DatabaseError as exc:
            found[what].append(f"cannot check {named or what}: the file is damaged ({exc}); {rescue}")
        except Exception as exc:  # a value no sound project holds (a damaged file): reported, not crashed on
            found[what].append(f"cannot check {named or what}: the file holds what this version cannot read "
                               f"({type(exc).__name__}: {exc}); {rescue}")

    def documents(out: list[str]) -> None:  # one pass finds what three checks report, each in its place
        details = found["suggestions and document details"]
        span_rows = store.span_texts_by_document()
        pending = next(span_rows, None)
        for doc in store.documents_for_check():
            while pending is not None and pending[0] < doc.id:  # spans of no document: foreign_key_check's
                pending = next(span_rows, None)
            if pending is not None and pending[0] == doc.id:
                if not _spans_fit(doc.text, pending[1]):
                    for span in store.spans_of_document_for_check(doc.id):
                        if not _fits(doc.text, span.start, span.end, span.text):
                            out.append(f"span {span.id} of {span.annotator} in {doc.name!r} [{span.start}, "
                                       f"{span.end}) {span.label}: stored text {span.text!r} does not match the "
                                       f"document; {restore}")
                pending = next(span_rows, None)
            if doc.damaged:
                found["document texts"].append(f"document {doc.name!r}: its text is damaged (not valid UTF-8); "
                                               f"{rescue}")
            elif doc.sha256_of_bytes != doc.stored_sha256:
                found["document texts"].append(f"document {doc.name!r}: text changed since import (sha256 "
                                               f"mismatch); {restore}")
            if doc.meta != "{}" and not _parses(doc.meta):
                details.append(f"document {doc.name!r}: its meta (source, url, ...) is not valid JSON; {restore}")
            for suggestion in doc.suggestions:
                if not _fits(doc.text, suggestion.start, suggestion.end, suggestion.text):
                    details.append(f"suggestion {suggestion.id} for {suggestion.annotator} in {doc.name!r} "
                                   f"[{suggestion.start}, {suggestion.end}) {suggestion.label}: its text "
                                   f"{suggestion.text!r} does not match the document; {restore}, or reject it in "
                                   "the window")

    def stored_json(out: list[str]) -> None:
        for what, key, value in store.stored_json():
            if _parses(value):
                continue
            if what == "setting":
                out.append(f"the project setting {key!r} is not valid JSON; {restore}")
            elif what == "span":
                out.append(f"span {key}: its attributes are not valid JSON; {restore}")
            else:
                out.append(f"suggestion {key}: its details are not valid JSON; {restore}, or reject it in the "
                           "window")

    def history(out: list[str]) -> None:
        for event in store.undecodable_events():
            out.append(f"history event {event.id} ({event.action} by {event.annotator}): {event.problem}; undo "
                       f"and redo of {event.annotator} cannot read it: {restore}")

    def sql_checks(reader: Any) -> None:  # SQL alone: beside, when there can be a reader beside
        def sqlite_checks(out: list[str]) -> None:
            out.extend(f"SQLite: {p}; {rescue}" for p in reader.sqlite_problems())

        def orphans(out: list[str]) -> None:
            for row in reader.orphan_relations():
                out.append(f"relation {row['id']} ({row['type']}) of {row['annotator']} links spans that are "
                           f"missing or belong to another document or annotator; {restore}")

        def duplicates(out: list[str]) -> None:
            for row in reader.duplicate_spans():
                out.append(f"{row['annotator']} has [{row['start']}, {row['end']}) {row['label']} "
                           f"{row['n']} times in {row['document']!r}; delete the extra ones in the window")

        def schema(out: list[str]) -> None:  # the schema and the names in use, read in one version
            schema, problem = _schema(reader.stored_setting(SCHEMA_SETTING))
            if problem:
                out.append(f"the stored schema {problem}; {restore}")
                return
            assert schema is not None
            known = {"label": {lab.name for lab in schema.labels},
                     "relation type": {r.name for r in schema.relation_types}, "task": set(schema.tasks),
                     "stance target": set(schema.targets), "stance value": set(schema.stance_values)}
            for what, used in reader.names_in_use(STANCE_TASK).items():
                missing = sorted(used - known[what], key=str)
                if missing:
                    out.append(f"the schema lacks the {what}{'s' if len(missing) > 1 else ''} "
                               f"{', '.join(map(repr, missing))} that {_USERS[what]} use; add "
                               f"{'them' if len(missing) > 1 else 'it'} again in the window (Edit › Schema…), "
                               f"or {restore}")

        def in_one_version() -> None:
            for what, check in (("relations", orphans), ("duplicate spans", duplicates), ("the schema", schema)):
                run(what, check)

        run("SQLite integrity", sqlite_checks)
        _in_one_version(reader, in_one_version)

    def reads_here() -> None:
        run("span texts", documents, named="span texts and document texts")
        run("stored JSON values", stored_json)
        run("the history", history)

    with contextlib.ExitStack() as stack:
        if not _thread_beside(store, sql_checks, stack):
            sql_checks(store)
        failed = _in_one_version(store, reads_here)
        if failed and not any(found.values()):
            found["span texts"].append(f"cannot check the project: the file is damaged ({failed}); {rescue}")
    return [line for what in order for line in found[what]]


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
    return (isinstance(start, int) and isinstance(end, int) and start >= 0 and end <= len(text)
            and text[start:end] == stored)


def _spans_fit(text: str, spans: Any) -> bool:
    """Whether every span of a document holds its document's text, from the document's spans at once
    (store/checks.py's SpanTexts): False when any does not, or when they cannot be read (the spans are then
    read one by one to name the culprits)."""
    starts, stored = spans.starts, spans.texts
    try:
        return (starts is not None and len(starts) == len(stored) == spans.n and spans.wrong_lengths == 0
                and spans.lowest_start >= 0 and spans.highest_end <= len(text)
                and [text[a:a + len(t)] for a, t in zip(starts, stored, strict=True)] == stored)
    except TypeError:  # an offset that is not a number
        return False


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

