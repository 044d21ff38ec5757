"""Token-level IOB2 tags for Cohen's kappa, from the tokenizer the CoNLL export uses (`core.tokens`).

The tokens are those of the CoNLL export of a document, cut at the entity boundaries of both annotators
(ل+واشنطن), and each annotator's outermost entities tag them (B- on an entity's first token, I- on the
rest, O elsewhere), as `formats.conll.spans_to_iob` does. Only the tokens inside entities are built:
every other token is O for both, so the O/O cell is the token count minus the tagged tokens.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import repeat

from .. import tokens
from .spans import Span3

Piece = tuple[int, int]


def outermost(entities: Sequence[Span3]) -> list[Span3]:
    """Entities without overlaps: the outermost, then the earliest, kept (what IOB can hold). `entities`
    are sorted by (start, end, label); of entities starting together the longest replaces the shorter one
    kept before it."""
    kept: list[Span3] = []
    last_start = last_end = -1
    for span in entities:
        start, end = span[0], span[1]
        if start < last_end:
            if start == last_start and end > last_end:
                kept[-1] = span
                last_end = end
            continue
        kept.append(span)
        last_start, last_end = start, end
    return kept


class DocumentTokens:
    """A document's text and token count (before any cut at an entity boundary), shared by every
    annotator's tags. `count`: the count the project stored at import, when it has one (counting
    costs as much as a third of comparing a document's layers)."""

    def __init__(self, text: str, count: int | None = None):
        self.text = text
        self.count = tokens.count(text) if count is None else count
        # entity -> what `entity_info` says of it (annotators mostly mark the same entities: each is
        # looked at once per document)
        self.info: dict[Span3, EntityInfo] = {}

    def __len__(self) -> int:
        return self.count


class EntityInfo:
    """An entity's tokens (cut at its boundaries) in a document: how many, whether its start and end fall
    inside a token, and the tokens with their tags (B- on the first, I- on the rest), made only when
    asked (`tagged`): an entity both annotators have needs only the count."""
    __slots__ = ("_offset", "_pieces", "_tagged", "count", "end_inside", "start_inside")

    def __init__(self, pieces: Sequence[Piece], start_inside: bool, end_inside: bool, offset: int = 0):
        self._pieces = pieces  # each plus `offset` is a document range
        self._offset = offset
        self.count = len(pieces)
        self.start_inside = start_inside
        self.end_inside = end_inside
        self._tagged: list[tuple[Piece, str]] | None = None

    def tagged(self, label: str) -> list[tuple[Piece, str]]:
        """The tokens with their tags: B-label on the first, I-label on the rest."""
        if self._tagged is None:
            start = self._offset
            self._tagged = [((start + a, start + b), "I-" + label) for a, b in self._pieces]
            if self._tagged:
                self._tagged[0] = (self._tagged[0][0], "B-" + label)
        return self._tagged


def entity_info(doc: DocumentTokens, entity: Span3) -> EntityInfo:
    found = doc.info.get(entity)
    if found is None:
        start, end, _ = entity
        text = doc.text
        if (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace()):
            # white space (or the text's edge) on both sides: the document's tokens there are those of
            # the range's own text, whatever surrounds it, so the same words are tokenized once a process
            found = EntityInfo(_tokens_of(text[start:end]), False, False, start)
        else:
            found = EntityInfo(*_pieces(text, start, end))
        doc.info[entity] = found
    return found


def tagged(doc: DocumentTokens, entity: Span3) -> list[tuple[Piece, str]]:
    """The entity's tokens, cut at its boundaries, with their tags (B- on the first, I- on the rest)."""
    return entity_info(doc, entity).tagged(entity[2])


def entity_layer(doc: DocumentTokens, entities: Sequence[Span3]) -> tuple[list[Span3], frozenset[int]]:
    """One annotator's outermost entities (see `entity_info`); and the boundaries that fall inside a token
    of the text (each adds one token to the document). `entities`: sorted by (start, end, label)."""
    kept = outermost(entities)
    inside: set[int] = set()
    for entity in kept:
        info = entity_info(doc, entity)
        if info.start_inside:
            inside.add(entity[0])
        if info.end_inside:
            inside.add(entity[1])
    return kept, frozenset(inside)


