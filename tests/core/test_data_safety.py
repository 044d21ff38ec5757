"""Ids never reused, undo that never touches others' work, one-line storage errors, check as a doctor,
backups and restore."""

import shutil
import sqlite3
import time

import pytest

from annotator.cli import main
from annotator.core import backups
from annotator.core.errors import InputError, StorageError
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project
from annotator.core.store import BUSY_TIMEOUT_MS

TEXT = "قال الرئيس الأمريكي إن إسرائيل وافقت"


@pytest.fixture
def doc(project):
    return project.documents.add("d", TEXT)


def _import_b(project, start=4, end=10):
    return project.import_documents(
        [AnnotatedDocument("d", TEXT, layers=[Layer("B", spans=[SpanRecord("T1", start, end, "PER")])])]
    )


def test_a_deleted_span_id_is_not_reused_by_an_import_and_undo_redo_still_work(project, doc):
    first = project.spans.add(doc.id, "A", 0, 3, "PER")
    last = project.spans.add(doc.id, "A", 4, 10, "PER")
    project.spans.delete(last.id)
    _import_b(project)
    [b_span] = project.spans.for_document(doc.id, "B")
    assert b_span.id > last.id
    assert project.history.undo("A") is not None  # brings A's span back under its own id
    assert {s.id for s in project.spans.for_document(doc.id, "A")} == {first.id, last.id}
    assert project.history.redo("A") is not None
    assert project.history.undo("A") is not None
    assert [s.id for s in project.spans.for_document(doc.id, "B")] == [b_span.id]


def test_undo_refuses_a_row_another_annotator_now_owns(project, doc):
    span = project.spans.add(doc.id, "A", 0, 3, "PER")
    project.spans.delete(span.id)
    # A tool (or an older version) put B's span under the id A's undo would bring back.
    project.store.conn.execute("INSERT INTO annotators (name) VALUES ('B')")
    project.store.conn.execute(
        """INSERT INTO spans (id, document_id, annotator, start, "end", label, text)
                                  VALUES (?, ?, 'B', 0, 3, 'ORG', 'قال')""",
        [span.id, doc.id],
    )
    with pytest.raises(InputError, match="it would change work of B") as info:
        project.history.undo("A")
    assert "\n" not in str(info.value)
    assert [s.label for s in project.spans.for_document(doc.id)] == ["ORG"]


def test_undo_refuses_a_row_deleted_since(project, doc):
    span = project.spans.add(doc.id, "A", 0, 3, "PER")
    project.spans.update(span.id, label="ORG")
    project.store.conn.execute("DELETE FROM spans WHERE id = ?", [span.id])  # a tool, not the history
    with pytest.raises(InputError, match="was deleted since"):
        project.history.undo("A")


def test_a_write_that_cannot_get_the_lock_fails_with_one_line_naming_the_other(project, doc, monkeypatch):
    other = Project(project.path)
    other.sessions.start("B")
    monkeypatch.setattr("annotator.core.store.BUSY_TIMEOUT_MS", 100)
    project.store.conn.execute("PRAGMA busy_timeout = 100")
    other.store.conn.execute("BEGIN IMMEDIATE")  # B's window is in the middle of a write
    try:
        started = time.monotonic()
        with pytest.raises(StorageError) as info:
            project.spans.add(doc.id, "A", 0, 3, "PER")
    finally:
        other.store.conn.execute("ROLLBACK")
        other.close()
    message = str(info.value)
    assert "busy" in message and "annotator B" in message and "not saved" in message and "\n" not in message
    assert time.monotonic() - started < BUSY_TIMEOUT_MS / 1000
    assert project.spans.for_document(doc.id) == []


def test_disk_full_and_read_only_are_one_line_with_the_fix(project, doc, monkeypatch):
    def full(*_):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(project.store, "add_span", full)
    with pytest.raises(StorageError, match="the disk is full; free some space"):
        project.spans.add(doc.id, "A", 0, 3, "PER")
    assert project.spans.for_document(doc.id) == []


