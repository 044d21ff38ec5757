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
from itertools import chain, filterfalse, repeat
from operator import gt, itemgetter
from typing import NamedTuple

from .. import tokens
from .spans import PairTable, Span3

Piece = tuple[int, int]
_START, _END = itemgetter(0), itemgetter(1)


def outermost(entities: Sequence[Span3]) -> list[Span3]:
    """Entities without overlaps: the outermost, then the earliest, kept (what IOB can hold). `entities`
    are sorted by (start, end, label); of entities starting together the longest replaces the shorter one
    kept before it."""
    if not any(map(gt, map(_END, entities), map(_START, entities[1:]))):  # no entity overlaps the next (most)
        return list(entities)
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
    costs as much as a third of comparing a document's layers).

    What `entity_layer` learns of an entity is kept (annotators mostly mark the same entities: each is
    looked at once per document): `keys`, entity -> (label, its token count); `cuts`, entity -> its
    boundaries that fall inside a token (only entities with some); `pieces`, entity -> its tokens (only
    those compared token by token)."""

    def __init__(self, text: str, count: int | None = None):
        self.text = text
        self.count = tokens.count(text) if count is None else count
        self.keys: dict[Span3, tuple[str, int]] = {}
        self.cuts: dict[Span3, tuple[int, ...]] = {}
        self.pieces: dict[Span3, list[Piece]] = {}
        self.texts = [text]  # documents laid end to end (`laid_end_to_end`): each text, and where it starts
        self.offsets = [0]
        self.edges = {0, len(text)}  # where a document starts or ends

    @classmethod
    def laid_end_to_end(cls, texts: list[str], counts: Sequence[int | None], offsets: list[int]) -> DocumentTokens:
        """Several documents as one, each text starting at its offset (the sum of the lengths before it):
        entities are given in those offsets, and each is tokenized in its own document's text."""
        doc = cls(
            "".join(texts), sum(tokens.count(text) if n is None else n for text, n in zip(texts, counts, strict=True))
        )
        doc.texts, doc.offsets = texts, offsets
        doc.edges = {*offsets, len(doc.text)}
        return doc

    def __len__(self) -> int:
        return self.count

    def local(self, start: int) -> tuple[str, int]:
        """The text of the document where an entity starting at `start` is, and the document's offset."""
        if len(self.offsets) == 1:
            return self.texts[0], 0
        k = bisect.bisect_right(self.offsets, start) - 1
        return self.texts[k], self.offsets[k]

    def learn(self, entities: Iterable[Span3]) -> None:
        """Each entity's key, and cuts if any (entities not seen before in this document)."""
        keys = self.keys
        whole, edges = self.text, self.edges
        for entity in entities:
            start, end, label = entity
            # `_stands_alone`, written out (once per entity of a document)
            if (start in edges or whole[start - 1].isspace()) and (end in edges or whole[end].isspace()):
                keys[entity] = (label, len(_tokens_of(whole[start:end])))  # its words: tokenized once a process
                continue
            text, offset = self.local(start)
            pieces, start_inside, end_inside = _pieces(text, start - offset, end - offset)
            keys[entity] = (label, len(pieces))
            if start_inside or end_inside:
                self.cuts[entity] = (start,) * start_inside + (end,) * end_inside


def pieces(doc: DocumentTokens, entity: Span3) -> list[Piece]:
    """The entity's tokens, cut at its boundaries (document ranges)."""
    found = doc.pieces.get(entity)
    if found is None:
        start, end, _ = entity
        if _stands_alone(doc.text, doc.edges, start, end):
            found = [(start + a, start + b) for a, b in _tokens_of(doc.text[start:end])]
        else:
            text, offset = doc.local(start)
            found = [(a + offset, b + offset) for a, b in _pieces(text, start - offset, end - offset)[0]]
        doc.pieces[entity] = found
    return found


def tagged(doc: DocumentTokens, entity: Span3) -> list[tuple[Piece, str]]:
    """The entity's tokens, cut at its boundaries, with their tags (B- on the first, I- on the rest)."""
    label = entity[2]
    found = [(piece, "I-" + label) for piece in pieces(doc, entity)]
    if found:
        found[0] = (found[0][0], "B-" + label)
    return found


class EntityLayer(NamedTuple):
    """One annotator's outermost entities in a document (sorted), the same as a set, and the boundaries
    of theirs that fall inside a token of the text (each adds one token to the document)."""

    kept: list[Span3]
    members: frozenset[Span3]
    inside: frozenset[int]


