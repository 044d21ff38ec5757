"""Opening a project made by an older annotator to write brings it up to date (issue 27): it counts its
tokens again (another tokenizer) and builds its search index (missing, or made by other rules), telling the
`progress` given to `Project` as it goes, to the same counts and index a fresh build gives. A project with
nothing to do tells nothing. On a file, and on a PostgreSQL server when the tests have one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotator.core import project as project_module
from annotator.core import search_index, tokens
from annotator.core.model import AnnotatedDocument
from annotator.core.project import COUNTING_TOKENS, Project
from annotator.core.store.search import BUILDING_INDEX

TEXTS = [f"قال الوزير {i} إن غزة ولواشنطن حق، والمتحدث بالقاهرة: «نعم» " * (1 + i % 3) for i in range(22)]


class Recorder:
    def __init__(self) -> None:
        self.reports: list[tuple[int, int, str]] = []

    def report(self, done: int, total: int, what: str) -> None:
        self.reports.append((done, total, what))

    def cancelled(self) -> bool:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "old.annotator")
        return
    from postgres_databases import drop_databases, new_database

    yield new_database()
    drop_databases()


def _made(location: str) -> None:
    with Project(location) as project:
        project.import_documents([AnnotatedDocument(f"d{i:02d}", text) for i, text in enumerate(TEXTS)])


def _counts(project: Project) -> dict[int, int]:
    return dict(project.store.conn.execute("SELECT id, tokens FROM documents").fetchall())  # type: ignore[attr-defined]


def _index_rows(project: Project) -> list[tuple]:
    return [
        tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
        for row in project.store.conn.execute(  # type: ignore[attr-defined]
            "SELECT word, segment, spellings, postings FROM search_words ORDER BY word, segment"
        ).fetchall()
    ]


def _steps_of(reports: list[tuple[int, int, str]], what: str, total: int) -> list[int]:
    """The `done`s reported for `what`, checked: of `total`, never going back, ending at `total`."""
    steps = [done for done, of, said in reports if said == what]
    assert all(of == total for _, of, said in reports if said == what)
    assert steps == sorted(steps) and steps[-1] == total
    return steps


def test_counting_tokens_again_reports_its_progress_and_counts_as_a_fresh_count(location, monkeypatch):
    monkeypatch.setattr(project_module, "COUNT_BATCH", 5)
    _made(location)
    with Project(location) as project:
        fresh = _counts(project)
        assert fresh == {i: tokens.count(t) for i, t in project.store.texts_to_count()}
        with project.store.transaction():  # an older tokenizer's counts
            project.store.set_token_counts((i, n + 100) for i, n in fresh.items())
            project.store.set_setting("token_counts", "0 unicode 1.0")
    recorder = Recorder()
    with Project(location, progress=recorder) as project:
        assert _counts(project) == fresh
    steps = _steps_of(recorder.reports, COUNTING_TOKENS, len(TEXTS))
    assert steps == [0, 5, 10, 15, 20, 22]  # a report every COUNT_BATCH documents, and at the end
    assert {what for _, _, what in recorder.reports} == {COUNTING_TOKENS}  # the index was current
    again = Recorder()
    with Project(location, progress=again) as project:  # nothing left to do: nothing told
        assert _counts(project) == fresh
    assert again.reports == []


def test_building_the_search_index_reports_its_progress_and_builds_a_fresh_index(location, small_segments):
    _made(location)
    with Project(location) as project:
        fresh = _index_rows(project)
        assert fresh != []
        with project.store.transaction():  # an index made by other matching rules
            project.store.set_setting("search_index", "index 0 segment 4 older rules")
    recorder = Recorder()
    with Project(location, progress=recorder) as project:
        assert _index_rows(project) == fresh
        assert project.store.search_index_state() == (search_index.fingerprint(), len(TEXTS), len(TEXTS))
    steps = _steps_of(recorder.reports, BUILDING_INDEX, len(TEXTS))
    assert steps == [0, 3, 7, 11, 15, 19, 22]  # before each segment (ids 1-3, 4-7, ..., 20-22), and the end
    assert {what for _, _, what in recorder.reports} == {BUILDING_INDEX}  # the counts were current
    again = Recorder()
    with Project(location, progress=again):
        pass
    assert again.reports == []


def test_a_project_opened_read_only_tells_nothing_and_is_left_as_it_was(tmp_path):
    location = str(tmp_path / "old.annotator")
    _made(location)
    with Project(location) as project, project.store.transaction():
        project.store.set_setting("token_counts", "0 unicode 1.0")
    recorder = Recorder()
    with Project(location, create=False, read_only=True, progress=recorder) as project:
        assert project.store.get_setting("token_counts") == "0 unicode 1.0"
    assert recorder.reports == []


def _stale(location: str) -> None:
    with Project(location) as project, project.store.transaction():
        project.store.set_setting("token_counts", "0 unicode 1.0")


def _on_a_terminal(monkeypatch) -> None:
    """stderr (captured: patched in the test itself, where capsys has it) a terminal, the bar drawn at once."""
    from annotator import cli

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(cli.StderrProgress, "DELAY", 0.0)
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)


def test_the_command_line_draws_the_bar_while_an_old_project_is_brought_up_to_date(tmp_path, capsys, monkeypatch):
    from annotator import cli

    _on_a_terminal(monkeypatch)
    location = str(tmp_path / "old.annotator")
    _made(location)
    source = tmp_path / "a.txt"
    source.write_text("نص جديد", encoding="utf-8")
    _stale(location)
    capsys.readouterr()
    assert cli.main(["import", location, str(source)]) == 0
    assert f"{len(TEXTS)}/{len(TEXTS)} {COUNTING_TOKENS}" in capsys.readouterr().err
    other = str(tmp_path / "other.annotator")
    _made(other)
    _stale(location)
    capsys.readouterr()
    assert cli.main(["merge", location, other]) == 0
    assert f"/{len(TEXTS) + 1} {COUNTING_TOKENS}" in capsys.readouterr().err
    _stale(location)
    capsys.readouterr()
    with cli._open_existing(location):  # suggest, users, ...: every command that opens one to write
        pass
    assert f"/{len(TEXTS) + 1} {COUNTING_TOKENS}" in capsys.readouterr().err
    with cli._open_existing(location, read_only=True):
        pass
    assert capsys.readouterr().err == ""
