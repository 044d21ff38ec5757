"""The model in the annotator's loop: its suggestions (source `model`, each with a score), the documents
it is least sure of, and its stance for each target of a document.

Only the documents the annotator has not marked done are looked at: done work needs no suggestions and
teaches nothing new. Places the annotator labelled already (any overlapping entity) are not suggested.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import STANCE_TASK
from ..model import DocumentId
from ..progress import NO_PROGRESS, Progress, checkpoint
from ..tokens import names_of
from .folder import load, trained_meta
from .scoring import MIN_SCORE, ScoredText, best_entities, scored_entities, stance_scores, uncertainty

if TYPE_CHECKING:
    from ..project import Project

UNSURE = (0.2, 0.8)  # an entity the model gives a probability between these is one it is unsure of


@dataclass(frozen=True)
class Ranked:
    """An undone document and how unsure the model is about its entities (scoring.py)."""

    document_id: DocumentId
    name: str
    bits_per_100_words: float  # what it is ranked by
    bits: float  # the sum of its candidate entities' binary entropies (scoring.uncertainty)
    unsure: int  # candidate entities with a probability within UNSURE
    expected: float  # the expected number of entities (the sum of the probabilities)

    def as_json(self) -> dict[str, Any]:
        return {
            "doc": self.name,
            "bits_per_100_words": round(self.bits_per_100_words, 4),
            "uncertainty_bits": round(self.bits, 4),
            "unsure_entities": self.unsure,
            "expected_entities": round(self.expected, 2),
        }


@dataclass(frozen=True)
class StanceSuggestion:
    document_id: DocumentId
    target: str
    value: str
    score: float


def _undone(project: Project, annotator: str) -> list[tuple[DocumentId, str]]:
    status = project.status.for_annotator(annotator)
    return [(d.id, d.name) for d in project.documents.list() if status.get(d.id) != "done"]


def _with_project_names(nlp: Any, project: Project, annotator: str) -> Any:
    """The model's tokenizer also takes the annotator's labelled names as words, as the export does."""
    labels = list(project.schema.get().entity_labels)
    nlp.tokenizer.names = nlp.tokenizer.names | names_of(project.spans.texts(labels, [annotator]))
    return nlp


def _scored(
    project: Project, nlp: Any, documents: list[tuple[DocumentId, str]], progress: Progress, what: str
) -> list[tuple[DocumentId, str, ScoredText]]:
    out = []
    texts = (project.documents.get(document_id).text for document_id, _ in documents)
    checkpoint(progress, 0, len(documents), what)
    for i, ((document_id, name), scored) in enumerate(zip(documents, scored_entities(nlp, texts), strict=True)):
        out.append((document_id, name, scored))
        checkpoint(progress, i + 1, len(documents), what)
    return out


def _model(model_dir: Path | None, nlp: Any) -> Any:
    """The model: `nlp` already loaded (the window keeps one), else the one in `model_dir`."""
    if nlp is not None:
        return nlp
    if model_dir is None:
        raise ValueError("give model_dir or nlp")
    return load(Path(model_dir))


def suggest_with_model(
    project: Project,
    annotator: str,
    model_dir: Path | None = None,
    *,
    nlp: Any = None,
    min_score: float = MIN_SCORE,
    progress: Progress = NO_PROGRESS,
    document_ids: list[DocumentId] | None = None,
) -> int:
    """Store the model's entities at or above `min_score` as suggestions (source `model`, with their
    probability as score) in the annotator's undone documents (`document_ids`: only those of them, e.g.
    the one open in the window); returns how many were added."""
    if not 0 <= min_score <= 1:
        from ..errors import InputError

        raise InputError(f"--min-score is a probability from 0 to 1, not {min_score}")
    nlp = _with_project_names(_model(model_dir, nlp), project, annotator)
    schema = project.schema.get()
    rows = []
    documents = _undone(project, annotator)
    if document_ids is not None:
        wanted = set(document_ids)
        documents = [d for d in documents if d[0] in wanted]
    for document_id, _, scored in _scored(project, nlp, documents, progress, "suggesting"):
        taken = [
            (s.start, s.end) for s in project.spans.for_document(document_id, annotator) if schema.is_entity(s.label)
        ]
        for span in best_entities([s for s in scored.spans if schema.is_entity(s.label)], min_score, taken):
            rows.append(
                {
                    "document_id": document_id,
                    "source": "model",
                    "start": span.start,
                    "end": span.end,
                    "label": span.label,
                    "score": round(span.score, 4),
                    "extra": {},
                }
            )
    return project.suggestions.add_many(annotator, rows)


def rank_documents(
    project: Project,
    annotator: str,
    model_dir: Path | None = None,
    *,
    nlp: Any = None,
    progress: Progress = NO_PROGRESS,
) -> list[Ranked]:
    """The annotator's undone documents, the one the model is least sure of first (ties: document order).
    Reads only."""
    nlp = _with_project_names(_model(model_dir, nlp), project, annotator)
    ranked = []
    for order, (document_id, name, scored) in enumerate(
        _scored(project, nlp, _undone(project, annotator), progress, "ranking")
    ):
        spans = scored.spans
        unsure = sum(1 for s in spans if UNSURE[0] <= s.score <= UNSURE[1])
        ranked.append(
            (
                order,
                Ranked(
                    document_id,
                    name,
                    scored.bits_per_100_words,
                    uncertainty(spans),
                    unsure,
                    sum(s.score for s in spans),
                ),
            )
        )
    ranked.sort(key=lambda item: (-round(item[1].bits_per_100_words, 9), item[0]))
    return [r for _, r in ranked]


def stance_suggestions(
    project: Project,
    annotator: str,
    model_dir: Path | None = None,
    *,
    nlp: Any = None,
    document_ids: list[DocumentId] | None = None,
) -> list[StanceSuggestion]:
    """The model's stance toward each target it has a classifier for, in the documents given (default:
    the annotator's undone ones), where the annotator has not decided it yet. Empty when the model has
    no stance classifier (it was trained on too few decisions). Not stored: the window offers them in
    its stance panel and accepting one sets the document label."""
    nlp = _model(model_dir, nlp)
    pipes = trained_meta(nlp).get("stance_pipes") or {}
    if not pipes:
        return []
    ids = document_ids if document_ids is not None else [d for d, _ in _undone(project, annotator)]
    out = []
    for document_id in ids:
        decided = {
            label.target
            for label in project.doc_labels.for_document(document_id, annotator)
            if label.task == STANCE_TASK
        }
        wanted = {name: target for name, target in pipes.items() if target not in decided}
        if not wanted:
            continue
        for target, (value, score) in stance_scores(nlp, project.documents.get(document_id).text, wanted).items():
            out.append(StanceSuggestion(document_id, target, value, score))
    return out


def stance_status(nlp: Any) -> str:
    """One line on the model's stance classifiers, or on why it has none."""
    meta = trained_meta(nlp)
    pipes = meta.get("stance_pipes") or {}
    if pipes:
        return f"stance classifiers for {', '.join(sorted(pipes.values()))}"
    from .training import MIN_STANCE_DECISIONS

    return (
        f"no stance classifier: the model was trained on {meta.get('stance_decisions', 0)} stance decisions "
        f"and needs {MIN_STANCE_DECISIONS}"
    )
