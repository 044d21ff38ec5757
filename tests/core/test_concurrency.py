"""Two processes editing one project at once: every edit waits its turn, none fails, none is lost."""

import json
import subprocess
import sys
from pathlib import Path

from annotator.core.project import Project

HERE = Path(__file__).resolve().parent


def test_two_processes_doing_mixed_edits_lose_nothing(corpus_project, tmp_path):
    path = corpus_project.path
    corpus_project.close()
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    procs = [
        subprocess.Popen([sys.executable, str(HERE / "mixed_edits.py"), str(path), name, "4", str(seed), str(out)])
        for name, seed, out in (("A", 1, outs[0]), ("B", 2, outs[1]))
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    results = [json.loads(out.read_text(encoding="utf-8")) for out in outs]
    with Project(path) as project:
        assert project.check() == []
        for name, result in zip("AB", results, strict=True):
            assert result["failures"] == []
            assert result["attempts"] > 50
            in_file = sorted(
                [s.id, d.id, s.start, s.end, s.label]
                for d in project.documents.list()
                for s in project.spans.for_document(d.id, name)
            )
            assert in_file == result["spans"]  # what the process believes it saved is what the file holds
