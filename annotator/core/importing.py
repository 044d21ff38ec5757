"""What an import reads: files and folders as given, turned into documents one file at a time.

Shared by `annotator import` and the window's File › Import, so both accept the same inputs. A generator:
the window counts files as they are read and cancels by raising inside it, before the one transaction
that writes them (`Project.import_documents`), so a cancelled import leaves nothing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import InputError
from .model import AnnotatedDocument


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
                raise InputError("the folder holds no .txt or .jsonl files" if fmt is None else
                                 "the folder holds no files", file=str(name))
            out.extend(found)
        else:
            out.append(path)
    return out


def read_inputs(paths: list[Path], fmt: str | None = None, encoding: str | None = None,
                annotator: str | None = None,
                before_each: Callable[[int, int, Path], None] | None = None) -> Iterator[AnnotatedDocument]:
    """The documents of `paths` (from `expand_inputs`); `before_each(i, n, path)` is called before each
    file is read (progress; it may raise to cancel)."""
    from .formats.registry import format_of, get
    from .text_files import check_encoding, read_text_file

    if encoding:
        check_encoding(encoding)
    for i, path in enumerate(paths):
        if before_each is not None:
            before_each(i, len(paths), path)
        if fmt == "txt" or (fmt is None and path.suffix.lower() == ".txt"):
            yield read_text_file(path, encoding)
        else:
            chosen = get(fmt, "import") if fmt else format_of(path)
            if chosen.read is None:
                raise InputError(f"{chosen.name} is for export only; it cannot be imported", file=str(path))
            yield from chosen.read(path, annotator=annotator)
