"""The fast agreement path (`compute`: bulk rows, cached tokens, sweeps) gives exactly the report of
straightforward computations on random projects: several annotators, nested and overlapping spans,
duplicates, quotations with speakers, cues and stances, documents some annotators never opened.

Two references: the record path (`compare` over `Project.annotated_documents`, every figure and
disagreement) and, for the span pairing and the token table, the obvious O(n^2) / token-by-token ways."""

import json
import random
from collections import Counter
from itertools import combinations

import pytest

from annotator.core import tokens
from annotator.core.agreement import compute
from annotator.core.agreement.report import compare
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord

WORDS = [
    "قال",
    "الوزير",
    "إن",
    "غزة",
    "ولواشنطن",
    "بالقاهرة",
    "المُتَحَدِّثُ",
    "«نعم»",
    "الأمم",
    "المتحدة",
    "وأكد",
    "رفح",
    "👩‍👩‍👧",
    "2024",
    "،",
    "Reuters",
    "كل",
    "فلسطين.",
]
ENTITY_LABELS = ["PER", "GPE", "ORG", "LOC", "NEW_LABEL"]
TARGETS = ["إسرائيل", "حماس", "الأمم المتحدة", 'هيئة "الإذاعة"\\ 📻']
VALUES = ["FAVOR", "AGAINST", "NEUTRAL"]


def random_documents(seed: int, n_docs: int = 25, annotators: str = "ABCD") -> list[AnnotatedDocument]:
    rng = random.Random(seed)
    docs = []
    for d in range(n_docs):
        text = rng.choice([" ", "  ", "\n"]).join(rng.choice(WORDS) for _ in range(rng.randint(3, 60)))
        base = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.randint(1, 25))
            if text[start:end].strip():
                base.append((start, end))
        layers = []
        for name in annotators:
            if rng.random() < 0.15:
                continue  # this annotator never opened the document
            spans: list[SpanRecord] = []
            for start, end in base:
                if rng.random() < 0.2:
                    continue
                if rng.random() < 0.25:  # boundaries moved: overlapping, not identical
                    start = min(len(text) - 1, max(0, start + rng.randint(-3, 3)))
                    end = max(start + 1, min(len(text), end + rng.randint(-3, 3)))
                label = rng.choice(ENTITY_LABELS + ["QUOTE", "QUOTE", "CUE"])
                attributes = {}
                if label == "QUOTE":
                    attributes = {"kind": rng.choice(["direct", "indirect", "mixed", ""])}
                    if rng.random() < 0.5:
                        attributes.update(stance=rng.choice(VALUES), target=rng.choice(TARGETS + [""]))
                for _ in range(1 + (rng.random() < 0.1)):  # now and then the same span twice
                    spans.append(SpanRecord(f"T{len(spans) + 1}", start, end, label, dict(attributes)))
            quotes = [s for s in spans if s.label == "QUOTE"]
            others = [s for s in spans if s.label != "QUOTE"]
            relations = []
            for quote in quotes:
                for kind in ("SPEAKER", "CUE", "SPEAKER"):
                    if others and rng.random() < 0.5:
                        relations.append(RelationRecord(kind, quote.id, rng.choice(others).id))
            labels = [DocLabelRecord("stance", target, rng.choice(VALUES)) for target in TARGETS if rng.random() < 0.6]
            if spans or labels or rng.random() < 0.5:
                layers.append(
                    Layer(
                        name,
                        spans=spans,
                        relations=relations,
                        doc_labels=labels,
                        status=None if spans or labels else "in_progress",
                    )
                )
        docs.append(AnnotatedDocument(f"doc-{d:03d}", text, layers=layers))
    return docs


def without_order(report_json: dict) -> dict:
    """The report with its disagreements as a sorted list (their order within a document follows set
    order, which is per process)."""
    out = dict(report_json)
    out["disagreements"] = sorted(
        json.dumps(d, sort_keys=True, ensure_ascii=False) for d in report_json["disagreements"]
    )
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_compute_gives_the_record_paths_report(project, seed):
    project.import_documents(random_documents(seed))
    annotators = ["A", "B", "C", "D"]
    report = compute(project, annotators)
    assert report.json_text() == json.dumps(report.to_json(), ensure_ascii=False)  # what --json prints
    fast = report.to_json()
    reference = compare(project.annotated_documents(annotators=annotators), project.schema.get(), annotators).to_json()
    assert fast["pairs"][0]["documents"] > 0 and fast["disagreements"]
    assert without_order(fast) == without_order(reference)
    # a subset of documents and annotators, in the project's order
    names = [f"doc-{d:03d}" for d in (7, 3, 11)]
    fast = compute(project, ["C", "A"], documents=names).to_json()
    reference = compare(
        project.annotated_documents(annotators=["C", "A"], document_names=names), project.schema.get(), ["C", "A"]
    ).to_json()
    assert without_order(fast) == without_order(reference)


