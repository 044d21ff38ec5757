"""Exporting a project: choose the layers, check that `out` may be written, then write the format.

The one entry the CLI and the window share, so both refuse the same things: an export never writes over
its project file, never replaces a file that is not an earlier export of the same format (unless forced),
and never deletes a file it did not write. Training formats (conll, spacy, hf) leave out the documents the
chosen annotators never worked on (a text imported and never labelled is no "no entity here" example),
unless `include_unlabelled` asks for them; the result's notes count them. Each document read for the
export is a progress step (core/progress.py); a cancel there leaves no file (formats write into a temporary
file or folder, renamed when whole).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .files import guard_output
from .formats.common import ExportResult, worked_on
from .formats.registry import UNLABELLED, get, writable
from .formats.splits import ExportOptions
from .model import AnnotatedDocument
from .progress import NO_PROGRESS, Progress, checkpoint
from .project import Project
from .tokens import names_of


def export(
    project: Project,
    fmt: str,
    out: Path,
    *,
    annotators: list[str] | None = None,
    document_names: list[str] | None = None,
    force: bool = False,
    options: ExportOptions | None = None,
    progress: Progress = NO_PROGRESS,
) -> ExportResult:
    chosen = get(fmt)
    if chosen.write is None:
        raise InputError(f"{fmt} is for import only; export one of {', '.join(writable())}")
    known = project.annotators.list()
    for name in annotators or ():
        if name not in known:
            raise InputError(f"no annotator {name!r} in {project.display_name}; it has {', '.join(known) or 'none'}")
    options = options or ExportOptions()
    guard_output(
        fmt,
        "folder" if chosen.folder else "file",
        chosen.output_paths(out, options),
        recognise=chosen.is_earlier_export,
        force=force,
    )
    with project.snapshot():  # one version of the project, whatever others save meanwhile
        if chosen.tokenized:  # the project's names are words to the tokenizer (core/clitics.py)
            schema = project.schema.get()
            options = dataclasses.replace(
                options, names=names_of(project.spans.texts(list(schema.entity_labels), annotators))
            )
        total = len(document_names) if document_names else project.documents.count()
        documents = _counted(
            project.annotated_documents(annotators=annotators, document_names=document_names), total, progress
        )
        left_out: list[str] = []
        if UNLABELLED in chosen.options and not options.include_unlabelled:
            documents = _worked_on_only(documents, left_out)
        result = chosen.write(documents, project.schema.get(), out, options=options)
    progress.report(total, total, "written")
    if left_out:
        whose = "the chosen annotators" if annotators else "any annotator"
        result.notes.append(
            f"{len(left_out)} documents that {whose} never worked on (no annotation, no status) "
            "left out: --include-unlabelled writes them as documents without entities"
        )
    return result


def _counted(documents: Iterable[AnnotatedDocument], total: int, progress: Progress) -> Iterator[AnnotatedDocument]:
    """`documents`, each a step on `progress` as it is read for writing (`Cancelled` there when asked)."""
    for done, doc in enumerate(documents):
        checkpoint(progress, min(done, total), total, f"writing {doc.name}")
        yield doc


def _worked_on_only(documents: Iterable[AnnotatedDocument], left_out: list[str]) -> Iterator[AnnotatedDocument]:
    for doc in documents:
        if any(worked_on(layer) for layer in doc.layers):
            yield doc
        else:
            left_out.append(doc.name)
