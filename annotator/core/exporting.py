"""Exporting a project: choose the layers, check that `out` may be written, then write the format.

The one entry the CLI and the window share, so both refuse the same things: an export never writes over
its project file, never replaces a file that is not an earlier export of the same format (unless forced),
and never deletes a file it did not write.
"""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .files import guard_output
from .formats.common import ExportResult
from .formats.registry import get, writable
from .formats.splits import ExportOptions
from .project import Project


def export(project: Project, fmt: str, out: Path, *, annotators: list[str] | None = None,
           document_names: list[str] | None = None, force: bool = False,
           options: ExportOptions | None = None) -> ExportResult:
    chosen = get(fmt)
    if chosen.write is None:
        raise InputError(f"{fmt} is for import only; export one of {', '.join(writable())}")
    known = project.annotators.list()
    for name in annotators or ():
        if name not in known:
            raise InputError(f"no annotator {name!r} in {project.path}; it has {', '.join(known) or 'none'}")
    options = options or ExportOptions()
    guard_output(fmt, "folder" if chosen.folder else "file", chosen.output_paths(out, options),
                 recognise=chosen.is_earlier_export, force=force)
    with project.snapshot():  # one version of the project, whatever others save meanwhile
        documents = project.annotated_documents(annotators=annotators, document_names=document_names)
        return chosen.write(documents, project.schema.get(), out, options=options)
