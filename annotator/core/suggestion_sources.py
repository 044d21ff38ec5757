"""What suggestions are computed from, for one annotator (stored by `project.suggestions`):

- project: every surface form the annotator labelled as an entity, found elsewhere (normalised,
  proclitic-aware: core/arabic.py) -> the label they gave it most often;
- gazetteer: a TSV file the user loads, `surface<TAB>label` per line (# starts a comment);
- quotation: text of two words or more between « », “ ” or "" with a reporting verb of the project's cue
  lexicon before the opening mark (preferred) or after the closing one, on the same line -> QUOTE (kind
  direct) with that CUE, and as suggested speaker a PER/ORG entity of the annotator before the quotation
  and outside quotation marks: the one between cue and quotation, else the first of the cue's sentence,
  else the nearest person, else the nearest organisation.

Places the annotator already labelled (any overlapping entity span) are not suggested again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .arabic import find, normalize_query
from .domain import DIRECT, KIND_ATTRIBUTE, QUOTE_LABEL
from .errors import InputError
from .model import Document, Span
from .suggestions import SOURCES
from .text_files import read_text_file

if TYPE_CHECKING:
    from .project import Project

__all__ = [
    "RULE_SOURCES",
    "SOURCES",
    "GazetteerEntry",
    "SuggestReport",
    "compute_suggestions",
    "entity_suggestions",
    "quotation_suggestions",
    "read_gazetteer",
]

# The sources computed here; the fourth, `model`, is core/learning's.
RULE_SOURCES = ("project", "gazetteer", "quotation")
SPEAKER_LABELS = ("PER", "ORG")
# How far from a quotation mark a reporting verb may be, in characters, before / after the quotation.
CUE_BEFORE = 120
CUE_AFTER = 40
_QUOTE_PAIRS = re.compile(r"«([^«»\n]+)»|“([^“”\n]+)”|\"([^\"\n]+)\"")


@dataclass(frozen=True)
class GazetteerEntry:
    surface: str
    label: str
    file: str
    line: int


@dataclass
class SuggestReport:
    added: dict[str, int] = field(default_factory=dict)  # per source: new suggestions stored now
    open: dict[str, int] = field(default_factory=dict)  # per source: open suggestions in all


def read_gazetteer(path: Path) -> list[GazetteerEntry]:
    """`surface<TAB>label` per line; blank lines and lines starting with # are skipped."""
    text = read_text_file(path).text
    entries = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise InputError("a gazetteer line is `surface<TAB>label`; this one is not", file=str(path), line=number)
        entries.append(GazetteerEntry(parts[0].strip(), parts[1].strip(), str(path), number))
    if not entries:
        raise InputError("the gazetteer holds no `surface<TAB>label` line", file=str(path))
    return entries


