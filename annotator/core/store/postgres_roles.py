"""Who may change what in a project on a PostgreSQL server (issue 25): the server's own roles and row-level
security, so the protection holds for any program that connects, not only this one.

- A user of the project is a PostgreSQL role (LOGIN) named exactly as the annotator: role `salma` writes the
  layer of annotator `salma`. Any annotator name may be a role (quoted: Arabic names too) when it is at most
  63 bytes in UTF-8 (the server's limit), is not `gold` (the curators' layer, nobody's login), does not start
  with `pg_` and is none of the server's reserved role names. No password is set or stored here: an
  administrator sets one (`ALTER ROLE … PASSWORD`, psql's `\\password`) and users keep theirs where libpq
  looks (.pgpass, a service file, PGPASSWORD).
- Three group roles per project database hold the rights; a user is a member of one:
  readers    CONNECT, SELECT on every table;
  annotators a reader's rights, and INSERT / UPDATE / DELETE on the rows of its own layer (spans, relations,
             doc_labels, status, suggestions, its own sessions and events, its name in annotators): row-level
             security policies (ENABLE + FORCE) compare the row's annotator with `current_user`; events are
             INSERT only (the history is append-only: undo is a new event); sequences USAGE and UPDATE (redo
             writes rows under their old ids and puts the sequence past them: setval);
  curators   an annotator's rights, the `gold` layer too (and the events under no annotator: schema edits),
             UPDATE of every layer's spans and document labels (a label or target renamed in the schema is
             renamed in every layer), and the tables without a layer: documents, settings (the schema),
             curation marks, the search index.
  The owner of the tables (who created the project: `annotator copy`, `import`) keeps every right (a policy
  of its own, as FORCE puts it under the policies too); `annotator_schema` only it writes. PUBLIC loses
  CONNECT on the database: only the owner and the project's users reach it.
- A refused write arrives as a psycopg error (InsufficientPrivilege: a new row outside the role's layer, or a
  table it may not write); `refusal` turns it into the one line the app shows. An UPDATE or DELETE of another
  layer's rows changes nothing (0 rows, as the policies hide them from writes); the app never gets that far
  on its own, since every change records its event under the layer's annotator, which the events policy
  refuses for another's layer.
- The writers' advisory lock needs no right (any role may take it); a role holding it for long only makes
  writers wait, and an administrator ends it (pg_terminate_backend).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql

from ..errors import InputError, NotFound, StorageError
from ..model import GOLD
from ..names import name_problem

if TYPE_CHECKING:
    from .postgres import PostgresStore

__all__ = ["KINDS", "ProjectRoles", "ServerUser", "refusal", "role_problem"]

KINDS = ("reader", "annotator", "curator")  # weakest first: each group is a member of the one before
MAX_ROLE_BYTES = 63  # NAMEDATALEN - 1: a longer name would be cut short by the server
_RESERVED = {"public", "none", "current_user", "session_user", "current_role", "system_user"}
# Tables holding per-annotator rows, and the column naming the annotator.
LAYER_TABLES = {
    "annotators": "name",
    "spans": "annotator",
    "relations": "annotator",
    "doc_labels": "annotator",
    "status": "annotator",
    "suggestions": "annotator",
    "sessions": "annotator",
    "events": "annotator",
}
_APPEND_ONLY = {"events"}  # INSERT only, for everyone but the owner
_RENAMED_BY_SCHEMA = ("spans", "doc_labels")  # a curator's schema rename reaches every layer's rows
CURATOR_TABLES = ("documents", "settings", "curation_marks", "search_words", "search_documents")
_MADE_HERE = "annotator user of project "  # the comment on a role `users add` created (only those are dropped)


@dataclass(frozen=True)
class ServerUser:
    name: str
    kind: str  # one of KINDS


def role_problem(name: str) -> str | None:
    """Why an annotator name cannot be a project user's role, or None when it can."""
    problem = name_problem(name, "user")
    if problem:
        return problem
    if name == GOLD:
        return f"{GOLD!r} is the curators' layer, not a user: add the curator under their own name with --curator"
    if len(name.encode("utf-8")) > MAX_ROLE_BYTES:
        return (
            f"user name {name!r} is {len(name.encode('utf-8'))} bytes in UTF-8; a PostgreSQL role name is at most "
            f"{MAX_ROLE_BYTES} (about 31 Arabic letters): shorten it"
        )
    if name.lower().startswith("pg_") or name.lower() in _RESERVED:
        return f"user name {name!r} is reserved by PostgreSQL (names starting with pg_, {', '.join(sorted(_RESERVED))})"
    return None


