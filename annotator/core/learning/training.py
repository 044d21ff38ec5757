"""Training a model on one layer of a project (an annotator's work, or gold): an entity recogniser, and a
stance classifier per target when the layer holds enough stance decisions.

What it learns from: the documents the layer marks done, and imported work (documents with its entities
and no status); a document still in progress is left out (its missing entities would teach the model
that they are not entities). A share of those documents (`holdout`, chosen by a seeded shuffle of their
names) is held out: the model is trained on the rest and scored on them (precision, recall and F1 of
exact entities per label), and the model saved is the one those scores describe. The held-out documents
also calibrate the entities' probabilities (a temperature, scoring.py); with none held out it stays 1.

The model's tokenizer is the spaCy export's (`annotator.arabic_clitics.v2`), with the training
documents' names as words, so it cuts text as the export does (لواشنطن -> ل واشنطن) and the
entities after a proclitic are learnt rather than skipped as misaligned. The examples are built by the
export's own `spans_to_doc`. The recogniser is spaCy's `beam_ner` (see scoring.py for why).

Stances: with at least MIN_STANCE_DECISIONS stance decisions in the layer, one small text classifier
(spaCy textcat, bag of words, exclusive classes) per target that has two values or more among them,
trained on the documents labelled for it.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import STANCE_TASK
from ..errors import InputError
from ..formats.common import outermost_entities
from ..formats.spacy import spans_to_doc
from ..formats.spacy_tokenizer import NAME as TOKENIZER
from ..model import AnnotatedDocument, Layer, Schema, SpanRecord
from ..progress import NO_PROGRESS, Progress, Within, checkpoint
from ..tokens import names_of
from .folder import META_KEY, guard_model_output, load, model_writer, require_spacy
from .scoring import MIN_SCORE, ScoredText, beams, best_entities, fit_temperature, model_temperature, sentence_chunks

if TYPE_CHECKING:
    from ..project import Project

EPOCHS = 12
HOLDOUT = 0.2
MIN_STANCE_DECISIONS = 50
STANCE_EPOCHS = 10
TRAIN_BEAM_WIDTH = 8  # analyses the beam objective trains with (spaCy's default for beam_ner is 32: slower)
# Few documents need many small updates: batches of a twentieth of the words, from 32 to 128 words (a
# few sentences; the benchmark's learning curve: 1000-word batches reached F1 0.27 on 50 articles where
# 125-word ones reached 0.72 in less time), and at least MIN_UPDATES updates in all.
BATCH_WORDS = 128
MIN_BATCH_WORDS = 32
BATCHES_PER_ROUND = 20
MIN_UPDATES = 240
STANCE_PIPE = "stance_{}"


@dataclass
class Figures:
    """Exact matches of (start, end, label) against the held-out gold."""

    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.gold + self.predicted
        return 2 * self.correct / total if total else None

    def as_json(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class TrainReport:
    model: Path
    layer: str
    trained_on: list[str]  # document names
    held_out: list[str]
    entities: int  # entities in the training documents
    scores: dict[str, Figures] = field(default_factory=dict)  # per label, and "ALL"
    after_clitic: Figures = field(default_factory=Figures)  # held-out entities right after a proclitic
    stance_decisions: int = 0
    stance_targets: dict[str, float | None] = field(default_factory=dict)  # target -> held-out accuracy
    temperature: float = 1.0  # of the entities' probabilities (scoring.py), fitted on the held-out documents
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def held_out_names(names: list[str], share: float, seed: int) -> set[str]:
    """The documents to hold out: `share` of them (at least one of two or more, never all), by a seeded
    shuffle of their names, so the same project and seed always hold out the same documents."""
    if not 0 <= share < 1:
        raise InputError(f"--holdout is a share of the documents, from 0 up to (not including) 1, not {share}")
    order = sorted(names)
    random.Random(seed).shuffle(order)
    count = min(len(order) - 1, max(1, round(share * len(order)))) if share > 0 and len(order) > 1 else 0
    return set(order[:count])


def _learnable(layer: Layer, schema: Schema) -> bool:
    """Done, or imported (no status) with entities: not a document still in progress."""
    if layer.status == "done":
        return True
    return layer.status is None and any(schema.is_entity(s.label) for s in layer.spans)


def _read_layer(
    project: Project, layer_name: str
) -> tuple[list[AnnotatedDocument], list[AnnotatedDocument], int, Schema]:
    """(documents to learn entities from, documents with stance decisions, in-progress documents left
    out, the schema), each document holding the one layer."""
    if layer_name not in project.annotators.list():
        raise InputError(
            f"no annotator {layer_name!r} in {project.display_name}; "
            f"it has {', '.join(project.annotators.list()) or 'none'}"
        )
    with project.snapshot():
        schema = project.schema.get()
        documents = [d for d in project.annotated_documents(annotators=[layer_name]) if d.layers]
    entities = [d for d in documents if _learnable(d.layers[0], schema)]
    in_progress = sum(
        1
        for d in documents
        if d.layers[0].status == "in_progress" and any(schema.is_entity(s.label) for s in d.layers[0].spans)
    )
    stances = [d for d in documents if any(label.task == STANCE_TASK for label in d.layers[0].doc_labels)]
    return entities, stances, in_progress, schema


def train(
    project: Project,
    layer: str,
    out: Path,
    *,
    base: Path | None = None,
    holdout: float = HOLDOUT,
    epochs: int = EPOCHS,
    seed: int = 0,
    progress: Progress = NO_PROGRESS,
) -> TrainReport:
    """Train on `layer` and save the model to `out` (replacing an earlier model there whole, only once
    training has finished). `base`: a model to go on training (its entities' knowledge is kept)."""
    started = time.perf_counter()
    spacy = require_spacy()
    out = Path(out)
    guard_model_output(out)
    if epochs < 1:
        raise InputError(f"--epochs must be at least 1, not {epochs}")
    documents, stance_documents, in_progress, schema = _read_layer(project, layer)
    if not documents:
        waiting = f" ({in_progress} in progress: mark those you have finished as done)" if in_progress else ""
        raise InputError(f"{layer} has no finished document with entities to learn from{waiting}")
    held = held_out_names([d.name for d in documents], holdout, seed)
    training = [d for d in documents if d.name not in held]
    testing = [d for d in documents if d.name in held]
    names = names_of(
        s.text or d.text[s.start : s.end] for d in training for s in d.layers[0].spans if schema.is_entity(s.label)
    )
    report = TrainReport(out, layer, [d.name for d in training], [d.name for d in testing], 0)
    if in_progress:
        report.notes.append(f"{in_progress} documents in progress left out: mark them done to train on them")
    if base is not None and testing:
        report.notes.append(
            "the base model may have been trained on some of the held-out documents: its scores "
            "may be too good (train afresh for honest ones)"
        )

    spacy.util.fix_random_seed(seed)  # the same project and seed give the same model
    nlp = _pipeline(spacy, base, names)
    ner = nlp.get_pipe("ner")
    for label in schema.entity_labels:
        ner.add_label(label)
    examples = examples_of(spacy, nlp, training, schema, names)
    report.entities = sum(len(e.reference.ents) for e in examples)
    optimizer = nlp.resume_training() if base else nlp.initialize(lambda: examples)
    # one bar: the entities 0-85 %, scoring the held-out documents to 92 %, the stances to 99 %, saving
    fit(spacy, nlp, examples, optimizer, epochs=epochs, seed=seed, progress=Within(progress, 0, 85, 100))
    scoring = Within(progress, 85, 92, 100)
    held_out = []
    for done, doc in enumerate(testing):
        checkpoint(scoring, done, len(testing), "scoring the held-out documents")
        [found] = beams(nlp, [doc.text])
        gold_spans, _, _ = outermost_entities(doc.layers[0].spans, schema)
        held_out.append((found, {(s.start, s.end, s.label) for s in gold_spans}))
    # the probabilities made to match the held-out documents (temperature scaling); a base model's kept
    report.temperature = fit_temperature(held_out) if held_out else model_temperature(nlp)
    for doc, (found, gold) in zip(testing, held_out, strict=True):
        _score(doc.text, found.scored(report.temperature), gold, report)
    stance_pipes = _train_stances(spacy, nlp, stance_documents, held, seed, report, Within(progress, 92, 99, 100))
    nlp.meta[META_KEY] = {
        "layer": layer,
        "project": str(project.path),
        "trained_on": report.trained_on,
        "held_out": report.held_out,
        "entities": report.entities,
        "scores": {k: v.as_json() for k, v in report.scores.items()},
        "stance_pipes": stance_pipes,
        "stance_decisions": report.stance_decisions,
        "seed": seed,
        "epochs": epochs,
        "temperature": report.temperature,
        "base": str(base) if base else None,
    }
    checkpoint(progress, 99, 100, "saving the model")
    with model_writer(out) as folder:
        nlp.to_disk(folder)
    progress.report(100, 100, "saved the model")
    report.seconds = time.perf_counter() - started
    return report


def new_pipeline(spacy: Any, names: frozenset[str], *, clitics: bool = True, beam: bool = True) -> Any:
    """A blank Arabic pipeline with a beam entity recogniser and this package's clitic tokenizer, which
    takes `names` as words (`clitics=False`: spaCy's own Arabic tokenizer, and `beam=False` a greedy
    recogniser, for the benchmark's comparisons)."""
    nlp = spacy.blank("ar")
    if clitics:
        from ..formats.spacy_tokenizer import CliticTokenizer

        nlp.tokenizer = CliticTokenizer(nlp.vocab, names)
        # the config names the tokenizer, so spacy.load(MODEL_DIR) makes it (and from_disk gives it the names)
        nlp.config["nlp"]["tokenizer"] = {"@tokenizers": TOKENIZER, "names": sorted(names)}
    if beam:
        nlp.add_pipe("beam_ner", name="ner", config={"beam_width": TRAIN_BEAM_WIDTH})
    else:
        nlp.add_pipe("ner")
    return nlp


def _pipeline(spacy: Any, base: Path | None, names: frozenset[str]) -> Any:
    """A new pipeline, or `base` to go on training (its stance classifiers dropped: they are trained afresh)."""
    if base is None:
        return new_pipeline(spacy, names)
    nlp = load(Path(base))
    names = names | nlp.tokenizer.names
    nlp.tokenizer.names = names
    nlp.config["nlp"]["tokenizer"] = {"@tokenizers": TOKENIZER, "names": sorted(names)}
    for name in _stance_pipes(nlp):
        nlp.remove_pipe(name)
    return nlp


def examples_of(
    spacy: Any, nlp: Any, documents: list[AnnotatedDocument], schema: Schema, names: frozenset[str]
) -> list[Any]:
    """Training examples, one per sentence (as scoring.py reads them): the text as the pipeline cuts it,
    and the entities of the document's (one) layer on the export's tokens (`spans_to_doc`: cut at every
    entity boundary). Sentences rather than whole articles: the recogniser advances every sequence of a
    batch a step at a time, so many short sequences train several times faster than a few long ones."""
    examples = []
    for doc in documents:
        for piece in _sentences(nlp, doc, schema):
            reference, *_ = spans_to_doc(nlp.vocab, piece, piece.layers[0], schema, names)
            examples.append(spacy.training.Example(nlp.make_doc(piece.text), reference))
    return examples


def _sentences(nlp: Any, doc: AnnotatedDocument, schema: Schema) -> list[AnnotatedDocument]:
    """The document's sentences (scoring.sentence_chunks, never cutting an entity), each with its entities."""
    tokens = nlp.make_doc(doc.text)
    entities = [s for s in doc.layers[0].spans if schema.is_entity(s.label)]
    pieces: list[list[int]] = []
    for a, b in sentence_chunks(tokens):
        start, end = tokens[a].idx, tokens[b - 1].idx + len(tokens[b - 1].text)
        if pieces and any(s.start < pieces[-1][1] < s.end or s.start < start < s.end for s in entities):
            pieces[-1][1] = end  # an entity runs over the boundary: one piece
        else:
            pieces.append([start, end])
    out = []
    for start, end in pieces:
        spans = [
            SpanRecord(s.id, s.start - start, s.end - start, s.label)
            for s in entities
            if start <= s.start and s.end <= end
        ]
        out.append(AnnotatedDocument(doc.name, doc.text[start:end], layers=[Layer(doc.layers[0].annotator, spans)]))
    return out


def fit(
    spacy: Any,
    nlp: Any,
    examples: list[Any],
    optimizer: Any,
    *,
    epochs: int = EPOCHS,
    seed: int = 0,
    progress: Progress = NO_PROGRESS,
) -> None:
    """`epochs` rounds of updates of the entity recogniser over the shuffled examples (more rounds where
    that makes fewer than MIN_UPDATES updates)."""
    rng = random.Random(seed)
    examples = list(examples)
    size = max(MIN_BATCH_WORDS, min(BATCH_WORDS, sum(len(e.x) for e in examples) // BATCHES_PER_ROUND))
    per_round = len(list(_batches(spacy, examples, size)))
    epochs = max(epochs, -(-MIN_UPDATES // max(per_round, 1)))
    total = epochs * per_round
    done = 0
    for epoch in range(epochs):
        rng.shuffle(examples)
        for batch in _batches(spacy, examples, size):
            checkpoint(progress, done, total, f"training entities: round {epoch + 1} of {epochs}")
            nlp.update(batch, sgd=optimizer, drop=0.2, exclude=_stance_pipes(nlp))
            done += 1


def _stance_pipes(nlp: Any) -> list[str]:
    return [name for name in nlp.pipe_names if name.startswith(STANCE_PIPE.format(""))]


def _batches(spacy: Any, examples: list[Any], size: int) -> Any:
    return spacy.training.batchers.minibatch_by_words(examples, size=size, get_length=lambda e: len(e.x))


def _score(text: str, scored: ScoredText, gold: set[tuple[int, int, str]], report: TrainReport) -> None:
    """Add a held-out document's exact matches, per label and in all, to the report: of the entities the
    model would suggest (probability MIN_SCORE or more)."""
    predicted = {(s.start, s.end, s.label) for s in best_entities(scored.spans, MIN_SCORE)}
    for label in {label for _, _, label in gold | predicted} | {"ALL"}:
        figures = report.scores.setdefault(label, Figures())
        figures.gold += sum(1 for g in gold if label in ("ALL", g[2]))
        figures.predicted += sum(1 for p in predicted if label in ("ALL", p[2]))
        figures.correct += sum(1 for p in predicted & gold if label in ("ALL", p[2]))
    after = {g for g in gold if g[0] > 0 and text[g[0] - 1].isalpha()}  # لواشنطن: inside a word
    report.after_clitic.gold += len(after)
    report.after_clitic.correct += len(after & predicted)


def _train_stances(
    spacy: Any,
    nlp: Any,
    documents: list[AnnotatedDocument],
    held: set[str],
    seed: int,
    report: TrainReport,
    progress: Progress,
) -> dict[str, str]:
    """Stance classifiers, if the layer has enough decisions: returns pipe name -> target."""
    pipes: dict[str, str] = {}
    decisions = [(d, label) for d in documents for label in d.layers[0].doc_labels if label.task == STANCE_TASK]
    report.stance_decisions = len(decisions)
    if len(decisions) < MIN_STANCE_DECISIONS:
        report.notes.append(
            f"no stance classifier: {report.layer} has {len(decisions)} stance decisions and it "
            f"needs {MIN_STANCE_DECISIONS}; label more stances, then train again"
        )
        return pipes
    by_target: dict[str, list[tuple[AnnotatedDocument, str]]] = {}
    for doc, label in decisions:
        by_target.setdefault(label.target, []).append((doc, label.value))
    rng = random.Random(seed)
    steps = len(by_target) * STANCE_EPOCHS
    for number, target in enumerate(sorted(by_target)):
        pairs = by_target[target]
        values = sorted({value for _, value in pairs})
        if len(values) < 2:
            report.notes.append(f"no stance classifier for {target}: every decision on it is {values[0]}")
            continue
        name = STANCE_PIPE.format(len(pipes))
        pipe = nlp.add_pipe(
            "textcat",
            name=name,
            config={
                "model": {
                    "@architectures": "spacy.TextCatBOW.v3",
                    "exclusive_classes": True,
                    "ngram_size": 2,
                    "no_output_layer": False,
                }
            },
        )
        for value in values:
            pipe.add_label(value)
        examples = []
        for doc, value in pairs:
            reference = nlp.make_doc(doc.text)
            reference.cats = {v: float(v == value) for v in values}
            examples.append((doc.name, spacy.training.Example(nlp.make_doc(doc.text), reference)))
        train_set = [e for n, e in examples if n not in held] or [e for _, e in examples]
        test_set = [e for n, e in examples if n in held]
        pipe.initialize(lambda train_set=train_set: train_set, nlp=nlp)
        optimizer = pipe.create_optimizer()
        for epoch in range(STANCE_EPOCHS):
            checkpoint(progress, number * STANCE_EPOCHS + epoch, steps, f"training the stance classifier for {target}")
            rng.shuffle(train_set)
            for batch in spacy.util.minibatch(train_set, size=8):
                pipe.update(batch, sgd=optimizer, drop=0.2)
        if test_set:
            rows = pipe.model.ops.to_numpy(pipe.predict([e.x for e in test_set]))
            right = sum(
                pipe.labels[int(row.argmax())] == max(e.reference.cats, key=e.reference.cats.get)
                for e, row in zip(test_set, rows, strict=True)
            )
        report.stance_targets[target] = right / len(test_set) if test_set else None
        pipes[name] = target
    return pipes
