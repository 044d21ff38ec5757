"""Every importer under hypothesis: whatever the input, `annotator import` ends in a clean import or a
one-line InputError, never another exception, never a partial import (a refused import leaves the
project exactly as it was), and within a time bound (the hypothesis deadline).

The default run tries 120 inputs per importer (60 for XMI, the slowest), half structured, half raw
(fuzz_inputs.py); the slow run (`python -m pytest -m fuzz`, deselected by default) tries 10,000 per
importer. ANNOTATOR_FUZZ_QUICK / ANNOTATOR_FUZZ_SLOW change the counts (per importer and kind).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from datetime import timedelta
from pathlib import Path

import pytest
from format_fixtures import DATA, NAMES, TRICKY_NAMES, annotate
from fuzz_inputs import STRUCTURED, fixture_files, raw_inputs
from hypothesis import HealthCheck, given, settings

from annotator.cli import build_parser, main
from annotator.core.demo import demo_documents
from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project

FORMATS = ["txt", "jsonl", "spacy", "conll", "brat", "xmi"]
# inputs per importer and kind (structured, raw): the default run stays within ~20 s (XMI costs the most:
# cassis merges the type systems for every import); the slow run is `pytest -m fuzz`
QUICK = int(os.environ.get("ANNOTATOR_FUZZ_QUICK", "60"))
SLOW = int(os.environ.get("ANNOTATOR_FUZZ_SLOW", "5000"))
DEADLINE = timedelta(seconds=5)  # generous on a busy machine; a hang or a quadratic blow-up exceeds it
RUNS = [pytest.param(QUICK, id="quick"), pytest.param(SLOW, id="slow", marks=pytest.mark.fuzz)]


def _examples(fmt: str, examples: int) -> int:
    return max(examples // 2, 1) if fmt == "xmi" and examples == QUICK else examples


class Workspace:
    """A project holding one document, and a folder where each input is written. After a clean import
    the project is restored from its template, so every input meets the same project."""

    def __init__(self, root: Path):
        self.root = root
        self.template = root / "template.annotator"
        with Project(self.template) as project:
            project.import_documents(
                [annotate(AnnotatedDocument("already", (DATA / "tricky.txt").read_text()), TRICKY_NAMES, annotator="Z")]
            )
            self.snapshot = _snapshot(project)
        self.project = root / "p.annotator"
        self.restore()

    def restore(self) -> None:
        for suffix in ("-wal", "-shm"):
            Path(str(self.project) + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.template, self.project)

    def write(self, fmt: str, files: dict[str, bytes]) -> Path:
        target = self.root / "input"
        shutil.rmtree(target, ignore_errors=True)
        if "" in files:
            target.mkdir()
            path = target / {"txt": "in.txt", "conll": "in.conll"}.get(fmt, "in.jsonl")
            path.write_bytes(files[""])
            return path
        for name, data in files.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
        return target


def _snapshot(project: Project):
    return project.stats(), project.schema.get(), project.annotators.list()


PARSER = build_parser()  # built once: building it costs more than most imports


def attempt(space: Workspace, fmt: str, files: dict[str, bytes]) -> None:
    """Import the input as `annotator --debug import` does (every exception comes out); a refusal must
    be one line and change nothing."""
    path = space.write(fmt, files)
    argv = ["import", str(space.project), str(path), "--format", fmt]
    if fmt not in ("txt", "jsonl"):
        argv += ["--annotator", "A"]
    args = PARSER.parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cassis warns about lenient reading
        try:
            assert args.func(args) == 0
        except InputError as exc:
            message = str(exc)
            assert message and "\n" not in message and "\r" not in message, repr(message)
            with Project(space.project, create=False) as project:
                assert _snapshot(project) == space.snapshot, "a refused import changed the project"
            return
    space.restore()


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The real export of two annotated articles (the tricky lines and a news article) per format."""
    folder = tmp_path_factory.mktemp("fuzz-fixtures")
    docs = [
        annotate(AnnotatedDocument("tricky", (DATA / "tricky.txt").read_text()), TRICKY_NAMES),
        annotate(demo_documents()[2], NAMES),
    ]
    return {fmt: fixture_files(docs, fmt, folder) for fmt in FORMATS}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """In memory where the system has a tmpfs: a clean import syncs the project to disk, which on a
    real disk costs more than the import itself."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield Workspace(tmp_path_factory.mktemp("fuzz"))
        return
    root = Path(tempfile.mkdtemp(dir=shm, prefix="annotator-fuzz-"))
    try:
        yield Workspace(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(space: Workspace, fmt: str, valid: dict[str, bytes], strategy, examples: int) -> None:
    attempt(space, fmt, valid)  # warm up (imports of cassis and friends) before the deadline counts

    @settings(
        max_examples=examples,
        deadline=DEADLINE,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )
    @given(strategy)
    def run(files):
        attempt(space, fmt, files)

    run()


@pytest.mark.parametrize("examples", RUNS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_structured_inputs(fmt, examples, fixtures, workspace):
    _run(workspace, fmt, fixtures[fmt], STRUCTURED[fmt](fixtures[fmt]), _examples(fmt, examples))


@pytest.mark.parametrize("examples", RUNS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_raw_byte_mutations(fmt, examples, fixtures, workspace):
    _run(workspace, fmt, fixtures[fmt], raw_inputs(fixtures[fmt]), _examples(fmt, examples))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_unmutated_fixtures_import_cleanly(fmt, fixtures, workspace):
    """The fuzz starts from valid files: without mutations they import."""
    path = workspace.write(fmt, fixtures[fmt])
    args = ["import", str(workspace.root / "clean.annotator"), str(path), "--format", fmt]
    assert main(args + (["--annotator", "A"] if fmt not in ("txt", "jsonl") else [])) == 0
