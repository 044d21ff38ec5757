"""Faults on a PostgreSQL server (issue 25): the server restarting or the connection dropping during edits is
a StorageError (the window's red bar and Retry, as for a busy file), never a psycopg traceback; the next use
connects again by itself; nothing confirmed is lost; a client killed halfway through a write transaction
leaves nothing of it. Skipped without ANNOTATOR_TEST_POSTGRES (tests/postgres_server.py starts a server)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import StorageError
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parents[2]
TEXT = "قال الرئيس محمد في القاهرة إن الاتفاق مع شركة النفط تم أمس"


def backends(url: str) -> set[int]:
    """The server processes connected to this project's database (other than the one asking)."""
    import psycopg

    database = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        ).fetchall()
    return {pid for (pid,) in rows}


def cut_connections(url: str, how: str) -> None:
    """What a client sees when the server restarts or the network drops: its connection ends under it."""
    import psycopg

    if how == "restart":
        from postgres_server import restart

        with psycopg.connect(url, autocommit=True) as conn:
            data = conn.execute("SHOW data_directory").fetchone()
        if data is None or not (Path(data[0]) / "PG_VERSION").exists():
            pytest.skip("the server is not on this machine (tests/postgres_server.py starts one that is)")
        restart(Path(data[0]))
        return
    database = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )


def layer(url: str, annotator: str) -> list[tuple[int, int, str]]:
    with Project(url, read_only=True) as p:
        doc = p.documents.list()[0]
        return sorted((s.start, s.end, s.label) for s in p.spans.for_document(doc.id, annotator))


@pytest.mark.parametrize("how", ["terminate", "restart"])
def test_a_lost_connection_fails_one_edit_then_reconnects(url, how):
    with Project(url) as p:
        p.import_documents([AnnotatedDocument("a", TEXT)])
        doc = p.documents.list()[0]
        p.spans.add(doc.id, "alice", 0, 3, "PER")
        p.doc_labels.set(doc.id, "alice", "stance", "النفط", "FAVOR")
        before = backends(url)
        cut_connections(url, how)
        with pytest.raises(StorageError, match="unreachable.*not saved") as failed:
            p.spans.add(doc.id, "alice", 4, 10, "PER")
        assert "\n" not in str(failed.value)
        p.spans.add(doc.id, "alice", 4, 10, "PER")  # Retry: the same edit, on a new connection
        p.spans.add(doc.id, "alice", 19, 26, "GPE")
        assert backends(url) and not backends(url) & before
        assert [s.label for s in p.spans.for_document(doc.id, "alice")] == ["PER", "PER", "GPE"]
        p.history.undo("alice")  # the history goes on across the new connection
    assert layer(url, "alice") == [(0, 3, "PER"), (4, 10, "PER")]
    with Project(url, read_only=True) as q:
        assert [(d.target, d.value) for d in q.doc_labels.for_document(doc.id, "alice")] == [("النفط", "FAVOR")]


def test_a_read_after_a_lost_connection_fails_once_then_reconnects(url):
    with Project(url) as p:
        p.import_documents([AnnotatedDocument("a", TEXT)])
        cut_connections(url, "terminate")
        with pytest.raises(StorageError, match="unreachable"):
            p.documents.list()
        assert [d.name for d in p.documents.list()] == ["a"]


def test_a_server_down_for_a_while_fails_every_use_until_it_is_back(url):
    import psycopg

    with Project(url) as p:
        p.import_documents([AnnotatedDocument("a", TEXT)])
        doc = p.documents.list()[0]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            cut_connections(url, "terminate")
            admin.execute(f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" ALLOW_CONNECTIONS false')
            try:
                for _ in range(3):  # a new connection is tried each time, and refused
                    with pytest.raises(StorageError, match="unreachable"):
                        p.spans.add(doc.id, "alice", 0, 3, "PER")
            finally:
                admin.execute(f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" ALLOW_CONNECTIONS true')
        p.spans.add(doc.id, "alice", 0, 3, "PER")
    assert layer(url, "alice") == [(0, 3, "PER")]


def test_a_connection_lost_inside_a_write_transaction_keeps_nothing_of_it(url):
    """Halfway through a transaction, the connection goes: its later statements fail too (never run on a new
    connection outside the transaction), it ends with a StorageError, and none of its rows exist."""
    from annotator.core.store.postgres import PostgresStore

    store = PostgresStore(url)
    try:
        with store.transaction():
            store.add_document("a", TEXT, "0" * 64, {}, 0)
        with pytest.raises(StorageError, match="unreachable"), store.transaction():
            store.add_document("b", TEXT, "1" * 64, {}, 0)
            cut_connections(url, "terminate")
            with contextlib.suppress(StorageError):  # a caller that goes on after the failure
                store.add_document("c", TEXT, "2" * 64, {}, 0)
            store.add_document("e", TEXT, "4" * 64, {}, 0)  # refused: never on a new connection, outside it
        with store.transaction():
            store.add_document("d", TEXT, "3" * 64, {}, 0)
        assert sorted(d.name for d in store.document_summaries()) == ["a", "d"]
    finally:
        store.close()


def test_a_change_committed_whose_answer_was_lost_is_saved_once(url, monkeypatch):
    """The connection goes right after the server committed, before its answer came: the store asks the
    server on a new connection, and the change counts as saved (a Retry would have made it twice)."""
    from annotator.core.store import postgres

    real_execute = postgres._Connection.execute

    def answer_lost(self, sql, params=()):
        cursor = real_execute(self, sql, params)
        if sql == "COMMIT" and cut:
            cut.pop()
            self.pg.close()  # as the network dropping: the server has committed, the client hears nothing
            raise self.lost()
        return cursor

    cut: list[bool] = []
    monkeypatch.setattr(postgres._Connection, "execute", answer_lost)
    with Project(url) as p:
        p.import_documents([AnnotatedDocument("a", TEXT)])
        doc = p.documents.list()[0]
        cut.append(True)
        p.spans.add(doc.id, "alice", 0, 3, "PER")  # no StorageError: it was saved
        assert not cut
        p.spans.add(doc.id, "alice", 4, 10, "PER")  # on the new connection
    assert layer(url, "alice") == [(0, 3, "PER"), (4, 10, "PER")]


KILLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from annotator.core.store.postgres import PostgresStore
    store = PostgresStore(sys.argv[1])
    document = store.document_summaries()[0].id
    with store.transaction():
        for k in range(20):
            store.add_span(document, "mallory", k, k + 1, "PER", sys.argv[2][k], {})
        store.add_document("half", "written", "0" * 64, {})
        print("inside", flush=True)
        time.sleep(120)
    """
)


def test_a_client_killed_mid_transaction_leaves_nothing_half_written(url):
    with Project(url) as p:
        p.import_documents([AnnotatedDocument("a", TEXT)])
        p.annotators.add("mallory")
        p.spans.add(p.documents.list()[0].id, "alice", 0, 3, "PER")
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, url, TEXT], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "inside"
        child.kill()  # SIGKILL: no ROLLBACK is sent, the connection just ends
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert layer(url, "mallory") == []
    assert layer(url, "alice") == [(0, 3, "PER")]
    with Project(url, read_only=True) as p:
        assert [d.name for d in p.documents.list()] == ["a"]
    assert main(["check", url]) == 0
    with Project(url) as p:  # and the next writer is not kept waiting by the dead one's lock
        p.spans.add(p.documents.list()[0].id, "mallory", 4, 10, "PER")
    assert layer(url, "mallory") == [(4, 10, "PER")]
