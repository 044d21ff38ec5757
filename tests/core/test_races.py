"""Project writes that race (issue 21, §3): a refused or killed merge changes nothing (its schema additions
included) and leaves nothing in the temporary folder; an export, agreement (tests/core/test_agreement_report.py,
its worker processes) and the totals of `stats` read one consistent version of the project while others write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.exporting import export
from annotator.core.formats import jsonl
from annotator.core.model import LabelDef
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parents[2]
TEXT = "قال الرئيس الأمريكي جو بايدن إن إسرائيل وافقت على الهدنة في غزة"


def _other_with_new_labels(path: Path, annotator: str = "A") -> None:
    with Project(path) as other:
        for name in ("NORP", "TIME"):
            other.schema.add_label(LabelDef(name, "entity", "#123456", ""))
        other.schema.add_target("مصر")
        doc = other.documents.add("d1", TEXT)
        other.spans.add(doc.id, annotator, 4, 10, "NORP")


def test_a_refused_merge_adds_nothing_to_the_schema(tmp_path, capsys):
    mine, fine, theirs = (tmp_path / f"{n}.annotator" for n in ("mine", "fine", "theirs"))
    with Project(mine) as project:
        doc = project.documents.add("d1", TEXT)
        project.spans.add(doc.id, "A", 0, 3, "PER")  # A here has other work than A there: refused
        before = project.schema.get()
    _other_with_new_labels(fine, "B")  # read first, and fine: its labels must not come in either
    _other_with_new_labels(theirs)
    assert main(["merge", str(mine), str(fine), str(theirs)]) == 2
    assert "different work" in capsys.readouterr().err
    with Project(mine, read_only=True) as project:
        assert project.schema.get() == before


def test_a_killed_merge_changes_nothing_and_leaves_no_copy_behind(tmp_path):
    mine, theirs = tmp_path / "mine.annotator", tmp_path / "theirs.annotator"
    with Project(mine) as project:
        project.documents.add("d0", "نص أول")
        before = project.schema.get()
    _other_with_new_labels(theirs, "B")
    temp = Path(tempfile.gettempdir())
    copies_before = set(temp.glob("annotator-*"))
    # the merge is killed while it reads the other project, before its one transaction
    script = (
        "import os, sys\nfrom pathlib import Path\nfrom annotator.core import merging\nfrom annotator.core."
        "project import Project\nclass Killer:\n    def cancelled(self):\n        return False\n"
        "    def report(self, done, total, what):\n        if what.startswith('writing'):\n"
        "            os.kill(os.getpid(), 9)\nwith Project(sys.argv[1]) as p:\n"
        "    merging.merge(p, [Path(sys.argv[2])], progress=Killer())\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(mine), str(theirs)], cwd=ROOT, timeout=120)
    assert done.returncode == -signal.SIGKILL
    with Project(mine, read_only=True) as project:
        assert project.schema.get() == before
        assert project.documents.count() == 1
    assert set(temp.glob("annotator-*")) == copies_before


def test_an_export_reads_one_version_while_another_program_writes(tmp_path, monkeypatch):
    """Spans and relations added (a quote with its cue) between two documents of an export never mix into
    it: the export reads the project as it was when it began."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        for i in range(3):
            doc = project.documents.add(f"d{i}", TEXT)
            project.spans.add(doc.id, "A", 4, 10, "PER")
    writer = Project(path)
    original = Project.annotated_documents

    def interleaved(self, **kwargs):
        for n, document in enumerate(original(self, **kwargs)):
            yield document
            if n == 0:  # meanwhile the window adds a quotation and its cue to every document
                for doc_id in (1, 2, 3):
                    quote = writer.spans.add(doc_id, "A", 30, 45, "QUOTE")
                    cue = writer.spans.add(doc_id, "A", 0, 3, "CUE")
                    writer.relations.add("CUE", quote.id, cue.id)

    monkeypatch.setattr(Project, "annotated_documents", interleaved)
    with Project(path, read_only=True) as reader:
        export(reader, "jsonl", tmp_path / "out.jsonl")
    writer.close()
    documents = list(jsonl.read(tmp_path / "out.jsonl"))
    assert [sum(len(layer.spans) for layer in d.layers) for d in documents] == [1, 1, 1]