def entity_layer(doc: DocumentTokens, entities: Sequence[Span3]) -> EntityLayer:
    """One annotator's `EntityLayer`. `entities`: sorted by (start, end, label)."""
    kept = outermost(entities)
    doc.learn(list(filterfalse(doc.keys.__contains__, kept)))
    cuts = doc.cuts
    inside = frozenset(chain.from_iterable(map(cuts.get, kept, repeat(())))) if cuts else frozenset()
    return EntityLayer(kept, frozenset(kept), inside)


def _stands_alone(text: str, edges: set[int], start: int, end: int) -> bool:
    """Whether text[start:end] has white space or a document's edge (`edges`) on both sides: the
    document's tokens there are then those of the range's own text (`_tokens_of`), whatever surrounds it."""
    return (start in edges or text[start - 1].isspace()) and (end in edges or text[end].isspace())


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


class TokenTable:
    """(tag of a, tag of b) counts over every token of the documents two annotators share (`counts`).

    Most entities are the same for both annotators, or have nothing of the other's over them, or differ
    only in their label, or overlap one of the other's with other boundaries on token edges: `add` only
    lists each of these by its label(s) and token counts (a list grows in C), and `tally` counts the
    lists. Only entities cut inside a token, or overlapping several of the other's, are compared token by
    token."""

    __slots__ = ("_counts", "_outside", "_relabelled", "_shifted", "only_a", "only_b", "same")

    def __init__(self) -> None:
        self._counts: PairTable = Counter()
        self.same: list[tuple[str, int]] = []  # (label, tokens) of an entity both annotators have
        self.only_a: list[tuple[str, int]] = []  # ... of an entity of a's with nothing of b's over it
        self.only_b: list[tuple[str, int]] = []
        self._relabelled: list[tuple[str, str, int]] = []  # (label of a, of b, tokens): the same range
        self._shifted: list[tuple[str, str, int, int, int, bool, bool]] = []  # see `_shifted`
        self._outside = 0  # tokens of the documents (cut at boundaries) less those tallied in `_counts`

    @property
    def counts(self) -> PairTable:
        return self.tally()

    def tally(self) -> PairTable:
        """Count the listed entities into the table, and return it."""
        table = self._counts
        covered = 0
        for (label, count), times in Counter(self.same).items():
            covered += _add_run(table, ("B-" + label,) * 2, ("I-" + label,) * 2, count, times)
        for (label, count), times in Counter(self.only_a).items():
            covered += _add_run(table, ("B-" + label, "O"), ("I-" + label, "O"), count, times)
        for (label, count), times in Counter(self.only_b).items():
            covered += _add_run(table, ("O", "B-" + label), ("O", "I-" + label), count, times)
        for (label_a, label_b, count), times in Counter(self._relabelled).items():
            covered += _add_run(table, ("B-" + label_a, "B-" + label_b), ("I-" + label_a, "I-" + label_b), count, times)
        for (label_a, label_b, count_a, count_b, common, a_first, b_first), times in Counter(self._shifted).items():
            b_a, i_a, b_b, i_b = "B-" + label_a, "I-" + label_a, "B-" + label_b, "I-" + label_b
            # each annotator's first token is its B- one: among the shared tokens if `a_first` / `b_first`
            covered += _add_run(table, (b_a if a_first else i_a, b_b if b_first else i_b), (i_a, i_b), common, times)
            covered += _add_run(table, (i_a if a_first else b_a, "O"), (i_a, "O"), count_a - common, times)
            covered += _add_run(table, ("O", i_b if b_first else b_b), ("O", i_b), count_b - common, times)
        if self._outside != covered:
            table[("O", "O")] += self._outside - covered
        self.same, self.only_a, self.only_b, self._relabelled, self._shifted = [], [], [], [], []
        self._outside = 0
        return table

    def add_outside(self, tokens: int) -> None:
        """A document without an entity for either annotator."""
        self._outside += tokens

    def update(self, other: TokenTable) -> None:
        self.counts.update(other.counts)

    def add(self, doc: DocumentTokens, a: EntityLayer, b: EntityLayer) -> None:
        """One document's tokens, from each annotator's `entity_layer`.

        An entity both annotators have adds to the diagonal: no boundary of either falls inside it, since
        neither annotator's outermost entities overlap; nor inside an entity of one that overlaps nothing
        of the other's, or one the other has with another label."""
        kept_a, members_a, inside_a = a
        kept_b, members_b, inside_b = b
        keys = doc.keys.__getitem__
        cuts = doc.cuts
        self._outside += doc.count + len(inside_a | inside_b)
        same = list(filter(members_b.__contains__, kept_a))
        self.same += map(keys, same)
        if len(same) == len(kept_a) == len(kept_b):
            return
        rest_a = list(filterfalse(members_b.__contains__, kept_a))
        rest_b = list(filterfalse(members_a.__contains__, kept_b))
        # a sweep over the groups of entities of a and b that overlap one another (sorted, and without
        # overlaps on either side): most are one entity, or one of each
        only_a: list[Span3] = []
        only_b: list[Span3] = []
        overlapping_a: list[Span3] = []
        overlapping_b: list[Span3] = []
        na, nb = len(rest_a), len(rest_b)
        i = j = 0
        while i < na and j < nb:
            x, y = rest_a[i], rest_b[j]
            if x[1] <= y[0]:
                only_a.append(x)
                i += 1
            elif y[1] <= x[0]:
                only_b.append(y)
                j += 1
            elif (i + 1 == na or rest_a[i + 1][0] >= y[1]) and (j + 1 == nb or rest_b[j + 1][0] >= x[1]):
                if x[0] == y[0] and x[1] == y[1]:  # another label
                    self._relabelled.append((x[2], y[2], keys(x)[1]))
                elif x not in cuts and y not in cuts:  # other boundaries, none inside a token
                    self._shifted.append(_shifted(doc, x, y))
                else:
                    overlapping_a.append(x)
                    overlapping_b.append(y)
                i += 1
                j += 1
            else:  # a chain of overlaps: all to be compared token by token
                end = max(x[1], y[1])
                overlapping_a.append(x)
                overlapping_b.append(y)
                i += 1
                j += 1
                while True:
                    if i < na and rest_a[i][0] < end:
                        overlapping_a.append(rest_a[i])
                        end = max(end, rest_a[i][1])
                        i += 1
                    elif j < nb and rest_b[j][0] < end:
                        overlapping_b.append(rest_b[j])
                        end = max(end, rest_b[j][1])
                        j += 1
                    else:
                        break
        self.only_a += map(keys, only_a)
        self.only_a += map(keys, rest_a[i:])
        self.only_b += map(keys, only_b)
        self.only_b += map(keys, rest_b[j:])
        if overlapping_a:
            self._outside -= _compare_tokens(doc, overlapping_a, overlapping_b, inside_a, inside_b, self._counts)


