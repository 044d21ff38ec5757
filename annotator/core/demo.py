"""The demo project: the five bundled news articles on one story, with readable names."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import AnnotatorError, InputError
from .model import AnnotatedDocument
from .project import Project, remove_project_files, sha256
from .resources import resource
from .text_files import read_text_file

DEMO_TARGETS = ["إسرائيل", "الولايات المتحدة"]
# Two sample annotators who annotated every demo article (entities, quotations, stances) and disagree in a
# few places, so Agreement and Curation can be tried on the demo; the user annotates as themselves.
SAMPLE_ANNOTATORS = ("sample-a", "sample-b")
SAMPLES_FILE = "sample_annotations.jsonl"  # in resources/demo; written by tests/data/sample_demo_annotations.py


def default_demo_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "annotator" / "demo.annotator"


def readable_name(text: str, index: int, words: int = 7) -> str:
    """`01 first words of the first line`, without trailing punctuation."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    cut = " ".join(first.split()[:words])
    cut = re.sub(r"[\s\W]+$", "", cut) or f"article {index}"
    return f"{index:02d} {cut}"


def demo_documents() -> list[AnnotatedDocument]:
    docs = []
    for i, path in enumerate(sorted(resource("demo").glob("*.txt")), 1):
        doc = read_text_file(path)
        doc.name = readable_name(doc.text, i)
        docs.append(doc)
    return docs


def sample_documents() -> list[AnnotatedDocument]:
    """The demo documents with the layers of the sample annotators (SAMPLE_ANNOTATORS) attached."""
    from .formats import jsonl

    path = resource("demo", SAMPLES_FILE)
    samples = {doc.name: doc for doc in jsonl.read(path)}
    docs = demo_documents()
    for doc in docs:
        sample = samples.pop(doc.name, None)
        if sample is None or sample.text != doc.text:
            raise InputError(f"the sample annotations do not fit the demo article {doc.name!r}", file=str(path))
        doc.layers = sample.layers
    if samples:
        raise InputError(f"the sample annotations name documents the demo lacks: {', '.join(samples)}", file=str(path))
    return docs


DEMO_SETTING = "demo_project"  # set in the demo project: `demo --fresh` deletes nothing else


def build_demo(path: str | Path, *, samples: bool = True) -> Project:
    """Open the demo project at `path`, creating it if it is new or empty: the documents, the stance targets
    and (`samples`) the work of the two sample annotators, in one transaction: all of it or nothing."""
    project = Project(path)
    try:
        if project.documents.count() == 0:
            documents = sample_documents() if samples else demo_documents()
            with project.store.transaction():
                if project.documents.count() == 0:  # (another program may have built it meanwhile)
                    for target in DEMO_TARGETS:
                        project.schema.add_target(target)
                    project.import_documents(documents)
                    project.set_setting(DEMO_SETTING, True)
    except BaseException:
        project.close()
        raise
    return project


def is_demo_project(path: Path) -> bool:
    """Whether `path` is a demo project: marked so, or (one made before the mark) holding the demo's
    documents. Read-only; anything that is not a project is not one."""
    try:
        with Project(path, read_only=True) as project:
            if project.get_setting(DEMO_SETTING) is True:
                return True
            shas = {sha for _, sha in project.documents.fingerprints().values()}
    except AnnotatorError:
        return False
    return {sha256(doc.text) for doc in demo_documents()} <= shas  # the demo, perhaps with the user's additions


def start_afresh(path: Path) -> Path | None:
    """`demo --fresh`: put the demo project at `path` aside (a backup, never deleted) so it is built anew;
    refuses anything that is not the demo project, and a demo project a window has open. Returns the backup."""
    from . import backups

    if not path.exists() and not path.is_symlink():
        return None
    if not is_demo_project(path):
        raise InputError(
            "this is not the demo project; `demo --fresh` starts only the demo again and never "
            "deletes other work: choose another --project",
            file=str(path),
        )
    with Project(path, create=False) as project:
        if project.sessions.live():
            raise InputError(
                f"the demo project is open in {project.sessions.describe(project.sessions.live())}; "
                "close that window first",
                file=str(path),
            )
        kept = backups.create(project, "before-fresh")
    remove_project_files(path)
    return kept