def test_cli_on_a_read_only_project_says_so_in_one_line(tmp_path, capsys, monkeypatch):
    path = tmp_path / "p.annotator"
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert main(["import", str(path), str(source)]) == 0

    def read_only(*_):  # what SQLite says when the file or its folder is read-only (root ignores chmod)
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr("annotator.core.store.Store.add_imported", read_only)
    other = tmp_path / "b.txt"
    other.write_text("نص آخر", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(path), str(other)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "read-only; make it writable" in err and "Traceback" not in err
    with Project(path) as project:
        assert [d.name for d in project.documents.list()] == ["a"]


def test_cli_on_a_full_disk_says_so_in_one_line(tmp_path, capsys, monkeypatch):
    def full(*_):
        raise OSError(28, "No space left on device", str(tmp_path / "out.jsonl"))

    path = tmp_path / "p.annotator"
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert main(["import", str(path), str(source)]) == 0
    monkeypatch.setattr("annotator.core.formats.jsonl.write_lines", full)
    capsys.readouterr()
    assert main(["export", str(path), "--format", "jsonl", "--out", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device; free some disk space" in err


# ---- check ------------------------------------------------------------------------------------------


@pytest.fixture
def sound(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        doc = project.documents.add("d", TEXT * 50)
        for i in range(0, 300, 6):
            project.spans.add(doc.id, "A", i, i + 3, "PER")
    return path


def _check(path, capsys):
    capsys.readouterr()
    code = main(["check", str(path)])
    return code, capsys.readouterr()


def test_check_finds_a_damaged_index(sound, capsys):
    conn = sqlite3.connect(sound)
    conn.execute("PRAGMA writable_schema = ON")
    # corrupt the index only: rows of the table missing from spans_doc_start
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'spans_doc_start'").fetchone()[0]
    conn.close()
    page_size = 4096
    data = bytearray(sound.read_bytes())
    offset = (root - 1) * page_size
    data[offset + 8 : offset + 12] = b"\x00\x00\x00\x00"  # cell count and pointers of the index's root page
    data[offset + 3 : offset + 5] = b"\x00\x00"
    sound.write_bytes(bytes(data))
    code, out = _check(sound, capsys)
    assert code == 1 and "SQLite:" in out.out and "restore a backup" in out.out
    assert "problems found" in out.err and "Traceback" not in out.err


def test_check_reports_byte_damage_instead_of_crashing(sound, capsys):
    data = bytearray(sound.read_bytes())
    for i in range(4096 * 2, len(data), 997):  # keep page 1 (the header) so it is still SQLite
        data[i] ^= 0x5A
    sound.write_bytes(bytes(data))
    code, out = _check(sound, capsys)
    assert code == 1 and "Traceback" not in out.err and "problems found" in out.err
    assert all(line for line in out.out.splitlines())


def test_check_reports_damaged_text(sound, capsys):
    conn = sqlite3.connect(sound)
    conn.execute("UPDATE documents SET text = CAST(x'd8a7d8ff' || CAST(text AS BLOB) AS TEXT)")
    conn.commit()
    conn.close()
    code, out = _check(sound, capsys)
    assert code == 1 and "its text is damaged (not valid UTF-8)" in out.out


def test_check_finds_duplicate_spans_and_each_own_branch(sound, capsys):
    conn = sqlite3.connect(sound)
    conn.execute("""INSERT INTO spans (document_id, annotator, start, "end", label, text)
                    SELECT document_id, annotator, start, "end", label, text FROM spans WHERE id = 1""")
    conn.execute("UPDATE spans SET text = 'xyz' WHERE id = 2")
    conn.execute("UPDATE documents SET sha256 = 'abc'")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO relations (document_id, annotator, type, source, target) VALUES (1, 'A', 'CUE', 1, 999)")
    conn.commit()
    conn.close()
    code, out = _check(sound, capsys)
    text = out.out
    assert code == 1
    assert "has [0, 3) PER 2 times" in text
    assert "span 2 of A" in text and "does not match the document" in text
    assert "sha256 mismatch" in text
    assert "links spans that are missing" in text
    assert "refers to a missing spans row" in text  # SQLite's foreign_key_check


def test_check_refuses_an_empty_file_and_leaves_it(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    path.write_bytes(b"")
    for command in (
        ["check", str(path)],
        ["stats", str(path)],
        ["export", str(path), "--format", "jsonl", "--out", str(tmp_path / "x.jsonl")],
    ):
        capsys.readouterr()
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "empty (0 bytes)" in err and err.count("\n") == 1
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert main(["import", str(path), str(source)]) == 2  # never a project over it
    assert path.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "p.annotator"]


def test_check_of_a_sound_project_is_ok_and_writes_nothing(sound, capsys):
    before = sound.read_bytes()
    code, out = _check(sound, capsys)
    assert code == 0 and out.out.splitlines()[-1].startswith("ok: 1 documents, 50 spans")  # after any warnings
    assert sound.read_bytes() == before


# ---- backups -------------------------------------------------------------------------------------------


def test_backups_roll_and_restore_keeps_the_current_file(sound, capsys):
    with Project(sound) as project:
        first = backups.create(project)
        assert backups.create_if_due(project) is None  # one an hour
        doc = project.documents.list()[0]
        project.spans.add(doc.id, "A", 1, 4, "ORG")
        for _ in range(6):
            backups.create(project)
    listed = backups.list_backups(sound)
    assert len(listed) == backups.KEEP and first not in [b.path for b in listed]
    capsys.readouterr()
    assert main(["backups", str(sound)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == backups.KEEP
    # damage the project, then restore the oldest backup kept
    oldest = listed[-1].path
    with Project(sound) as project:
        project.spans.delete(project.spans.for_document(1, "A")[0].id)
        damaged_count = len(project.spans.for_document(1))
    assert main(["restore", str(sound), "--from", str(oldest)]) == 0
    out = capsys.readouterr().out
    assert "before-restore" in out
    with Project(sound) as project:
        assert len(project.spans.for_document(1)) == damaged_count + 1
        assert project.check() == []
    kept = [b.path for b in backups.list_backups(sound) if "before-restore" in b.path.name]
    with Project(kept[0]) as project:
        assert len(project.spans.for_document(1)) == damaged_count


def test_restore_over_a_file_that_no_longer_opens(sound, capsys):
    with Project(sound) as project:
        backup = backups.create(project)
    sound.write_bytes(b"")
    assert main(["restore", str(sound), "--from", str(backup)]) == 0
    with Project(sound) as project:
        assert len(project.spans.for_document(1)) == 50
    assert any("damaged" in b.path.name for b in backups.list_backups(sound))


def test_restore_refuses_a_damaged_backup(sound, tmp_path, capsys):
    bad = tmp_path / "bad.annotator"
    bad.write_bytes(b"not a database")
    before = sound.read_bytes()
    assert main(["restore", str(sound), "--from", str(bad)]) == 2
    assert "not a project backup" in capsys.readouterr().err and sound.read_bytes() == before


def test_a_window_with_the_project_open_sees_a_restore(sound):
    with Project(sound) as project:
        backup = backups.create(project)
    window = Project(sound)
    window.store.changed_elsewhere()
    with Project(sound) as other:
        other.spans.add(1, "A", 1, 4, "ORG")
    assert window.store.changed_elsewhere()
    backups.restore(sound, backup)
    assert window.store.changed_elsewhere()
    assert len(window.spans.for_document(1)) == 50
    window.close()
    shutil.rmtree(backups.folder_of(sound))


def test_an_import_against_an_active_writer_is_one_line(tmp_path, capsys, monkeypatch):
    path = tmp_path / "p.annotator"
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert main(["import", str(path), str(source)]) == 0
    monkeypatch.setattr("annotator.core.store.BUSY_TIMEOUT_MS", 100)
    writer = Project(path)
    writer.sessions.start("B")
    writer.store.conn.execute("BEGIN IMMEDIATE")
    other = tmp_path / "b.txt"
    other.write_text("نص آخر", encoding="utf-8")
    capsys.readouterr()
    try:
        assert main(["import", str(path), str(other)]) == 1
    finally:
        writer.store.conn.execute("ROLLBACK")
        writer.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "busy: the window of annotator B" in err and "OperationalError" not in err