def naive_overlap_tp(a: list, b: list) -> int:
    """Overlap true positives the slow obvious way: identical spans first, then each span of a in start
    order takes the free span of b with its label, else the one it overlaps most (earliest on ties)."""
    a, b = sorted(set(a)), sorted(set(b))
    free_b = [s for s in b if s not in set(a)]
    tp = sum(1 for s in a if s in set(b))
    for start, end, label in (s for s in a if s not in set(b)):
        best, best_score = None, (False, 0)
        for other in free_b:
            overlap = min(end, other[1]) - max(start, other[0])
            score = (other[2] == label, overlap)
            if overlap > 0 and score > best_score:
                best, best_score = other, score
        if best is not None:
            free_b.remove(best)
            tp += best[2] == label
    return tp


def naive_token_table(text: str, entities_a: list, entities_b: list) -> Counter:
    """(tag of a, tag of b) over the CoNLL tokens cut at both annotators' outermost entity boundaries."""

    def outermost(entities):
        kept = []
        for s, e, label in sorted(entities, key=lambda x: (x[0], -x[1])):
            if not kept or s >= kept[-1][1]:
                kept.append((s, e, label))
        return kept

    kept_a, kept_b = outermost(entities_a), outermost(entities_b)
    cuts = [b for s, e, _ in kept_a + kept_b for b in (s, e)]
    pieces = tokens.split_at(tokens.tokenize(text), cuts)

    def tags(kept):  # B- on an entity's first token (an entity may begin with white space), I- on the rest
        out, seen = [], set()
        for piece in pieces:
            inside = [k for k in kept if k[0] <= piece[0] and piece[1] <= k[1]]
            out.append(("I-" if inside[0] in seen else "B-") + inside[0][2] if inside else "O")
            seen.update(inside)
        return out

    return Counter(zip(tags(kept_a), tags(kept_b), strict=True))


@pytest.mark.parametrize("seed", [5, 6])
def test_span_and_token_figures_match_the_obvious_computation(project, seed):
    docs = random_documents(seed, n_docs=20, annotators="ABC")
    project.import_documents(docs)
    report = compute(project, ["A", "B", "C"])
    entity_labels = set(project.schema.get().entity_labels) | {"NEW_LABEL"}
    for a, b in combinations("ABC", 2):
        overlap_tp = exact_tp = 0
        table: Counter = Counter()
        for doc in docs:
            layers = {lay.annotator: lay for lay in doc.layers}
            if a not in layers or b not in layers:
                continue
            ents = {x: [(s.start, s.end, s.label) for s in layers[x].spans if s.label in entity_labels] for x in (a, b)}
            exact_tp += len(set(ents[a]) & set(ents[b]))
            overlap_tp += naive_overlap_tp(ents[a], ents[b])
            table.update(naive_token_table(doc.text, ents[a], ents[b]))
        pair = report.pair(a, b)
        assert (pair.entity.exact.tp, pair.entity.overlap.tp) == (exact_tp, overlap_tp)
        assert pair.token_table == table


def test_token_count_is_the_number_of_tokens():
    rng = random.Random(9)
    for _ in range(200):
        text = "".join(
            rng.choice(
                WORDS
                + [
                    " ",
                    "\n",
                    "\t",
                    "\u00a0",
                    "\u2003",
                    "ـ",
                    "\u200d",
                    "ب",
                    "و",
                    "فل",
                    "ك",
                    "²",
                    "٣",
                    "َ",
                    "_",
                    "a",
                    "وَبِ",
                ]
            )
            for _ in range(rng.randint(0, 30))
        )
        assert tokens.count(text) == len(tokens.tokenize(text))


