"""A spaCy NER model trained on the demo's sample gold, scored on the article it did not see (issue 23).

    python benchmarks/bench_ner_demo.py [--epochs 30] [--code DIR]

The demo's five articles with annotator sample-a's entities (resources/demo/sample_annotations.jsonl) are
imported into a scratch project and exported with `annotator export --format spacy --annotator sample-a`,
then five folds: train a blank Arabic NER pipeline, whose tokenizer is the exported one's (this package's
CliticTokenizer), on four articles and score it on the fifth. Printed: precision, recall and F1 of exact
entities over the five held-out articles, and how many held-out names written after a clitic (لواشنطن,
وإسرائيل) were found exactly.

`--code DIR` runs another checkout of annotator (e.g. a worktree of the commit before the clitic
segmentation) for the "before" figures: its CLI exports, its tokenizer tokenizes. The training loop is
spaCy's own `nlp.update` with the same seed and settings for both.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "resources" / "demo" / "sample_annotations.jsonl"


def run_cli(code: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(code)}
    subprocess.run([sys.executable, "-m", "annotator", *args], check=True, env=env, stdout=subprocess.DEVNULL)


def after_clitic(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].isalpha()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--code", type=Path, default=HERE.parent, help="the annotator checkout to measure")
    args = parser.parse_args()
    code = args.code.resolve()
    sys.path.insert(0, str(code))
    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example
    from spacy.util import minibatch

    from annotator.core.formats.spacy_tokenizer import CliticTokenizer

    with tempfile.TemporaryDirectory(prefix="ner-demo-") as tmp:
        project = Path(tmp) / "demo.annotator"
        run_cli(code, "import", str(project), str(SAMPLES))
        out = Path(tmp) / "corpus" / "all.spacy"
        out.parent.mkdir()
        run_cli(code, "export", str(project), "--format", "spacy", "--out", str(out), "--annotator", "sample-a")
        blank = spacy.blank("ar")
        docs = list(DocBin().from_disk(out).get_docs(blank.vocab))
    print(f"{len(docs)} articles, {sum(len(d.ents) for d in docs)} entities (sample-a), code {code}")
    tp = fp = fn = clitic_gold = clitic_found = 0
    for held in range(len(docs)):
        random.seed(args.seed)
        nlp = spacy.blank("ar")
        nlp.tokenizer = CliticTokenizer(nlp.vocab)
        ner = nlp.add_pipe("ner")
        train = [doc for i, doc in enumerate(docs) if i != held]
        examples = [Example(nlp.make_doc(doc.text), doc) for doc in train]
        for doc in train:
            for ent in doc.ents:
                ner.add_label(ent.label_)
        optimizer = nlp.initialize(lambda examples=examples: examples)
        for _ in range(args.epochs):
            random.shuffle(examples)
            for batch in minibatch(examples, size=2):
                nlp.update(batch, sgd=optimizer, drop=0.2)
        gold_doc = docs[held]
        predicted = nlp(gold_doc.text)
        gold = {(e.start_char, e.end_char, e.label_) for e in gold_doc.ents}
        found = {(e.start_char, e.end_char, e.label_) for e in predicted.ents}
        tp += len(gold & found)
        fp += len(found - gold)
        fn += len(gold - found)
        after = {g for g in gold if after_clitic(gold_doc.text, g[0])}
        clitic_gold += len(after)
        clitic_found += len(after & found)
        print(f"  held out article {held}: {len(gold & found)}/{len(gold)} found, {len(found - gold)} wrong")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"held-out exact entities: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}; names after a clitic found "
        f"{clitic_found}/{clitic_gold}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
