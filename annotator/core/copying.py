"""`annotator copy SRC DST`: a whole project into a new one, from a file to a PostgreSQL server and back
(issue 25). Either side is a path or a postgresql:// URL.

Every record keeps its id (documents, spans, relations, document labels, statuses, curation marks,
suggestions: written under their own ids, as redo writes them), so the copy exports byte-identically, and
its annotators and settings (the schema) come along. The history comes as history only, as a merge
brings it: the same events, under new ids, not undoable (their stored changes name the source's
records). One transaction: the target has all of it or, on any failure, none (a new target file that
failed is removed). The target must be a new project: a file that does not exist, or an empty database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import tokens
from .errors import InputError
from .model import Record, Span
from .progress import NO_PROGRESS, Progress, checkpoint
from .project import Project, is_server, remove_project_files

__all__ = ["CopyReport", "copy_project"]

_OWN_SETTINGS = {"search_index", "token_counts"}  # made by the target for itself, not copied


@dataclass(frozen=True)
class CopyReport:
    documents: int
    records: int  # every annotation record, documents not counted
    events: int


def copy_project(source: str | Path, target: str | Path, progress: Progress = NO_PROGRESS) -> CopyReport:
    """Copy the project at `source` (only read) into a new project at `target`; `progress` hears of each
    document, and a cancel there leaves the target as it was (a new file: none)."""
    if not is_server(target) and Path(target).exists():
        raise InputError(
            f"{target}: already exists; the copy goes into a new project (a file that does not exist "
            "or an empty database)"
        )
    made_file = not is_server(target)
    with Project(source, create=False, read_only=True) as src:
        try:
            with Project(target) as dst:
                return _copy(src, dst, progress)
        except BaseException:
            if made_file:
                remove_project_files(Path(target))
            raise


def _copy(src: Project, dst: Project, progress: Progress) -> CopyReport:
    read, write = src.store, dst.store
    if write.document_count() or write.events(limit=1):
        raise InputError(f"{dst.display_name}: this project is not empty; the copy goes into a new project")
    records = 0
    with src.snapshot(), write.transaction():
        for kind, key, value in read.stored_json():
            if kind == "setting" and key not in _OWN_SETTINGS:
                write.set_setting(key, json.loads(value))
        for name in read.annotators():
            write.ensure_annotator(name)
        summaries = read.document_summaries()
        for n, summary in enumerate(summaries, 1):
            document = read.document(summary.id)
            assert document is not None  # read in one snapshot
            write.apply_change(None, document)
            found: list[Record] = [
                *read.spans_of(document.id),
                *read.relations_of(document.id),
                *read.doc_labels_of(document.id),
                *read.curation_marks_of(document.id),
            ]
            for annotator in read.annotators():
                status = read.status(document.id, annotator)
                found += [status] if status is not None else []
                found += read.suggestions_of(document.id, annotator, None)
            spans_first = sorted(found, key=lambda r: not isinstance(r, Span))  # relations point at spans
            for record in spans_first:
                write.apply_change(None, record)
            records += len(found)
            checkpoint(progress, n, len(summaries), "documents copied")
        events = read.events(limit=None)
        write.append_events(events)
        write.set_token_counts((i, tokens.count(text)) for i, text in write.texts_to_count())
        write.set_setting("token_counts", tokens.fingerprint())
    return CopyReport(len(summaries), records, len(events))
