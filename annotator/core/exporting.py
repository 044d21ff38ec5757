"""Exporting a project: choose the layers, check that `out` may be written, then write the format.

The one entry the CLI and the window share, so both refuse the same things: an export never writes over
its project file, never replaces a file that is not an earlier export of the same format (unless forced),
and never deletes a file it did not write. Training formats (conll, spacy, hf) leave out the documents the
chosen annotators never worked on (a text imported and never labelled is no "no entity here" example),
unless `include_unlabelled` asks for them; the result's notes count them.
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
from .project import Project
from .tokens import names_of


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
        if chosen.tokenized:  # the project's names are words to the tokenizer (core/clitics.py)
            schema = project.schema.get()
            options = dataclasses.replace(options, names=names_of(project.spans.texts(list(schema.entity_labels),
                                                                                      annotators)))
        documents = project.annotated_documents(annotators=annotators, document_names=document_names)
        if UNLABELLED not in chosen.options or options.include_unlabelled:
            return chosen.write(documents, project.schema.get(), out, options=options)
        left_out: list[str] = []
        result = chosen.write(_worked_on_only(documents, left_out), project.schema.get(), out, options=options)
    if left_out:
        whose = "the chosen annotators" if annotators else "any annotator"
        result.notes.append(f"{len(left_out)} documents that {whose} never worked on (no annotation, no status) "
                            "left out: --include-unlabelled writes them as documents without entities")
    return result


def _worked_on_only(documents: Iterable[AnnotatedDocument], left_out: list[str]) -> Iterator[AnnotatedDocument]:
    for doc in documents:
        if any(worked_on(layer) for layer in doc.layers):
            yield doc
        else:
            left_out.append(doc.name)
