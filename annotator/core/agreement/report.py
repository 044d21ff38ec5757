"""Every agreement figure between the chosen annotators, in one pass over the documents (`compare`).

Documents stream through one at a time; each annotator's layer is prepared once (layers.py) and
compared with every other annotator's. Documents read as rows that every chosen annotator worked on (most)
are compared BATCH at a time, laid end to end as one (`_Run._add_batch`, layers.py `batch_views`): each
comparison then runs once per batch rather than once per document, with the same figures, per-document
rows and disagreements, in the same order. A pair of annotators is compared on the documents both worked on
(a document where one of them has no span, label or status is not theirs to compare yet); the figures
over all annotators (Fleiss, Krippendorff, u-alpha) use the documents every chosen annotator worked on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from itertools import accumulate, chain, combinations
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain import STANCE_TASK
from ..errors import InputError
from ..model import CUE, ENTITY, GOLD, QUOTATION, AnnotatedDocument, LayerRows, Schema
from ..progress import NO_PROGRESS, Progress, checkpoint
from . import iob
from .batches import Batch, tally_quote_pair
from .coefficients import fleiss_kappa, krippendorff_alpha_nominal
from .disagreement_list import DisagreementList
from .layers import KINDS, BatchView, Labels, LayerView, batch_views, layer_view, views_from_rows
from .results import AgreementReport, Counts, DocumentRow, MultiCoded, PairReport, SpanFigures, per_document_json_items
from .spans import Disagreement, Span3, confusion, disagreements_json_items, match_apart, span_disagreements
from .spill import Spill, Spilled
from .unitizing import UnitizingStudy, pair_observed

if TYPE_CHECKING:
    from ..project import Project


_Item = TypeVar("_Item", AnnotatedDocument, LayerRows)
_LABEL = itemgetter(2)  # of a span (start, end, label)
_START = itemgetter(0)
_ANNOTATOR = itemgetter(1)  # of a relation, document label or status row
_SPAN_ROW_ANNOTATOR = itemgetter(2)
BATCH = 100  # documents compared at once at most (`_Run._add_batch`)
# ... and fewer once they hold this many span rows or characters: a batch that stays in the processor's
# cache is compared faster, while each batch costs a little of its own (10,000 generated articles of 4,000
# characters and ~90 span rows by 3 annotators, a worker's 5,000: 3.5 s of CPU at 100 documents a batch,
# 3.1 s at 15-20, 4.4 s at 1,000; the whole command 4.5 -> 4.25 s)
BATCH_SPANS = 1_500
BATCH_CHARACTERS = 100_000  # (the texts are laid end to end as one string)
# a document's counts of one pair in its `per_document` row: entity exact and overlap, quotation exact and
# overlap, each (tp, only_a, only_b)
_DocCounts = tuple[int, int, int, int, int, int, int, int, int, int, int, int]


PROGRESS_EVERY = 100  # documents between two progress steps


def choose_annotators(project: Project, annotators: Sequence[str] | None) -> list[str]:
    """The named annotators (checked), or every annotator but `gold`; at least two."""
    known = project.annotators.list()
    if annotators is None:
        chosen = [a for a in known if a != GOLD]
    else:
        chosen = list(dict.fromkeys(annotators))
        missing = [a for a in chosen if a not in known]
        if missing:
            raise InputError(
                f"no annotator {', '.join(map(repr, missing))} in {project.display_name}; "
                f"it has {', '.join(known) or 'none'}"
            )
    if len(chosen) < 2:
        raise InputError(
            f"agreement needs at least two annotators; {project.display_name} has "
            f"{', '.join(chosen) or 'none'}"
            + (" (gold is left out unless named)" if annotators is None and GOLD in known else "")
        )
    return chosen


def compare(
    docs: Iterable[AnnotatedDocument],
    schema: Schema,
    annotators: Sequence[str],
    *,
    progress: Progress = NO_PROGRESS,
    total: int = 0,
) -> AgreementReport:
    """The same as `compute`, over documents given directly (tests, other front ends); `total`: how many
    there are, for `progress` (0: not known)."""
    run = _Run(schema, list(annotators))
    run.add_all(docs, run.add, progress, total)
    return run.report()


class _Run:
    def __init__(self, schema: Schema, annotators: list[str]):
        self.schema = schema
        self.annotators = annotators
        self.chosen = set(annotators)
        self.labels = Labels(schema)
        self.pairs = [PairReport(a, b) for a, b in combinations(annotators, 2)]
        self.pair_studies = [{kind: UnitizingStudy(2) for kind in KINDS} for _ in self.pairs]
        self.multi_studies = {kind: UnitizingStudy(len(annotators)) for kind in KINDS}
        # While every document so far had every chosen annotator, each annotator's units go to a study of
        # its own, once, and the pair and multi studies get only their observed disagreement; the first
        # document without all of them (or the end) hands the units over (`_absorb_solos`). Most projects
        # stay so to the end: a third of the unitizing work per document.
        self.solos: dict[str, list[UnitizingStudy]] | None = {
            kind: [UnitizingStudy(1) for _ in annotators] for kind in KINDS
        }
        self.doc_label_items: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(_lists)
        # (document, start, end, target) -> the annotators' stances of the quotation
        self.quote_stance_items: dict[tuple[str, int, int, str], list[str]] = defaultdict(list)
        # The items above folded into how many have each pattern of values (`pack`: all Fleiss and
        # Krippendorff need), so a worker hands back a few dozen patterns, not an entry per document: an
        # item is of one document, and a share holds its documents whole.
        self.doc_label_patterns: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
        self.quote_stance_patterns: Counter[tuple[str, ...]] = Counter()
        self.per_document: list[DocumentRow] = []  # plain tuples: 10,000s cross back from workers cheaply
        # `per_document` as JSON text, encoded by a worker process (`pack`) while the others work: parts
        # covering its first `json_rows` rows (None: some rows before them are not encoded)
        self.per_document_json: list[str | Spilled] | None = []
        self.spill: Spill | None = None  # where a merged run keeps the shares' JSON texts (spill.py)
        self.json_rows = 0
        self.disagreements: list[Disagreement] = []  # found by this run, after those in `listed`
        self.listed = DisagreementList()  # disagreements of the documents before (merged, or packed)
        self.documents = 0
        self.complete = 0
        self.units_left_out = 0
        self.batch: list[LayerRows] = []  # documents read as rows that every annotator worked on, not added yet
        self.batch_spans = self.batch_characters = 0  # their span rows and characters
        self.packing = False  # a worker's run: each batch's disagreements encoded as found (`pack`)

    def add_all(
        self, items: Iterable[_Item], add: Callable[[_Item], None], progress: Progress = NO_PROGRESS, total: int = 0
    ) -> None:
        """`add` (`add` or `add_rows`) each item: a step on `progress` every PROGRESS_EVERY documents
        (`Cancelled` there when it says so), and `done == total` at the end."""
        done = 0
        for done, item in enumerate(items, 1):
            add(item)
            if done % PROGRESS_EVERY == 0:
                checkpoint(progress, done, max(total, done), "comparing the annotators")
        self._add_batch()
        progress.report(max(total, done), max(total, done), "compared")

    def add(self, doc: AnnotatedDocument) -> None:
        views: dict[str, LayerView] = {}
        for layer in doc.layers:
            if layer.annotator in self.chosen:
                views[layer.annotator] = layer_view(layer, self.labels)
        self._add(doc.name, doc.text, views)

    def add_rows(self, rows: LayerRows) -> None:
        """A document read as rows (`Project.layer_rows`): the same figures as `add`, without records.
        Documents every chosen annotator worked on (most) wait in `batch`, and are compared BATCH at a
        time, or fewer once they hold BATCH_SPANS span rows or BATCH_CHARACTERS characters (`_add_batch`);
        any other document is compared at once, after the batch before it."""
        present = set(map(_SPAN_ROW_ANNOTATOR, rows.spans))
        for table in (rows.relations, rows.doc_labels, rows.statuses):
            present.update(map(_ANNOTATOR, table))
        if len(self.annotators) > 1 and self.chosen <= present:
            self.batch.append(rows)
            self.batch_spans += len(rows.spans)
            self.batch_characters += len(rows.text)
            if len(self.batch) >= BATCH or self.batch_spans >= BATCH_SPANS or self.batch_characters >= BATCH_CHARACTERS:
                self._add_batch()
            return
        self._add_batch()
        views = views_from_rows(rows, self.labels)
        self._add(rows.name, rows.text, {a: view for a, view in views.items() if a in self.chosen}, rows.tokens)

    def _add(self, name: str, text: str, views: dict[str, LayerView], token_count: int | None = None) -> None:
        self.documents += 1
        for view in views.values():
            self.units_left_out += view.units_left_out
            for (task, target), value in view.doc_labels.items():
                self.doc_label_items[task][(name, target)].append(value)
            for (start, end, target), value in view.quote_stances.items():
                self.quote_stance_items[(name, start, end, target)].append(value)
        if len(views) < 2:
            return
        complete = len(views) == len(self.annotators)
        self.complete += complete
        doc_tokens = iob.DocumentTokens(text, token_count)
        multi_observed: dict[str, dict[Hashable, int]] = {kind: {} for kind in KINDS}
        if not complete:
            self._absorb_solos()
        solos = self.solos
        for index, pair in enumerate(self.pairs):
            va, vb = views.get(pair.a), views.get(pair.b)
            if va is None or vb is None:
                continue
            pair.documents += 1
            observed = self._compare(name, pair, va, vb, doc_tokens)
            for kind in KINDS:
                if solos is None:
                    self.pair_studies[index][kind].add_document(
                        len(text),
                        [va.units[kind], vb.units[kind]],
                        observed[kind],
                        [va.layouts[kind], vb.layouts[kind]],
                    )
                else:
                    self.pair_studies[index][kind].add_observed(observed[kind])
                if complete:
                    summed = multi_observed[kind]
                    for category, count in observed[kind].items():
                        summed[category] = summed.get(category, 0) + count
        if complete:
            ordered = [views[a] for a in self.annotators]
            for kind in KINDS:
                if solos is None:
                    self.multi_studies[kind].add_document(
                        len(text),
                        [v.units[kind] for v in ordered],
                        multi_observed[kind],
                        [v.layouts[kind] for v in ordered],
                    )
                    continue
                self.multi_studies[kind].add_observed(multi_observed[kind])
                for solo, view in zip(solos[kind], ordered, strict=True):
                    solo.add_document(len(text), [view.units[kind]], {}, [view.layouts[kind]])

    def _absorb_solos(self) -> None:
        """Hand each annotator's units over to the pair and multi studies (see `solos`)."""
        if self.solos is None:
            return
        position = {name: k for k, name in enumerate(self.annotators)}
        for pair, studies in zip(self.pairs, self.pair_studies, strict=True):
            for kind, study in studies.items():
                study.absorb([self.solos[kind][position[pair.a]], self.solos[kind][position[pair.b]]])
        for kind, study in self.multi_studies.items():
            study.absorb(self.solos[kind])
        self.solos = None

    def _add_batch(self) -> None:
        """Compare the documents waiting in `batch` (each worked on by every chosen annotator) at once,
        laid end to end as one (`layers.batch_views`): the figures, per-document rows and disagreements
        (in the order `_add` gives them, document by document) are those of adding them one by one."""
        docs, self.batch = self.batch, []
        self.batch_spans = self.batch_characters = 0
        if not docs:
            return
        offsets = list(accumulate((len(rows.text) for rows in docs[:-1]), initial=0))
        length = offsets[-1] + len(docs[-1].text)
        views = batch_views(docs, offsets, self.annotators, self.labels)
        names = [rows.name for rows in docs]
        self.documents += len(docs)
        self.complete += len(docs)
        ordered = [views[a] for a in sorted(self.annotators)]  # as `views_from_rows` gives them
        for k, name in enumerate(names):
            for view in ordered:
                for (task, target), value in view.doc_labels[k].items():
                    self.doc_label_items[task][(name, target)].append(value)
                for (start, end, target), value in view.quote_stances[k].items():
                    self.quote_stance_items[(name, start, end, target)].append(value)
        for view in views.values():
            self.units_left_out += view.units_left_out
        doc_tokens = iob.DocumentTokens.laid_end_to_end(
            [rows.text for rows in docs], [rows.tokens for rows in docs], offsets
        )
        batch = Batch(names, offsets)
        multi_observed: dict[str, dict[Hashable, int]] = {kind: {} for kind in KINDS}
        per_pair = []
        for index, pair in enumerate(self.pairs):
            va, vb = views[pair.a], views[pair.b]
            pair.documents += len(docs)
            observed, counts = self._compare_batch(batch, pair, va, vb, doc_tokens)
            per_pair.append(counts)
            for kind in KINDS:
                if self.solos is None:
                    self.pair_studies[index][kind].add_document(
                        length,
                        [va.units[kind], vb.units[kind]],
                        observed[kind],
                        [va.layouts[kind], vb.layouts[kind]],
                        documents=len(docs),
                    )
                else:
                    self.pair_studies[index][kind].add_observed(observed[kind])
                summed = multi_observed[kind]
                for category, count in observed[kind].items():
                    summed[category] = summed.get(category, 0) + count
        self._add_batch_units(length, len(docs), [views[a] for a in self.annotators], multi_observed)
        for k, name in enumerate(names):
            for pair, counts in zip(self.pairs, per_pair, strict=True):
                self.per_document.append((name, pair.a, pair.b, *counts[k]))
        per_document = batch.disagreements
        if self.packing:  # encoded now, while they are in the processor's cache (a worker's run: `pack`)
            self._list_found()
            count = sum(map(len, per_document))
            self.listed.add_packed(disagreements_json_items(chain.from_iterable(per_document)), count)
        else:
            for found in per_document:
                self.disagreements += found

    def _add_batch_units(
        self, length: int, documents: int, ordered: list[BatchView], multi_observed: dict[str, dict[Hashable, int]]
    ) -> None:
        """The unitizing studies over all annotators (and each annotator's own, `solos`) of a batch."""
        for kind in KINDS:
            if self.solos is None:
                self.multi_studies[kind].add_document(
                    length,
                    [v.units[kind] for v in ordered],
                    multi_observed[kind],
                    [v.layouts[kind] for v in ordered],
                    documents=documents,
                )
                continue
            self.multi_studies[kind].add_observed(multi_observed[kind])
            for solo, view in zip(self.solos[kind], ordered, strict=True):
                solo.add_document(length, [view.units[kind]], {}, [view.layouts[kind]], documents=documents)

    def _compare_batch(
        self, batch: Batch, pair: PairReport, va: BatchView, vb: BatchView, doc_tokens: iob.DocumentTokens
    ) -> tuple[dict[str, dict[Hashable, int]], list[_DocCounts]]:
        """`_compare` of a batch: the observed unitizing disagreement per kind, and each document's
        counts for its `per_document` row (entity exact and overlap, quotation exact and overlap)."""
        a, b = pair.a, pair.b
        n = len(batch.names)
        per_doc = {ENTITY: [(0, 0, 0, 0, 0, 0)] * n, QUOTATION: [(0, 0, 0, 0, 0, 0)] * n}
        for kind, figures in ((ENTITY, pair.entity), (QUOTATION, pair.quotation), (CUE, pair.cue)):
            spans_a, spans_b = va.spans[kind], vb.spans[kind]
            if not spans_a and not spans_b:
                continue
            moved: list[tuple[Span3, Span3]]
            only_a: list[Span3]
            only_b: list[Span3]
            if spans_a == spans_b:
                same, moved, only_a, only_b = spans_a, [], [], []
            else:
                same, moved, only_a, only_b = match_apart(spans_a, spans_b)
            same_labels = list(map(_LABEL, same))
            _add_span_figures(figures, spans_a, spans_b, same_labels, moved)
            if kind in per_doc:
                per_doc[kind] = batch.counts(spans_a, spans_b, same, [x for x, y in moved if x[2] == y[2]])
            if moved or only_a or only_b:
                batch.span_disagreements(a, b, kind, moved, only_a, only_b)
            if kind == ENTITY:
                confusion(moved, only_a, only_b, pair.confusion, same_labels)
            elif kind == QUOTATION:
                batch.compare_quotes(pair, va, vb, [(s, s) for s in same] + moved)
        if va.spans[ENTITY] or vb.spans[ENTITY]:
            pair.tokens.add(doc_tokens, va.tags(doc_tokens), vb.tags(doc_tokens))
        else:
            pair.tokens.add_outside(len(doc_tokens))
        for k, name in enumerate(batch.names):
            out = batch.disagreements[k]
            self._compare_values(name, pair, va.doc_labels[k], vb.doc_labels[k], STANCE_TASK, out)
            self._compare_values(name, pair, va.quote_stances[k], vb.quote_stances[k], "quotation_stance", out)
        observed: dict[str, dict[Hashable, int]] = {}
        for kind in KINDS:
            units_a, units_b = va.units[kind], vb.units[kind]
            observed[kind] = {
                category: pair_observed(units_a.get(category, ()), units_b.get(category, ()))
                for category in units_a.keys() | units_b.keys()
            }
        counts = [(*e, *q) for e, q in zip(per_doc[ENTITY], per_doc[QUOTATION], strict=True)]
        return observed, counts

    def _compare(
        self, name: str, pair: PairReport, va: LayerView, vb: LayerView, doc_tokens: iob.DocumentTokens
    ) -> dict[str, dict[Hashable, int]]:
        a, b = pair.a, pair.b
        counts: dict[str, tuple[Counts, Counts]] = {}
        for kind, figures in ((ENTITY, pair.entity), (QUOTATION, pair.quotation), (CUE, pair.cue)):
            spans_a, spans_b = va.spans[kind], vb.spans[kind]
            if not spans_a and not spans_b:
                counts[kind] = ((0, 0, 0), (0, 0, 0))
                continue
            moved: list[tuple[Span3, Span3]]
            only_a: list[Span3]
            only_b: list[Span3]
            if spans_a == spans_b:  # (quotations and cues mostly)
                same, moved, only_a, only_b = spans_a, [], [], []
            else:
                same, moved, only_a, only_b = match_apart(spans_a, spans_b)
            same_labels = list(map(_LABEL, same))
            counts[kind] = _add_span_figures(figures, spans_a, spans_b, same_labels, moved)
            if moved or only_a or only_b:
                self.disagreements += span_disagreements(name, a, b, kind, moved, only_a, only_b)
            if kind == ENTITY:
                confusion(moved, only_a, only_b, pair.confusion, same_labels)
            elif kind == QUOTATION:
                self._compare_quotes(name, pair, va, vb, [(s, s) for s in same] + moved)
        self.per_document.append(
            (name, a, b, *counts[ENTITY][0], *counts[ENTITY][1], *counts[QUOTATION][0], *counts[QUOTATION][1])
        )
        if va.spans[ENTITY] or vb.spans[ENTITY]:
            pair.tokens.add(doc_tokens, va.tags(doc_tokens), vb.tags(doc_tokens))
        else:
            pair.tokens.add_outside(len(doc_tokens))
        self._compare_values(name, pair, va.doc_labels, vb.doc_labels, STANCE_TASK)
        self._compare_values(name, pair, va.quote_stances, vb.quote_stances, "quotation_stance")
        observed: dict[str, dict[Hashable, int]] = {}
        for kind in KINDS:
            units_a, units_b = va.units[kind], vb.units[kind]
            if units_a == units_b:  # the same units: no disagreement in any category
                observed[kind] = {}
                continue
            observed[kind] = {
                category: pair_observed(units_a.get(category, ()), units_b.get(category, ()))
                for category in units_a.keys() | units_b.keys()
            }
        return observed

    def _compare_quotes(
        self, name: str, pair: PairReport, va: LayerView, vb: LayerView, pairs: Iterable[tuple[Span3, Span3]]
    ) -> None:
        for x, y in pairs:
            qa, qb = va.quotes.get(x), vb.quotes.get(y)
            if qa is None or qb is None:
                continue
            start, end = min(x[0], y[0]), max(x[1], y[1])
            for what, has_a, has_b in tally_quote_pair(pair, qa, qb):
                self.disagreements.append(Disagreement(name, pair.a, pair.b, QUOTATION, what, start, end, has_a, has_b))

    def _compare_values(
        self,
        name: str,
        pair: PairReport,
        values_a: Mapping[Any, str],
        values_b: Mapping[Any, str],
        layer: str,
        out: list[Disagreement] | None = None,
    ) -> None:
        """Document labels ((task, target) -> value) or quotation stances ((start, end, target) -> value);
        their disagreements go to `out` (default: this run's)."""
        out = self.disagreements if out is None else out
        for key in sorted(values_a.keys() | values_b.keys()):  # sorted: the same order in every run
            x, y = values_a.get(key), values_b.get(key)
            if layer == STANCE_TASK:
                task, target = key
                start = end = None
            else:
                start, end, target = key
                task = None
            if x is not None and y is not None:
                (pair.doc_label_tables[task] if task else pair.quote_stance_table)[(x, y)] += 1
                if x == y:
                    continue
            what = "value" if x is not None and y is not None else ("only_a" if y is None else "only_b")
            out.append(Disagreement(name, pair.a, pair.b, layer, what, start, end, x, y, target=target, task=task))

    def merge(self, other: _Run) -> None:
        """Take in a run over the documents that follow this one's (a worker's share)."""
        self._add_batch()
        other._add_batch()
        self._absorb_solos()
        other._absorb_solos()
        for pair, theirs in zip(self.pairs, other.pairs, strict=True):
            pair.documents += theirs.documents
            for figures, their_figures in (
                (pair.entity, theirs.entity),
                (pair.quotation, theirs.quotation),
                (pair.cue, theirs.cue),
            ):
                their_figures.tally()
                figures.add(
                    their_figures.count_a, their_figures.count_b, their_figures.exact_tp, their_figures.overlap_tp
                )
            pair.tokens.update(theirs.tokens)
            for name in ("confusion", "speaker", "cue_link", "kind_table", "quote_stance_table"):
                getattr(pair, name).update(getattr(theirs, name))
            for task, table in theirs.doc_label_tables.items():
                pair.doc_label_tables[task].update(table)
        for studies, their_studies in zip(self.pair_studies, other.pair_studies, strict=True):
            for kind, study in their_studies.items():
                studies[kind].extend(study)
        for kind, study in other.multi_studies.items():
            self.multi_studies[kind].extend(study)
        for task, items in other.doc_label_items.items():
            for key, values in items.items():
                self.doc_label_items[task][key] += values
        for quotation, values in other.quote_stance_items.items():
            self.quote_stance_items[quotation] += values
        for task, patterns in other.doc_label_patterns.items():
            self.doc_label_patterns[task].update(patterns)
        self.quote_stance_patterns.update(other.quote_stance_patterns)
        if (
            self.per_document_json is None
            or other.per_document_json is None
            or self.json_rows < len(self.per_document)
            or other.json_rows < len(other.per_document)
        ):
            self.per_document_json = None
        else:
            self.per_document_json += other.per_document_json
            self.json_rows += other.json_rows
        self.per_document += other.per_document
        self._list_found()
        self.listed.extend(other.listed)
        self._spill_texts()
        self.listed.add(other.disagreements)
        self.documents += other.documents
        self.complete += other.complete
        self.units_left_out += other.units_left_out

    def _spill_texts(self) -> None:
        """The shares' JSON texts merged so far into a temporary file (spill.py): at 100,000 articles they
        are 800 MB, which this process held until the report was written."""
        if self.spill is None:
            self.spill = Spill()
        self.spill_texts(self.spill)

    def spill_texts(self, to: Spill) -> None:
        """This run's packed JSON texts into `to`'s file (a worker's, into the main process's)."""
        self.listed.spill(to)
        if self.per_document_json is not None:
            self.per_document_json = [to.keep(part) for part in self.per_document_json]

    def _list_found(self) -> None:
        self.listed.add(self.disagreements)
        self.disagreements = []

    def pack(self) -> None:
        """Encode the disagreements as JSON text, before this run goes back from a worker process; and
        tally the unitizing lengths and gaps there (the main process then adds tallies, not lists)."""
        self._add_batch()
        self._list_found()
        self.listed.pack()
        if self.per_document_json is not None:
            self.per_document_json.append(per_document_json_items(self.per_document[self.json_rows :]))
            self.json_rows = len(self.per_document)
        self._tally_figures()
        self._absorb_solos()
        for studies in [*self.pair_studies, self.multi_studies]:
            for study in studies.values():
                study.tally()
        self._fold_items()
        self.packing = False

    def _fold_items(self) -> None:
        """The document label and quotation stance items into their patterns (`doc_label_patterns`)."""
        for task, items in self.doc_label_items.items():
            self.doc_label_patterns[task].update(_patterns(items))
        self.quote_stance_patterns.update(_patterns(self.quote_stance_items))
        self.doc_label_items.clear()
        self.quote_stance_items.clear()

    def _tally_figures(self) -> None:
        for pair in self.pairs:
            for figures in (pair.entity, pair.quotation, pair.cue):
                figures.tally()
            pair.tokens.tally()

    def report(self) -> AgreementReport:
        self._add_batch()
        self._list_found()
        self._tally_figures()
        self._absorb_solos()
        for pair, studies in zip(self.pairs, self.pair_studies, strict=True):
            pair.unitizing = {kind: study.result() for kind, study in studies.items()}
        n = len(self.annotators)
        self._fold_items()
        multi_labels = {task: _multi(patterns, n) for task, patterns in sorted(self.doc_label_patterns.items())}
        for task in self.schema.tasks:
            multi_labels.setdefault(task, _multi(Counter(), n))
            for pair in self.pairs:
                pair.doc_label_tables.setdefault(task, Counter())
        notes = []
        if self.units_left_out:
            notes.append(
                f"{self.units_left_out} spans overlapping an earlier span of the same annotator and label "
                "were left out of u-alpha (as INCEpTION does)"
            )
        return AgreementReport(
            annotators=self.annotators,
            documents=self.documents,
            complete_documents=self.complete,
            pairs=self.pairs,
            multi_doc_labels=multi_labels,
            multi_quotation_stance=_multi(self.quote_stance_patterns, n),
            multi_unitizing={kind: study.result() for kind, study in self.multi_studies.items()},
            document_rows=self.per_document,
            disagreements=self.listed,
            notes=notes,
            document_rows_json=self.per_document_json if self.json_rows == len(self.per_document) else None,
        )


