"""A project's location: a file's path or a PostgreSQL database's URL (issue 25), and how people see it.

    is_server("postgresql://salma@db.example/news")       # True: a database on a server
    display_location("postgresql://u:secret@h/db")         # "postgresql://u@h/db": never a password
    with_password("postgresql://u@h/db", "secret")         # for the connection only: never stored

Messages, window titles, recent projects and settings keys name a location by `display_location` (a URL
keeps its `//` and loses its password, in the user part or as `?password=`); a file's path is its text.
A password the user types is put into the URL the connection gets (`with_password`) and nowhere else:
libpq's own places (~/.pgpass, a service file, PGPASSWORD) are where passwords are kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

SERVER_SCHEMES = ("postgresql://", "postgres://")
# What libpq says when the server wants a password the client does not have, or refused the one given.
_PASSWORD_WANTED = ("no password supplied", "password authentication failed")


def is_server(location: str | Path) -> bool:
    """Whether a project location is a PostgreSQL database's URL rather than a file's path."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


def display_location(location: str | Path) -> str:
    """The location as people see it: a file's path, or the URL without its password."""
    if not is_server(location):
        return str(location)
    parts = urlsplit(str(location))
    netloc = re.sub(r"^([^@]*?):[^@]*@", r"\1@", parts.netloc)  # user:secret@host -> user@host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def with_password(url: str, password: str) -> str:
    """`url` with `password` for its user: what the connection is given, kept in memory only."""
    parts = urlsplit(display_location(url))
    user, at, host = parts.netloc.rpartition("@")
    netloc = f"{user}:{quote(password, safe='')}@{host}" if at else f":{quote(password, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def wants_password(message: str) -> bool:
    """Whether a connection failed because the server wants a password (none given, or a wrong one)."""
    return any(words in message for words in _PASSWORD_WANTED)


def as_location(location: str | Path) -> str | Path:
    """A location given as text or a path, as `Project` takes it: a URL stays text (a `Path` would fold its
    `//`), anything else is a path."""
    return str(location) if is_server(str(location)) else Path(location)