def entity_tags(doc: DocumentTokens, entities: Sequence[Span3]) -> tuple[dict[Piece, str], frozenset[int]]:
    """The tokens inside the outermost entities with their tags, cut at these entities' boundaries; and
    the boundaries that fall inside a token (see `entity_layer`)."""
    kept, inside = entity_layer(doc, entities)
    tags: dict[Piece, str] = {}
    for entity in kept:
        tags.update(tagged(doc, entity))
    return tags, inside


def _pieces(text: str, start: int, end: int) -> tuple[list[Piece], bool, bool]:
    """The tokens of text[start:end] as the document's tokens cut at start and end; and whether start
    and end fall inside a token."""
    # tokens never hold white space, so tokenizing from the white space around the range gives the
    # document's own tokens there
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    pieces = []
    start_inside = end_inside = False
    for tok_start, tok_end in tokens.tokenize(text, left, right):
        if tok_start < start < tok_end:
            start_inside = True
        if tok_start < end < tok_end:
            end_inside = True
        piece_start, piece_end = max(tok_start, start), min(tok_end, end)
        if piece_start < piece_end:
            pieces.append((piece_start, piece_end))
    return pieces, start_inside, end_inside


class _Diagonal(dict[str, tuple[tuple[str, str], tuple[str, str]]]):
    """label -> ((B-label, B-label), (I-label, I-label)): the cells an entity both annotators have adds to."""

    def __missing__(self, label: str) -> tuple[tuple[str, str], tuple[str, str]]:
        found = self[label] = (("B-" + label,) * 2, ("I-" + label,) * 2)
        return found


_DIAGONAL = _Diagonal()


@lru_cache(maxsize=1 << 16)
def _tokens_of(surface: str) -> tuple[Piece, ...]:
    """The tokens of a text standing alone (an entity's words: names recur across documents)."""
    return tuple(tokens.tokenize(surface))


def _cut(tags: dict[Piece, str], cuts: Iterable[int]) -> dict[Piece, str]:
    """Pieces cut further where another annotator's boundary falls inside them."""
    cuts = sorted(cuts)
    out: dict[Piece, str] = {}
    for (start, end), tag in tags.items():
        i = bisect.bisect_right(cuts, start)
        while i < len(cuts) and cuts[i] < end:
            out[(start, cuts[i])] = tag
            tag = "I-" + tag[2:]
            start = cuts[i]
            i += 1
        out[(start, end)] = tag
    return out


def tag_table(doc: DocumentTokens, a: tuple[list[Span3], frozenset[int]], b: tuple[list[Span3], frozenset[int]],
              table: Counter | None = None) -> Counter:
    """(tag of a, tag of b) counts over every token of the document, from each annotator's `entity_layer`;
    added to `table` when given.

    An entity both annotators have (most) adds its tags to the diagonal at once: no boundary of either
    falls inside it, since neither annotator's outermost entities overlap. Only the others are compared
    token by token, cut where the other annotator's boundary falls inside one of their tokens."""
    kept_a, inside_a = a
    kept_b, inside_b = b
    table = Counter() if table is None else table
    in_b = set(kept_b)
    same = [entity for entity in kept_a if entity in in_b]
    covered = 0  # tokens of the entities both have
    info = doc.info
    for entity in same:
        count = info[entity].count
        if count:
            first, rest = _DIAGONAL[entity[2]]
            table[first] += 1
            if count > 1:
                table[rest] += count - 1
            covered += count
    tags_a: dict[Piece, str] = {}
    tags_b: dict[Piece, str] = {}
    if len(same) < len(kept_a) or len(same) < len(kept_b):
        in_same = set(same)
        for entity in kept_a:
            if entity not in in_same:
                tags_a.update(tagged(doc, entity))
        for entity in kept_b:
            if entity not in in_same:
                tags_b.update(tagged(doc, entity))
        if inside_b - inside_a:
            tags_a = _cut(tags_a, inside_b - inside_a)
        if inside_a - inside_b:
            tags_b = _cut(tags_b, inside_a - inside_b)
        # (zip and map keep the loops over the tokens in C)
        table.update(zip(tags_a.values(), map(tags_b.get, tags_a, repeat("O")), strict=True))
        only_b = tags_b.keys() - tags_a.keys()
        table.update(zip(repeat("O"), map(tags_b.__getitem__, only_b)))
        covered += len(tags_a) + len(only_b)
    table[("O", "O")] += doc.count + len(inside_a | inside_b) - covered
    return table