def group_name(database: str, kind: str) -> str:
    """The group role holding `kind`'s rights on one project database (at most 63 bytes: a long database name
    is cut and told apart by a hash)."""
    name = f"annotator {kind}s of {database}"
    if len(name.encode("utf-8")) <= MAX_ROLE_BYTES:
        return name
    digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:8]
    cut = database
    while len(f"annotator {kind}s of {cut}~{digest}".encode()) > MAX_ROLE_BYTES:
        cut = cut[:-1]
    return f"annotator {kind}s of {cut}~{digest}"


def refusal(exc: psycopg.Error, path: str, role: str) -> StorageError | None:
    """The app's message for a write the server's rights refused, or None when `exc` is no such refusal."""
    if not isinstance(exc, pg_errors.InsufficientPrivilege):
        return None
    table = exc.diag.table_name or next(iter(str(exc).split('"')[1::2]), "?")  # RLS names it; a GRANT's in text
    return StorageError(
        f"{path}: the server refused this change: role {role!r} may not write it (table {table}); an annotator "
        f"changes only the layer named as its role, a curator also {GOLD} and the schema, a reader nothing "
        "(this change was not saved)"
    )


def _ident(name: str) -> sql.Identifier:
    return sql.Identifier(name)


class ProjectRoles:
    """The users of one project database, and the grants and policies that protect it (needs a role that may
    create roles and owns the tables, or a superuser)."""

    def __init__(self, store: PostgresStore):
        self._store = store
        self._pg: psycopg.Connection[Any] = cast(Any, store.conn).pg

    @staticmethod
    def password_hint(name: str) -> str:
        """The one line an administrator runs to give a new role a password (the app never sets nor stores
        one)."""
        quoted = '"' + name.replace('"', '""') + '"'
        return f"ALTER ROLE {quoted} PASSWORD '…';"

    def _run(self, statement: sql.SQL | sql.Composed | str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        query = sql.SQL(cast(Any, statement)) if isinstance(statement, str) else statement
        cur = self._pg.execute(query, params)
        return cur.fetchall() if cur.description else []

    def _database(self) -> str:
        return str(self._run("SELECT current_database()")[0][0])

    def groups(self) -> dict[str, str]:
        database = self._database()
        return {kind: group_name(database, kind) for kind in KINDS}

    def whoami(self) -> ServerUser | None:
        """The role this connection is, as a user of the project (None: the owner, a superuser or a stranger)."""
        name = self._pg.info.user
        return next((user for user in self.list() if user.name == name), None)

    def list(self) -> list[ServerUser]:
        groups = self.groups()
        rows = self._run(
            "SELECT r.rolname, g.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = ANY(%s) ORDER BY r.rolname",
            [list(groups.values())],
        )
        kind_of = {group: kind for kind, group in groups.items()}
        kinds: dict[str, str] = {}
        for member, group in rows:
            if member in kind_of:  # a group inside another
                continue
            kind = kind_of[group]
            if KINDS.index(kind) >= KINDS.index(kinds.get(member, KINDS[0])):
                kinds[member] = kind
        return [ServerUser(name, kind) for name, kind in sorted(kinds.items())]

    # ---- changes ---------------------------------------------------------------------------------------
    def add(self, name: str, kind: str) -> bool:
        """Make `name` a user of `kind` (a role made when missing; an existing user changes kind). True when the
        role was created."""
        problem = role_problem(name)
        if problem:
            raise InputError(problem)
        if kind not in KINDS:
            raise InputError(f"a user is one of {', '.join(KINDS)}, not {kind!r}")
        with self._store.transaction(), self._as_owner():
            groups = self.secure()
            if name in groups.values():
                raise InputError(f"{name!r} is one of this project's group roles, not a user; choose another name")
            found = self._run("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = %s", [name])
            if found and (found[0][0] or name == self._owner()):
                raise InputError(f"{name!r} is the project's owner or a superuser: it keeps every right already")
            if not found:
                self._run(sql.SQL("CREATE ROLE {} LOGIN").format(_ident(name)))
                self._run(
                    sql.SQL("COMMENT ON ROLE {} IS {}").format(_ident(name), sql.Literal(_MADE_HERE + self._database()))
                )
            elif not found[0][1]:
                self._run(sql.SQL("ALTER ROLE {} LOGIN").format(_ident(name)))
            for group in groups.values():
                self._run(sql.SQL("REVOKE {} FROM {}").format(_ident(group), _ident(name)))
            self._run(sql.SQL("GRANT {} TO {}").format(_ident(groups[kind]), _ident(name)))
        return not found

    def remove(self, name: str) -> bool:
        """`name` is no user of the project any more (its layer stays). The role itself is dropped when
        `users add` made it for this project and it belongs to nothing else; True then."""
        with self._store.transaction(), self._as_owner():
            if name not in {user.name for user in self.list()}:
                raise NotFound(f"{name!r} is not a user of this project (`annotator users URL list` names them)")
            for group in self.groups().values():
                self._run(sql.SQL("REVOKE {} FROM {}").format(_ident(group), _ident(name)))
            comment = self._run("SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = %s", [name])[
                0
            ][0]
            others = self._run(
                "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s",
                [name],
            )[0][0]
            if comment != _MADE_HERE + self._database() or others:
                return False
            self._run("SAVEPOINT drop_role")
            try:
                self._run(sql.SQL("DROP ROLE {}").format(_ident(name)))
            except psycopg.Error:  # it holds rights or objects elsewhere: it stays a role there
                self._run("ROLLBACK TO SAVEPOINT drop_role")
                return False
            self._run("RELEASE SAVEPOINT drop_role")
            return True

    @contextmanager
    def _as_owner(self) -> Iterator[None]:
        """The server's refusal to a role that may not manage users, as one line saying who may."""
        try:
            yield
        except pg_errors.InsufficientPrivilege as exc:
            raise StorageError(
                f"{self._store.path}: role {self._pg.info.user!r} may not manage this project's users "
                f"({str(exc).strip()}); connect as the project's owner, a role that may create roles"
            ) from None

    def _owner(self) -> str:
        return str(
            self._run("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'spans'")[
                0
            ][0]
        )

    def secure(self) -> dict[str, str]:
        """The project's group roles, grants and row-level security, made or made again (idempotent: after a
        new table, run again). Inside a transaction. Returns the groups by kind."""
        groups = self.groups()
        for kind in KINDS:
            if not self._run("SELECT 1 FROM pg_roles WHERE rolname = %s", [groups[kind]]):
                self._run(sql.SQL("CREATE ROLE {} NOLOGIN").format(_ident(groups[kind])))
        reader, annotator, curator = (_ident(groups[kind]) for kind in KINDS)
        schema = _ident(str(self._run("SELECT current_schema()")[0][0]))
        database = _ident(self._database())
        owner = _ident(self._owner())
        for statement in (
            "GRANT {reader} TO {annotator}",
            "GRANT {annotator} TO {curator}",
            "REVOKE ALL ON DATABASE {database} FROM PUBLIC",
            "GRANT CONNECT ON DATABASE {database} TO {reader}",
            "GRANT USAGE ON SCHEMA {schema} TO {reader}",
            "GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {reader}",
            "GRANT SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {reader}",
            "GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {annotator}",
        ):
            self._run(
                sql.SQL(statement).format(
                    reader=reader, annotator=annotator, curator=curator, schema=schema, database=database
                )
            )
        for table in CURATOR_TABLES:
            self._run(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(_ident(table), curator))
        for table, column in LAYER_TABLES.items():
            rights = "INSERT" if table in _APPEND_ONLY else "INSERT, UPDATE, DELETE"
            self._run(sql.SQL("GRANT " + rights + " ON {} TO {}").format(_ident(table), annotator))
            self._policies(table, column, owner=owner, reader=reader, annotator=annotator, curator=curator)
        return groups

    def _policies(self, table: str, column: str, **roles: sql.Identifier) -> None:
        """Row-level security on one layer table: every role reads; an annotator writes rows naming itself, a
        curator also gold's; the owner everything."""
        t, c = _ident(table), _ident(column)
        own = sql.SQL("{} = current_user::text").format(c)
        gold = sql.SQL("{} = {}").format(c, sql.Literal(GOLD))
        if table == "events":  # and the project's own events, under no annotator: the schema, the documents
            gold = sql.SQL("{} IN ({}, '')").format(c, sql.Literal(GOLD))
        policies = {
            "annotator_owner": "FOR ALL TO {owner} USING (true) WITH CHECK (true)",
            "annotator_read": "FOR SELECT TO {reader} USING (true)",
            "annotator_own_layer": "FOR ALL TO {annotator} USING ({own}) WITH CHECK ({own})",
            "annotator_gold": "FOR ALL TO {curator} USING ({gold}) WITH CHECK ({gold})",
        }
        if table in _RENAMED_BY_SCHEMA:
            policies["annotator_schema_rename"] = "FOR UPDATE TO {curator} USING (true) WITH CHECK (true)"
        self._run(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(t))
        self._run(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(t))
        for name, body in policies.items():
            self._run(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(_ident(name), t))
            self._run(
                sql.SQL("CREATE POLICY {} ON {} ").format(_ident(name), t)
                + sql.SQL(body).format(own=own, gold=gold, **roles)
            )
