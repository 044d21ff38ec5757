"""Suggestions: spans proposed to an annotator, kept apart from the annotations until accepted.

`project.suggestions` stores them (source, offsets, label, extra), accepts one (the span, and for a
quotation its cue and speaker links, are made through the normal managers in one undo step, which also
reopens the suggestion when undone) or rejects it (undoable too), and counts accepted and rejected per
source so each source's precision can be reported. What computes them: core/suggestion_sources.py (the
rules) and core/learning (source `model`, whose suggestions carry a score in [0, 1]).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .domain import CUE_LABEL, CUE_RELATION, SPEAKER_RELATION
from .errors import InputError, NotFound
from .model import Suggestion

if TYPE_CHECKING:
    from .project import Project

__all__ = ["DEFAULT_CUES", "SOURCES", "STATES", "Suggestion", "Suggestions"]

SOURCES = ("project", "gazetteer", "quotation", "model")
STATES = ("open", "accepted", "rejected")

# The cue lexicon's default: reporting verbs (past, feminine, present) and phrases. Editable per project.
DEFAULT_CUES = (
    "قال",
    "قالت",
    "يقول",
    "تقول",
    "أضاف",
    "أضافت",
    "أكد",
    "أكدت",
    "صرح",
    "صرحت",
    "أعلن",
    "أعلنت",
    "أوضح",
    "أوضحت",
    "تابع",
    "تابعت",
    "نقل عن",
    "أشار",
    "أشارت",
    "ذكر",
    "ذكرت",
    "شدد",
    "شددت",
    "اعتبر",
    "وصف",
    "ندد",
    "أصر",
    "كرر",
    "كررت",
    "مضيفا",
    "مضيفة",
    "قائلا",
    "قائلة",
    "مؤكدا",
    "مؤكدة",
    "مشددا",
    "مشددة",
)
_CUES_SETTING = "cue_lexicon"


class Suggestions:
    def __init__(self, project: Project):
        self._project = project
        self._store = project.store

    # ---- the cue lexicon ---------------------------------------------------------------------------
    def cue_lexicon(self) -> list[str]:
        """Reporting verbs and phrases that make text in quotation marks next to them a quotation."""
        stored = self._store.get_setting(_CUES_SETTING)
        return list(DEFAULT_CUES) if stored is None else list(stored)

    def set_cue_lexicon(self, cues: list[str]) -> None:
        cleaned = [c.strip() for c in cues if c.strip()]
        if not cleaned:
            raise InputError("the cue lexicon needs at least one reporting verb")
        with self._store.transaction():
            self._store.set_setting(_CUES_SETTING, cleaned)

    # ---- storing -----------------------------------------------------------------------------------
    def add_many(self, annotator: str, rows: list[dict[str, Any]]) -> int:
        """Store new suggestions (dicts with document_id, source, start, end, label, extra, and for the model
        source its score) in one transaction.
        A place (document, start, end) already suggested to the annotator, by any source and in any state (a
        rejected one too), is not suggested again: one ghost per place. Returns how many were added."""
        added = 0
        with self._store.transaction():
            self._project.annotators.ensure(annotator)
            for row in rows:
                if row["source"] not in SOURCES:
                    raise InputError(f"suggestion source must be one of {', '.join(SOURCES)}")
                document_id, start, end = row["document_id"], row["start"], row["end"]
                if self._store.has_suggestion_at(document_id, annotator, start, end):
                    continue
                text = self._store.text_slice(document_id, start, end)
                score = row.get("score")
                if score is not None and not 0 <= score <= 1:
                    raise InputError(f"a suggestion's score is a probability in [0, 1], not {score}")
                self._store.add_suggestion(
                    document_id, annotator, row["source"], start, end, row["label"], text, row.get("extra") or {}, score
                )
                added += 1
        return added

    def get(self, suggestion_id: int) -> Suggestion:
        suggestion = self._store.suggestion(suggestion_id)
        if suggestion is None:
            raise NotFound(f"no suggestion with id {suggestion_id}")
        return suggestion

    def for_document(self, document_id: int, annotator: str, state: str | None = "open") -> list[Suggestion]:
        """Suggestions of one document for `annotator` (open ones by default; None: every state), by offset."""
        return self._store.suggestions_of(document_id, annotator, state)

    def counts(self, annotator: str | None = None) -> dict[str, dict[str, Any]]:
        """Per source: how many are open, accepted and rejected, and precision = accepted / decided."""
        out: dict[str, dict[str, Any]] = {source: {state: 0 for state in STATES} for source in SOURCES}
        for source, state, n in self._store.suggestion_counts(annotator):
            out.setdefault(source, {s: 0 for s in STATES})[state] += n
        for figures in out.values():
            decided = figures["accepted"] + figures["rejected"]
            figures["precision"] = figures["accepted"] / decided if decided else None
        return out

    # ---- deciding ----------------------------------------------------------------------------------
    def accept(self, suggestion_id: int) -> int:
        """Make the suggested span (with a quotation's cue span and CUE / SPEAKER links) as the annotator's
        own, in one undo step; returns the span's id. An identical span already there is reused."""
        suggestion = self.get(suggestion_id)
        if suggestion.state != "open":
            raise InputError(f"suggestion {suggestion_id} was {suggestion.state} already")
        history = self._project.history
        with history.group(
            suggestion.annotator,
            "suggestion.accept",
            suggestion.document_id,
            f"accepted {suggestion.label} {suggestion.text!r} ({suggestion.source})",
        ):
            span_id = self._span(
                suggestion,
                suggestion.start,
                suggestion.end,
                suggestion.label,
                {"kind": suggestion.extra["kind"]} if "kind" in suggestion.extra else None,
            )
            cue = suggestion.extra.get("cue")
            if cue:
                cue_id = self._span(suggestion, cue["start"], cue["end"], CUE_LABEL, None)
                self._project.relations.add(CUE_RELATION, span_id, cue_id, exclusive=True)
            speaker = suggestion.extra.get("speaker")
            if speaker:
                speaker_id = self._existing_span(suggestion, speaker["start"], speaker["end"], speaker["label"])
                if speaker_id is not None:  # the speaker's span may have been deleted since
                    self._project.relations.add(SPEAKER_RELATION, span_id, speaker_id, exclusive=True)
            self._set_state(suggestion, "accepted")
        return span_id

    def reject(self, suggestion_id: int) -> None:
        """Mark a suggestion rejected (undoable): it is not suggested again."""
        suggestion = self.get(suggestion_id)
        if suggestion.state != "open":
            raise InputError(f"suggestion {suggestion_id} was {suggestion.state} already")
        with self._store.transaction():
            self._set_state(suggestion, "rejected")

    def accept_all(self, document_id: int, annotator: str, *, min_score: float | None = None) -> int:
        """Accept every open suggestion of a document in one undo step; returns how many. `min_score`:
        only the scored ones (the model's) at or above it."""
        open_ones = [
            s
            for s in self.for_document(document_id, annotator)
            if min_score is None or (s.score is not None and s.score >= min_score)
        ]
        with self._project.history.group(
            annotator, "suggestion.accept_all", document_id, f"accepted {len(open_ones)} suggestions"
        ):
            for suggestion in open_ones:
                if self.get(suggestion.id).state == "open":
                    self.accept(suggestion.id)
        return len(open_ones)

    def _set_state(self, suggestion: Suggestion, state: str) -> None:
        before = self.get(suggestion.id)
        self._store.set_suggestion_state(suggestion.id, state)
        self._project.history.record(
            suggestion.annotator,
            f"suggestion.{state[:-2]}",
            suggestion.document_id,
            f"{state} {suggestion.label} {suggestion.text!r}",
            [(before, replace(before, state=state))],
        )

    def _existing_span(self, suggestion: Suggestion, start: int, end: int, label: str) -> int | None:
        for span in self._project.spans.for_document(suggestion.document_id, suggestion.annotator):
            if (span.start, span.end, span.label) == (start, end, label):
                return span.id
        return None

    def _span(self, suggestion: Suggestion, start: int, end: int, label: str, attributes: dict[str, Any] | None) -> int:
        found = self._existing_span(suggestion, start, end, label)
        if found is not None:
            return found
        return self._project.spans.add(suggestion.document_id, suggestion.annotator, start, end, label, attributes).id
