"""Round trips of a write on a PostgreSQL project (issue 25's edit latency): inside a transaction a statement
waits to go with the next one whose answer is needed (store/postgres.py, `_Connection.flush`): BEGIN and the
writers' lock with the first read, the writes nobody reads an answer of with the next read or with COMMIT.
These tests hold the guarantees that must not move with them: the lock before any statement, a failure of a
statement sent later failing its transaction whole (a savepoint's inside it), other uses of the connection
after what waits, and two annotators editing and undoing at once losing nothing. Skipped without
ANNOTATOR_TEST_POSTGRES (tests/postgres_server.py starts a server)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEXT = "قال الرئيس محمد في القاهرة إن الاتفاق مع شركة النفط تم أمس"


def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message the store's connections send from now on (a round trip each)."""
    import psycopg

    sent: list[str] = []
    real = psycopg.Cursor.execute

    def execute(self: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:
        sent.append(str(query))
        return real(self, query, params, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    return sent


@pytest.fixture
def store(url):
    from annotator.core.store.postgres import PostgresStore

    store = PostgresStore(url)
    yield store
    store.close()


def one_span(store):
    """A document with one span of alice's, committed: (document id, span)."""
    with store.transaction():
        document = store.add_document("a", TEXT, "0" * 64, {}, 0).id
        store.ensure_annotator("alice")
        span = store.add_span(document, "alice", 0, 3, "PER", TEXT[:3], {})
    return document, span


def test_an_edit_is_a_round_trip_per_answer_it_needs(url, monkeypatch):
    with Project(url) as p:
        p.import_documents([AnnotatedDocument("a", TEXT)])
        doc = p.documents.list()[0]
        p.spans.add(doc.id, "alice", 0, 3, "PER")
        sent = messages(monkeypatch)
        span = p.spans.add(doc.id, "alice", 4, 10, "PER")
        # the BEGIN, the lock, the event's id and the annotator's row go with the document's length (the first
        # answer); then the schema, the text, the duplicate check, the span's id, the document's status, and the
        # event with COMMIT: 7 round trips for 12 statements (11 went alone before)
        assert len(sent) <= 7, sent
        assert "INSERT INTO events" in sent[-1] and sent[-1].endswith("COMMIT"), sent
        assert sent[0].startswith("BEGIN;") and "pg_advisory_xact_lock" in sent[0]
        sent.clear()
        p.spans.update(span.id, label="ORG")
        updates = [m for m in sent if "UPDATE spans" in m]
        assert len(updates) == 1 and ";" in updates[0], sent  # it went with the next statement
    with Project(url, read_only=True) as p:
        assert [(s.start, s.label) for s in p.spans.for_document(doc.id, "alice")] == [(0, "PER"), (4, "ORG")]


def test_events_keep_the_order_they_were_written_in(store):
    """The event id drawn with the lock is the transaction's first event's: history written before it in the
    same transaction (a merge's) keeps lower ids, so the history reads in the order it was written."""
    from annotator.core.model import Event

    with store.transaction():
        store.ensure_annotator("alice")
        assert store.annotators() == ["alice"]  # (the lock and the drawn id answered)
        store.append_events([Event(0, "alice", "2026-01-01T00:00:00", "merge.kept", None, "kept", False)])
        store.add_event("alice", "merge", None, "merged", [], undoable=False, target_event=None)
    with store.transaction():
        store.add_event("alice", "later", None, "later", [], undoable=False, target_event=None)
    assert [e.action for e in store.events()] == ["merge.kept", "merge", "later"]


def test_a_statement_that_fails_when_sent_later_fails_its_transaction_whole(store):
    document, span = one_span(store)
    with pytest.raises(InputError, match="refused the change"), store.transaction():
        assert store.annotators() == ["alice"]  # (the BEGIN and the lock went with this read)
        store.ensure_annotator("bob")
        store.conn.execute("UPDATE spans SET start = -1 WHERE id = ?", [span.id])  # goes with COMMIT: refused
    assert store.annotators() == ["alice"]
    assert [s.start for s in store.spans_of(document, "alice")] == [0]
    with store.transaction():  # the connection goes on
        store.ensure_annotator("bob")
    assert store.annotators() == ["alice", "bob"]


def test_a_savepoint_s_failure_is_raised_inside_it_and_the_rest_commits(store):
    import psycopg

    document, span = one_span(store)
    with store.transaction():
        store.ensure_annotator("bob")
        with pytest.raises(psycopg.errors.CheckViolation), store.transaction():
            store.conn.execute("UPDATE spans SET start = -1 WHERE id = ?", [span.id])
        store.ensure_annotator("carol")
    assert store.annotators() == ["alice", "bob", "carol"]
    assert [s.start for s in store.spans_of(document, "alice")] == [0]


def test_other_uses_of_the_connection_come_after_the_statements_waiting(store):
    """The roles' statements and the triggers' use the psycopg connection itself: what the transaction left
    waiting goes first, so they run inside it, after the lock, and see its rows."""
    with store.transaction():
        store.ensure_annotator("alice")
        raw = store.conn.pg.execute("SELECT name FROM annotators").fetchall()
        locks = store.conn.pg.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        ).fetchone()
    assert raw == [("alice",)]
    assert locks == (1,)


EDITOR = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from mixed_edits import run
    url, name, seed, out = sys.argv[1:5]
    Path(out).write_text(json.dumps(run(url, name, 60.0, int(seed), edits=120)), encoding="utf-8")
    """
)


def test_two_annotators_editing_and_undoing_at_once_lose_nothing(url, tmp_path):
    with Project(url) as p:
        p.import_documents([AnnotatedDocument(f"d{k}", TEXT) for k in range(3)])
    outs = {name: tmp_path / f"{name}.json" for name in ("A", "B")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR.format(tests=str(HERE)), url, name, str(seed), str(out)], cwd=ROOT
        )
        for seed, (name, out) in enumerate(outs.items())
    ]
    assert [proc.wait(timeout=300) for proc in procs] == [0, 0]
    with Project(url, read_only=True) as p:
        docs = p.documents.list()
        for name, out in outs.items():
            result = json.loads(out.read_text(encoding="utf-8"))
            assert result["failures"] == []
            stored = sorted(
                [s.id, d.id, s.start, s.end, s.label] for d in docs for s in p.spans.for_document(d.id, name)
            )
            assert stored == result["spans"]  # what the process believes it saved is what the server holds
            stances = sorted([d.id, x.target, x.value] for d in docs for x in p.doc_labels.for_document(d.id, name))
            assert stances == result["stances"]
