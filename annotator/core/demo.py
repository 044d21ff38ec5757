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


DEMO_SETTING = "demo_project"  # set in the demo project: `demo --fresh` deletes nothing else


def build_demo(path: str | Path) -> Project:
    """Open the demo project at `path`, creating it (documents, stance targets) if it is new or empty."""
    project = Project(path)
    if project.documents.count() == 0:
        project.import_documents(demo_documents())
        for target in DEMO_TARGETS:
            project.schema.add_target(target)
        project.set_setting(DEMO_SETTING, True)
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
        raise InputError("this is not the demo project; `demo --fresh` starts only the demo again and never "
                         "deletes other work: choose another --project", file=str(path))
    with Project(path, create=False) as project:
        if project.sessions.live():
            raise InputError(f"the demo project is open in {project.sessions.describe(project.sessions.live())}; "
                             "close that window first", file=str(path))
        kept = backups.create(project, "before-fresh")
    remove_project_files(path)
    return kept
