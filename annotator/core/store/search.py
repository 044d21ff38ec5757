"""The search index's part of the store (core/search_index.py says what the rows hold): written in the
transaction that writes the texts it indexes, read by search.

Two tables (migration m009): `search_words` holds a row per normalised word and segment of documents (its
spellings as one text, its occurrences as one compressed blob); `search_documents` names the documents the
index holds, with the sha256 of the text it was made from (`annotator check` compares it with the text's).
The setting `search_index` names what the rows were made by (`search_index.fingerprint()`): rows are only
written under the fingerprint they are made by, so a program whose matching differs leaves the index to be
built again (`rebuild_search_index`, when the project is next opened to write) and scans meanwhile.

Every path that writes a document's text keeps the index: `add_document`, the import's `add_imported` (a
large batch indexed in a forked process meanwhile, written before the next batch or the commit), and
`apply_change` on a document (undo and redo; nothing records such a change today), which takes the old
text's occurrences out and puts the new one's in; a deleted document's `search_documents` row goes with it
(ON DELETE CASCADE).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from typing import Any, TypeVar, cast

from .. import search_index
from ..formats.workers import BACKGROUND_FROM, can_fork, worth_a_process
from ..model import DocumentId
from ..platforms import behind_the_parent, die_with_parent
from ..progress import NO_PROGRESS, Progress
from .rows import Rows

SETTING = "search_index"
BUILDING_INDEX = "building the search index"  # what the index build tells its progress
_CHUNK = 500  # values per IN (...) list
_T = TypeVar("_T")


class SearchRows(Rows):
    # ---- reading -----------------------------------------------------------------------------------------
    def search_index_state(self) -> tuple[str | None, int, int]:
        """(what the index was made by, or None when it was never built; how many documents there are; how
        many of them the index holds)."""
        self._flush_search_index()
        documents = self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        try:
            indexed = self.conn.execute("SELECT count(*) FROM search_documents").fetchone()[0]
        except sqlite3.OperationalError:  # a backup from before the index restored under an open window
            return None, documents, 0
        return self._search_fingerprint(), documents, indexed

    def _search_fingerprint(self) -> str | None:
        """The stored fingerprint of the index; None when there is none, or it cannot be read (`check` says
        why): search then scans, and opening the project to write builds the index again."""
        row = self.conn.execute("SELECT value_json FROM settings WHERE key = ?", [SETTING]).fetchone()
        try:
            value = None if row is None else json.loads(row[0])
        except ValueError:
            return None
        return value if isinstance(value, str) else None

    def search_rows(self, words: Sequence[str]) -> list[tuple[str, int, str, bytes]]:
        """(word, segment, spellings, postings) of every row of `words`, by segment."""
        self._flush_search_index()
        found: list[tuple[str, int, str, bytes]] = []
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for chunk in _chunks(sorted(set(words))):
            found += cursor.execute(
                "SELECT word, segment, spellings, postings FROM search_words WHERE word IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        found.sort(key=lambda row: row[1])
        return found

    def unindexed_documents(self) -> list[DocumentId]:
        """Documents the index does not hold (in id order)."""
        return [
            DocumentId(r[0])
            for r in self.conn.execute(
                "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM search_documents) ORDER BY id"
            )
        ]

    def document_names(self, document_ids: Iterable[int]) -> dict[DocumentId, str]:
        """id -> name of these documents (those that exist), without reading their texts. A query's hits may
        be in most documents: then every name is read (from the names' index, one pass over small pages,
        which beats a lookup each) and kept until a document is written here or anything elsewhere."""
        wanted = set(document_ids)
        if not wanted:
            return {}
        every = self._every_name()
        cursor = self.conn.cursor()
        cursor.row_factory = None
        if every is None and len(wanted) > 1000:
            largest = cursor.execute("SELECT max(id) FROM documents").fetchone()[0] or 0
            if 3 * len(wanted) > largest:
                every = self._every_name(read=True)
        if every is not None:  # (ids as they are: DocumentId(i) is a call per document)
            return cast(dict[DocumentId, str], {i: every[i] for i in wanted if i in every})
        names: dict[DocumentId, str] = {}
        for chunk in _chunks(sorted(wanted)):
            names.update(
                cursor.execute(
                    f"SELECT id, name FROM documents WHERE id IN ({', '.join('?' * len(chunk))})", chunk
                ).fetchall()
            )
        return names

    def kept_document_names(self) -> dict[DocumentId, str] | None:
        """Every document's name, when `document_names` has them all and they are still right (nothing
        written since, here or elsewhere); None otherwise."""
        return cast(dict[DocumentId, str] | None, self._every_name())

    _names: tuple[Any, dict[int, str]] | None = None  # (what they were read at, every name)
    _documents_written = 0  # by this connection: names read before are not to be trusted

    def _every_name(self, *, read: bool = False) -> dict[int, str] | None:
        """Every document's name, as kept (None: not kept, or out of date), or read now (`read`). Kept for a
        file only: SQLite's data_version says whether another connection committed since."""
        if not isinstance(self.conn, sqlite3.Connection):
            return dict(self.conn.execute("SELECT id, name FROM documents").fetchall()) if read else None
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._documents_written)
        if self._names is not None and self._names[0] == version:
            return self._names[1]
        if not read:
            return None
        cursor = self.conn.cursor()
        cursor.row_factory = None
        names = dict(cursor.execute("SELECT id, name FROM documents").fetchall())
        self._names = (version, names)
        return names

    def texts_of(self, document_ids: Iterable[int]) -> Iterator[tuple[DocumentId, str]]:
        """(id, text) of these documents, in id order, a few at a time."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for chunk in _chunks(sorted(set(document_ids))):
            yield from cursor.execute(
                f"SELECT id, text FROM documents WHERE id IN ({', '.join('?' * len(chunk))}) ORDER BY id", chunk
            )

    def span_labels_at(self, document_id: int, starts: Sequence[int]) -> list[tuple[int, int, str, str]]:
        """(start, end, annotator, label) of a document's spans that start at one of `starts` (what search
        marks as labelled at its hits: only theirs are read)."""
        found: list[tuple[int, int, str, str]] = []
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for chunk in _chunks(sorted(set(starts))):
            found += cursor.execute(
                'SELECT start, "end", annotator, label FROM spans WHERE document_id = ? AND '
                f"start IN ({', '.join('?' * len(chunk))})",
                [document_id, *chunk],
            ).fetchall()
        return found

    def label_ranges(self, document_ids: Iterable[int], label: str) -> list[tuple[DocumentId, int, int]]:
        """(document, start, end) of the spans labelled `label` by any annotator in these documents."""
        found: list[tuple[DocumentId, int, int]] = []
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for chunk in _chunks(sorted(set(document_ids))):
            found += cursor.execute(
                'SELECT document_id, start, "end" FROM spans WHERE label = ? AND document_id IN '
                f"({', '.join('?' * len(chunk))})",
                [label, *chunk],
            ).fetchall()
        return found

    # ---- writing: the whole index, or the documents it lacks ----------------------------------------------
    def rebuild_search_index(self, progress: Progress = NO_PROGRESS) -> int:
        """Build the index again from every text, under this program's fingerprint (inside the caller's
        transaction), telling `progress` a segment at a time; the number of documents indexed."""
        self._drop_search_index()
        self.conn.execute("DELETE FROM search_words")
        self.conn.execute("DELETE FROM search_documents")
        self._set_search_fingerprint()
        return self._index_ids([r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")], progress)

    def index_unindexed_documents(self, progress: Progress = NO_PROGRESS) -> int:
        """Add the documents the index lacks (a rescued project's, say); the number added."""
        return self._index_ids(self.unindexed_documents(), progress)

    def _set_search_fingerprint(self) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
            "value_json = excluded.value_json",
            [SETTING, json.dumps(search_index.fingerprint())],
        )

    def _index_ids(self, ids: Sequence[int], progress: Progress = NO_PROGRESS) -> int:
        """Index these documents, two segments' texts at a time in memory: the second one's rows made in a
        forked process while this one makes the first's (both cores: a one-off build takes half the time).
        `progress` hears how many are done before each segment, and at the end."""
        self._drop_search_index()
        cursor = self.conn.cursor()
        cursor.row_factory = None
        groups = [list(group) for _, group in groupby(ids, key=search_index.segment_of)]
        firsts, seconds = groups[::2], groups[1::2]
        done = 0
        for first, second in zip(firsts, seconds + [[]] * (len(firsts) - len(seconds)), strict=True):
            progress.report(done, len(ids), BUILDING_INDEX)
            texts = [
                cursor.execute(
                    f"SELECT id, text, sha256 FROM documents WHERE id IN ({', '.join('?' * len(g))})", g
                ).fetchall()
                for g in (first, second)
                if g
            ]
            with _Encoding([(i, text) for i, text, _ in texts[-1]] if len(texts) == 2 else []) as beside:
                self._write_rows(search_index.build((i, text) for i, text, _ in texts[0]), texts[0])
                if len(texts) == 2:
                    progress.report(done + len(first), len(ids), BUILDING_INDEX)
                    self._write_rows(beside.result(), texts[1])
            done += len(first) + len(second)
        progress.report(len(ids), len(ids), BUILDING_INDEX)
        return len(ids)

    # ---- writing: with the texts ------------------------------------------------------------------------
    def _index_documents(self, documents: Sequence[tuple[int, str, str]], *, check: bool = True) -> None:
        """Index new texts ((id, text, sha256); ids not indexed yet, or indexed from the same text), in the
        caller's transaction. Nothing when the index is not this program's (it is built again on opening)."""
        self._documents_written += 1
        self._flush_search_index()
        if documents and (not check or self._search_index_is_ours()):
            self._write_rows(search_index.build((i, text) for i, text, _ in documents), documents)

    @contextmanager
    def _indexing(
        self, documents: Sequence[tuple[int, str, str]], made: search_index.RowsMade | None = None
    ) -> Iterator[None]:
        """Index new texts ((id, text, sha256)) in the caller's transaction, around the block that writes
        their rows (an import's batch). A large batch is indexed in a forked process (`_Encoding`) while the
        block runs and, in a file's transaction, until the next batch is written: while the import reads and
        checks the next batch, its index is made on the other core. The rows come back as postings, merged
        in memory with those of the batches before and written (encoded once) a segment at a time, the last
        one when the next batch is past it or at the end (`_flush_search_index(finished=True)`: before the
        commit, a savepoint, or any read or other write of the index; a rollback drops them). `made`: the
        rows, made by the caller's process instead (with the documents' token counts, from one split); they
        are taken a batch later still (`search_index.ROWS_MADE_LAG`), so the process's start (its word list)
        and a slow batch are made up for while the import goes on, not waited for."""
        self._documents_written += 1
        self._flush_search_index(finished=False, keep=search_index.ROWS_MADE_LAG if made is not None else 0)
        if not documents or not self._search_index_is_ours():
            yield
            return
        encoding = made if made is not None else _Encoding([(i, text) for i, text, _ in documents])
        try:
            yield
        except BaseException:
            encoding.close()
            raise
        self._pending_index = (*self._pending_index, (encoding, documents))
        if not isinstance(self.conn, sqlite3.Connection) or not self.conn.in_transaction:
            self._flush_search_index()  # (a backend without the commit's call: now)

    # the batches indexed beside whose rows are not taken in yet, oldest first: (rows, documents)
    _pending_index: tuple[tuple[search_index.RowsMade, Sequence[tuple[int, str, str]]], ...] = ()
    # rows of the batches indexed beside, not written yet: segment -> word -> postings, and their documents
    _held_rows: dict[int, dict[str, search_index.Postings]] | None = None
    _held_documents: list[tuple[int, str, str]] | None = None

    def _flush_search_index(self, *, finished: bool = True, keep: int = 0) -> None:
        """Take in the rows of the batches indexed beside but the last `keep` (of their documents those
        still there: a savepoint may have been rolled back since), and write the held rows: all of them when
        `finished`, else all but the last segment's (a later batch may add to it)."""
        keep = 0 if finished else keep
        while len(self._pending_index) > keep:
            (encoding, documents), *later = self._pending_index
            self._pending_index = tuple(later)
            try:
                rows = encoding.result()
            finally:
                encoding.close()
            held, held_documents = self._held_rows or {}, self._held_documents or []
            for segment, postings in rows.items():
                kept = held.setdefault(segment, {})
                for word, new in postings.items():
                    kept[word] = search_index.merge(kept.get(word), new) or new
            self._held_rows, self._held_documents = held, [*held_documents, *documents]
        if not self._held_rows or self._held_documents is None:
            return
        held, documents = self._held_rows, self._held_documents
        present = {
            i
            for chunk in _chunks([i for i, _, _ in documents])
            for (i,) in self.conn.execute(
                f"SELECT id FROM documents WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            )
        }
        if len(present) < len(documents):  # (a savepoint rolled back since they were indexed)
            held = _without_documents(held, {i for i, _, _ in documents} - present)
            documents = [d for d in documents if d[0] in present]
        last = max(held) if not finished else None
        self._write_rows(
            {segment: rows for segment, rows in held.items() if segment != last},
            [d for d in documents if search_index.segment_of(d[0]) != last],
        )
        if last is None:
            self._held_rows = self._held_documents = None
        else:
            self._held_rows = {last: held[last]}
            self._held_documents = [d for d in documents if search_index.segment_of(d[0]) == last]

    def _drop_search_index(self) -> None:
        """The transaction is rolled back (or the index built again): the rows indexed beside are not written."""
        for encoding, _ in self._pending_index:
            encoding.close()
        self._pending_index = ()
        self._held_rows = self._held_documents = None

    def _write_rows(
        self, rows: dict[int, dict[str, search_index.Postings]], documents: Sequence[tuple[int, str, str]]
    ) -> None:
        """Store the rows of new documents (segment -> word -> postings): a word's first row in its segment
        as it is, others merged into the stored row (the documents' earlier occurrences, if any, dropped)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for segment, postings in rows.items():
            base = segment * search_index.SEGMENT
            replaced = {i - base for i, _, _ in documents if search_index.segment_of(i) == segment}
            stored: dict[str, tuple[str, bytes]] = {}
            for chunk in _chunks(sorted(postings)):
                for word, spellings, blob in cursor.execute(
                    f"SELECT word, spellings, postings FROM search_words WHERE segment = ? AND word IN "
                    f"({', '.join('?' * len(chunk))})",
                    [segment, *chunk],
                ):
                    stored[word] = (spellings, blob)
            writes = []
            for word, new in postings.items():
                merged = (
                    search_index.merge(search_index.decode(*stored[word]), new, replaced) if word in stored else new
                )
                writes.append((word, segment, *search_index.encode(merged or new)))
            cursor.executemany(
                "INSERT OR REPLACE INTO search_words (word, segment, spellings, postings) VALUES (?, ?, ?, ?)", writes
            )
        self.conn.executemany(
            "INSERT OR REPLACE INTO search_documents (document_id, sha256) VALUES (?, ?)",
            [(i, digest) for i, _, digest in documents],
        )

    def _unindex_document(self, document_id: int, text: str) -> None:
        """Take a document's occurrences (of its text `text`, as indexed) out of the index."""
        self._flush_search_index()
        self.conn.execute("DELETE FROM search_documents WHERE document_id = ?", [document_id])
        if not self._search_index_is_ours():
            return
        segment = search_index.segment_of(document_id)
        words = search_index.build([(document_id, text)]).get(segment, {})
        relative = {document_id - segment * search_index.SEGMENT}
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for chunk in _chunks(sorted(words)):
            found = cursor.execute(
                f"SELECT word, spellings, postings FROM search_words WHERE segment = ? AND word IN "
                f"({', '.join('?' * len(chunk))})",
                [segment, *chunk],
            ).fetchall()
            for word, spellings, blob in found:
                left = search_index.merge(search_index.decode(spellings, blob), None, relative)
                if left is None:
                    cursor.execute("DELETE FROM search_words WHERE word = ? AND segment = ?", [word, segment])
                else:
                    cursor.execute(
                        "UPDATE search_words SET spellings = ?, postings = ? WHERE word = ? AND segment = ?",
                        [*search_index.encode(left), word, segment],
                    )

    def _search_document_changed(self, before: tuple[int, str] | None, after: tuple[int, str, str] | None) -> None:
        """A document row written under its own id (undo, redo): (id, text) before, (id, text, sha256) after."""
        self._documents_written += 1
        if before is not None:
            self._unindex_document(*before)
        if after is not None:
            self._index_documents([after])

    def _search_index_is_ours(self) -> bool:
        try:
            return self._search_fingerprint() == search_index.fingerprint()
        except sqlite3.OperationalError:  # a project before the index (a store migrated part of the way)
            return False

    # ---- check ------------------------------------------------------------------------------------------
    def stale_search_documents(self) -> list[tuple[DocumentId, str]]:
        """(id, name) of the documents the search index holds under another text than theirs (the sha256 it
        was made from is not the text's): search could miss or misplace hits there. [] for a project without
        an index, and for a file too damaged to say (SQLite's own check reports that)."""
        try:
            if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_documents'").fetchone():
                return []
            return [
                (DocumentId(i), name)
                for i, name in self.conn.execute(
                    "SELECT d.id, d.name FROM documents d JOIN search_documents s ON s.document_id = d.id "
                    "WHERE s.sha256 != d.sha256 ORDER BY d.id"
                )
            ]
        except sqlite3.DatabaseError:
            return []


class _Encoding:
    """The rows of `documents` ((id, text)): computed in a forked process for a large batch (an
    import: indexing costs as much as a third of it, and the other core is otherwise mostly idle while this
    one writes the rows), here for a small one or where no process may be forked (`can_fork`: the child
    runs no SQLite). `result()` when needed, closed always; a process that died is made up for here."""

    def __init__(self, documents: Sequence[tuple[int, str]]):
        self._documents = documents
        self._process: Any = None
        self._reader: Any = None
        if worth_a_process((text for _, text in documents), BACKGROUND_FROM) and can_fork():
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self._reader, writer = context.Pipe(duplex=False)
            # forked: the child sees the texts as they are in memory, nothing is copied or pickled
            self._process = context.Process(target=_encode_into, args=(documents, writer, os.getpid()), daemon=True)
            self._process.start()
            writer.close()

    def result(self) -> dict[int, dict[str, search_index.Postings]]:
        if self._process is not None:
            try:
                rows = self._reader.recv()
                if isinstance(rows, dict):
                    return rows
            except (EOFError, OSError):  # the process died (killed): index here instead
                pass
            finally:
                self.close()
        return search_index.build(self._documents)

    def close(self) -> None:
        if self._process is not None:
            self._reader.close()
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._process = None

    def __enter__(self) -> _Encoding:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _without_documents(
    rows: dict[int, dict[str, search_index.Postings]], gone: set[int]
) -> dict[int, dict[str, search_index.Postings]]:
    """Rows without the occurrences of the documents `gone`."""
    kept: dict[int, dict[str, search_index.Postings]] = {}
    for segment, postings in rows.items():
        base = segment * search_index.SEGMENT
        relative = {i - base for i in gone if search_index.segment_of(i) == segment}
        left = {word: search_index.merge(p, None, relative) for word, p in postings.items()} if relative else postings
        kept[segment] = {word: p for word, p in left.items() if p is not None}
    return kept


def _encode_into(documents: Sequence[tuple[int, str]], writer: Any, parent: int) -> None:
    die_with_parent(parent)
    behind_the_parent()
    writer.send(search_index.build(documents))
    writer.close()


def _chunks(values: Iterable[_T]) -> Iterator[list[_T]]:
    values = list(values)
    for at in range(0, len(values), _CHUNK):
        yield values[at : at + _CHUNK]
