"""`annotator rescue DAMAGED --out NEW`: what can still be read of a damaged project comes across, the
damaged file is only read, and the report says per table what was lost (issue 22, item 1)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord
from annotator.core.project import Project

WORDS = "قال الرئيس اللبناني في بيروت إن الاتفاق قريب وأكد الوزير أن المحادثات مستمرة".split()  # noqa: SIM905


def _documents(n: int, seed: int = 1) -> list[AnnotatedDocument]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        tokens = [rng.choice(WORDS) for _ in range(200)]
        starts = [sum(len(t) + 1 for t in tokens[:k]) for k in range(len(tokens))]
        layers = []
        for who in "AB":
            spans = [SpanRecord(f"T{k}", starts[k], starts[k] + len(tokens[k]), "PER") for k in range(0, 200, 8)]
            spans.append(SpanRecord("Q", starts[1], starts[6], "QUOTE", {"kind": "direct"}))
            layers.append(
                Layer(
                    who,
                    spans=spans,
                    relations=[RelationRecord("SPEAKER", "Q", "T0")],
                    doc_labels=[DocLabelRecord("stance", "إسرائيل", "AGAINST")],
                    status="done",
                )
            )
        docs.append(AnnotatedDocument(f"d{i:04d}", " ".join(tokens), layers=layers))
    return docs


@pytest.fixture
def sound(tmp_path) -> Path:
    path = tmp_path / "sound.annotator"
    with Project(path) as project:
        project.import_documents(_documents(300))
        doc = project.documents.by_name("d0000")
        project.spans.add(doc.id, "A", 0, 3, "ORG")  # a history event the rescued project can undo
    return path


def _pages_of(path: Path, table: str, kind: str) -> list[int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ?", (table, kind)).fetchall()
    conn.close()
    return [r[0] for r in rows]


def _damage(source: Path, target: Path, pages: list[int], how: str = "zeros") -> None:
    data = bytearray(source.read_bytes())
    rng = random.Random(7)
    for page in pages:
        at = (page - 1) * 4096
        data[at : at + 4096] = bytes(4096) if how == "zeros" else bytes(rng.randrange(256) for _ in range(4096))
    target.write_bytes(bytes(data))


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        n = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    conn.close()
    return n


@pytest.mark.parametrize("how", ["zeros", "random"])
def test_a_damaged_page_of_spans_loses_no_span(sound, tmp_path, how, capsys):
    """A page of the spans table overwritten: its spans come back from the index that holds every column of
    a span but its text (a separate tree), the text from their document; everything else is there."""
    damaged, new = tmp_path / "damaged.annotator", tmp_path / "new.annotator"
    leaf = _pages_of(sound, "spans", "leaf")
    _damage(sound, damaged, [leaf[len(leaf) // 2]], how)
    before = damaged.read_bytes()
    assert main(["check", str(damaged)]) == 1  # check sees the damage
    capsys.readouterr()
    assert main(["rescue", str(damaged), "--out", str(new)]) == 0
    out = capsys.readouterr().out
    assert "spans:" in out and "damaged.annotator was only read" in out
    assert damaged.read_bytes() == before  # only read
    for table in ("documents", "spans", "relations", "doc_labels", "status", "events"):
        assert _count(new, table) == _count(sound, table), table
    assert main(["check", str(new)]) == 0
    with Project(new) as project:  # ids kept: the history still undoes the right row
        doc = project.documents.by_name("d0000")
        assert any(s.label == "ORG" for s in project.spans.for_document(doc.id, "A"))
        project.history.undo("A")
        assert not any(s.label == "ORG" for s in project.spans.for_document(doc.id, "A"))


def test_a_damaged_page_of_documents_loses_only_the_documents_on_it(sound, tmp_path, capsys):
    damaged, new = tmp_path / "damaged.annotator", tmp_path / "new.annotator"
    leaf = _pages_of(sound, "documents", "leaf")
    _damage(sound, damaged, [leaf[len(leaf) // 2]])
    with sqlite3.connect(f"file:{damaged}?mode=ro", uri=True) as conn:  # what is still readable, row by row
        readable = set()
        for doc_id in range(1, 301):
            try:
                if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                    readable.add(doc_id)
            except sqlite3.DatabaseError:
                pass
    conn.close()
    assert 0 < len(readable) < 300
    assert main(["rescue", str(damaged), "--out", str(new)]) == 0
    out = capsys.readouterr().out
    assert f"documents: {len(readable)} rescued; up to" in out
    with Project(new, read_only=True) as project:
        rescued = {d.id for d in project.documents.list()}
        assert rescued == readable  # every document not on the hit page
        spans = project.stats()["spans"]
    with sqlite3.connect(f"file:{sound}?mode=ro", uri=True) as conn:
        expected = sum(
            conn.execute("SELECT count(*) FROM spans WHERE document_id = ?", (i,)).fetchone()[0] for i in readable
        )
    conn.close()
    assert spans == expected  # and every span of them
    assert main(["check", str(new)]) == 0


def test_rescue_never_writes_over_anything(sound, tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_text("mine", encoding="utf-8")
    for out in (sound, other, tmp_path / "sub" / ".." / "sound.annotator"):
        assert main(["rescue", str(sound), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and any(w in err for w in ("already exists", "SQLite file", "through '..'"))
    os.mkfifo(tmp_path / "fifo")
    assert main(["rescue", str(sound), "--out", str(tmp_path / "fifo")]) == 2
    assert stat.S_ISFIFO((tmp_path / "fifo").lstat().st_mode)
    assert other.read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir() if "annotator-tmp" in p.name] == []


def test_sqlite_own_recovery_is_used_where_its_program_is_installed(sound, tmp_path, monkeypatch, capsys):
    """With its first page gone (no table of contents), the file can only be read by SQLite's own recovery,
    run as `sqlite3 DAMAGED .recover`. Here a stand-in program prints what such a recovery prints."""
    damaged, new = tmp_path / "damaged.annotator", tmp_path / "new.annotator"
    _damage(sound, damaged, [1])
    real = shutil.which("sqlite3")
    if real is None:
        pytest.skip("the stand-in runs the sqlite3 program's .dump of a sound copy")
    with Project(tmp_path / "copy.annotator") as source:  # what the recovery finds: here, three documents
        source.import_documents(_documents(3))
    program = tmp_path / "bin" / "sqlite3"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nexec {real} "{tmp_path / "copy.annotator"}" .dump\n', encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{program.parent}{os.pathsep}{os.environ['PATH']}")
    assert main(["rescue", str(damaged), "--out", str(new)]) == 0
    out = capsys.readouterr().out
    assert "through SQLite's own recovery" in out
    with Project(new, read_only=True) as project:
        assert project.documents.count() == 3