def _add_run(table: PairTable, first: tuple[str, str], rest: tuple[str, str], tokens: int, times: int) -> int:
    """`times` runs of `tokens` tokens, the first tagged `first`, the others `rest`; returns the tokens."""
    if tokens:
        table[first] += times
        if tokens > 1:
            table[rest] += times * (tokens - 1)
    return times * tokens


def _shifted(doc: DocumentTokens, x: Span3, y: Span3) -> tuple[str, str, int, int, int, bool, bool]:
    """Two overlapping entities of a and b with other boundaries, none inside a token, each overlapping
    nothing else of the other's: both are runs of whole tokens of the document, and their tags follow from
    (label of a, of b, tokens of a, of b, tokens both have, whether a's first token is one both have, and
    b's)."""
    pieces_x, pieces_y = pieces(doc, x), pieces(doc, y)
    common = sum(1 for piece in pieces_x if y[0] <= piece[0] and piece[1] <= y[1])
    return (
        x[2],
        y[2],
        len(pieces_x),
        len(pieces_y),
        common,
        bool(common) and y[0] <= pieces_x[0][0],
        bool(common) and x[0] <= pieces_y[0][0],
    )


def _compare_tokens(
    doc: DocumentTokens,
    kept_a: list[Span3],
    kept_b: list[Span3],
    inside_a: frozenset[int],
    inside_b: frozenset[int],
    table: PairTable,
) -> int:
    """Entities of a and b overlapping with other boundaries, token by token, each cut where the other
    annotator's boundary falls inside one of its tokens; returns the tokens counted."""
    tags_a: dict[Piece, str] = {}
    tags_b: dict[Piece, str] = {}
    for entity in kept_a:
        tags_a.update(tagged(doc, entity))
    for entity in kept_b:
        tags_b.update(tagged(doc, entity))
    if inside_b - inside_a:
        tags_a = _cut(tags_a, inside_b - inside_a)
    if inside_a - inside_b:
        tags_b = _cut(tags_b, inside_a - inside_b)
    # (zip and map keep the loops over the tokens in C)
    table.update(zip(tags_a.values(), map(tags_b.get, tags_a, repeat("O")), strict=True))
    only_b = tags_b.keys() - tags_a.keys()
    table.update(zip(repeat("O"), map(tags_b.__getitem__, only_b)))
    return len(tags_a) + len(only_b)
