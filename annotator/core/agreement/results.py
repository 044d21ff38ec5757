"""What `compute` returns: the figures of each pair of annotators, the figures over all of them, the
per-document counts and the disagreements; each with `to_json()` (the `--json` output)."""

from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, BinaryIO

from ..domain import STANCE_ATTRIBUTE
from .coefficients import Coefficient, MatchCounts, cohen_kappa_from_table, proportion, rounded
from .disagreement_list import DisagreementList
from .iob import TokenTable
from .spans import Disagreement, JsonTexts, PairTable, disagreements_json
from .spill import Spilled, text_of, write
from .unitizing import UnitizingResult


@dataclass
class SpanFigures:
    """Exact and overlap counts of one span layer (entities, quotations or cues), overall and per label.
    Kept as plain counts per label while documents stream in; MatchCounts are made when asked."""

    count_a: Counter[str] = field(default_factory=Counter)  # label -> spans of a
    count_b: Counter[str] = field(default_factory=Counter)
    exact_tp: Counter[str] = field(default_factory=Counter)  # label -> identical spans
    overlap_tp: Counter[str] = field(default_factory=Counter)  # label -> overlap pairs with that label
    # Labels to count into the four counters, gathered per document by `add_labels` (a list grows in C; a
    # Counter update per document and layer cost more than the comparison); `tally` counts them.
    _pending: tuple[list[str], list[str], list[str], list[str]] = field(
        default_factory=lambda: ([], [], [], []), repr=False, compare=False
    )

    def add(
        self,
        count_a: Mapping[str, int],
        count_b: Mapping[str, int],
        exact_tp: Mapping[str, int],
        overlap_tp: Mapping[str, int],
    ) -> None:
        self.tally()
        for total, counts in (
            (self.count_a, count_a),
            (self.count_b, count_b),
            (self.exact_tp, exact_tp),
            (self.overlap_tp, overlap_tp),
        ):
            for label, n in counts.items():
                total[label] += n

    def add_labels(self, a: Iterable[str], b: Iterable[str], exact: Iterable[str], overlap: Iterable[str]) -> None:
        """The labels of a's spans, of b's, of the identical spans and of the overlap pairs that agree on
        their label, one document's."""
        pending = self._pending
        pending[0].extend(a)
        pending[1].extend(b)
        pending[2].extend(exact)
        pending[3].extend(overlap)

    def tally(self) -> None:
        for total, labels in zip(
            (self.count_a, self.count_b, self.exact_tp, self.overlap_tp), self._pending, strict=True
        ):
            if labels:
                total.update(labels)
                labels.clear()

    @staticmethod
    def _counts(tp: int, na: int, nb: int) -> MatchCounts:
        return MatchCounts(tp, na - tp, nb - tp)

    @property
    def exact(self) -> MatchCounts:
        self.tally()
        return self._counts(sum(self.exact_tp.values()), sum(self.count_a.values()), sum(self.count_b.values()))

    @property
    def overlap(self) -> MatchCounts:
        self.tally()
        return self._counts(sum(self.overlap_tp.values()), sum(self.count_a.values()), sum(self.count_b.values()))

    @property
    def per_label(self) -> dict[str, tuple[MatchCounts, MatchCounts]]:
        """label -> (exact, overlap) counts."""
        self.tally()
        return {
            label: (
                self._counts(self.exact_tp[label], self.count_a[label], self.count_b[label]),
                self._counts(self.overlap_tp[label], self.count_a[label], self.count_b[label]),
            )
            for label in sorted(self.count_a.keys() | self.count_b.keys())
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "exact": self.exact.to_json(),
            "overlap": self.overlap.to_json(),
            "per_label": {
                name: {"exact": e.to_json(), "overlap": o.to_json()} for name, (e, o) in self.per_label.items()
            },
        }


