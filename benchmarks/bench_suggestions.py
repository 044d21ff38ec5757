"""Precision and recall of each suggestion source against a hand-made gold layer: by default the five demo
articles (tests/data/gold_demo.jsonl; how it was made: tests/data/gold_demo_annotations.py), with `--gold`
any interchange JSONL holding the texts and a `gold` layer, e.g. the held-out articles written after the
rules and never used to tune them (tests/data/heldout_gold.jsonl; tests/data/heldout_gold_annotations.py).

    python benchmarks/bench_suggestions.py [--first 2] [--gold FILE] [--errors]

- project: an annotator has labelled the first K articles as the gold does; what the project source then
  suggests in the other articles, against the gold entities there (exact offsets and label);
- gazetteer: tests/data/gazetteer_demo.tsv over all the articles, against the gold entities;
- quotation: over all the articles, for an annotator who has the gold entities (so speakers can be
  suggested), against the gold quotations of kind direct (what the source suggests): the QUOTE span exact
  (and overlapping), its cue exact, and the speaker right among the quotations found; the recall over all
  gold quotations, indirect ones too, is given beside it;
- quotation, nothing labelled: the same for an annotator who has labelled no entity and loaded the
  gazetteer, so only the gazetteer's names are known to be names (no speakers).

`--errors` lists the quotation suggestions that are not a gold direct quotation and the ones missed.
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
    return {
        "suggested": len(suggested),
        "gold": len(gold),
        "correct": hits,
        "precision": _ratio(hits, len(suggested)),
        "recall": _ratio(hits, len(gold)),
    }


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


def evaluate(first: int = 2, gold: Path = GOLD) -> dict:
    documents = list(jsonl.read(gold))
    gold_layer = [doc.layers[0] for doc in documents]
    entity_labels = {"PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "MISC"}
    gold_entities = {
        (i, s.start, s.end, s.label)
        for i, layer in enumerate(gold_layer)
        for s in layer.spans
        if s.label in entity_labels
    }
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
    _, suggested = quotation_suggestions_on(gold)
    results["quotation"] = _quotation_figures(suggested, documents)
    return results


def quotation_suggestions_on(
    gold: Path = GOLD, *, entities: bool = True
) -> tuple[list[AnnotatedDocument], list[tuple]]:
    """The gold documents and the quotation source's suggestions on them: (document index, start, end, label,
    extra as JSON). With `entities`, for an annotator who has the gold entities (the setting of `evaluate`);
    without, for one who has labelled nothing and loaded tests/data/gazetteer_demo.tsv, so the only names
    known are the gazetteer's (and no speaker can be suggested)."""
    documents = list(jsonl.read(gold))
    entity_labels = {"PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "MISC"}
    with tempfile.TemporaryDirectory() as tmp, Project(Path(tmp) / "c.annotator") as project:
        project.import_documents(_with_layers(documents, "C", lambda i, s: entities and s.label in entity_labels))
        compute_suggestions(
            project, "C", gazetteer=None if entities else read_gazetteer(GAZETTEER), sources=("quotation",)
        )
        return documents, _suggested(project, "C")


def evaluate_quotation_unlabelled(gold: Path = GOLD) -> dict:
    """The quotation source for an annotator with no entity labelled, the gazetteer loaded."""
    documents, suggested = quotation_suggestions_on(gold, entities=False)
    return _quotation_figures(suggested, documents)


def _suggested(project: Project, annotator: str) -> list[tuple]:
    """(document index, start, end, label, extra) of every suggestion, documents in import order."""
    out = []
    for i, summary in enumerate(project.documents.list()):
        for s in project.suggestions.for_document(summary.id, annotator):
            out.append((i, s.start, s.end, s.label, json.dumps(s.extra, sort_keys=True)))
    return out


def gold_quotations(documents: list[AnnotatedDocument]) -> tuple[dict, dict, dict]:
    """(document index, start, end) -> kind of every gold QUOTE; its cue's and its speaker's (start, end)."""
    kinds, cue, speaker = {}, {}, {}
    for i, doc in enumerate(documents):
        spans = {s.id: s for s in doc.layers[0].spans}
        for s in spans.values():
            if s.label == "QUOTE":
                kinds[(i, s.start, s.end)] = s.attributes.get("kind", "direct")
        for r in doc.layers[0].relations:
            source, target = spans[r.source], spans[r.target]
            key = (i, source.start, source.end)
            (cue if r.type == "CUE" else speaker)[key] = (target.start, target.end)
    return kinds, cue, speaker


def _quotation_figures(suggested: list[tuple], documents: list[AnnotatedDocument]) -> dict:
    kinds, gold_cue, gold_speaker = gold_quotations(documents)
    gold_quotes = {q for q, kind in kinds.items() if kind == "direct"}
    quotes = {(i, a, b): json.loads(extra) for i, a, b, _, extra in suggested}
    figures = _figures(set(quotes), gold_quotes)
    overlapping = {q for q in quotes if any(q[0] == g[0] and q[1] < g[2] and g[1] < q[2] for g in gold_quotes)}
    figures["precision_overlap"] = _ratio(len(overlapping), len(quotes))
    figures["gold_all"] = len(kinds)
    figures["recall_all"] = _ratio(len(set(quotes) & set(kinds)), len(kinds))
    found = set(quotes) & gold_quotes
    cues_right = sum(1 for q in found if (quotes[q]["cue"]["start"], quotes[q]["cue"]["end"]) == gold_cue.get(q))
    speakers = [q for q in found if q in gold_speaker]
    speakers_right = sum(
        1
        for q in speakers
        if "speaker" in quotes[q] and (quotes[q]["speaker"]["start"], quotes[q]["speaker"]["end"]) == gold_speaker[q]
    )
    figures["cue_right"] = _ratio(cues_right, len(found))
    figures["speaker_right"] = _ratio(speakers_right, len(speakers))
    return figures


def _print_quotation_errors(gold: Path, entities: bool = True) -> None:
    documents, suggested = quotation_suggestions_on(gold, entities=entities)
    kinds, gold_cue, gold_speaker = gold_quotations(documents)
    direct = {q for q, kind in kinds.items() if kind == "direct"}
    quotes = {(i, a, b): json.loads(extra) for i, a, b, _, extra in suggested}
    show = lambda q: f"{documents[q[0]].name[:3]} {q[1]}-{q[2]} {documents[q[0]].text[q[1] : q[2]]!r}"  # noqa: E731
    for q in sorted(set(quotes) - direct):
        overlap = [g for g in kinds if g[0] == q[0] and q[1] < g[2] and g[1] < q[2]]
        where = f" (overlaps gold {kinds[overlap[0]]} {overlap[0][1]}-{overlap[0][2]})" if overlap else ""
        print(f"  suggested, not gold direct{where}: {show(q)}")
    for q in sorted(direct - set(quotes)):
        print(f"  missed: {show(q)}")
    for q in sorted(direct & set(quotes)):
        text = documents[q[0]].text
        cue, speaker = quotes[q]["cue"], quotes[q].get("speaker")
        if (cue["start"], cue["end"]) != gold_cue.get(q):
            print(f"  wrong cue {text[cue['start'] : cue['end']]!r} for {show(q)}")
        wrong = speaker is None or (speaker["start"], speaker["end"]) != gold_speaker.get(q)
        if entities and q in gold_speaker and wrong:
            said = text[speaker["start"] : speaker["end"]] if speaker else None
            want = text[slice(*gold_speaker[q])]
            print(f"  wrong speaker {said!r} (gold {want!r}) for {show(q)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=2, help="articles labelled before the project source runs")
    parser.add_argument("--gold", type=Path, default=GOLD, help="interchange JSONL with the texts and a gold layer")
    parser.add_argument("--errors", action="store_true", help="list the quotation source's errors")
    args = parser.parse_args()
    results = evaluate(args.first, args.gold)
    results["quotation, nothing labelled"] = evaluate_quotation_unlabelled(args.gold)
    fmt = lambda v: "  n/a" if v is None else f"{v:5.2f}"  # noqa: E731
    print(f"gold: {args.gold.name}; project source: labels of the first {args.first} articles suggest for the rest")
    for source, f in results.items():
        extra = ""
        if source == "quotation":
            extra = (
                f"; overlap precision {fmt(f['precision_overlap'])}, cue right {fmt(f['cue_right'])}, "
                f"speaker right {fmt(f['speaker_right'])}; recall over all {f['gold_all']} gold "
                f"quotations (indirect too) {fmt(f['recall_all'])}"
            )
        elif source.startswith("quotation"):
            extra = (
                f"; overlap precision {fmt(f['precision_overlap'])}, cue right {fmt(f['cue_right'])} "
                "(no entity labelled, the gazetteer loaded: only its names are known)"
            )
        print(
            f"{source:<10} precision {fmt(f['precision'])}  recall {fmt(f['recall'])}  "
            f"({f['correct']} of {f['suggested']} suggested, {f['gold']} in the gold){extra}"
        )
    if args.errors:
        print("quotation source errors, the gold entities labelled:")
        _print_quotation_errors(args.gold)
        print("quotation source errors, nothing labelled, the gazetteer loaded:")
        _print_quotation_errors(args.gold, entities=False)


if __name__ == "__main__":
    main()
