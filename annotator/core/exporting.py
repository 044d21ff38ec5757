"""Exporting a project: choose the layers, check that `out` may be written, then write the format.

The one entry the CLI and the window share, so both refuse the same things: an export never writes over
its project file, never replaces a file that is not an earlier export of the same format (unless forced),
and never deletes a file it did not write.
"""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .files import guard_output
from .formats import EXPORTERS, FOLDER_FORMATS, ExportResult, looks_like_export, output_paths
from .formats.splits import ExportOptions
from .project import Project


def export(project: Project, fmt: str, out: Path, *, annotators: list[str] | None = None,
           document_names: list[str] | None = None, force: bool = False,
           options: ExportOptions | None = None) -> ExportResult:
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    known = project.annotators.list()
    for name in annotators or ():
        if name not in known:
            raise InputError(f"no annotator {name!r} in {project.path}; it has {', '.join(known) or 'none'}")
    options = options or ExportOptions()
    guard_output(fmt, "folder" if fmt in FOLDER_FORMATS else "file", output_paths(fmt, out, options),
                 protected=project.files(), recognise=lambda path: looks_like_export(fmt, path), force=force)
    documents = project.annotated_documents(annotators=annotators, document_names=document_names)
    return exporter(documents, project.schema.get(), out, options)
