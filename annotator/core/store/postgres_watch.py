"""Live changes on a PostgreSQL project (issue 25): the server says when another program committed a change,
through LISTEN/NOTIFY, so an open window need not ask every second.

- Who says it: a trigger on `events` (`TRIGGERS`, made with the tables). Every change of documents,
  annotations or the schema records an event (history.py), so the trigger announces every write of every
  annotator program — a window, the command line, `copy`, `merge`, another version — whatever code path
  made it; no code in the store's commit path has to remember it. NOTIFY is transactional: the message
  leaves when the transaction commits (never for one rolled back), one per document and annotator however
  many events it wrote (the server folds equal payloads of one transaction). A write by SQL that bypasses
  the history is not announced (a file's `changed_elsewhere` misses it too).
- The payload: `{"document_id": ..., "annotator": ...}` (JSON; the document id is null for a schema change).
  A second trigger says `{"sessions": true}` when a window opens or closes the project or another document
  (the sessions table, not its heartbeat): the documents list shows who is working on what.
- Who hears it: `Listener`, a connection of its own (autocommit) that LISTENs, and a daemon thread waiting on
  `notifies(timeout=...)`; it calls the callback from that thread, so a window hands it to its own thread
  (gui/live_updates.py). A message sent by the store's own connection is not passed on (the window knows its
  own writes). When the server goes away the listener connects again, every `RECONNECT_SECONDS`, and then
  calls the callback once with an empty payload: what was said meanwhile is lost, so the window looks.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from typing import Any, cast

import psycopg

CHANNEL = "annotator_changes"
WAIT_SECONDS = 0.25  # how long one wait for a message lasts: `stop` takes effect within it
RECONNECT_SECONDS = 1.0

TRIGGERS = (
    f"""
CREATE OR REPLACE FUNCTION annotator_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', json_build_object('document_id', NEW.document_id,
                                                     'annotator', NEW.annotator)::text);
    RETURN NULL;
END
$$""",
    "DROP TRIGGER IF EXISTS annotator_events_notify ON events",
    "CREATE TRIGGER annotator_events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION "
    "annotator_notify_change()",
    f"""
CREATE OR REPLACE FUNCTION annotator_notify_presence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '{{"sessions": true}}');
    RETURN NULL;
END
$$""",
    "DROP TRIGGER IF EXISTS annotator_sessions_notify ON sessions",
    "CREATE TRIGGER annotator_sessions_notify AFTER INSERT OR DELETE OR UPDATE OF document_id ON sessions "
    "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_presence()",
)


def create_triggers(pg: psycopg.Connection) -> None:
    """Make (again) the triggers that announce every committed change (in the transaction making or
    upgrading the tables)."""
    for statement in TRIGGERS:
        pg.execute(cast(Any, statement))


def _payload(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class Listener:
    """A `Watch` (core/store_protocols.py) of one database: `callback(payload)` from its own thread after each
    change another connection commits (not those of the connection whose backend `own_pid` names)."""

    live = True

    def __init__(self, url: str, callback: Callable[[dict[str, Any]], None], own_pid: Callable[[], int | None]) -> None:
        self._url = url
        self._callback = callback
        self._own_pid = own_pid
        self._stopped = threading.Event()
        self._conn: psycopg.Connection | None = self._connect()  # the first one's failure is the caller's
        self._thread = threading.Thread(target=self._run, name="annotator-listen", daemon=True)
        self._thread.start()

    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
        conn.execute(cast(Any, f"LISTEN {CHANNEL}"))
        return conn

    def stop(self) -> None:
        self._stopped.set()  # the thread closes its connection within WAIT_SECONDS

    def join(self, timeout: float | None = None) -> None:
        """Wait until the thread has ended (after `stop`)."""
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            while not self._stopped.is_set():
                if self._conn is None:
                    self._reconnect()
                    continue
                try:
                    self._hear()
                except psycopg.Error:  # the server restarted, the network dropped
                    self._close()
        finally:
            self._close()

    def _hear(self) -> None:
        assert self._conn is not None
        for note in self._conn.notifies(timeout=WAIT_SECONDS):
            if self._stopped.is_set():
                return
            if note.pid != self._safe_own_pid():
                self._call(_payload(note.payload))

    def _reconnect(self) -> None:
        if self._stopped.wait(RECONNECT_SECONDS):
            return
        try:
            self._conn = self._connect()
        except psycopg.Error:
            return
        self._call({})  # what was announced while away is lost: look

    def _call(self, payload: dict[str, Any]) -> None:
        # A callback that fails (its window being closed) is its own business: the listener goes on.
        with contextlib.suppress(Exception):
            self._callback(payload)

    def _safe_own_pid(self) -> int | None:
        try:
            return self._own_pid()
        except Exception:  # noqa: BLE001 - the store's connection is closed or being replaced: none is own
            return None

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()