@dataclass
class PairReport:
    a: str
    b: str
    documents: int = 0
    entity: SpanFigures = field(default_factory=SpanFigures)
    quotation: SpanFigures = field(default_factory=SpanFigures)
    cue: SpanFigures = field(default_factory=SpanFigures)
    tokens: TokenTable = field(default_factory=TokenTable)  # (IOB tag of a, of b) over tokens
    confusion: PairTable = field(default_factory=Counter)  # (entity label of a, of b) over the overlap pairing
    speaker: Counter[str] = field(default_factory=Counter)  # "agree" / "items" over matched quotations
    cue_link: Counter[str] = field(default_factory=Counter)
    kind_table: PairTable = field(default_factory=Counter)
    quote_stance_table: PairTable = field(default_factory=Counter)
    doc_label_tables: dict[str, PairTable] = field(default_factory=lambda: defaultdict(Counter))  # task -> table
    unitizing: dict[str, UnitizingResult] = field(default_factory=dict)  # kind -> u-alpha of the pair

    @property
    def token_table(self) -> PairTable:
        """(IOB tag of a, IOB tag of b) -> how many tokens."""
        return self.tokens.counts

    @property
    def token_kappa(self) -> Coefficient:
        return cohen_kappa_from_table(self.token_table)

    @property
    def speaker_agreement(self) -> Coefficient:
        return proportion(self.speaker["agree"], self.speaker["items"], "matched quotation with a speaker")

    @property
    def cue_agreement(self) -> Coefficient:
        return proportion(self.cue_link["agree"], self.cue_link["items"], "matched quotation with a cue")

    @property
    def kind(self) -> Coefficient:
        return cohen_kappa_from_table(self.kind_table)

    @property
    def quotation_stance(self) -> Coefficient:
        return cohen_kappa_from_table(self.quote_stance_table)

    def doc_label(self, task: str) -> Coefficient:
        return cohen_kappa_from_table(self.doc_label_tables.get(task, Counter()))

    def to_json(self) -> dict[str, Any]:
        speaker, cue = self.speaker_agreement, self.cue_agreement
        quotation = self.quotation.to_json()
        quotation.update(
            {
                "speaker_agreement": rounded(speaker.value),
                "speaker_items": speaker.items,
                "cue_agreement": rounded(cue.value),
                "cue_items": cue.items,
                "kind": self.kind.to_json("cohen_kappa"),
                STANCE_ATTRIBUTE: self.quotation_stance.to_json("cohen_kappa"),
            }
        )
        for name, coef in (("speaker_agreement", speaker), ("cue_agreement", cue)):
            if coef.reason:
                quotation[f"{name}_reason"] = coef.reason
        entity = self.entity.to_json()
        entity["token_kappa"] = self.token_kappa.to_json("cohen_kappa")
        entity["confusion"] = confusion_json(self.confusion)
        return {
            "a": self.a,
            "b": self.b,
            "documents": self.documents,
            "entity": entity,
            "quotation": quotation,
            "cue": self.cue.to_json(),
            "doc_labels": {task: self.doc_label(task).to_json("cohen_kappa") for task in sorted(self.doc_label_tables)},
            "unitizing_alpha": {kind: result.to_json() for kind, result in self.unitizing.items()},
        }


def confusion_json(table: PairTable) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (x, y), n in sorted(table.items()):
        out.setdefault(x, {})[y] = n
    return out


@dataclass(frozen=True)
class MultiCoded:
    """Fleiss' kappa (items every annotator coded) and Krippendorff's alpha (items two or more coded)."""

    fleiss: Coefficient
    alpha: Coefficient

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "fleiss_kappa": rounded(self.fleiss.value),
            "fleiss_kappa_items": self.fleiss.items,
            "krippendorff_alpha": rounded(self.alpha.value),
            "krippendorff_alpha_items": self.alpha.items,
        }
        for name, coef in (("fleiss_kappa", self.fleiss), ("krippendorff_alpha", self.alpha)):
            if coef.reason:
                out[f"{name}_reason"] = coef.reason
        return out


Counts = tuple[int, int, int]  # tp, only_a, only_b (a MatchCounts' fields)
# a DocumentPair as a plain tuple: document, a, b, then the tp, only_a, only_b of entity exact, entity
# overlap, quotation exact, quotation overlap
DocumentRow = tuple[str, str, str, int, int, int, int, int, int, int, int, int, int, int, int]


@dataclass(frozen=True)
class DocumentPair:
    """One document's span figures for one pair, to find the documents that disagree most."""

    document: str
    a: str
    b: str
    entity_exact: MatchCounts
    entity_overlap: MatchCounts
    quotation_exact: MatchCounts
    quotation_overlap: MatchCounts

    @staticmethod
    def of(row: DocumentRow) -> DocumentPair:
        document, a, b, *n = row
        return DocumentPair(
            document, a, b, MatchCounts(*n[0:3]), MatchCounts(*n[3:6]), MatchCounts(*n[6:9]), MatchCounts(*n[9:12])
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "a": self.a,
            "b": self.b,
            "entity": {"exact": self.entity_exact.to_json(), "overlap": self.entity_overlap.to_json()},
            "quotation": {"exact": self.quotation_exact.to_json(), "overlap": self.quotation_overlap.to_json()},
        }


