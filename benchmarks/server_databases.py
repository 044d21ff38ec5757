"""A throwaway database on a PostgreSQL server for one benchmark run (bench_server_team, bench_server_vs_file,
bench_live_updates): made fresh from template0 in UTF-8, dropped afterwards even with clients still on it."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit


def new_database(server: str, prefix: str = "annotator_bench") -> str:
    """A new, empty database on `server` (a URL of a role that may create databases); its URL."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")  # type: ignore[arg-type]
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def drop_database(server: str, url: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')  # type: ignore[arg-type]
