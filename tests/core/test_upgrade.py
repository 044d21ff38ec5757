"""A project made by an older annotator, read by a command that only reads: the command works, says in one
line what is out of date and what that costs it, and `annotator upgrade` brings the project up to date
(format, search index, token counts) as the window does when it opens it; a project up to date is noted
nothing and left alone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from older_projects import older_format

from annotator.cli import main
from annotator.core import backups, store
from annotator.core.project import Project
from annotator.core.search import SearchIndex
from annotator.core.store.tables import SCHEMA_VERSION

TEXT = "قال الرئيس اللبناني في بيروت إن الاتفاق قريب"


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "news.annotator"
    with Project(path) as p:
        doc = p.documents.add("d1", TEXT)
        p.spans.add(doc.id, "A", 4, 10, "PER")
        p.spans.add(doc.id, "B", 4, 10, "PER")
    return path


def _set(path: Path | str, key: str, value: str) -> None:
    with Project(path) as p, p.store.transaction():
        p.store.set_setting(key, value)


def _files(path: Path) -> tuple[bytes, bytes]:
    wal = Path(f"{path}-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def test_a_search_without_a_current_index_says_so_and_upgrade_builds_the_index(project, capsys):
    _set(project, "search_index", "index 0 made by other rules")
    before = _files(project)
    assert main(["search", str(project), "بيروت", "--json"]) == 0
    out, err = capsys.readouterr()
    assert '"start": 23' in out  # the hit, found by reading the document
    assert err.count("\n") == 1 and "is out of date: its search index is missing" in err
    assert f"`annotator upgrade {project}`" in err
    assert _files(project) == before  # the search read only
    assert main(["upgrade", str(project)]) == 0
    assert capsys.readouterr().out == f"{project}: brought up to date (search index)\n"
    with Project(project, read_only=True) as p:
        assert SearchIndex(p).is_current() and p.out_of_date() == {}
    assert main(["search", str(project), "بيروت", "--json"]) == 0
    assert capsys.readouterr().err == ""
    before = _files(project)
    assert main(["upgrade", str(project)]) == 0
    assert capsys.readouterr().out == f"{project}: up to date; nothing to do\n"
    assert _files(project) == before


def test_each_command_is_told_only_what_costs_it(project, capsys):
    _set(project, "token_counts", '"0 unicode 1.0"')
    assert main(["search", str(project), "بيروت"]) == 0
    assert capsys.readouterr().err == ""  # search does not read token counts
    assert main(["agreement", str(project), "--json"]) == 0
    assert "its token counts were made by another tokenizer" in capsys.readouterr().err
    assert main(["upgrade", str(project)]) == 0
    assert capsys.readouterr().out == f"{project}: brought up to date (token counts)\n"
    assert main(["agreement", str(project), "--json"]) == 0
    assert capsys.readouterr().err == ""


def _older_format(path: Path) -> Path:
    return older_format(path, TEXT)


def _content(path: Path) -> tuple[int, list[str]]:
    with sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as conn:
        found = conn.execute("PRAGMA user_version").fetchone()[0], list(conn.iterdump())
    conn.close()
    return found


def test_a_file_of_an_older_format_is_noted_by_every_reader_and_upgraded_in_place(tmp_path, capsys):
    path = _older_format(tmp_path / "old.annotator")
    assert main(["stats", str(path)]) == 0
    err = capsys.readouterr().err
    assert "is out of date: its file is of an older format (read from a copy of it in memory)" in err
    assert main(["upgrade", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: brought up to date (format, search index, token counts)\n"
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()
    assert main(["stats", str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_an_upgrade_that_could_not_write_says_so_in_one_line(project, capsys, monkeypatch):
    _set(project, "search_index", "index 0 made by other rules")
    monkeypatch.setattr(SearchIndex, "bring_up_to_date", lambda self, progress=None: None)  # as when locked
    assert main(["upgrade", str(project)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not brought up to date (its search index is missing" in err
    assert "another program may be writing it" in err


def test_upgrade_of_what_is_no_project_is_refused(tmp_path, capsys):
    assert main(["upgrade", str(tmp_path / "missing.annotator")]) == 2
    assert "no such project" in capsys.readouterr().err
    assert not (tmp_path / "missing.annotator").exists()


def test_a_server_project_is_noted_and_upgraded_the_same_way(capsys):
    from postgres_databases import drop_databases, new_database

    url = new_database()
    try:
        with Project(url) as p:
            p.documents.add("d1", TEXT)
        _set(url, "search_index", "index 0 made by other rules")
        given = url.replace("@", ":not-for-the-screen@", 1)  # a password in the URL is never printed
        assert main(["search", given, "بيروت"]) == 0
        err = capsys.readouterr().err
        assert "is out of date: its search index is missing" in err and "not-for-the-screen" not in err
        assert main(["upgrade", given]) == 0
        assert capsys.readouterr().out == f"{url}: brought up to date (search index)\n"
        assert main(["search", url, "بيروت"]) == 0
        assert capsys.readouterr().err == ""
    finally:
        drop_databases()


def test_upgrading_a_file_format_keeps_the_project_as_it_was_and_says_where(tmp_path, capsys):
    path = _older_format(tmp_path / "old.annotator")
    before = _content(path)
    assert main(["upgrade", str(path)]) == 0
    kept = list(backups.folder_of(path).glob("*-before-upgrade.annotator"))
    assert len(kept) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the older annotator cannot open" in err and f"kept in {kept[0]}" in err
    assert _content(kept[0]) == before  # every row, and the older format's version, as they were
    assert _content(path)[0] == SCHEMA_VERSION
    for _ in range(backups.KEEP + 1):  # rolling backups come and go; this one stays
        with Project(path) as p:
            backups.create(p)
    assert list(backups.folder_of(path).glob("*-before-upgrade.annotator")) == kept
    with Project(path) as p:  # of this format now: no other copy
        assert p.kept_before_upgrade is None
    assert main(["import", str(path), str(_interchange(tmp_path))]) == 0
    assert "older annotator" not in capsys.readouterr().err
    assert list(backups.folder_of(path).glob("*-before-upgrade.annotator")) == kept


def _interchange(tmp_path: Path) -> Path:
    source = tmp_path / "more.jsonl"
    source.write_text(json.dumps({"name": "d2", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    return source


def test_every_command_that_upgrades_a_file_says_so(tmp_path, capsys):
    other = tmp_path / "other.annotator"
    with Project(other) as p:
        p.documents.add("d3", TEXT)
    commands = (
        ["demo", "--no-gui", "--project", "{path}"],
        ["import", "{path}", str(_interchange(tmp_path))],
        ["merge", "{path}", str(other)],
        ["suggest", "{path}", "--annotator", "A"],
    )
    for command in commands:
        path = _older_format(tmp_path / f"{command[0]}.annotator")
        if command[0] == "demo":  # a demo project an older annotator made
            with sqlite3.connect(path) as raw:
                raw.execute("INSERT INTO settings (key, value_json) VALUES ('demo_project', 'true')")
            raw.close()
        code = main([part.format(path=path) for part in command])
        err = capsys.readouterr().err
        assert code == 0, err
        assert "is now of this one's" in err and "-before-upgrade.annotator" in err


def test_a_file_whose_copy_cannot_be_kept_is_not_upgraded(tmp_path, capsys):
    path = _older_format(tmp_path / "old.annotator")
    before = _content(path)
    backups.folder_of(path).write_text("a file where the backups folder would go")
    assert main(["upgrade", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not be kept" in err and "Nothing was changed" in err
    assert _content(path) == before  # of the older format still, every row as it was
    assert list(tmp_path.glob("**/*.partial")) == []


def test_a_file_another_program_upgraded_meanwhile_is_not_kept_as_if_older(tmp_path, monkeypatch):
    path = _older_format(tmp_path / "old.annotator")
    real = store.Store.backup_to

    def upgraded_first(self, target, *progress):  # another program upgrades the file between look and copy
        with sqlite3.connect(path) as other:
            other.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        other.close()
        real(self, target, *progress)

    monkeypatch.setattr(store.Store, "backup_to", upgraded_first)
    with Project(path) as p:
        assert p.kept_before_upgrade is None
    assert list(backups.folder_of(path).glob("*")) == []  # (no folder, or an empty one)


def test_the_copy_before_an_upgrade_tells_its_progress(tmp_path, monkeypatch):
    from annotator.core.project import KEEPING_COPY

    monkeypatch.setattr(store, "COPY_PAGES", 1)
    path = _older_format(tmp_path / "old.annotator")
    reports: list[tuple[int, int, str]] = []

    class Recorder:
        def report(self, done: int, total: int, what: str) -> None:
            reports.append((done, total, what))

        def cancelled(self) -> bool:
            return False

    with Project(path, progress=Recorder()) as p:
        assert p.kept_before_upgrade is not None
    copying = [(done, total) for done, total, what in reports if what == KEEPING_COPY]
    pages = copying[-1][1]
    assert pages > 1 and [done for done, _ in copying] == list(range(1, pages + 1))  # a page at a time, to the end


def test_a_rolling_backup_is_one_read_of_the_file(tmp_path):
    # step by step, a copy starts again whenever another connection writes between two steps: the window's
    # hourly copy of a project being labelled could never end, so only the copy told of (above) has steps
    with Project(tmp_path / "p.annotator") as p:
        real, calls = p.store.conn, []

        class Spy:
            def __getattr__(self, name):
                return getattr(real, name)

            def backup(self, *args, **kwargs):
                calls.append(kwargs)
                return real.backup(*args, **kwargs)

        p.store.conn = Spy()
        try:
            backups.create(p)
        finally:
            p.store.conn = real
    assert calls == [{}]


def test_a_folder_named_with_uri_characters_keeps_and_restores_the_real_files(tmp_path):
    # SQLite reads "file:" + path as a URI: a `#` in a folder's name cut the path there (an empty database
    # made at its stem was copied or restored instead), a `?` started its parameters
    folder = tmp_path / "news #2 ?draft %3F"
    folder.mkdir()
    path = _older_format(folder / "old.annotator")
    before = _content(path)
    with Project(path) as p:
        kept = p.kept_before_upgrade
    assert kept is not None and _content(kept) == before
    assert backups.restore(path, kept)  # back to the file as it was: its one document, not an empty file
    assert _content(path) == before
    assert [c.name for c in tmp_path.iterdir()] == [folder.name]  # nothing made beside, at a cut path
