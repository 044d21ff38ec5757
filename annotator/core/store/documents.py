"""The documents' part of the store: documents, the import's bulk path, annotators and settings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeAlias

from ..model import Document, DocumentId, DocumentSummary, ImportedRelation, ImportedSpan, SpanId
from ..search_index import RowsMade
from .rows import insert_many
from .search import SearchRows

Row: TypeAlias = tuple[Any, ...]  # a row as the query gives it: the layer readers take plain tuples (see layer_rows)
_DOCUMENT_COLUMNS = "id, name, text, sha256, meta"  # a Document's fields (not the stored token count)
_NAMES_A_QUERY = 500  # names in one `IN (...)` (SQLite allows 32,766 variables; the server more)


class DocumentRows(SearchRows):
    def add_document(
        self, name: str, text: str, sha256: str, meta: dict[str, Any], tokens: int | None = None
    ) -> Document:
        """`tokens`: the text's token count (`core.tokens.count`), kept for agreement."""
        document_id = DocumentId(
            self._insert("documents", {"name": name, "text": text, "sha256": sha256, "meta": meta, "tokens": tokens})
        )
        self._index_documents([(document_id, text, sha256)])  # the search index, in the same transaction
        return Document(document_id, name, text, sha256, meta)

    def has_document(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE name = ?", [name]).fetchone() is not None

    def document(self, document_id: int) -> Document | None:
        return self._one(Document, f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id])

    def document_by_name(self, name: str) -> Document | None:
        return self._one(Document, f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE name = ?", [name])

    def document_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_fingerprints(self) -> dict[str, tuple[DocumentId, str]]:
        """name -> (id, sha256 of the text) of every document, without loading the texts."""
        return {r[1]: (DocumentId(r[0]), r[2]) for r in self.conn.execute("SELECT id, name, sha256 FROM documents")}

    def document_fingerprints_of(self, names: Iterable[str]) -> dict[str, tuple[DocumentId, str]]:
        """name -> (id, sha256 of the text) of those of `names` the project holds (an import's batch: it
        asks for its own names, so it keeps no name of the project's in memory), through the names' index."""
        found: dict[str, tuple[DocumentId, str]] = {}
        wanted = list(dict.fromkeys(names))
        for at in range(0, len(wanted), _NAMES_A_QUERY):
            chunk = wanted[at : at + _NAMES_A_QUERY]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT id, name, sha256 FROM documents WHERE name IN ({marks})"
            found.update((r[1], (DocumentId(r[0]), r[2])) for r in self.conn.execute(sql, chunk))
        return found

    def document_summaries(self) -> list[DocumentSummary]:
        sql = "SELECT id, name, length(text), meta FROM documents ORDER BY id"
        return [DocumentSummary(DocumentId(r[0]), r[1], r[2], json.loads(r[3])) for r in self.conn.execute(sql)]

    def document_ids(self) -> list[DocumentId]:
        """Every document's id, in order (a documents list's rows), without reading the documents' rows:
        SQLite answers from the names' index, which holds the ids."""
        return sorted(DocumentId(r[0]) for r in self.conn.execute("SELECT id FROM documents"))

    def document_page(
        self, first_id: int, last_id: int, annotator: str
    ) -> list[tuple[DocumentSummary, str | None, dict[str, int]]]:
        """The documents with ids from `first_id` to `last_id` (in id order), each with `annotator`'s status
        (None: none stored, so new) and span count per label: the rows of a documents list that are shown,
        three range queries whatever the project's size."""
        bounds = [first_id, last_id]
        statuses: dict[int, str] = {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT document_id, status FROM status WHERE annotator = ? AND document_id BETWEEN ? AND ? "
                "ORDER BY id",
                [annotator, *bounds],
            )
        }
        counts: dict[int, dict[str, int]] = {}
        for document_id, label, n in self.conn.execute(
            "SELECT document_id, label, count(*) FROM spans WHERE annotator = ? AND document_id BETWEEN ? AND ? "
            "GROUP BY document_id, label ORDER BY document_id, label",
            [annotator, *bounds],
        ):
            counts.setdefault(document_id, {})[label] = n
        return [
            (DocumentSummary(DocumentId(r[0]), r[1], r[2], json.loads(r[3])), statuses.get(r[0]), counts.get(r[0], {}))
            for r in self.conn.execute(
                "SELECT id, name, length(text), meta FROM documents WHERE id BETWEEN ? AND ? ORDER BY id", bounds
            )
        ]

    def document_length(self, document_id: int) -> int | None:
        row = self.conn.execute("SELECT length(text) FROM documents WHERE id = ?", [document_id]).fetchone()
        return None if row is None else row[0]

    def text_slice(self, document_id: int, start: int, end: int) -> str:
        """text[start:end] in code points, without loading the whole text (SQLite counts characters)."""
        row = self.conn.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", [start + 1, end - start, document_id]
        ).fetchone()
        return "" if row is None else row[0]

    def texts_to_count(self) -> list[tuple[DocumentId, str]]:
        """(id, text) of every document, for counting their tokens again."""
        return [(DocumentId(i), text) for i, text in self.conn.execute("SELECT id, text FROM documents ORDER BY id")]

    def set_token_counts(self, counts: Iterable[tuple[DocumentId, int]]) -> None:
        self.conn.executemany("UPDATE documents SET tokens = ? WHERE id = ?", ((n, i) for i, n in counts))

    def layer_rows(self, document_id: int) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
        """One document's annotation rows as plain tuples, for readers of every document (export,
        agreement), where a dict and a JSON decode per row cost more than the query:
        spans (id, annotator, start, end, label, text, attributes) ordered by annotator, start, end, id;
        relations (annotator, type, source, target) by id; document labels (annotator, task, target, value)
        ordered by annotator, task, target; statuses (annotator, status)."""
        run = self.conn.execute
        spans = [
            (r[0], r[1], r[2], r[3], r[4], r[5], {} if r[6] == "{}" else json.loads(r[6]))
            for r in run(
                'SELECT id, annotator, start, "end", label, text, attributes FROM spans WHERE document_id = ? '
                'ORDER BY annotator, start, "end", id',
                [document_id],
            )
        ]
        relations = run(
            "SELECT annotator, type, source, target FROM relations WHERE document_id = ? ORDER BY id", [document_id]
        ).fetchall()
        labels = run(
            "SELECT annotator, task, target, value FROM doc_labels WHERE document_id = ? "
            "ORDER BY annotator, task, target",
            [document_id],
        ).fetchall()
        statuses = run(
            "SELECT annotator, status FROM status WHERE document_id = ? ORDER BY id", [document_id]
        ).fetchall()
        return spans, relations, labels, statuses

    def layer_rows_of_documents(
        self, document_ids: Sequence[int], annotators: Sequence[str]
    ) -> Iterator[tuple[int, str, str, int | None, list[Row], list[Row], list[Row], list[Row]]]:
        """`layer_rows` of many documents (in id order) by `annotators`, with each document's id, name and
        text: one query per table for all of them (agreement reads every document, and a query per
        document cost more than its rows). Yields (id, name, text, token count or None, spans, relations,
        labels, statuses), the four lists' rows as SQLite gives them, each led by the document's id: spans
        (document id, id, annotator, start, end, label, attributes as JSON text or None for none),
        relations (document id, annotator, type, source, target), labels (document id, annotator, task,
        target, value), statuses (document id, annotator, status)."""
        ids = sorted(set(document_ids))
        if not ids or not annotators:
            return
        wanted = set(ids)
        bounds = [ids[0], ids[-1], *annotators]
        where = f"document_id BETWEEN ? AND ? AND annotator IN ({', '.join('?' * len(annotators))})"

        def rows(sql: str) -> Iterator[tuple[int, list[Row]]]:
            """Per document, its rows as they come (plain tuples, not copied: a sqlite3.Row or a copy per
            row costs more than its use)."""
            cursor = self.conn.cursor()
            cursor.row_factory = None
            return ((doc_id, list(group)) for doc_id, group in groupby(cursor.execute(sql, bounds), key=itemgetter(0)))

        # (no attributes is NULL: most spans have none, and None costs less than a new '{}' text per row)
        tables = [
            rows(
                "SELECT document_id, id, annotator, start, \"end\", label, NULLIF(attributes, '{}') "
                f'FROM spans WHERE {where} ORDER BY document_id, annotator, start, "end", id'
            ),
            rows(
                f"SELECT document_id, annotator, type, source, target FROM relations WHERE {where} "
                "ORDER BY document_id, id"
            ),
            rows(
                f"SELECT document_id, annotator, task, target, value FROM doc_labels WHERE {where} "
                "ORDER BY document_id, annotator, task, target"
            ),
            rows(f"SELECT document_id, annotator, status FROM status WHERE {where} ORDER BY document_id, id"),
        ]
        pending: list[tuple[int, list[Row]] | None] = [next(table, None) for table in tables]
        documents = self.conn.cursor()
        documents.row_factory = None
        for doc_id, name, text, tokens in documents.execute(
            "SELECT id, name, text, tokens FROM documents WHERE id BETWEEN ? AND ? ORDER BY id", bounds[:2]
        ):
            found: list[list[Row]] = []
            for k, table in enumerate(tables):
                head = pending[k]
                while head is not None and head[0] < doc_id:  # rows of a document not asked for
                    head = next(table, None)
                if head is not None and head[0] == doc_id:
                    found.append(head[1])
                    head = next(table, None)
                else:
                    found.append([])
                pending[k] = head
            if doc_id in wanted:
                yield doc_id, name, text, tokens, found[0], found[1], found[2], found[3]

    # ---- imports: the bulk path ---------------------------------------------------------------------
    def next_document_id(self) -> DocumentId:
        return DocumentId(self._next_id("documents"))

    def next_span_id(self) -> SpanId:
        return SpanId(self._next_id("spans"))

    def add_imported(
        self,
        documents: Iterable[Document],
        spans: Iterable[ImportedSpan],
        relations: Iterable[ImportedRelation],
        index_rows: RowsMade | None = None,
    ) -> None:
        """Bulk insert of a checked import, ids given by the caller (from next_document_id / next_span_id):
        plain tuples, not model objects, because a dataclass per span costs more than its insert. The
        documents' token counts come after (`set_token_counts`); their search index is written here, from
        `index_rows` when the caller has them made (core/batch_analysis.py), else made beside or here."""
        documents = list(documents)
        with self._indexing([(d.id, d.text, d.sha256) for d in documents], index_rows):  # meanwhile
            self._add_imported_rows(documents, spans, relations)

    def _add_imported_rows(
        self, documents: list[Document], spans: Iterable[ImportedSpan], relations: Iterable[ImportedRelation]
    ) -> None:
        self.conn.executemany(  # a row a statement: many would copy many texts at once (one may be megabytes)
            "INSERT INTO documents (id, name, text, sha256, meta) VALUES (?, ?, ?, ?, ?)",
            [(d.id, d.name, d.text, d.sha256, json.dumps(d.meta, ensure_ascii=False)) for d in documents],
        )
        insert_many(
            self.conn,
            'INSERT INTO spans (id, document_id, annotator, start, "end", label, text, attributes) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (i, d, a, s, e, lab, t, json.dumps(attributes, ensure_ascii=False) if attributes else "{}")
                for i, d, a, s, e, lab, t, attributes in spans
            ),
        )
        insert_many(
            self.conn,
            "INSERT INTO relations (document_id, annotator, type, source, target) VALUES (?, ?, ?, ?, ?)",
            relations,
        )

    def add_imported_labels(
        self, doc_labels: Iterable[tuple[int, str, str, str, str]], statuses: Iterable[tuple[int, str, str, str]]
    ) -> None:
        """Bulk insert of the document labels (document id, annotator, task, target, value) and statuses
        (document id, annotator, status, updated at) of documents new in this import: none is there yet,
        so none is looked up first (a query each cost more than the insert), in the caller's transaction."""
        insert_many(
            self.conn,
            "INSERT INTO doc_labels (document_id, annotator, task, target, value) VALUES (?, ?, ?, ?, ?)",
            doc_labels,
        )
        insert_many(
            self.conn, "INSERT INTO status (document_id, annotator, status, updated_at) VALUES (?, ?, ?, ?)", statuses
        )

    # ---- annotators -----------------------------------------------------------------------------
    def ensure_annotator(self, name: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO annotators (name) VALUES (?)", [name])

    def annotators(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM annotators ORDER BY name")]

    # ---- settings -------------------------------------------------------------------------------
    def get_setting(self, key: str) -> Any:
        row = self.conn.execute("SELECT value_json FROM settings WHERE key = ?", [key]).fetchone()
        return None if row is None else json.loads(row[0])

    def has_setting(self, key: str) -> bool:
        """Whether the setting is stored (its value is not decoded: a damaged one is still there)."""
        return self.conn.execute("SELECT 1 FROM settings WHERE key = ?", [key]).fetchone() is not None

    def set_setting(self, key: str, value: Any) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value_json) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json",
            [key, json.dumps(value, ensure_ascii=False)],
        )