@dataclass
class AgreementReport:
    """Everything `annotator agreement` prints; `to_json()` is its `--json` output."""

    annotators: list[str]
    documents: int  # documents read
    complete_documents: int  # documents every chosen annotator worked on
    pairs: list[PairReport]
    multi_doc_labels: dict[str, MultiCoded]  # task -> figures over all annotators
    multi_quotation_stance: MultiCoded
    multi_unitizing: dict[str, UnitizingResult]  # kind -> u-alpha over all annotators
    document_rows: list[DocumentRow]  # `per_document` as plain tuples
    disagreements: Sequence[Disagreement]  # a DisagreementList from `compute` (some may still be JSON text)
    notes: list[str]
    # `per_document_json_items` of the rows in order, when worker processes encoded them (in parallel)
    document_rows_json: list[str | Spilled] | None = None

    @cached_property
    def per_document(self) -> list[DocumentPair]:
        """Each document's span figures per pair (made when first asked: --json writes the rows)."""
        return [DocumentPair.of(row) for row in self.document_rows]

    def worst_documents(self, count: int) -> list[DocumentPair]:
        """The `count` document rows with the lowest entity overlap F1 (then by name), of those with an
        entity: chosen from the plain rows, so only those shown become objects (300,000 rows at 100,000
        articles by 3 annotators made 200 MB of them to show 10)."""
        rows = self.document_rows
        # (F1, name, position): documents of equal F1 by name, then in the rows' order, as a stable sort gives
        scored = ((f1, row[0], k) for k, row in enumerate(rows) if (f1 := _entity_overlap_f1(row)) is not None)
        return [DocumentPair.of(rows[k]) for _, _, k in heapq.nsmallest(count, scored)]

    def pair(self, a: str, b: str) -> PairReport:
        return next(p for p in self.pairs if {p.a, p.b} == {a, b})

    def json_text(self) -> str:
        """`json.dumps(self.to_json(), ensure_ascii=False)` (what `agreement --json` prints)."""
        return "".join(self.json_parts())

    def json_parts(self) -> Iterator[str]:
        """`json_text()` in pieces, to write one after the other: made faster by writing the per-document
        counts and the disagreements directly, and by not copying the long texts into one string."""
        return map(text_of, self.json_pieces())

    def write_json(self, out: BinaryIO) -> None:
        """`json_text()` into `out` as UTF-8, the long texts kept in a temporary file copied from there
        as they are (`agreement --json`)."""
        for piece in self.json_pieces():
            write(piece, out)

    def json_pieces(self) -> Iterator[str | Spilled]:
        """`json_parts`, with the texts kept in a temporary file given as such."""
        out = self.to_json(disagreements=False, per_document=False)
        notes = out.pop("notes")
        yield "{" + "".join(
            f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}, " for key, value in out.items()
        )
        if self.document_rows_json is None:
            yield f'"per_document": {per_document_json(self.document_rows)}, "disagreements": '
        else:
            yield '"per_document": ['
            between = ""
            for part in self.document_rows_json:  # one at a time: each may be in a temporary file
                if isinstance(part, str) and not part:
                    continue
                if between:
                    yield between
                yield part
                between = ", "
            yield '], "disagreements": '
        if isinstance(self.disagreements, DisagreementList):
            yield from self.disagreements.json_pieces()
        else:
            yield disagreements_json(self.disagreements)
        yield f', "notes": {json.dumps(notes, ensure_ascii=False)}}}'

    def to_json(self, disagreements: bool = True, per_document: bool = True) -> dict[str, Any]:
        """The report as JSON values; `disagreements=False` and `per_document=False` leave those (long)
        lists out."""
        multi: dict[str, Any] = {task: figures.to_json() for task, figures in sorted(self.multi_doc_labels.items())}
        multi["quotation_stance"] = self.multi_quotation_stance.to_json()
        multi["unitizing_alpha"] = {kind: result.to_json() for kind, result in self.multi_unitizing.items()}
        out: dict[str, Any] = {
            "annotators": self.annotators,
            "documents": self.documents,
            "complete_documents": self.complete_documents,
            "pairs": [p.to_json() for p in self.pairs],
            "multi": multi,
        }
        if per_document:
            out["per_document"] = [d.to_json() for d in self.per_document]
        if disagreements:
            out["disagreements"] = [d.to_json() for d in self.disagreements]
        out["notes"] = self.notes
        return out


def _entity_overlap_f1(row: DocumentRow) -> float | None:
    return MatchCounts(*row[6:9]).f1


def per_document_json(rows: list[DocumentRow]) -> str:
    """`json.dumps([DocumentPair.of(row).to_json() for row in rows], ensure_ascii=False)`, character for
    character, without objects."""
    return "[" + per_document_json_items(rows) + "]"


def per_document_json_items(rows: list[DocumentRow]) -> str:
    """The items of `per_document_json`'s array: counts repeat (most documents have a few spans), so each
    (tp, only_a, only_b) and each name is encoded once."""
    names = JsonTexts()
    counts: dict[tuple[int, ...], str] = {}

    def encoded(key: tuple[int, ...]) -> str:
        found = counts.get(key)
        if found is None:
            found = counts[key] = json.dumps(MatchCounts(*key).to_json(), ensure_ascii=False)
        return found

    return ", ".join(
        f'{{"document": {names[row[0]]}, "a": {names[row[1]]}, "b": {names[row[2]]}, '
        f'"entity": {{"exact": {encoded(row[3:6])}, "overlap": {encoded(row[6:9])}}}, '
        f'"quotation": {{"exact": {encoded(row[9:12])}, "overlap": {encoded(row[12:15])}}}}}'
        for row in rows
    )
