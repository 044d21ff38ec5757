"""What a trained model says about a text, with how sure it is: spaCy-level, no project here.

Entity scores. spaCy's entity recogniser is a transition-based parser: greedy decoding gives one
analysis and no probability. Of what spaCy 3 offers, we use beam search (`ner.beam_parse` and
`ner.scored_ents`): the probability of an entity (start, end, label) is the total probability of the
beam's analyses that contain it, each analysis's probability being the softmax of its score over the
beam. That is a marginal probability in [0, 1], approximated by the k best analyses, and what Prodigy
does. It means what it says only if the analyses' scores do, so `train` uses spaCy's `beam_ner` (trained
with the global beam objective, as spaCy's maintainers advise) and then fits a temperature on its held-out
documents (the softmax is of score / T; temperature scaling, Guo et al. 2017), stored in the model. On the
benchmark's held-out articles (benchmarks/bench_model_loop.py, 100 training articles) the suggestions
scored 0.9 or more were right 94 % of the time with the fitted temperature (4) and 83 % without; the
expected calibration error went from 0.18 to 0.08 (a greedy recogniser's, beam-scored: 0.19 and 0.11).
The alternative, a span categoriser (`spancat`), scores each candidate n-gram with an independent
sigmoid: overlapping candidates do not compete, so its scores are no distribution over a sentence's
analyses (no entropy for `next`), and it needs a bound on the length of a name.

The beam runs sentence by sentence (a sentence end, a line break, or at most MAX_CHUNK_TOKENS tokens):
over a whole article, k analyses would differ only in its few most uncertain decisions and every other
entity would get probability 1.

Uncertainty of a document: the sum over its candidate entities of the binary entropy of their
probability, in bits (an entity the model gives 0.5 is one bit; one it is sure of, or sure is not there,
about none), per 100 words: the information an annotator's decisions give per unit of their reading, so
the first documents of `next` are where labelling teaches the model most for the time it takes. Per word,
because every sentence's beam holds some doubt (more the less the model has learnt), so a long document
the model knows well would otherwise come before a short one it does not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .folder import META_KEY

BEAM_WIDTH = 16  # analyses kept per sentence (spaCy's recipe for entity scores); more is slower
BEAM_DENSITY = 0.0001  # drop analyses below this share of the best one's score
MAX_CHUNK_TOKENS = 80
MIN_SCORE = 0.5  # what is suggested by default: more likely right than wrong (and one of overlapping candidates)
_SENTENCE_ENDS = frozenset({".", "!", "?", "؟", "؛", "…"})


@dataclass(frozen=True)
class ScoredSpan:
    start: int  # character offsets (code points) into the text, half-open
    end: int
    label: str
    score: float  # probability in [0, 1]


def sentence_chunks(doc: Any) -> list[tuple[int, int]]:
    """Token ranges [a, b) of the doc's sentences (or pieces of at most MAX_CHUNK_TOKENS tokens)."""
    out = []
    start = 0
    for i, token in enumerate(doc):
        text = token.text
        if text in _SENTENCE_ENDS or "\n" in text or i + 1 - start >= MAX_CHUNK_TOKENS:
            out.append((start, i + 1))
            start = i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return [(a, b) for a, b in out if not all(t.is_space for t in doc[a:b])]


@dataclass(frozen=True)
class ScoredText:
    spans: list[ScoredSpan]  # every entity some analysis of the beam holds, by offset
    words: int  # the text's tokens, white space left out

    @property
    def bits_per_100_words(self) -> float:
        return 100 * uncertainty(self.spans) / max(self.words, 1)


@dataclass(frozen=True)
class Beams:
    """A text's sentences as the beam left them: per sentence, its analyses' scores and their entities
    (character offsets into the text), from which the probabilities follow at any temperature."""

    sentences: list[tuple[list[float], list[list[tuple[int, int, str]]]]]
    words: int

    def scored(self, temperature: float = 1.0) -> ScoredText:
        """The entities' probabilities: each analysis's is the softmax of its score / `temperature` over
        the beam (temperature scaling, fitted on held-out documents by `fit_temperature`), an entity's the
        total of the analyses that hold it."""
        total: dict[tuple[int, int, str], float] = {}
        for scores, parses in self.sentences:
            top = max(scores)
            weights = [math.exp((score - top) / temperature) for score in scores]
            norm = sum(weights)
            for weight, entities in zip(weights, parses, strict=True):
                for entity in entities:
                    total[entity] = total.get(entity, 0.0) + weight / norm
        found = [ScoredSpan(start, end, label, min(1.0, p)) for (start, end, label), p in total.items() if p > 0]
        found.sort(key=lambda s: (s.start, s.end, -s.score, s.label))
        return ScoredText(found, self.words)


