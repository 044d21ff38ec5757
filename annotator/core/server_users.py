"""`annotator users URL …`: the users of a project on a PostgreSQL server (issue 25), each a PostgreSQL role
named as the annotator, with the rights of a reader, an annotator or a curator, enforced by the server itself
(grants and row-level security: store/postgres_roles.py says which). A project file has no users: its
protection is the file's permissions.

No password passes through here: an administrator sets one on the server (`ALTER ROLE … PASSWORD`, psql's
`\\password NAME`), and each user keeps theirs where libpq looks (~/.pgpass, a service file, PGPASSWORD).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from .errors import InputError
from .locations import display_location
from .project import Project, is_server
from .store_protocols import ServerRoles

__all__ = [
    "KINDS",
    "ServerUser",
    "add_user",
    "list_users",
    "password_hint",
    "remove_user",
    "require_server",
    "signed_in",
]

KINDS = ("reader", "annotator", "curator")


@dataclass(frozen=True)
class ServerUser:
    name: str
    kind: str  # reader, annotator or curator


class _Roles(Protocol):  # what the PostgreSQL store's `roles` offers (store/postgres_roles.py)
    def add(self, name: str, kind: str) -> bool: ...
    def remove(self, name: str) -> bool: ...
    def list(self) -> list[Any]: ...
    def whoami(self) -> Any: ...
    def password_hint(self, name: str) -> str: ...


def shown(location: str | Path) -> str:
    """The location as messages name it: the URL without its password."""
    return display_location(location)


def require_server(location: str | Path) -> None:
    """InputError unless `location` is a server project's URL (before opening it: a file is left untouched)."""
    if not is_server(location):
        raise InputError(
            f"{location}: users belong to a project on a PostgreSQL server (a postgresql:// URL); a project "
            "file is protected by the file's own permissions"
        )


def _roles(project: Project) -> _Roles:
    require_server(project.location)
    store = project.store
    assert isinstance(store, ServerRoles), "a server project's store has roles"
    return cast(_Roles, store.roles)


def add_user(project: Project, name: str, kind: str = "annotator") -> bool:
    """Make `name` a user of the project (a role created when missing; an existing user takes `kind`). True
    when a new role was created (it then needs a password: `password_hint`)."""
    if kind not in KINDS:
        raise InputError(f"a user is one of {', '.join(KINDS)}, not {kind!r}")
    return _roles(project).add(name, kind)


def remove_user(project: Project, name: str) -> bool:
    """`name` is no longer a user (its layer stays in the project). True when its role was dropped too."""
    return _roles(project).remove(name)


def list_users(project: Project) -> list[ServerUser]:
    return [ServerUser(user.name, user.kind) for user in _roles(project).list()]


def signed_in(project: Project) -> ServerUser | None:
    """The user this connection to a server project is (its role), or None: a project file, the project's
    owner, or a superuser (who may write every layer). On a server, an annotator writes only the layer named
    as its role."""
    if not is_server(project.location):
        return None
    user = _roles(project).whoami()
    return None if user is None else ServerUser(user.name, user.kind)


def password_hint(project: Project, name: str) -> str:
    """The one line an administrator runs to give a new role a password (the app never sets nor stores one)."""
    return _roles(project).password_hint(name)
