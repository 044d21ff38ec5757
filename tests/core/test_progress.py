"""One progress protocol (issue 28, item 4): import, export, merge, agreement, check and rescue report to the
core's `Progress` (core/progress.py) with steps that only go forward and end at their total, and stop with the
one `Cancelled` when it says so: an import or a merge then leaves the project as it was, an export or a
rescue leaves no file. The command line's bar is drawn on a terminal only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from annotator import cli
from annotator.core.agreement import Cancelled as AgreementCancelled
from annotator.core.agreement import compute
from annotator.core.exporting import export
from annotator.core.importing import import_files
from annotator.core.merging import merge
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.progress import NO_PROGRESS, Cancelled, Within, checkpoint
from annotator.core.project import CHECKING, LOOKING_AT_EDGES, Project

TEXT = "قال الرئيس إن الوفد لن يسافر إلى بيروت"


class Recorder:
    """A Progress that remembers every step, and says cancelled once it has seen `cancel_after` of them."""

    def __init__(self, cancel_after: int | None = None):
        self.steps: list[tuple[int, int, str]] = []
        self.cancel_after = cancel_after

    def report(self, done: int, total: int, what: str) -> None:
        self.steps.append((done, total, what))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.steps) >= self.cancel_after


def assert_forward_to_the_end(steps: list[tuple[int, int, str]]) -> None:
    assert steps
    assert all(0 <= done <= total for done, total, _ in steps), steps
    shares = [done / total for done, total, _ in steps]
    assert shares == sorted(shares), steps
    done, total, _ = steps[-1]
    assert done == total > 0, steps


def _documents(n: int, annotators: str = "AB", prefix: str = "d") -> list[AnnotatedDocument]:
    return [
        AnnotatedDocument(
            f"{prefix}{i:03d}",
            f"{TEXT} {i}",
            layers=[Layer(who, spans=[SpanRecord("T1", 4, 10, "PER")], status="done") for who in annotators],
        )
        for i in range(n)
    ]


def _state(path: Path) -> tuple:
    """What a cancelled import or merge must leave as it was."""
    with Project(path, read_only=True) as project:
        return (
            [d.name for d in project.documents.list()],
            project.annotators.list(),
            project.schema.get(),
            project.stats()["spans"],
            len(project.history.records_of("A")) if "A" in project.annotators.list() else 0,
        )


# ---- the protocol ------------------------------------------------------------------------------------------
def test_the_null_progress_and_a_checkpoint():
    NO_PROGRESS.report(1, 2, "anything")
    assert NO_PROGRESS.cancelled() is False
    seen = Recorder()
    checkpoint(seen, 1, 3, "one")
    assert seen.steps == [(1, 3, "one")]
    with pytest.raises(Cancelled):
        checkpoint(Recorder(cancel_after=0), 0, 1, "never reported")
    assert Cancelled is AgreementCancelled  # one exception, whatever the work


def test_within_puts_a_part_of_the_work_in_its_share_of_one_bar():
    seen = Recorder()
    Within(seen, 1, 3, 4).report(1, 2, "half of the part")
    Within(seen, 1, 3, 4).report(5, 0, "a part that knows no total")
    assert seen.steps == [(2, 4, "half of the part"), (1, 4, "a part that knows no total")]
    assert Within(Recorder(cancel_after=0), 0, 1, 1).cancelled()


# ---- import ------------------------------------------------------------------------------------------------
@pytest.fixture
def texts(tmp_path) -> list[Path]:
    paths = []
    for i in range(3):
        path = tmp_path / f"news{i}.txt"
        path.write_text(f"{TEXT} {i}", encoding="utf-8")
        paths.append(path)
    return paths


def test_import_reports_each_file_then_the_writing(tmp_path, texts):
    seen = Recorder()
    report = import_files(texts, lambda: Project(tmp_path / "p.annotator"), progress=seen)
    assert report.documents_added == 3
    assert_forward_to_the_end(seen.steps)
    assert [what for _, _, what in seen.steps] == [
        "reading news0.txt",
        "reading news1.txt",
        "reading news2.txt",
        "writing 3 documents to the project",
        "imported",
    ]
    assert {total for _, total, _ in seen.steps} == {4}


def test_a_cancelled_import_leaves_the_project_as_it_was(tmp_path, texts):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents(_documents(2))
    before = _state(path)
    for cancel_after in (1, 3):  # while reading, and just before the writing
        with pytest.raises(Cancelled):
            import_files(texts, lambda: Project(path), progress=Recorder(cancel_after))
        assert _state(path) == before
    opened = []
    with pytest.raises(Cancelled):  # a project that is not there yet is not made
        import_files(
            texts, lambda: opened.append(1) or Project(tmp_path / "new.annotator"), progress=Recorder(cancel_after=2)
        )
    assert opened == [] and not (tmp_path / "new.annotator").exists()


# ---- export ------------------------------------------------------------------------------------------------
def test_export_reports_each_document(project, tmp_path):
    project.import_documents(_documents(5))
    seen = Recorder()
    result = export(project, "jsonl", tmp_path / "out.jsonl", progress=seen)
    assert result.documents == 5
    assert_forward_to_the_end(seen.steps)
    assert seen.steps[0] == (0, 5, "writing d000") and seen.steps[-1] == (5, 5, "written")


@pytest.mark.parametrize("fmt,out", [("jsonl", "out.jsonl"), ("conll", "out.conll"), ("brat", "brat-folder")])
def test_a_cancelled_export_writes_nothing(project, tmp_path, fmt, out):
    project.import_documents(_documents(5))
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(Cancelled):
        export(project, fmt, folder / out, annotators=["A"], progress=Recorder(cancel_after=3))
    assert list(folder.iterdir()) == []


# ---- merge -------------------------------------------------------------------------------------------------
@pytest.fixture
def others(tmp_path) -> list[Path]:
    paths = []
    for who in "BC":
        path = tmp_path / f"{who}.annotator"
        with Project(path) as other:
            other.import_documents(_documents(3, annotators=who, prefix=who))
        paths.append(path)
    return paths


def test_merge_reports_each_file_then_the_writing(tmp_path, others):
    seen = Recorder()
    with Project(tmp_path / "mine.annotator") as project:
        report = merge(project, others, progress=seen)
    assert report.annotators_merged == ["B", "C"]
    assert_forward_to_the_end(seen.steps)
    assert [what for _, _, what in seen.steps] == [
        "reading B.annotator",
        "reading C.annotator",
        "writing 6 documents to the project",
        "merged",
    ]


@pytest.mark.parametrize("cancel_after", [1, 2])
def test_a_cancelled_merge_leaves_the_project_as_it_was(tmp_path, others, cancel_after):
    path = tmp_path / "mine.annotator"
    with Project(path) as project:
        project.import_documents(_documents(2, annotators="A"))
    before = _state(path)
    with Project(path) as project, pytest.raises(Cancelled):
        merge(project, others, progress=Recorder(cancel_after))
    assert _state(path) == before


# ---- agreement ---------------------------------------------------------------------------------------------
def test_agreement_reports_every_hundred_documents_and_the_end(project):
    project.import_documents(_documents(250))
    seen = Recorder()
    report = compute(project, ["A", "B"], progress=seen)
    assert report.documents == 250
    assert_forward_to_the_end(seen.steps)
    assert [(done, total) for done, total, _ in seen.steps] == [(100, 250), (200, 250), (250, 250)]
    with pytest.raises(Cancelled):
        compute(project, ["A", "B"], progress=Recorder(cancel_after=1))


def test_agreement_in_worker_processes_reports_per_share(project, monkeypatch):
    from annotator.core.agreement import parallel

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    if not parallel.worth_workers(250):
        pytest.skip("no worker processes here (one core, or no fork)")
    project.import_documents(_documents(250))
    seen = Recorder()
    assert compute(project, ["A", "B"], progress=seen).documents == 250
    assert_forward_to_the_end(seen.steps)
    assert seen.steps[-1][:2] == (250, 250) and len(seen.steps) >= 2
    with pytest.raises(Cancelled):
        compute(project, ["A", "B"], progress=Recorder(cancel_after=1))


# ---- check -------------------------------------------------------------------------------------------------
def test_check_and_its_warnings_report_as_one_bar(project):
    project.import_documents(_documents(3))
    seen = Recorder()
    with Project.for_check(project.path) as checked:
        assert checked.check(Within(seen, 0, 1, 2)) == []
        checked.warnings(Within(seen, 1, 2, 2))
    assert_forward_to_the_end(seen.steps)
    assert seen.steps == [(0, 2, CHECKING), (1, 2, "checked"), (1, 2, LOOKING_AT_EDGES), (2, 2, "checked")]


def test_a_cancelled_check_stops_at_its_next_step(project):
    project.import_documents(_documents(3))
    with Project.for_check(project.path) as checked:
        with pytest.raises(Cancelled):
            checked.check(Recorder(cancel_after=0))
        seen = Recorder(cancel_after=2)  # cancelled once the check is done: the warnings do not start
        checked.check(Within(seen, 0, 1, 2))
        with pytest.raises(Cancelled):
            checked.warnings(Within(seen, 1, 2, 2))
        assert [what for _, _, what in seen.steps] == [CHECKING, "checked"]


# ---- rescue ------------------------------------------------------------------------------------------------
def test_rescue_reports_each_table(project, tmp_path):
    from annotator.core.store.rescue import STEPS, TABLES

    project.import_documents(_documents(3))
    seen = Recorder()
    Project.rescue(project.path, tmp_path / "rescued.annotator", seen)
    assert_forward_to_the_end(seen.steps)
    assert seen.steps[-1][:2] == (STEPS, STEPS)
    assert [what for _, _, what in seen.steps if what.startswith("rescuing ")] == [f"rescuing {t}" for t in TABLES]


def test_a_cancelled_rescue_leaves_no_file(project, tmp_path):
    project.import_documents(_documents(3))
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        Project.rescue(project.path, folder / "rescued.annotator", Recorder(cancel_after=4))
    assert list(folder.iterdir()) == []


# ---- the command line's bar --------------------------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_on_a_terminal_once_the_work_is_long(monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    now = [0.0]
    stream = Terminal()
    with cli.StderrProgress(stream, clock=lambda: now[0]) as bar:
        bar.report(1, 10, "reading a.txt")  # quick so far: nothing
        assert stream.getvalue() == ""
        now[0] = 1.0
        bar.report(5, 10, "reading b.txt")
        assert stream.getvalue().startswith("\r[" + "#" * 12 + "-" * 12 + "]  50% 5/10 reading b.txt")
        assert bar.cancelled() is False
    assert stream.getvalue().endswith("\r")  # the line wiped for what the command prints next
    assert stream.getvalue().rsplit("\r", 2)[-2].strip() == ""


def test_no_bar_into_a_pipe_or_a_dumb_terminal(monkeypatch):
    pipe = io.StringIO()
    with cli.StderrProgress(pipe, clock=lambda: 100.0) as bar:
        bar.report(5, 10, "reading b.txt")
    assert pipe.getvalue() == ""
    monkeypatch.setenv("TERM", "dumb")
    dumb = Terminal()
    with cli.StderrProgress(dumb, clock=lambda: 100.0) as bar:
        bar.report(5, 10, "reading b.txt")
    assert dumb.getvalue() == ""


def _export_through_the_cli(path: Path, out: Path, capsys) -> tuple[int, str, str]:
    code = cli.main(["export", str(path), "--format", "jsonl", "--out", str(out), "--force"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_command_draws_the_bar_on_a_terminal_and_prints_the_same(project, tmp_path, capsys, monkeypatch):
    project.import_documents(_documents(3))
    out = tmp_path / "out.jsonl"
    plain = _export_through_the_cli(project.path, out, capsys)
    assert plain[0] == 0 and plain[2] == ""  # not a terminal: not one byte more
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(cli.StderrProgress, "DELAY", 0.0)
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    code, printed, err = _export_through_the_cli(project.path, out, capsys)
    assert (code, printed) == plain[:2]
    assert err.startswith("\r[") and "/3 writing d000" in err and err.endswith("\r")


def test_a_check_reports_its_document_pass_and_stops_inside_it(tmp_path, monkeypatch):
    from annotator.core import checking

    monkeypatch.setattr(checking, "CHECK_STEP", 2)
    docs = _documents(7)
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(docs)
        seen = Recorder()
        assert project.check(seen) == []
        assert [done for done, _, _ in seen.steps] == [0, 2, 4, 6, 7]
        assert {total for _, total, _ in seen.steps} == {7}

        class StopInside(Recorder):
            def cancelled(self):
                return len(self.steps) >= 2  # after the start and the first step of the pass

        with pytest.raises(Cancelled):
            project.check(StopInside())
