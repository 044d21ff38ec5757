"""`Project(path)`: the one door to a project file, with a manager per area.

    with Project("news.annotator") as project:
        doc = project.documents.by_name("doc-1")
        span = project.spans.add(doc.id, "A", 0, 5, "PER")
        project.history.undo("A")

Every write method is one transaction, committed to disk when it returns, and appended to the history.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import InputError, NotFound
from .model import GOLD, Document, DocumentId, DocumentSummary
from .store import Store


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_text(text: str, where: str = "text") -> None:
    """Refuse text SQLite or the formats could not keep exactly: NUL and lone surrogates."""
    if "\x00" in text:
        raise InputError(f"{where} contains a NUL character (binary data?); remove it")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{where} contains a lone surrogate at character {exc.start}; "
                         "fix the escape sequence (\\ud800-\\udfff must come in pairs)") from None


def check_name(name: str, what: str) -> str:
    """The names policy of names.py (no control or bidi characters, bounded length)."""
    from .names import check_name as names_policy
    return names_policy(name, what)


class Project:
    def __init__(self, path: str | Path, *, create: bool = True):
        from .annotations import DocLabels, Relations, Spans, Statuses
        from .history import History
        from .schema import SchemaManager

        self.path = Path(path)
        if not create and not self.path.exists():
            raise InputError(f"{self.path}: no such project; create it with `annotator import {self.path} FILE...`")
        try:
            self._store = Store(self.path)
        except RuntimeError as exc:
            raise InputError(str(exc)) from None
        except Exception as exc:  # not an SQLite file, unreadable, ...
            raise InputError(f"{self.path}: cannot open as a project ({exc}); is it an .annotator file?") from None
        self.history = History(self)
        self.schema = SchemaManager(self)
        self.documents = Documents(self)
        self.annotators = Annotators(self)
        self.spans = Spans(self)
        self.relations = Relations(self)
        self.doc_labels = DocLabels(self)
        self.status = Statuses(self)

    # The store is for the managers of this package only.
    @property
    def store(self) -> Store:
        return self._store

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._store.user_version

    # ---- whole-project operations -----------------------------------------------------------------
    def import_documents(self, documents):
        """Add documents with their annotation layers, all or nothing. See `ingest.ingest`."""
        from .ingest import ingest
        return ingest(self, documents)

    def annotated_documents(self, *, annotators=None, document_names=None):
        """Documents with their layers, for export. See `ingest.annotated_documents`."""
        from .ingest import annotated_documents
        return annotated_documents(self, annotators=annotators, document_names=document_names)

    def check(self) -> list[str]:
        """Integrity problems, one line each: offsets, surface texts, orphans, hashes. Empty when sound."""
        problems = []
        for row in self._store.spans_with_wrong_text():
            problems.append(
                f"span {row['id']} of {row['annotator']} in {row['document']!r} [{row['start']}, {row['end']}) "
                f"{row['label']}: stored text {row['text']!r} does not match the document")
        for row in self._store.orphan_relations():
            problems.append(f"relation {row['id']} ({row['type']}) links spans that are missing or belong to "
                            "another document or annotator")
        for row in self._store.documents_with_wrong_hash():
            if sha256(row["text"]) != row["sha256"]:
                problems.append(f"document {row['name']!r}: text changed since import (sha256 mismatch)")
        for problem in self._store.foreign_key_problems():
            problems.append(f"foreign key problem: {problem}")
        return problems

    def stats(self) -> dict[str, Any]:
        out = self._store.stats()
        out["schema_version"] = self.schema_version
        out["labels"] = {r["label"]: r["n"] for r in self._store.grouped_counts("spans", ["label"])}
        per_annotator: dict[str, dict[str, int]] = {}
        for r in self._store.grouped_counts("spans", ["annotator"]):
            per_annotator.setdefault(r["annotator"], {})["spans"] = r["n"]
        for r in self._store.grouped_counts("relations", ["annotator"]):
            per_annotator.setdefault(r["annotator"], {})["relations"] = r["n"]
        for r in self._store.grouped_counts("doc_labels", ["annotator"]):
            per_annotator.setdefault(r["annotator"], {})["doc_labels"] = r["n"]
        for r in self._store.grouped_counts("status", ["annotator", "status"]):
            per_annotator.setdefault(r["annotator"], {})[r["status"]] = r["n"]
        out["per_annotator"] = per_annotator
        return out


class Documents:
    def __init__(self, project: Project):
        self._project = project
        self._store = project.store

    @staticmethod
    def _from_row(row: dict[str, Any]) -> Document:
        return Document(DocumentId(row["id"]), row["name"], row["text"], row["sha256"], row["meta"])

    def add(self, name: str, text: str, meta: dict[str, Any] | None = None, *, annotator: str = "") -> Document:
        """Store a document exactly as given (intake.py does the allowed newline/BOM changes before)."""
        check_name(name, "document")
        check_text(text, f"document {name!r}")
        if not text:
            raise InputError(f"document {name!r} is empty; give it some text")
        if self._store.select("documents", columns=["id"], name=name):
            raise InputError(f"a document named {name!r} already exists; choose another name")
        row = {"name": name, "text": text, "sha256": sha256(text), "meta": meta or {}}
        with self._store.transaction():
            row["id"] = self._store.insert("documents", row)
            self._project.history.record(annotator, "document.add", row["id"], f"added document {name}",
                                         [], undoable=False)
        return self._from_row(row)

    def get(self, document_id: int) -> Document:
        row = self._store.get("documents", document_id)
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return self._from_row(row)

    def by_name(self, name: str) -> Document | None:
        rows = self._store.select("documents", name=name)
        return self._from_row(rows[0]) if rows else None

    def list(self) -> list[DocumentSummary]:
        return [DocumentSummary(DocumentId(r["id"]), r["name"], r["length"], r["meta"])
                for r in self._store.document_summaries()]

    def count(self) -> int:
        return self._store.count("documents")

    def length(self, document_id: int) -> int:
        length = self._store.document_length(document_id)
        if length is None:
            raise NotFound(f"no document with id {document_id}")
        return length


class Annotators:
    def __init__(self, project: Project):
        self._store = project.store

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

    def human(self) -> list[str]:
        """Annotators other than the reserved gold layer."""
        return [a for a in self.list() if a != GOLD]