def entity_suggestions(text: str, surfaces: dict[str, str], taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Occurrences of each surface (-> label) in `text`, longest surfaces first, none overlapping another
    or a `taken` place: dicts of start, end, label, extra."""
    occupied = list(taken)
    found = []
    for surface in sorted(surfaces, key=lambda s: (-len(normalize_query(s)), s)):
        for hit in find(text, surface):
            if any(hit.start < b and a < hit.end for a, b in occupied):
                continue
            occupied.append((hit.start, hit.end))
            found.append(
                {"start": hit.start, "end": hit.end, "label": surfaces[surface], "extra": {"surface": surface}}
            )
    return found


def quotation_suggestions(
    text: str, cues: list[str], entities: list[Span], known_names: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Quotations in marks with a cue verb next to them, each with its cue and suggested speaker. Marks
    around a known entity name (`known_names`, normalised as search normalises: the project's labelled
    names and the gazetteer's) hold a name, not a quotation: «نيويورك تايمز» after قالت."""
    cue_hits = sorted({(h.start, h.end) for cue in cues for h in find(text, cue)})
    pairs = [
        (m.start(), m.end(), *m.span(next(i for i in (1, 2, 3) if m.group(i) is not None)))
        for m in _QUOTE_PAIRS.finditer(text)
    ]
    entity_extents = {(s.start, s.end) for s in entities}
    # Entities inside quotation marks are what is said or a name in marks («البنتاغون»), not speakers.
    speakers = sorted(
        (
            s
            for s in entities
            if s.label in SPEAKER_LABELS and not any(a <= s.start and s.end <= b for a, b, _, _ in pairs)
        ),
        key=lambda s: s.end,
    )
    found = []
    for open_at, close_at, start, end in pairs:
        content = text[start:end]
        if len(content.split()) < 2 or (start, end) in entity_extents:  # «إكس», «نيويورك تايمز»: names
            continue
        if normalize_query(content.strip()) in known_names:  # a name labelled elsewhere, or in the gazetteer
            continue
        cue = _nearest_cue(text, cue_hits, open_at, close_at)
        if cue is None:
            continue
        extra: dict[str, Any] = {KIND_ATTRIBUTE: DIRECT, "cue": {"start": cue[0], "end": cue[1]}}
        speaker = _speaker(text, speakers, cue, open_at)
        if speaker is not None:
            extra["speaker"] = {"start": speaker.start, "end": speaker.end, "label": speaker.label}
        found.append({"start": start, "end": end, "label": QUOTE_LABEL, "extra": extra})
    return found


def _speaker(text: str, speakers: list[Span], cue: tuple[int, int], open_at: int) -> Span | None:
    """Who says it: the entity between the cue and the quotation (قال السيد كيربي: “…”), else the first of
    the cue's sentence (ورحبت حماس …، مضيفة “…”), else the nearest person before, else organisation."""
    if cue[1] <= open_at:
        between = [s for s in speakers if cue[1] <= s.start and s.end <= open_at]
        if between:
            return between[0]
    before = min(cue[0], open_at)
    sentence = max(text.rfind(mark, 0, before) for mark in ".\n؟!") + 1
    in_sentence = [s for s in speakers if sentence <= s.start and s.end <= before]
    if in_sentence:
        return in_sentence[0]
    for label in SPEAKER_LABELS:
        preceding = [s for s in speakers if s.label == label and s.end <= before]
        if preceding:
            return preceding[-1]
    return None


def _nearest_cue(text: str, cue_hits: list[tuple[int, int]], open_at: int, close_at: int) -> tuple[int, int] | None:
    """The cue of a quotation: the nearest one ending at most CUE_BEFORE characters before the opening mark,
    else the nearest starting at most CUE_AFTER after the closing one; never across a line break."""
    before = [
        (start, end)
        for start, end in cue_hits
        if end <= open_at and open_at - end <= CUE_BEFORE and "\n" not in text[end:open_at]
    ]
    if before:
        return before[-1]
    after = [
        (start, end)
        for start, end in cue_hits
        if start >= close_at and start - close_at <= CUE_AFTER and "\n" not in text[close_at:start]
    ]
    return after[0] if after else None


def project_surfaces(project: Project, annotator: str) -> dict[str, str]:
    """Normalised surface -> the label the annotator gave it most often, over their entity spans."""
    schema = project.schema.get()
    votes: dict[str, Counter[str]] = {}
    surface_of: dict[str, str] = {}
    for summary in project.documents.list():
        for span in project.spans.for_document(summary.id, annotator):
            if schema.is_entity(span.label):
                key = normalize_query(span.text)
                votes.setdefault(key, Counter())[span.label] += 1
                surface_of.setdefault(key, span.text)
    return {surface_of[key]: counter.most_common(1)[0][0] for key, counter in votes.items() if key}


def compute_suggestions(
    project: Project,
    annotator: str,
    *,
    gazetteer: list[GazetteerEntry] | None = None,
    sources: tuple[str, ...] = RULE_SOURCES,
) -> SuggestReport:
    """Compute and store the suggestions of `sources` for `annotator` over every document."""
    schema = project.schema.get()
    for entry in gazetteer or ():
        if schema.label(entry.label) is None:
            raise InputError(
                f"gazetteer label {entry.label!r} (for {entry.surface!r}) is not in the schema; "
                f"use one of {', '.join(schema.entity_labels)}",
                file=entry.file,
                line=entry.line,
            )
    surfaces = {
        "project": project_surfaces(project, annotator) if "project" in sources else {},
        "gazetteer": {e.surface: e.label for e in gazetteer or ()} if "gazetteer" in sources else {},
    }
    cues = project.suggestions.cue_lexicon()
    known_names = frozenset(
        normalize_query(name) for name in [*project_surfaces(project, annotator), *(e.surface for e in gazetteer or ())]
    )
    rows: list[dict[str, Any]] = []
    for summary in project.documents.list():
        document: Document = project.documents.get(summary.id)
        spans = project.spans.for_document(document.id, annotator)
        entities = [s for s in spans if schema.is_entity(s.label)]
        taken = [(s.start, s.end) for s in entities]
        for source in ("project", "gazetteer"):
            for row in entity_suggestions(document.text, surfaces[source], taken) if surfaces[source] else ():
                rows.append({**row, "document_id": document.id, "source": source})
        if "quotation" in sources:
            quoted = {(s.start, s.end) for s in spans if s.label == QUOTE_LABEL}
            for row in quotation_suggestions(document.text, cues, entities, known_names):
                if (row["start"], row["end"]) not in quoted:
                    rows.append({**row, "document_id": document.id, "source": "quotation"})
    report = SuggestReport()
    for source in RULE_SOURCES:
        report.added[source] = project.suggestions.add_many(annotator, [r for r in rows if r["source"] == source])
    report.open = {source: figures["open"] for source, figures in project.suggestions.counts(annotator).items()}
    return report
