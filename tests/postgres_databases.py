"""Databases for the PostgreSQL tests, on the server ANNOTATOR_TEST_POSTGRES names (a postgresql:// URL of a
role that may create databases; tests/postgres_server.py starts a throwaway one and prints its URL).
Without it the PostgreSQL tests are skipped. Each test's databases are dropped when it ends."""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

VARIABLE = "ANNOTATOR_TEST_POSTGRES"
_made: list[str] = []


def server() -> str | None:
    return os.environ.get(VARIABLE) or None


def server_or_skip() -> str:
    url = server()
    if url is None:
        pytest.skip(f"no PostgreSQL server: set {VARIABLE} (python tests/postgres_server.py start DIR)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[server]')")
    return url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def new_database() -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    url = server_or_skip()
    name = f"annotator_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")  # type: ignore[arg-type]
    _made.append(name)
    return _with_database(url, name)


def drop_databases() -> None:
    """Drop every database new_database made (connections still open to them are ended)."""
    import psycopg

    url = server()
    if url is None or not _made:
        return
    with psycopg.connect(url, autocommit=True) as conn:
        while _made:
            conn.execute(f'DROP DATABASE IF EXISTS "{_made.pop()}" WITH (FORCE)')  # type: ignore[arg-type]
