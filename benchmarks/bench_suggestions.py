"""Precision and recall of each suggestion source against the hand-made gold layer of the five demo
articles (tests/data/gold_demo.jsonl; how it was made: tests/data/gold_demo_annotations.py).

    python benchmarks/bench_suggestions.py [--first 2]

- project: an annotator has labelled the first K articles as the gold does; what the project source then
  suggests in the other articles, against the gold entities there (exact offsets and label);
- gazetteer: tests/data/gazetteer_demo.tsv over all five articles, against the gold entities;
- quotation: over all five articles, for an annotator who has the gold entities (so speakers can be
  suggested), against the gold quotations: the QUOTE span exact (and overlapping), its cue exact, and
  the speaker right among the quotations found.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from annotator.core.formats import jsonl
from annotator.core.model import AnnotatedDocument, Layer
from annotator.core.project import Project
from annotator.core.suggestion_sources import compute_suggestions, read_gazetteer

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
GOLD = DATA / "gold_demo.jsonl"
GAZETTEER = DATA / "gazetteer_demo.tsv"


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _figures(suggested: set, gold: set) -> dict:
    hits = len(suggested & gold)
    return {"suggested": len(suggested), "gold": len(gold), "correct": hits,
            "precision": _ratio(hits, len(suggested)), "recall": _ratio(hits, len(gold))}


def _with_layers(documents: list[AnnotatedDocument], annotator: str, keep) -> list[AnnotatedDocument]:
    """The documents with the gold layer copied to `annotator`, filtered by keep(document index, span)."""
    out = []
    for i, doc in enumerate(documents):
        [gold] = doc.layers
        spans = [s for s in gold.spans if keep(i, s)]
        ids = {s.id for s in spans}
        relations = [r for r in gold.relations if r.source in ids and r.target in ids]
        out.append(AnnotatedDocument(doc.name, doc.text, doc.meta, [Layer(annotator, spans, relations)]))
    return out


def evaluate(first: int = 2) -> dict:
    documents = list(jsonl.read(GOLD))
    gold_layer = [doc.layers[0] for doc in documents]
    entity_labels = {"PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "MISC"}
    gold_entities = {(i, s.start, s.end, s.label) for i, layer in enumerate(gold_layer) for s in layer.spans
                     if s.label in entity_labels}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        # project: the first K articles labelled, suggestions for the rest
        with Project(Path(tmp) / "a.annotator") as project:
            project.import_documents(_with_layers(documents, "A", lambda i, s: i < first and s.label in entity_labels))
            compute_suggestions(project, "A", sources=("project",))
            suggested = _suggested(project, "A")
        rest_gold = {g for g in gold_entities if g[0] >= first}
        results["project"] = _figures({s[:4] for s in suggested if s[0] >= first}, rest_gold)
        # gazetteer: nothing labelled, every article
        with Project(Path(tmp) / "b.annotator") as project:
            project.import_documents(_with_layers(documents, "B", lambda i, s: False))
            compute_suggestions(project, "B", gazetteer=read_gazetteer(GAZETTEER), sources=("gazetteer",))
            results["gazetteer"] = _figures({s[:4] for s in _suggested(project, "B")}, gold_entities)
        # quotation: the entities labelled (speakers can be suggested), no quotation yet
        with Project(Path(tmp) / "c.annotator") as project:
            project.import_documents(_with_layers(documents, "C", lambda i, s: s.label in entity_labels))
            compute_suggestions(project, "C", sources=("quotation",))
            results["quotation"] = _quotation_figures(_suggested(project, "C"), documents)
    return results


def _suggested(project: Project, annotator: str) -> list[tuple]:
    """(document index, start, end, label, extra) of every suggestion, documents in import order."""
    out = []
    for i, summary in enumerate(project.documents.list()):
        for s in project.suggestions.for_document(summary.id, annotator):
            out.append((i, s.start, s.end, s.label, json.dumps(s.extra, sort_keys=True)))
    return out


def _quotation_figures(suggested: list[tuple], documents: list[AnnotatedDocument]) -> dict:
    gold_quotes, gold_cue, gold_speaker = set(), {}, {}
    for i, doc in enumerate(documents):
        spans = {s.id: s for s in doc.layers[0].spans}
        for s in spans.values():
            if s.label == "QUOTE":
                gold_quotes.add((i, s.start, s.end))
        for r in doc.layers[0].relations:
            source, target = spans[r.source], spans[r.target]
            key = (i, source.start, source.end)
            (gold_cue if r.type == "CUE" else gold_speaker)[key] = (target.start, target.end)
    quotes = {(i, a, b): json.loads(extra) for i, a, b, _, extra in suggested}
    figures = _figures(set(quotes), gold_quotes)
    overlapping = {q for q in quotes if any(q[0] == g[0] and q[1] < g[2] and g[1] < q[2] for g in gold_quotes)}
    figures["precision_overlap"] = _ratio(len(overlapping), len(quotes))
    found = set(quotes) & gold_quotes
    cues_right = sum(1 for q in found if (quotes[q]["cue"]["start"], quotes[q]["cue"]["end"]) == gold_cue.get(q))
    speakers = [q for q in found if q in gold_speaker]
    speakers_right = sum(1 for q in speakers if "speaker" in quotes[q] and
                         (quotes[q]["speaker"]["start"], quotes[q]["speaker"]["end"]) == gold_speaker[q])
    figures["cue_right"] = _ratio(cues_right, len(found))
    figures["speaker_right"] = _ratio(speakers_right, len(speakers))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=2, help="articles labelled before the project source runs")
    args = parser.parse_args()
    results = evaluate(args.first)
    fmt = lambda v: "  n/a" if v is None else f"{v:5.2f}"  # noqa: E731
    print(f"gold: {GOLD.name}; project source: labels of the first {args.first} articles suggest for the rest")
    for source, f in results.items():
        extra = ""
        if source == "quotation":
            extra = (f"; overlap precision {fmt(f['precision_overlap'])}, cue right {fmt(f['cue_right'])}, "
                     f"speaker right {fmt(f['speaker_right'])}")
        print(f"{source:<10} precision {fmt(f['precision'])}  recall {fmt(f['recall'])}  "
              f"({f['correct']} of {f['suggested']} suggested, {f['gold']} in the gold){extra}")


if __name__ == "__main__":
    main()