@pytest.mark.parametrize("seed, annotators_missing", [(7, True), (8, False), (9, True)])
def test_unitizing_alpha_of_every_study_is_that_of_its_documents_laid_end_to_end(project, seed, annotators_missing):
    """Each pair's u-alpha (documents both worked on) and the one over all annotators (documents all worked
    on), against `unitizing_alpha` of one continuum made by laying those documents end to end."""
    from annotator.core.agreement.unitizing import unitizing_alpha

    docs = random_documents(seed, n_docs=30, annotators="ABC")
    if not annotators_missing:  # every annotator on every document
        docs = [d for d in docs if {lay.annotator for lay in d.layers} == set("ABC")]
    project.import_documents(docs)
    report = compute(project, ["A", "B", "C"])
    kinds = {"QUOTE": "quotation", "CUE": "cue"}

    def direct(raters: str, kind: str):
        length, per_rater = 0, {r: [] for r in raters}
        for doc in docs:
            layers = {lay.annotator: lay for lay in doc.layers}
            if not set(raters) <= layers.keys():
                continue
            for r in raters:
                per_rater[r] += [
                    (length + s.start, length + s.end, s.label)
                    for s in layers[r].spans
                    if kinds.get(s.label, "entity") == kind
                ]
            length += len(doc.text)
        return unitizing_alpha(length, [per_rater[r] for r in raters])

    for kind in ("entity", "quotation", "cue"):
        for a, b in combinations("ABC", 2):
            ours, theirs = report.pair(a, b).unitizing[kind], direct(a + b, kind)
            assert ours.alpha.value == pytest.approx(theirs.alpha.value, abs=1e-12), (a, b, kind)
            assert ours.expected == pytest.approx(theirs.expected, abs=1e-15)
        ours, theirs = report.multi_unitizing[kind], direct("ABC", kind)
        assert ours.alpha.value == pytest.approx(theirs.alpha.value, abs=1e-12), kind


@pytest.mark.parametrize("seed", [12, 13])
def test_token_table_of_entities_moved_by_whole_words_matches_the_obvious_computation(seed):
    """Entities on word edges, moved by a word or more (no boundary inside a token: the tally that skips
    the token-by-token comparison), relabelled, dropped, added."""
    from annotator.core.agreement.iob import DocumentTokens, TokenTable, entity_layer

    rng = random.Random(seed)
    for _ in range(300):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 30)))
        words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", text)]

        def entity(first: int, last: int, label: str, words=words) -> tuple[int, int, str]:
            first, last = min(max(0, first), len(words) - 1), min(len(words) - 1, last)
            return (words[first][0], words[max(first, last)][1], label)

        a = set()
        for _ in range(rng.randint(0, 6)):
            first = rng.randrange(len(words))
            a.add(entity(first, first + rng.randint(0, 3), rng.choice(ENTITY_LABELS)))
        b = set()
        for start, end, label in a:
            first = next(k for k, w in enumerate(words) if w[0] == start)
            last = next(k for k, w in enumerate(words) if w[1] == end)
            change = rng.random()
            if change < 0.4:
                b.add((start, end, label))
            elif change < 0.8:  # moved by whole words
                b.add(
                    entity(
                        first + rng.randint(-2, 2),
                        last + rng.randint(-2, 2),
                        label if rng.random() < 0.7 else rng.choice(ENTITY_LABELS),
                    )
                )
            elif change < 0.9:
                b.add((start, end, rng.choice(ENTITY_LABELS)))
        doc = DocumentTokens(text)
        table = TokenTable()
        table.add(doc, entity_layer(doc, sorted(a)), entity_layer(doc, sorted(b)))
        assert table.counts == naive_token_table(text, sorted(a), sorted(b)), (text, sorted(a), sorted(b))


def one_by_one(project, annotators):
    """The report of adding every document read as rows on its own (`_Run._add`), without batches."""
    from annotator.core.agreement.layers import views_from_rows
    from annotator.core.agreement.report import _Run

    run = _Run(project.schema.get(), annotators)
    ids = [doc_id for doc_id, _ in project.documents.fingerprints().values()]
    for rows in project.layer_rows(ids, annotators):
        views = views_from_rows(rows, run.labels)
        run._add(rows.name, rows.text, {a: v for a, v in views.items() if a in run.chosen}, rows.tokens)
    return run.report()


