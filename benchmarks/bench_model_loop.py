"""A model in the loop (issue 26): learning curve, clitics, speed, calibration and keystrokes.

    python benchmarks/bench_model_loop.py [--sizes 5,10,25,50,100] [--test 40] [--epochs 12] [--suggest-docs 1000]
                                          [--no-calibration] [--no-speed]
    python benchmarks/bench_model_loop.py --window [--repeat 3]

`--window` measures only what the window does (gui/model_loop.py): retraining on 100 articles as Train
model… and the retraining after N documents done run it (held-out share 0.2, the default rounds), loading
the model, and the model's suggestions for one open document (each of the five demo articles,
resources/demo, `suggest_with_model(..., nlp=model, document_ids=[open])` as the window calls it when a
document opens; the goal: within 1 s).

Corpus: articles from ../shared/tools/gen_corpus.py (filler words drawn from ../shared/corpus/news), whose
entities are then given real names: every entity surface of the demo's gold, the held-out gold and the demo's
sample annotations (tests/data, resources/demo), with its label, and a third of them written after a proclitic
(و ب ل وب ول; و ب only before ال), as in the news: لواشنطن, وبالقاهرة. The first 100 articles are the
training pool, the next 20 calibrate the probabilities (the temperature `train` fits on its held-out
documents), the next --test are held out. Real text as well: the five demo gold articles
(tests/data/gold_demo.jsonl) trained on, the four held-out real articles (tests/data/heldout_gold.jsonl) scored.

Printed:
1. learning curve: train on the first 5, 10, 25, 50, 100 articles, with this package's clitic tokenizer and
   with spaCy's default Arabic tokenizer (spacy.blank("ar")), the same examples, the same beam recogniser,
   the same rounds; precision, recall and F1 of the model's suggestions (entities with probability >= 0.5,
   what `suggest --model` stores) on the held-out articles, and the share of held-out entities written after
   a proclitic that were found exactly;
2. calibration of the scores (the 100-article model): per probability bin, how many candidates were right,
   and the expected calibration error, for the beam-trained recogniser and for a greedy one scored by beam,
   each as trained and with the fitted temperature;
3. speed: `train` on 100 articles through a project (afresh, and going on from the previous model for 3
   rounds), `suggest --model` and `next` over --suggest-docs articles;
4. keystrokes per held-out article for a simulated annotator: without suggestions every entity is a
   selection and a label key (2); with the model's suggestions a right one is accepted (1), a wrong one
   rejected (1), and what is still missing labelled (2); also with "accept all above 0.9" (1 key for the
   article, then 2 to delete each wrong one it accepted), and with only the suggestions of 0.9 or more.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GEN = ROOT.parent / "shared" / "tools" / "gen_corpus.py"
VOCABULARY = ROOT.parent / "shared" / "corpus" / "news"
NAME_SOURCES = [
    ROOT / "tests" / "data" / "gold_demo.jsonl",
    ROOT / "tests" / "data" / "heldout_gold.jsonl",
    ROOT / "resources" / "demo" / "sample_annotations.jsonl",
]
ENTITY_LABELS = ("PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "MISC")
CLITICS = ("و", "ب", "ل", "وب", "ول")
CLITIC_SHARE = 1 / 3

sys.path.insert(0, str(ROOT))
from annotator.core.formats import jsonl  # noqa: E402
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord, default_schema  # noqa: E402


def name_inventory() -> list[tuple[str, str]]:
    """(surface, label) of every entity of the real gold and sample layers, each once."""
    seen: dict[str, str] = {}
    for path in NAME_SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for layer in doc["annotations"]:
                for span in layer["spans"]:
                    surface = doc["text"][span["start"] : span["end"]]
                    if span["label"] in ENTITY_LABELS and "\n" not in surface and surface[:1].isalpha():
                        seen.setdefault(surface, span["label"])
    return sorted(seen.items())


def generated(path: Path, docs: int, seed: int) -> list[AnnotatedDocument]:
    """gen_corpus.py's articles with real names (a third after a proclitic) in place of its eight."""
    subprocess.run(
        [
            sys.executable,
            str(GEN),
            str(path),
            str(docs),
            "1000",
            "8",
            "--sentence-words",
            "14",
            "--vocabulary",
            str(VOCABULARY),
            "--seed",
            str(seed),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    names = name_inventory()
    rng = random.Random(seed)
    out = []
    for raw in jsonl.read(path):
        text, spans = (
            raw.text,
            sorted((s for s in raw.layers[0].spans if s.label in ENTITY_LABELS), key=lambda s: s.start),
        )
        parts, new_spans, at, pos = [], [], 0, 0
        for span in spans:
            parts.append(text[at : span.start])
            pos += span.start - at
            surface, label = rng.choice(names)
            if rng.random() < CLITIC_SHARE:
                clitic = rng.choice(CLITICS[:2] if surface.startswith("ال") else CLITICS)
                if pos > 0 and parts[-1].endswith(" "):
                    parts.append(clitic)
                    pos += len(clitic)
            new_spans.append(SpanRecord(f"T{len(new_spans) + 1}", pos, pos + len(surface), label))
            parts.append(surface)
            pos += len(surface)
            at = span.end
        parts.append(text[at:])
        out.append(AnnotatedDocument(raw.name, "".join(parts), layers=[Layer("A", new_spans)]))
    return out


def real(path: Path) -> list[AnnotatedDocument]:
    """The gold layer of a real file, as annotator A's, entities only."""
    out = []
    for doc in jsonl.read(path):
        [gold] = doc.layers
        out.append(
            AnnotatedDocument(
                doc.name, doc.text, layers=[Layer("A", [s for s in gold.spans if s.label in ENTITY_LABELS])]
            )
        )
    return out


# ---- training and scoring, with the core's own pieces --------------------------------------------------


def trained(spacy, documents, epochs, *, clitics=True, beam=True):
    from annotator.core.learning import training
    from annotator.core.tokens import names_of

    schema = default_schema()
    spacy.util.fix_random_seed(0)
    names = names_of(d.text[s.start : s.end] for d in documents for s in d.layers[0].spans)
    nlp = training.new_pipeline(spacy, names, clitics=clitics, beam=beam)
    for label in schema.entity_labels:
        nlp.get_pipe("ner").add_label(label)
    examples = training.examples_of(spacy, nlp, documents, schema, names)
    optimizer = nlp.initialize(lambda: examples)
    started = time.perf_counter()
    training.fit(spacy, nlp, examples, optimizer, epochs=epochs, seed=0)
    return nlp, time.perf_counter() - started


def temperature(nlp, dev):
    """What `train` does with its held-out documents: the temperature that fits them best."""
    from annotator.core.learning.scoring import beams, fit_temperature

    return fit_temperature(
        [
            (found, {(s.start, s.end, s.label) for s in doc.layers[0].spans})
            for doc, found in zip(dev, beams(nlp, [d.text for d in dev]), strict=True)
        ]
    )


def evaluate(nlp, documents, min_score=0.5, temperature=1.0):
    """P/R/F of the suggestions, the share of after-proclitic entities found, and every scored candidate
    with whether it was right (for calibration and keystrokes)."""
    from annotator.core.learning.scoring import best_entities, scored_entities

    tp = fp = fn = clitic_gold = clitic_found = 0
    candidates, per_document = [], []
    for doc, scored in zip(
        documents, scored_entities(nlp, [d.text for d in documents], temperature=temperature), strict=True
    ):
        gold = {(s.start, s.end, s.label) for s in doc.layers[0].spans}
        suggested = {(s.start, s.end, s.label): s.score for s in best_entities(scored.spans, min_score)}
        tp += len(gold & suggested.keys())
        fp += len(suggested.keys() - gold)
        fn += len(gold - suggested.keys())
        after = {g for g in gold if g[0] > 0 and doc.text[g[0] - 1].isalpha()}
        clitic_gold += len(after)
        clitic_found += len(after & suggested.keys())
        candidates += [(s.score, (s.start, s.end, s.label) in gold) for s in scored.spans]
        per_document.append((gold, suggested))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": p,
        "r": r,
        "f": f,
        "clitic": clitic_found / clitic_gold if clitic_gold else None,
        "clitic_gold": clitic_gold,
        "candidates": candidates,
        "documents": per_document,
    }


def calibration(candidates, bins=10):
    """Per bin of probability (candidates of 0.1 or more): count, mean probability, share right; and the
    expected calibration error over them."""
    table = defaultdict(list)
    for p, right in candidates:
        if p >= 0.1:
            table[min(int(p * bins), bins - 1)].append((p, right))
    rows, total, ece = [], sum(len(v) for v in table.values()), 0.0
    for b in sorted(table):
        items = table[b]
        mean = sum(p for p, _ in items) / len(items)
        share = sum(r for _, r in items) / len(items)
        ece += len(items) / total * abs(mean - share)
        rows.append((b / bins, len(items), mean, share))
    return rows, ece


def keystrokes(per_document, accept_all_above=None):
    """Actions per article of the simulated annotator (see the module's docstring)."""
    total = 0
    for gold, suggested in per_document:
        done = set()
        if accept_all_above is not None and any(s >= accept_all_above for s in suggested.values()):
            total += 1
            for key, score in suggested.items():
                if score >= accept_all_above:
                    done.add(key)
                    total += 0 if key in gold else 2
        total += len(suggested.keys() - done)  # accepted if right, rejected if wrong: one key each
        total += 2 * len(gold - {k for k in suggested if k in gold})
    return total / len(per_document)


# ---- the figures ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5,10,25,50,100")
    parser.add_argument("--test", type=int, default=40)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--suggest-docs", type=int, default=1000)
    parser.add_argument("--no-calibration", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--window", action="store_true", help="only the window's figures (see above)")
    parser.add_argument("--repeat", type=int, default=3, help="with --window: suggestion timings per document")
    args = parser.parse_args()
    if args.window:
        with tempfile.TemporaryDirectory(prefix="model-window-") as tmp:
            window(Path(tmp), args)
        return 0
    import spacy

    sizes = [int(n) for n in args.sizes.split(",")]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="model-loop-") as tmp:
        folder = Path(tmp)
        pool = generated(folder / "pool.jsonl", max(sizes) + 20 + args.test, seed=11)
        train_pool, dev, test = pool[: max(sizes)], pool[max(sizes) : max(sizes) + 20], pool[max(sizes) + 20 :]
        n_entities = sum(len(d.layers[0].spans) for d in test)
        print(
            f"corpus: {len(pool)} generated articles of ~{sum(len(d.text) for d in pool) // len(pool)} characters, "
            f"{len(name_inventory())} real names, {n_entities} held-out entities in {len(test)} articles; "
            f"{args.epochs} rounds; spaCy {spacy.__version__}"
        )
        print("\n1. learning curve (held-out generated articles; suggestions = probability >= 0.5)")
        print(
            f"{'docs':>5} | {'clitic tokenizer: P    R    F   after-proclitic':<44} | "
            f"{'spacy.blank(ar): P    R    F   after-proclitic':<44} | train s (clitic) | temperature"
        )
        models = {}
        for n in sizes:
            row = [f"{n:>5}"]
            for clitics in (True, False):
                nlp, seconds = trained(spacy, train_pool[:n], args.epochs, clitics=clitics)
                fitted = temperature(nlp, dev)
                result = evaluate(nlp, test, temperature=fitted)
                models[(n, clitics)] = (nlp, result, fitted)
                row.append(
                    f"{result['p']:.2f} {result['r']:.2f} {result['f']:.2f}  "
                    f"{result['clitic']:.2f} of {result['clitic_gold']}".rjust(44)
                )
                if clitics:
                    train_seconds, clitic_temperature = seconds, fitted
            print(" | ".join(row) + f" | {train_seconds:6.1f} | {clitic_temperature:g}")
        real_train, real_test = real(NAME_SOURCES[0]), real(NAME_SOURCES[1])
        row = []
        for clitics in (True, False):
            nlp, _ = trained(spacy, real_train, args.epochs, clitics=clitics)
            result = evaluate(nlp, real_test)
            row.append(
                f"{result['p']:.2f} {result['r']:.2f} {result['f']:.2f}  "
                f"{result['clitic']:.2f} of {result['clitic_gold']}".rjust(44)
            )
        print(f"{'real':>5} | " + " | ".join(row) + "   (5 demo gold articles -> 4 held-out real ones; temperature 1)")

        if not args.no_calibration:
            print(f"\n2. calibration of the scores ({max(sizes)}-article model, held-out candidates with p >= 0.1)")
            greedy, _ = trained(spacy, train_pool[: max(sizes)], args.epochs, beam=False)
            beam, _, beam_t = models[(max(sizes), True)]
            greedy_t = temperature(greedy, dev)
            for name, result in (
                (f"beam_ner (used), temperature {beam_t:g}", models[(max(sizes), True)][1]),
                ("beam_ner as trained (temperature 1)", evaluate(beam, test)),
                (f"greedy ner, beam-scored, temperature {greedy_t:g}", evaluate(greedy, test, temperature=greedy_t)),
                ("greedy ner, beam-scored (temperature 1)", evaluate(greedy, test)),
            ):
                rows, ece = calibration(result["candidates"])
                print(f"  {name}: ECE {ece:.3f}; suggestions P {result['p']:.2f} R {result['r']:.2f}")
                print(
                    "    "
                    + "  ".join(f"[{lo:.1f}: n={n} p={mean:.2f} right={share:.2f}]" for lo, n, mean, share in rows)
                )

        print("\n4. actions per held-out article (simulated annotator)")
        without = 2 * n_entities / len(test)
        print(f"  without suggestions: {without:.1f}")
        for n in sizes:
            nlp, result, fitted = models[(n, True)]
            one = keystrokes(result["documents"])
            bulk = keystrokes(result["documents"], accept_all_above=0.9)
            sure = keystrokes(evaluate(nlp, test, min_score=0.9, temperature=fitted)["documents"])
            print(
                f"  model trained on {n:>3}: {one:5.1f} ({one / without:.0%}); with accept-all >= 0.9: "
                f"{bulk:5.1f} ({bulk / without:.0%}); suggesting only >= 0.9: {sure:5.1f} ({sure / without:.0%})"
            )

        if not args.no_speed:
            speed(folder, train_pool, args)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    return 0


def speed(folder: Path, train_pool, args) -> None:
    from annotator.core.learning import rank_documents, suggest_with_model, train
    from annotator.core.project import Project

    print("\n3. speed")
    with Project(folder / "train.annotator") as project:
        project.import_documents(train_pool[:100])
        started = time.perf_counter()
        train(project, "A", folder / "model", holdout=0, epochs=args.epochs)
        print(f"  train on 100 articles ({args.epochs} rounds, afresh): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        train(project, "A", folder / "model", holdout=0, epochs=3, base=folder / "model")
        print(f"  train on 100 articles going on from the last model (3 rounds): {time.perf_counter() - started:.1f} s")
    many = generated(folder / "many.jsonl", args.suggest_docs, seed=23)
    with Project(folder / "many.annotator") as project:
        project.import_documents([AnnotatedDocument(d.name, d.text) for d in many])
        started = time.perf_counter()
        added = suggest_with_model(project, "B", folder / "model")
        print(
            f"  suggest --model over {len(many)} articles: {time.perf_counter() - started:.1f} s ({added} suggestions)"
        )
        started = time.perf_counter()
        rank_documents(project, "B", folder / "model")
        print(f"  next over {len(many)} articles: {time.perf_counter() - started:.1f} s")


def window(folder: Path, args) -> None:
    """The window's model loop: retrain on 100 articles, load, suggest for one open demo document."""
    import statistics

    from annotator.core.learning import default_model_dir, load, suggest_with_model, train
    from annotator.core.project import Project

    pool = generated(folder / "pool.jsonl", 100, seed=11)
    demo = sorted((ROOT / "resources" / "demo").glob("*.txt"))
    with Project(folder / "news.annotator") as project:
        project.import_documents(pool + [AnnotatedDocument(p.stem, p.read_text(encoding="utf-8")) for p in demo])
        for doc in pool:
            project.status.set(project.documents.by_name(doc.name).id, "A", "done")
        model_dir = default_model_dir(project.path, "A")
        started = time.perf_counter()
        report = train(project, "A", model_dir)
        print(
            f"retrain on {len(pool)} articles ({len(report.trained_on)} trained on, {len(report.held_out)} held out, "
            f"~{sum(len(d.text) for d in pool) // len(pool)} characters each): {time.perf_counter() - started:.1f} s; "
            f"held-out F1 {report.scores['ALL'].f1:.2f}"
        )
        started = time.perf_counter()
        nlp = load(model_dir)
        print(f"load the model: {time.perf_counter() - started:.2f} s")
        rows = []
        for path in demo:
            doc = project.documents.by_name(path.stem)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                suggest_with_model(project, "A", nlp=nlp, document_ids=[doc.id])
                times.append(time.perf_counter() - started)
            rows.append((path.stem, len(doc.text), times))
        print(
            "suggest for the open document (seconds: first call, then the others; the window calls it once per opening)"
        )
        for name, chars, times in rows:
            print(f"  {name}: {chars:,} characters: {times[0]:.2f}, then {' '.join(f'{t:.2f}' for t in times[1:])}")
        every = [t for _, _, times in rows for t in times]
        print(f"  median {statistics.median(every):.2f} s, max {max(every):.2f} s over {len(every)} calls")


if __name__ == "__main__":
    sys.exit(main())