def test_a_merge_reads_each_source_in_one_version_while_its_owner_saves(tmp_path, monkeypatch):
    """The source's documents were read first and its history later, inside the merge's write: a span its
    owner saved in between came in as history (an event of B's) but not as work. One version of each
    source: the history carried is that of the work carried."""
    from annotator.core import merging

    mine, theirs = tmp_path / "mine.annotator", tmp_path / "theirs.annotator"
    Project(mine).close()
    with Project(theirs) as project:
        project.spans.add(project.documents.add("d0", TEXT).id, "B", 4, 10, "PER")
    owner = Project(theirs)
    decide = merging._decide_annotators

    def deciding(*args, **kwargs):  # meanwhile, the source's owner saves another span
        owner.spans.add(owner.documents.by_name("d0").id, "B", 11, 17, "GPE")
        return decide(*args, **kwargs)

    monkeypatch.setattr(merging, "_decide_annotators", deciding)
    assert main(["merge", str(mine), str(theirs)]) == 0
    owner.close()
    with Project(mine, read_only=True) as project:
        [document] = project.annotated_documents(annotators=["B"])
        assert [(s.start, s.end) for s in document.layers[0].spans] == [(4, 10)]
        assert [r["action"] for r in project.history.records_of("B")] == ["span.add"]


class _SavingBetween:
    """A connection whose every statement is followed by another program saving a document, a span and a
    document label of B's, in one commit: in any one version B has as many of each, and one document more
    than spans."""

    def __init__(self, conn, writer):
        self._conn, self._writer, self._saved = conn, writer, 0

    def execute(self, *args):
        cursor = self._conn.execute(*args)
        with self._writer.store.transaction():
            saved = self._writer.documents.add(f"saved-{self._saved}", TEXT)
            self._writer.spans.add(saved.id, "B", 4, 10, "GPE")
            self._writer.doc_labels.set(saved.id, "B", "stance", "t", "FAVOR")
        self._saved += 1
        return cursor

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.mark.parametrize("read", ["stats", "work_per_annotator", "counts"])
def test_totals_read_one_version_while_another_program_writes(tmp_path, monkeypatch, read):
    """`stats` (and the counts `check` and the window read) ask one query at a time: a change saved by
    another program between two of them made the totals of one version disagree with those of the next
    (B's spans and document labels, the spans' total and its sum per label). Read in one transaction, they
    agree."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.spans.add(project.documents.add("d0", TEXT).id, "A", 4, 10, "PER")
    writer = Project(path)
    with Project(path, read_only=True) as reader:
        monkeypatch.setattr(reader.store, "conn", _SavingBetween(reader.store.conn, writer))
        found = getattr(reader, read)()
    writer.close()
    if read == "counts":
        assert found["documents"] == found["spans"] > 1  # (d0 and A's span, then as many of each)
        return
    work = found if read == "work_per_annotator" else found["per_annotator"]
    assert work["B"]["spans"] == work["B"]["doc_labels"] > 0
    if read == "stats":
        assert found["spans"] == sum(found["labels"].values()) == 1 + work["B"]["spans"]


def test_schema_labels_used_by_spans_survive_concurrent_schema_edits(tmp_path):
    """Three programs each add 15 labels and 15 targets at once: all 90 are kept."""
    path = tmp_path / "p.annotator"
    Project(path).close()
    start = tmp_path / "go"
    script = (
        "import sys, time\nfrom pathlib import Path\nfrom annotator.core.model import LabelDef\n"
        "from annotator.core.project import Project\np = Project(sys.argv[1])\nwho = sys.argv[2]\n"
        "while not Path(sys.argv[3]).exists():\n    time.sleep(0.01)\n"
        "for i in range(15):\n    p.schema.add_label(LabelDef(f'L{who}{i}', 'entity', '#101010', ''))\n"
        "    p.schema.add_target(f'T{who}{i}')\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), who, str(start)], cwd=ROOT) for who in "XYZ"]
    time.sleep(1.5)
    start.touch()
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    with Project(path, read_only=True) as project:
        schema = project.schema.get()
    labels = {lab.name for lab in schema.labels if lab.name[:2] in ("LX", "LY", "LZ")}
    targets = {t for t in schema.targets if t[:2] in ("TX", "TY", "TZ")}
    assert len(labels) + len(targets) == 90


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_nothing_of_a_merge_is_left_in_the_temporary_folder(tmp_path):
    mine, theirs = tmp_path / "mine.annotator", tmp_path / "theirs.annotator"
    _other_with_new_labels(theirs, "B")
    temp = Path(tempfile.gettempdir())
    before = set(temp.iterdir())
    assert main(["merge", str(mine), str(theirs)]) == 0
    assert {p for p in set(temp.iterdir()) - before if p.name.startswith("annotator")} == set()