@pytest.mark.parametrize("seed, batch", [(21, 7), (22, 100), (23, 1), (24, 3)])
def test_documents_compared_in_batches_give_the_report_of_one_by_one(project, monkeypatch, seed, batch):
    """Documents every annotator worked on are compared BATCH at a time, laid end to end (report.py
    `_add_batch`): every figure, per-document row and disagreement, in the same order, is that of
    comparing them one by one; documents some annotator did not work on (compared alone) break the
    batches. The texts start and end inside words, so an entity at a document's edge is one a batch
    would tokenize wrongly if it looked at the neighbouring document."""
    from annotator.core.agreement import report as report_module

    monkeypatch.setattr(report_module, "BATCH", batch)
    docs = random_documents(seed, n_docs=40, annotators="ABC")
    for doc in docs[::5]:  # entities at both edges of some documents, for every annotator
        for layer in doc.layers:
            layer.spans += [SpanRecord("E1", 0, 2, "PER"), SpanRecord("E2", len(doc.text) - 2, len(doc.text), "GPE")]
    project.import_documents(docs)
    complete = sum({lay.annotator for lay in d.layers} == set("ABC") for d in docs)
    assert 5 < complete < len(docs)  # batches, and documents between them
    batched = compute(project, ["A", "B", "C"])
    assert batched.json_text() == one_by_one(project, ["A", "B", "C"]).json_text()
    assert batched.json_text() == json.dumps(batched.to_json(), ensure_ascii=False)
    reference = compare(project.annotated_documents(annotators=["A", "B", "C"]), project.schema.get(), ["A", "B", "C"])
    assert without_order(batched.to_json()) == without_order(reference.to_json())


def test_a_batch_sorts_spans_read_out_of_order_and_drops_repeats(project):
    """A batch takes each annotator's spans as read (by start, end and id) when they are already in order
    without repeats (most): two labels on one range read in id order (ORG before GPE), or the same span
    twice, are sorted and kept once, as comparing the documents one by one does."""
    text = "قال وزير خارجية مصر إن القاهرة سترسل وفدا إلى الدوحة"
    docs = []
    for k in range(4):
        layers = []
        for annotator in "ABC":
            spans = [SpanRecord("E1", 16, 19, "GPE"), SpanRecord("E2", 23, 29, "GPE")]
            if annotator != "C" and k % 2 == 0:  # the same range under two labels, the later label first
                spans = [SpanRecord("E0", 23, 29, "ORG"), *spans]
            if annotator == "A" and k > 0:  # a span twice
                spans.append(SpanRecord("E3", 16, 19, "GPE"))
            layers.append(Layer(annotator, spans=spans))
        docs.append(AnnotatedDocument(f"d{k}", text, layers=layers))
    project.import_documents(docs)
    batched = compute(project, ["A", "B", "C"])
    assert batched.json_text() == one_by_one(project, ["A", "B", "C"]).json_text()
    assert batched.pair("A", "C").entity.exact.only_a == 2  # the ORG of d0 and d2, and no repeat


@pytest.mark.parametrize("spans, characters", [(40, 10**9), (10**9, 300), (1, 1)])
def test_batches_close_at_their_span_rows_or_characters(project, monkeypatch, spans, characters):
    """A batch is cut short of BATCH documents once it holds BATCH_SPANS span rows or BATCH_CHARACTERS
    characters (one that stays in the processor's cache is compared faster): the same report."""
    from annotator.core.agreement import report as report_module

    monkeypatch.setattr(report_module, "BATCH_SPANS", spans)
    monkeypatch.setattr(report_module, "BATCH_CHARACTERS", characters)
    seen = []  # each batch's documents
    views = report_module.batch_views

    def recorded(docs, *args):
        seen.append(list(docs))
        return views(docs, *args)

    monkeypatch.setattr(report_module, "batch_views", recorded)
    docs = [d for d in random_documents(25, n_docs=60, annotators="ABC") if len(d.layers) == 3]
    project.import_documents(docs)  # every annotator on every document: one run of batches, cut by the bounds
    batched = compute(project, ["A", "B", "C"])
    assert batched.json_text() == one_by_one(project, ["A", "B", "C"]).json_text()
    assert len(seen) > 1 and max(map(len, seen)) < report_module.BATCH
    for batch in seen:  # closed by the document that reached a bound, not before
        before = batch[:-1]
        assert sum(len(rows.spans) for rows in before) < spans and sum(len(rows.text) for rows in before) < characters
    if spans == characters == 1:
        assert set(map(len, seen)) == {1}
    else:
        assert max(map(len, seen)) > 1