def _add_span_figures(
    figures: SpanFigures,
    spans_a: list[Span3],
    spans_b: list[Span3],
    same_labels: list[str],
    moved: list[tuple[Span3, Span3]],
) -> tuple[Counts, Counts]:
    """Add one document's exact and overlap counts (`same_labels`: the labels of the identical spans;
    `moved`: the other overlap pairs); returns the document's own (exact, overlap) as (tp, only_a, only_b)."""
    same_label_moved = [x[2] for x, y in moved if x[2] == y[2]]
    figures.add_labels(map(_LABEL, spans_a), map(_LABEL, spans_b), same_labels, same_labels + same_label_moved)
    na, nb = len(spans_a), len(spans_b)
    tp_exact, tp_overlap = len(same_labels), len(same_labels) + len(same_label_moved)
    return (tp_exact, na - tp_exact, nb - tp_exact), (tp_overlap, na - tp_overlap, nb - tp_overlap)


def _lists() -> defaultdict[tuple[str, str], list[str]]:
    return defaultdict(list)  # a named factory: a run travels back from a worker process by pickle


def _patterns(items: dict[Any, list[str]]) -> Counter[tuple[str, ...]]:
    """How many items have each pattern of values (the annotators' values, sorted)."""
    return Counter(tuple(sorted(values)) for values in items.values())


def _multi(patterns: Counter[tuple[str, ...]], annotators: int) -> MultiCoded:
    # Items alike (the same values from the annotators) are counted once, with how many there are: a large
    # project has 10,000s of items and a few dozen patterns.
    complete = [(Counter(values), times) for values, times in patterns.items() if len(values) == annotators]
    return MultiCoded(
        fleiss_kappa([item for item, _ in complete], [times for _, times in complete]),
        krippendorff_alpha_nominal(patterns.keys(), patterns.values()),
    )
