"""The demo project: the five bundled news articles on one story, with readable names."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .model import AnnotatedDocument
from .project import Project
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


def build_demo(path: str | Path) -> Project:
    """Open the demo project at `path`, creating it (documents, stance targets) if it is new or empty."""
    project = Project(path)
    if project.documents.count() == 0:
        project.import_documents(demo_documents())
        for target in DEMO_TARGETS:
            project.schema.add_target(target)
    return project
