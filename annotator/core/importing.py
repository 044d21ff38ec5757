"""What an import reads: files and folders as given, turned into documents one file at a time.

Shared by `annotator import` and the window's File › Import, so both accept the same inputs: `import_files`
reads the files (a progress step each, where a cancel stops) and writes their documents in the one
transaction of `Project.import_documents`, a batch at a time, so a cancelled import leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .model import AnnotatedDocument, ImportReport
from .plural import count
from .progress import NO_PROGRESS, Progress, checkpoint

if TYPE_CHECKING:
    from .project import Project


def expand_inputs(files: list[str], fmt: str | None = None) -> list[Path]:
    """Files as given. A folder stands for its .txt and .jsonl files (with a format: for all its files),
    except a brat or XMI folder, which its importer reads whole. Links, FIFOs and devices are refused
    (intake_policy.py)."""
    from .formats.registry import FORMATS, annotated_folder_format
    from .intake_policy import is_folder, list_folder

    out: list[Path] = []
    for name in files:
        path = Path(name)
        if is_folder(path) and not (FORMATS[fmt].folder if fmt in FORMATS else annotated_folder_format(path)):
            found = list_folder(path, None if fmt is not None else (".txt", ".jsonl"))
            if not found:
                raise InputError(
                    "the folder holds no .txt or .jsonl files" if fmt is None else "the folder holds no files",
                    file=str(name),
                )
            out.extend(found)
        else:
            out.append(path)
    return out


def read_inputs(
    paths: list[Path],
    fmt: str | None = None,
    encoding: str | None = None,
    annotator: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> Iterator[AnnotatedDocument]:
    """The documents of `paths` (from `expand_inputs`). Before each file, a step of `len(paths) + 1` on
    `progress` (the last step is the writing, `import_files`); `Cancelled` there when it says so."""
    from .formats.registry import format_of, get
    from .text_files import check_encoding, read_text_file

    if encoding:
        check_encoding(encoding)
    for i, path in enumerate(paths):
        checkpoint(progress, i, len(paths) + 1, f"reading {path.name}")
        if fmt == "txt" or (fmt is None and path.suffix.lower() == ".txt"):
            yield read_text_file(path, encoding)
        else:
            chosen = get(fmt, "import") if fmt else format_of(path)
            if chosen.read is None:
                raise InputError(f"{chosen.name} is for export only; it cannot be imported", file=str(path))
            yield from (chosen.stream or chosen.read)(path, annotator=annotator)


def import_files(
    paths: list[Path],
    open_project: Callable[[], AbstractContextManager[Project]],
    fmt: str | None = None,
    encoding: str | None = None,
    annotator: str | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Read the files of `paths` and add their documents to the project in one transaction. A small import
    (up to `ingest.BATCH` documents) is read whole before the project is opened (`open_project()`); a
    larger one opens it after its first batch and goes on reading as it writes, a batch at a time (a file
    is never held whole), so a cancel or a bad line there rolls the transaction back. `progress` gets a
    step before each file and one once all were read (the last place a cancel stops: nothing was written),
    and `done == total` when imported."""
    from .ingest import BATCH

    total = len(paths) + 1
    read = 0

    def documents() -> Iterator[AnnotatedDocument]:
        nonlocal read
        for doc in read_inputs(paths, fmt, encoding, annotator, progress):
            read += 1
            yield doc
        checkpoint(progress, len(paths), total, f"writing {count(read, 'document')} to the project")

    stream = documents()
    first = iter(list(islice(stream, BATCH)))  # (a list iterator lets go of its list once it is through)
    with open_project() as project:
        report = project.import_documents(chain(first, stream))
    progress.report(total, total, "imported")
    return report
