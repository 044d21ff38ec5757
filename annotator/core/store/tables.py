"""The tables of a project file, as forward migrations recorded by sqlite-utils; the schema version is
how many there are (PRAGMA user_version)."""

from __future__ import annotations

from .library import sqlite_utils

Migrations = sqlite_utils.Migrations

migrations = Migrations("annotator")


# Ids of annotation rows are never reused (AUTOINCREMENT), so redo can bring a row back under its old id.
def _run_script(db: sqlite_utils.Database, script: str) -> None:
    """Statements one by one: executescript would COMMIT the migration's enclosing transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE annotators (name TEXT PRIMARY KEY);
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            CHECK (start >= 0 AND "end" > start)
        );
        CREATE INDEX spans_doc_annotator ON spans(document_id, annotator);
        CREATE INDEX spans_doc_start ON spans(document_id, start);
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            type TEXT NOT NULL,
            source INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            target INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE
        );
        CREATE INDEX relations_doc_annotator ON relations(document_id, annotator);
        CREATE INDEX relations_source ON relations(source);
        CREATE INDEX relations_target ON relations(target);
        CREATE TABLE doc_labels (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            task TEXT NOT NULL,
            target TEXT NOT NULL,
            value TEXT NOT NULL,
            UNIQUE (document_id, annotator, task, target)
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            annotator TEXT NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            document_id INTEGER,
            summary TEXT NOT NULL DEFAULT '',
            undoable INTEGER NOT NULL DEFAULT 0,
            target_event INTEGER,
            changes TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX events_annotator ON events(annotator, id);
        """,
    )


@migrations()
def m002_status(db: sqlite_utils.Database) -> None:
    # Per document and annotator: new / in_progress / done. An id so undo can treat it like any row.
    _run_script(
        db,
        """
        CREATE TABLE status (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
            updated_at TEXT NOT NULL,
            UNIQUE (document_id, annotator)
        );
        """,
    )


@migrations()
def m003_ids_never_reused_and_sessions(db: sqlite_utils.Database) -> None:
    # Event ids were plain rowids; AUTOINCREMENT makes sure no id is handed out twice.
    _run_script(
        db,
        """
        CREATE TABLE events_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            annotator TEXT NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            document_id INTEGER,
            summary TEXT NOT NULL DEFAULT '',
            undoable INTEGER NOT NULL DEFAULT 0,
            target_event INTEGER,
            changes TEXT NOT NULL DEFAULT '[]'
        );
        INSERT INTO events_v3 SELECT id, annotator, at, action, document_id, summary, undoable, target_event,
                                     changes FROM events;
        DROP TABLE events;
        ALTER TABLE events_v3 RENAME TO events;
        CREATE INDEX events_annotator ON events(annotator, id);
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            annotator TEXT NOT NULL,
            program TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started TEXT NOT NULL,
            heartbeat REAL NOT NULL,
            read_only INTEGER NOT NULL DEFAULT 0
        );
        """,
    )
    # A deleted span's id must not come back through an import either: seed the sequences past every id.
    for table in ("spans", "relations", "doc_labels", "status", "events"):
        row = db.execute(
            f"SELECT max(coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = ?), 0), "
            f"coalesce((SELECT max(id) FROM {table}), 0))",
            [table],
        ).fetchone()
        db.execute("DELETE FROM sqlite_sequence WHERE name = ?", [table])
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, row[0]])


@migrations()
def m004_curation_marks(db: sqlite_utils.Database) -> None:
    # What the curator settled without a gold annotation (a rejected disagreement), so progress survives.
    _run_script(
        db,
        """
        CREATE TABLE curation_marks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('rejected')),
            UNIQUE (document_id, category, start, "end")
        );
        """,
    )


@migrations()
def m005_suggestions(db: sqlite_utils.Database) -> None:
    # Suggested spans wait here, never among the annotations, until the annotator accepts (the span is then
    # made by the normal managers) or rejects them; the states per source give each source's precision.
    _run_script(
        db,
        """
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            source TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (document_id, annotator, source, start, "end", label)
        );
        CREATE INDEX suggestions_doc_annotator ON suggestions(document_id, annotator, state);
        """,
    )


@migrations()
def m006_agreement_reads(db: sqlite_utils.Database) -> None:
    # Agreement reads every span of every document: an index holding the columns it reads, in the order it
    # reads them, answers without a lookup into the table per span (0.32 -> 0.18 ms a document). It
    # replaces the (document_id, annotator) index, whose lookups it serves as well.
    # A document's token count (agreement's O/O cell) is stored by its import; NULL: not counted.
    _run_script(
        db,
        """
        DROP INDEX spans_doc_annotator;
        CREATE INDEX spans_doc_annotator_read ON spans(document_id, annotator, start, "end", id, label, attributes);
        ALTER TABLE documents ADD COLUMN tokens INTEGER;
        """,
    )


@migrations()
def m007_application_id(db: sqlite_utils.Database) -> None:
    # Every project says it is one in its header (sqlite.org/fileformat2.html, offset 68), so no command
    # takes another program's SQLite file for a project, nor changes a byte of it (store/opening.py).
    from .opening import APPLICATION_ID

    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@migrations()
def m008_suggestion_scores(db: sqlite_utils.Database) -> None:
    # A model's suggestion carries its probability (core/learning): NULL for the rule-based sources.
    db.execute("ALTER TABLE suggestions ADD COLUMN score REAL")


@migrations()
def m009_search_index(db: sqlite_utils.Database) -> None:
    # The search index (core/search_index.py, store/search.py): a row per normalised word and segment of
    # documents, and the documents it holds with the sha256 of the text it was made from. Built from the
    # texts when the project is next opened to write (Project._bring_up_to_date), not here: a migration
    # knows no matching rules, and a project opened read-only is migrated in memory, where search scans.
    # A rowid table: its rows (a few KB) stay on their page; WITHOUT ROWID keeps ~1 KB of a row on the page
    # and the rest on an overflow page of its own (measured: 69 MB against 31 MB of blobs).
    _run_script(
        db,
        """
        CREATE TABLE search_words (
            word TEXT NOT NULL,
            segment INTEGER NOT NULL,
            spellings TEXT NOT NULL,
            postings BLOB NOT NULL,
            PRIMARY KEY (word, segment)
        );
        CREATE TABLE search_documents (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL
        );
        """,
    )


@migrations()
def m010_session_documents(db: sqlite_utils.Database) -> None:
    # Which document each window has open (issue 25: the documents list shows who is working on what).
    db.execute("ALTER TABLE sessions ADD COLUMN document_id INTEGER")


SCHEMA_VERSION = len(migrations._migrations)