def beams(nlp: Any, texts: Iterable[str], beam_width: int = BEAM_WIDTH) -> Iterator[Beams]:
    """Per text, its sentences' beams (see `Beams`)."""
    ner = nlp.get_pipe("ner")
    for text in texts:
        doc = nlp.make_doc(text)
        ranges = sentence_chunks(doc)
        parts = [doc[a:b].as_doc() for a, b in ranges]
        sentences = []
        for (a, _), part, beam in zip(
            ranges,
            parts,
            ner.beam_parse(parts, beam_width=beam_width, beam_density=BEAM_DENSITY) if parts else [],
            strict=True,
        ):
            offset = doc[a].idx
            parses = ner.moves.get_beam_parses(beam)  # (probability, entities) of each finished analysis
            scores = list(beam.scores)
            if len(parses) != len(scores):  # pragma: no cover - a finished beam holds finished analyses only
                scores = [math.log(max(p, 1e-300)) for p, _ in parses]
            sentences.append(
                (
                    scores,
                    [
                        [
                            (offset + part[first:after].start_char, offset + part[first:after].end_char, label)
                            for first, after, label in entities
                        ]
                        for _, entities in parses
                    ],
                )
            )
        yield Beams(sentences, sum(1 for token in doc if not token.is_space))


def scored_entities(
    nlp: Any, texts: Iterable[str], beam_width: int = BEAM_WIDTH, temperature: float | None = None
) -> Iterator[ScoredText]:
    """Per text, every entity some analysis of the beam holds, with its probability, by offset; at the
    model's fitted temperature unless one is given."""
    if temperature is None:
        temperature = model_temperature(nlp)
    for found in beams(nlp, texts, beam_width):
        yield found.scored(temperature)


TEMPERATURES = (0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 5.6, 8.0)


def fit_temperature(held_out: list[tuple[Beams, set[tuple[int, int, str]]]]) -> float:
    """The temperature (of TEMPERATURES) under which the held-out documents' candidate entities are best
    predicted (least log loss of each being a gold entity or not); 1 without candidates."""

    def loss(temperature: float) -> float:
        total = 0.0
        for found, gold in held_out:
            for span in found.scored(temperature).spans:
                p = min(max(span.score, 1e-6), 1 - 1e-6)
                total -= math.log(p if (span.start, span.end, span.label) in gold else 1 - p)
        return total

    if not any(found.sentences for found, _ in held_out):
        return 1.0
    return min(TEMPERATURES, key=lambda t: (loss(t), abs(math.log(t))))


def model_temperature(nlp: Any) -> float:
    """The temperature `train` fitted on its held-out documents (1 where it held none out)."""
    meta = nlp.meta.get(META_KEY)
    value = meta.get("temperature") if isinstance(meta, dict) else None
    return float(value) if isinstance(value, (int, float)) and value > 0 else 1.0


def best_entities(spans: list[ScoredSpan], min_score: float, taken: Iterable[tuple[int, int]] = ()) -> list[ScoredSpan]:
    """Entities at or above `min_score`, most probable first, none overlapping another or a `taken` place.
    (Two entities of one analysis never overlap, so their probabilities add up to at most 1: at
    min_score above 0.5 at most one of overlapping candidates qualifies anyway.)"""
    occupied = list(taken)
    kept = []
    for span in sorted(spans, key=lambda s: (-s.score, s.start, s.end, s.label)):
        if span.score < min_score or any(span.start < b and a < span.end for a, b in occupied):
            continue
        occupied.append((span.start, span.end))
        kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))


def binary_entropy(p: float) -> float:
    """Bits of uncertainty in a yes/no whose yes has probability p."""
    if p <= 0 or p >= 1:
        return 0.0
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


def uncertainty(spans: Iterable[ScoredSpan]) -> float:
    """A document's uncertainty in bits: the sum of its candidate entities' binary entropies."""
    return sum(binary_entropy(s.score) for s in spans)


def stance_scores(nlp: Any, text: str, components: dict[str, str]) -> dict[str, tuple[str, float]]:
    """target -> (the most probable stance value, its probability), from the stance classifiers
    (`components`: pipe name -> target), each a softmax over the values seen for its target."""
    doc = nlp.make_doc(text)
    out = {}
    for name, target in components.items():
        pipe = nlp.get_pipe(name)
        [row] = pipe.model.ops.to_numpy(pipe.predict([doc]))
        best = int(row.argmax())
        out[target] = (pipe.labels[best], float(min(1.0, max(0.0, row[best]))))
    return out
