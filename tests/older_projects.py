"""A project file as the annotator before the last format change left it (for the tests of upgrading)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from annotator.core import store
from annotator.core.store.tables import SCHEMA_VERSION


def older_format(path: Path, text: str) -> Path:
    """A project file of the format before this one (SCHEMA_VERSION - 1), with one document, "d", of `text`."""
    db = sqlite_utils.Database(path)
    store.migrations.apply(db, stop_before="m010_session_documents")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    db.execute("INSERT INTO documents (name, text, sha256, meta) VALUES ('d', ?, 'x', '{}')", [text])
    db.conn.commit()
    db.close()
    return path
