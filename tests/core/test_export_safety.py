"""An export writes only its own files: never over the project, never a user's file or folder."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from annotator.cli import main
from annotator.core.files import MANIFEST, atomic_file, atomic_folder, clean_stale_temporaries
from annotator.core.formats import jsonl
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord

FOLDER_FORMATS = ["brat", "hf", "xmi"]
FILE_OUTS = {"jsonl": "out.jsonl", "conll": "out.conll", "spacy": "out.jsonl", "stance": "s.csv", "quotes": "q.jsonl"}


@pytest.fixture
def proj(tmp_path):
    """proj/news.annotator with one annotated document, and a user's thesis beside it."""
    folder = tmp_path / "proj"
    folder.mkdir()
    source = tmp_path / "in.jsonl"
    text = "قال الرئيس إن إسرائيل"
    doc = AnnotatedDocument("d1", text, layers=[Layer("A", spans=[SpanRecord("T1", 14, 21, "GPE")])])
    with source.open("w", encoding="utf-8") as handle:
        jsonl.write_lines([doc], handle)
    project = folder / "news.annotator"
    assert main(["import", str(project), str(source)]) == 0
    (folder / "thesis.docx").write_bytes(b"PK\x03\x04 weeks of work")
    return project


def _snapshot(folder):
    """Every file's bytes; SQLite's -shm (shared memory of its readers) and an empty -wal are SQLite's own."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith("-shm") and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_a_folder_export_into_the_projects_folder_is_refused_even_forced(proj, capsys, fmt):
    before = _snapshot(proj.parent)
    for force in ([], ["--force"]):
        capsys.readouterr()
        assert main(["export", str(proj), "--format", fmt, "--out", str(proj.parent), *force]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "holds the open project news.annotator" in err
    assert _snapshot(proj.parent) == before


@pytest.mark.parametrize("fmt", list(FILE_OUTS))
def test_a_file_export_onto_the_project_file_is_refused_even_forced(proj, capsys, fmt):
    before = proj.read_bytes()
    assert main(["export", str(proj), "--format", fmt, "--out", str(proj), "--force"]) == 2
    assert "is the project file" in capsys.readouterr().err
    assert proj.read_bytes() == before


def test_a_file_export_never_writes_over_another_project(proj, tmp_path, capsys):
    other = tmp_path / "other.annotator"
    assert main(["import", str(other), str(tmp_path / "in.jsonl")]) == 0
    before = other.read_bytes()
    assert main(["export", str(proj), "--format", "jsonl", "--out", str(other), "--force"]) == 2
    assert "is an SQLite file" in capsys.readouterr().err and other.read_bytes() == before


@pytest.mark.parametrize("fmt", list(FILE_OUTS))
def test_a_users_file_is_refused_unless_forced(proj, capsys, fmt):
    out = proj.parent / "thesis.docx"
    assert main(["export", str(proj), "--format", fmt, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "is not an earlier" in err and "--force" in err and err.count("\n") == 1
    assert out.read_bytes() == b"PK\x03\x04 weeks of work"
    if fmt != "spacy":  # spacy would write thesis.spacy beside it: forcing is the user's call
        assert main(["export", str(proj), "--format", fmt, "--out", str(out), "--force"]) == 0
        assert out.read_bytes() != b"PK\x03\x04 weeks of work"


@pytest.mark.parametrize("fmt", list(FILE_OUTS))
def test_an_earlier_export_of_the_same_format_is_replaced(proj, tmp_path, fmt):
    out = tmp_path / FILE_OUTS[fmt]
    assert main(["export", str(proj), "--format", fmt, "--out", str(out)]) == 0
    first = out.read_bytes()
    out.write_bytes(first)  # same content, then a second export over it
    assert main(["export", str(proj), "--format", fmt, "--out", str(out)]) == 0
    assert out.read_bytes() == first


def test_a_file_export_of_another_format_is_not_replaced(proj, tmp_path, capsys):
    out = tmp_path / "data.jsonl"
    assert main(["export", str(proj), "--format", "jsonl", "--out", str(out)]) == 0
    assert main(["export", str(proj), "--format", "quotes", "--out", str(out)]) == 2
    assert "not an earlier quotes export" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_replacing_a_folder_export_removes_only_its_own_files(proj, tmp_path, fmt):
    out = tmp_path / "export"
    assert main(["export", str(proj), "--format", fmt, "--out", str(out)]) == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == fmt and set(manifest["files"]) == set(_snapshot(out)) - {MANIFEST}
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    (out / "sub").mkdir(exist_ok=True)
    (out / "sub" / "keep.md").write_text("mine too", encoding="utf-8")
    stale = out / manifest["files"][0]
    assert main(["export", str(proj), "--format", fmt, "--out", str(out)]) == 0
    after = _snapshot(out)
    assert after["my-notes.txt"] == b"mine" and after["sub/keep.md"] == b"mine too"
    assert stale.exists()  # rewritten
    assert set(after) == set(manifest["files"]) | {MANIFEST, "my-notes.txt", "sub/keep.md"}


def test_a_folder_export_of_another_format_is_refused(proj, tmp_path, capsys):
    out = tmp_path / "export"
    assert main(["export", str(proj), "--format", "brat", "--out", str(out)]) == 0
    assert main(["export", str(proj), "--format", "hf", "--out", str(out), "--force"]) == 2
    assert "holds a brat export, not hf" in capsys.readouterr().err


def test_a_foreign_folder_is_refused_unless_forced_and_then_kept(proj, tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["export", str(proj), "--format", "brat", "--out", str(out)]) == 2
    assert "not empty and is not an earlier brat export" in capsys.readouterr().err
    assert main(["export", str(proj), "--format", "brat", "--out", str(out), "--force"]) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine" and (out / "d1.ann").exists()


def test_an_empty_folder_is_fine(proj, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["export", str(proj), "--format", "brat", "--out", str(out)]) == 0
    assert (out / "d1.ann").exists()


def test_a_failed_folder_export_leaves_the_old_one_whole(tmp_path):
    out = tmp_path / "export"
    with atomic_folder(out, "brat") as tmp:
        (tmp / "a.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_folder(out, "brat") as tmp:
        (tmp / "a.txt").write_text("new", encoding="utf-8")
        raise RuntimeError("disk full")
    assert (out / "a.txt").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


def test_temporaries_of_a_killed_export_are_cleaned_up_by_the_next(tmp_path):
    out = tmp_path / "out.jsonl"
    script = textwrap.dedent(f"""
        import os, sys, time
        from annotator.core.files import atomic_file, atomic_folder
        with atomic_folder({str(tmp_path / "folder")!r}, "brat") as tmp, atomic_file({str(out)!r}) as handle:
            handle.write("partial")
            print("ready", flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) == 2 and all(".annotator-tmp-" in name for name in left)
    # a running writer's temporaries are not touched
    assert clean_stale_temporaries(out) == [] and clean_stale_temporaries(tmp_path / "folder") == []
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with atomic_file(out) as handle:
        handle.write("whole")
    with atomic_folder(tmp_path / "folder", "brat") as tmp:
        (tmp / "x.ann").write_text("", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "out.jsonl"]


def test_exports_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        with atomic_file(tmp_path / "a.csv") as handle:
            handle.write("x")
        with atomic_folder(tmp_path / "f", "hf") as tmp:
            (tmp / "x").write_text("x", encoding="utf-8")
    finally:
        os.umask(old)
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "f").stat().st_mode & 0o777 == 0o755


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(x) for x in handle.read().split()]
    except OSError:
        return []


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_export_workers_die_with_their_parent(tmp_path):
    script = textwrap.dedent("""
        import time
        from annotator.core.formats import workers
        def slow(chunk):
            time.sleep(60)
            return len(chunk)
        workers.PARALLEL_FROM, workers.CHUNK = 2, 1
        print("start", flush=True)
        workers.in_chunks(range(4), slow)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "start"
    deadline = time.monotonic() + 30
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    kids = _children(proc.pid)
    assert len(kids) >= 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(k) for k in kids)
