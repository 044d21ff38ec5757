"""Bringing other annotators' project files into one project (`annotator merge`).

- Documents are matched by the sha256 of their text, whatever their names; a document with a name that is
  here already but a different text is refused.
- Each annotator's layers (spans, relations, document labels, status), their history (as records: the
  row changes of the other file cannot be undone here) and the other file's schema additions come in,
  all in one transaction.
- An annotator present on both sides must have exactly the same work on both (then nothing is added: a
  repeated merge is harmless), or be renamed with `renames={"OLD": "NEW"}`.
- The other files are never written: each is opened read-only (an older one is migrated in memory).
- Each file read is a progress step, and so is the writing (core/progress.py): a cancel stops before the
  one transaction, so a cancelled merge leaves the project as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import AnnotatedDocument, DocumentId, ImportReport, Layer, Schema
from .plural import count
from .progress import NO_PROGRESS, Progress, checkpoint
from .project import Project


@dataclass
class MergeReport:
    documents_added: int = 0
    documents_matched: int = 0
    spans_added: int = 0
    relations_added: int = 0
    annotators_merged: list[str] = field(default_factory=list)
    annotators_already_here: list[str] = field(default_factory=list)  # the same work: nothing added
    notices: list[str] = field(default_factory=list)


def parse_renames(items: Iterable[str]) -> dict[str, str]:
    renames: dict[str, str] = {}
    for item in items:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InputError(f"--rename {item!r}: write OLD=NEW, e.g. --rename A=A2")
        renames[old.strip()] = new.strip()
    return renames


def _open_source(path: Path) -> Project:
    """Another project, opened read-only: never written (not even migrated: an older one is migrated in a
    copy in memory), and readable from read-only media; nothing is copied to a temporary folder, so a
    killed merge leaves nothing behind."""
    if not path.is_file():
        raise InputError("no such project file", file=str(path))
    return Project(path, read_only=True)


# What an annotator did on one document, without ids: spans (start, end, label, sorted (attribute, repr of
# its value)), relations (type, source span, target span), document labels (task, target, value), status.
WorkSpan = tuple[int, int, str, tuple[tuple[str, str], ...]]
Work = tuple[tuple[WorkSpan, ...], tuple[tuple[str, WorkSpan, WorkSpan], ...], tuple[tuple[str, str, str], ...], str]


def _work(layer: Layer) -> Work:
    """What an annotator did on one document, independent of ids (for 'the same work on both sides')."""
    spans = {
        s.id: (s.start, s.end, s.label, tuple(sorted((k, repr(v)) for k, v in s.attributes.items())))
        for s in layer.spans
    }
    relations = sorted((r.type, spans[r.source], spans[r.target]) for r in layer.relations)
    labels = sorted((d.task, d.target, d.value) for d in layer.doc_labels)
    return tuple(sorted(spans.values())), tuple(relations), tuple(labels), layer.status or "new"


def _work_by_document(
    documents: Iterable[AnnotatedDocument], annotator: str, sha_of: Callable[[AnnotatedDocument], str]
) -> dict[str, Work]:
    empty: Work = ((), (), (), "new")
    out = {}
    for doc in documents:
        for layer in doc.layers:
            if layer.annotator == annotator and _work(layer) != empty:
                out[sha_of(doc)] = _work(layer)
    return out


def merge(
    project: Project, others: list[Path], renames: dict[str, str] | None = None, progress: Progress = NO_PROGRESS
) -> MergeReport:
    """Merge `others` into `project`. A step of `len(others) + 1` on `progress` before each file is read
    and before the one transaction that writes; a cancel there (`Cancelled`) leaves nothing."""
    renames = dict(renames or {})
    total = len(others) + 1
    report = MergeReport()
    here = project.documents.fingerprints()
    sha_here = {sha: name for name, (_, sha) in here.items()}
    incoming: list[AnnotatedDocument] = []
    # (the annotator's events in the source, its name here, the source's document names by id)
    histories: list[tuple[list[dict[str, Any]], str, dict[int, str]]] = []
    schemas: list[Schema] = []
    sources: list[Project] = []
    try:
        for other in others:
            sources.append(_open_source(Path(other)))
        unused = set(renames)
        pending: dict[str, dict[str, Work]] = {}  # annotator -> work, from earlier files of this merge
        for done, (path, source) in enumerate(zip(others, sources, strict=True)):
            checkpoint(progress, done, total, f"reading {Path(path).name}")
            # one version of each source, whatever its own users save meanwhile: its work and the history
            # carried with it are read in one transaction (the history was read later, inside the write)
            with source.snapshot():
                names = source.annotators.list()
                unused -= set(names)
                docs = list(source.annotated_documents())
                their = {name: sha for name, (_, sha) in source.documents.fingerprints().items()}
                shas = {id(doc): their[doc.name] for doc in docs}
                for doc in docs:
                    sha = shas[id(doc)]
                    if sha in sha_here:
                        doc.name = sha_here[sha]
                        report.documents_matched += 1
                    elif doc.name in here:
                        raise InputError(
                            f"document {doc.name!r} is in the project with a different text; rename it "
                            "in one of the projects before merging",
                            file=str(path),
                        )
                    else:  # new here: a later source with the same text is matched to it
                        sha_here[sha] = doc.name
                        here[doc.name] = (DocumentId(0), sha)
                    for layer in doc.layers:
                        layer.annotator = renames.get(layer.annotator, layer.annotator)

                def sha_of(doc: AnnotatedDocument, shas: dict[int, str] = shas) -> str:
                    return shas[id(doc)]

                merged_names = _decide_annotators(project, path, docs, names, renames, sha_of, report, pending)
                for doc in docs:
                    doc.layers = [lay for lay in doc.layers if lay.annotator in merged_names]
                incoming.extend(docs)
                doc_names: dict[int, str] = {d.id: d.name for d in source.documents.list()}
                histories += [
                    (source.history.records_of(old), renames.get(old, old), doc_names)
                    for old in names
                    if renames.get(old, old) in merged_names
                ]
                schemas.append(source.schema.get())
        if unused:
            raise InputError(f"--rename names {', '.join(sorted(unused))}, who is in none of the merged projects")
        checkpoint(progress, len(others), total, f"writing {count(len(incoming), 'document')} to the project")
        with project.store.transaction():  # all of the merge, its schema additions included, or nothing
            for schema in schemas:
                report.notices += project.schema.merge_from(schema)
            imported: ImportReport = project.import_documents(incoming)
            ids = {name: doc_id for name, (doc_id, _) in project.documents.fingerprints().items()}
            for records, new, doc_names in histories:
                for record in records:
                    record["annotator"] = new
                    name = doc_names.get(record["document_id"])
                    record["document_id"] = ids.get(name) if name is not None else None
                project.history.append_records(records)
            project.history.record(
                "",
                "merge",
                None,
                f"merged {', '.join(p.name for p in map(Path, others))}: "
                f"{', '.join(report.annotators_merged) or 'nothing new'}",
                [],
                undoable=False,
            )
    finally:
        for source in sources:
            source.close()
    report.documents_added = imported.documents_added
    report.spans_added = imported.spans_added
    report.relations_added = imported.relations_added
    report.notices += imported.notices
    progress.report(total, total, "merged")
    return report


def _decide_annotators(
    project: Project,
    path: Path,
    docs: list[AnnotatedDocument],
    names: list[str],
    renames: dict[str, str],
    sha_of: Callable[[AnnotatedDocument], str],
    report: MergeReport,
    pending: dict[str, dict[str, Work]],
) -> set[str]:
    """The (renamed) annotators of one source whose work comes in; refuses one whose work differs here."""
    known = set(project.annotators.list())
    here_sha = {name: sha for name, (_, sha) in project.documents.fingerprints().items()}
    merged: set[str] = set()
    for old in names:
        new = renames.get(old, old)
        theirs = _work_by_document(docs, new, sha_of)
        if new not in known and new not in pending:
            merged.add(new)
            pending[new] = theirs
            report.annotators_merged.append(new)
            continue
        ours = (
            pending[new]
            if new in pending
            else _work_by_document(project.annotated_documents(annotators=[new]), new, lambda d: here_sha[d.name])
        )
        if theirs != ours:
            hint = f"--rename {old}=NEW" if old == new else f"another --rename {old}=..."
            raise InputError(
                f"annotator {new} has different work here and in {path.name}; merge it under another name with {hint}",
                file=str(path),
            )
        report.annotators_already_here.append(new)
    return merged
