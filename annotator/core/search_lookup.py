"""How a query is answered from the search index's rows (core/search_index.py says what they hold): exactly
the hits `arabic.find` gives over every text (tests/core/test_search_index.py holds them to the scan).

A query is normalised as `find` normalises it and cut into its words (runs of word characters) and what lies
between them. Its first word may be the tail of a stored word after a proclitic chain: its rows are those of
the word itself and of the word with each chain before it (لواشنطن, وواشنطن, ... for واشنطن; للأمم for
الأمم, the article's lam contracted), each cut where the chain ends, as `find` cuts it (never inside a
ligature nor before a combining mark). Then:
- one word: its rows give the hits, with their texts (the spellings) and offsets;
- words separated by single spaces: the next word is looked up one past the end of the one before, where the
  stored text holds one " " between them; a document where they may meet across other white space (a line
  break, two spaces: the normalised text has one) is scanned by `find` instead;
- anything else (punctuation in the query): the documents holding all of its words are scanned.
Hits of several words that overlap ("قال قال" in "قال قال قال") are kept as `find` keeps them: the first.
Every loop that runs once per occurrence is a comprehension, and the hits are made as `SearchHit`s at once
where the documents' names are known: a query may have a hundred thousand hits.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import lshift, or_
from typing import Any, NamedTuple, overload

from . import search_index
from .arabic import (
    _CONJUNCTIONS,
    BLANK_AFTER,
    END_INVALID,
    MIN_CLITIC_STEM,
    PROCLITIC_CHAINS,
    SPACE_AFTER,
    START_SHARED,
    _is_mark,
    _normalize,
)
from .model import DocumentId
from .search_index import FLAG_BITS, FLAGS, Postings
from .tokens import word_pattern

__all__ = ["Query", "RawHit", "SearchHit", "documents_of", "lookup", "named"]


class SearchHit(NamedTuple):  # a tuple: a query over many documents makes tens of thousands
    """A hit in a document: `text == document.text[start:end]`. `labelled` holds the (annotator, label)
    of spans with exactly these offsets (what a "label all" preview marks as done), when asked for
    (`search.with_labelled`); `word_start` < start when a proclitic chain precedes the hit in its word (ل
    in لواشنطن)."""

    document_id: DocumentId
    document: str
    start: int
    end: int
    text: str
    word_start: int
    labelled: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, str | int]:
        """The `annotator search --json` record."""
        return {"doc": self.document, "start": self.start, "end": self.end, "text": self.text}


_new = tuple.__new__  # SearchHit(...) costs five times more, and a query may make a hundred thousand

# A hit as the rows give it, before its document's name is known: (document id, start, end, text, word start).
RawHit = tuple[int, int, int, str, int]


_CHAINS = sorted(PROCLITIC_CHAINS)


class _Variant(NamedTuple):
    """A stored word that holds a hit of the query's first word: cut at `cut` (normalised characters) of
    it; kind 0: the whole word, 1: after a proclitic chain, 2: the contracted article (للأمم for الأمم)."""

    key: str
    cut: int
    kind: int


@dataclass(frozen=True)
class Query:
    """A normalised query as the index answers it: its words (runs of word characters) and what lies
    between, before and after them."""

    needle: str
    words: tuple[str, ...]
    separators: tuple[str, ...]  # between words i and i + 1
    leading: str
    trailing: str
    clitics: bool = True

    @classmethod
    def of(cls, needle: str, *, clitics: bool = True) -> Query:
        found = list(word_pattern().finditer(needle))
        separators = tuple(needle[a.end() : b.start()] for a, b in zip(found, found[1:], strict=False))
        leading = needle[: found[0].start()] if found else needle
        trailing = needle[found[-1].end() :] if found else ""
        return cls(needle, tuple(m.group() for m in found), separators, leading, trailing, clitics)

    @property
    def direct(self) -> bool:
        """Whether the rows give the hits (else they only say which documents to scan)."""
        return bool(self.words) and not self.leading and not self.trailing and all(s == " " for s in self.separators)

    def variants(self) -> list[_Variant]:
        """The stored words that may hold a hit of the first word, as `arabic.find` accepts them."""
        first = self.words[0]
        found = [_Variant(first, 0, 0)]
        if self.leading or not self.clitics:
            return found
        if len(self.needle) >= MIN_CLITIC_STEM:
            found += [_Variant(chain + first, len(chain), 1) for chain in _CHAINS]
        if first.startswith("ال") and len(self.needle) > 2:  # ل + ال written لل: الأمم in للأمم is لأمم
            found += [
                _Variant(conjunction + "لل" + first[2:], len(conjunction) + 1, 2) for conjunction in _CONJUNCTIONS
            ]
        return found

    def keys(self) -> list[str]:
        """Every stored word whose rows the query reads."""
        return sorted({v.key for v in self.variants()} | set(self.words[1:]))


@lru_cache(maxsize=4096)
def _cut(spelling: str, cut: int, kind: int) -> int | None:
    """Where in `spelling` (a stored word) a hit cut at normalised character `cut` starts; None when
    `find` would refuse it there (inside a ligature, or on a combining mark)."""
    if kind == 0:
        return None if _is_mark(spelling, 0) else 0
    origin = _normalize(spelling, True).origin
    at = origin[cut]
    if origin[cut - 1] == at or _is_mark(spelling, at):
        return None
    return at


@overload
def lookup(
    query: Query, rows: Iterable[tuple[str, int, Postings]], wanted: AbstractSet[int] | None = None, names: None = None
) -> tuple[list[RawHit], set[int]]: ...


@overload
def lookup(
    query: Query, rows: Iterable[tuple[str, int, Postings]], wanted: AbstractSet[int] | None, names: Mapping[int, str]
) -> tuple[list[SearchHit], set[int]]: ...


def lookup(
    query: Query,
    rows: Iterable[tuple[str, int, Postings]],
    wanted: AbstractSet[int] | None = None,
    names: Mapping[int, str] | None = None,
) -> tuple[list[SearchHit], set[int]] | tuple[list[RawHit], set[int]]:
    """The hits the rows give (`rows`: (word, segment, postings) of `query.keys()`), in document and text
    order, and the documents that must be scanned instead, where the rows cannot tell (their hits are left
    out). `wanted`: only these documents (None: all). With `names` (of every document holding the first
    word: `documents_of`) `SearchHit`s, made at once; without, `RawHit`s (`named` makes them hits)."""
    by_segment: dict[int, dict[str, Postings]] = {}
    for key, segment, postings in rows:
        by_segment.setdefault(segment, {})[key] = postings
    hits: list[Any] = []  # SearchHit or RawHit, as `names` says
    scan: set[int] = set()
    for segment in sorted(by_segment):
        found, unsure = _segment_hits(query, by_segment[segment], segment * search_index.SEGMENT, wanted, names)
        if unsure:
            scan |= unsure
            found = [hit for hit in found if hit[0] not in unsure]
        found.sort()  # the variants' hits, each in order: merged
        hits += found
    return hits, scan


def documents_of(query: Query, rows: Iterable[tuple[str, int, Postings]]) -> set[int]:
    """The documents holding every word of the query (the first in one of its forms): where its hits may be."""
    keys = {variant.key for variant in query.variants()}
    holding: list[set[int]] = [set() for _ in query.words]
    for key, segment, postings in rows:
        documents = set(map((segment * search_index.SEGMENT).__add__, set(postings.docs)))  # (in C)
        if key in keys:
            holding[0] |= documents
        for k, word in enumerate(query.words[1:], 1):
            if key == word:
                holding[k] |= documents
    return set.intersection(*holding)


def named(hits: Iterable[RawHit], names: Mapping[int, str]) -> list[SearchHit]:
    """The hits with their documents' names (a hit in a document without one is left out: it is gone)."""
    return [
        _new(SearchHit, (d, name, start, end, text, word_start, ()))
        for d, start, end, text, word_start in hits
        if (name := names.get(d)) is not None
    ]


class _Follower:
    """A word after the first in the documents that hold every word, looked up by where it starts:
    document << 32 | start -> its place in the row."""

    def __init__(self, postings: Postings, documents: list[int]):
        self.spellings, self.infos = postings.spellings, postings.infos
        places = _places(postings, documents)
        docs, starts = postings.docs, postings.starts
        if not isinstance(places, range):
            docs, starts = [docs[i] for i in places], [starts[i] for i in places]  # type: ignore[assignment]
        # keyed by document << 32 | start: ints, made and hashed in C (a tuple a key costs twice as much)
        self.at = dict(zip(map(or_, map(lshift, docs, repeat(32)), starts), places, strict=True))


def _places(postings: Postings, documents: list[int]) -> Sequence[int]:
    """The places in `postings` of the occurrences in `documents` (sorted), or more: all of them, unless
    these are few of the row's documents (then each one's run, found by bisection: the rows are in document
    order). Occurrences in other documents find no word after them: taking them costs less than leaving them
    out one by one."""
    docs = postings.docs
    if 4 * len(documents) >= len(docs):
        return range(len(docs))
    places: list[int] = []
    for doc in documents:
        first = bisect_left(docs, doc)
        places.extend(range(first, bisect_right(docs, doc, first)))
    return places


def _segment_hits(
    query: Query, rows: dict[str, Postings], base: int, wanted: AbstractSet[int] | None, names: Mapping[int, str] | None
) -> tuple[list[Any], set[int]]:
    """One segment's hits (loops per occurrence are comprehensions: they run tens of thousands of times)."""
    variants = [(variant, rows[variant.key]) for variant in query.variants() if variant.key in rows]
    following = [rows[word] for word in query.words[1:] if word in rows]
    if not variants or len(following) < len(query.words) - 1:
        return [], set()
    if not following:
        if not query.direct:  # `find` scans them
            documents = sorted(set().union(*(postings.docs for _, postings in variants)))
            return [], {base + doc for doc in documents if wanted is None or base + doc in wanted}
        return _word_hits(variants, base, wanted, names), set()
    # only the documents that hold every word (in C: sets of the arrays)
    holding = set.intersection(
        set().union(*(postings.docs for _, postings in variants)), *(set(postings.docs) for postings in following)
    )
    if wanted is not None:
        holding = {doc for doc in holding if base + doc in wanted}
    if not query.direct:
        return [], {base + doc for doc in holding}
    documents = sorted(holding)
    followers = [_Follower(postings, documents) for postings in following]
    found: list[Any] = []
    unsure: set[int] = set()
    # hits of several words may overlap when a later word is (a form of) the first ("قال قال" in "قال قال قال")
    overlapping = bool({v.key for v, _ in variants} & set(query.words[1:]))
    for (_, cut, kind), postings in variants:
        shapes = _shapes(postings, cut, kind, alone=False)
        entries = _entries_at(postings, _places(postings, documents))
        found += _phrases(followers, shapes, entries, holding, base, unsure, None if overlapping else names)
    if overlapping:  # the first one wins, as in find
        found = _without_overlaps(found)
        if names is not None:
            found = named(found, names)
    return found, unsure


def _shapes(postings: Postings, cut: int, kind: int, *, alone: bool) -> dict[int, tuple[int, int, str]]:
    """What an occurrence gives, by its info (a few distinct values a row): (cut, length, text); `alone`:
    the query's only word (then a word whose end is not a word's end is no hit)."""
    shapes: dict[int, tuple[int, int, str]] = {}
    for info in set(postings.infos):
        spelling, flags = postings.spellings[info >> FLAG_BITS], info & FLAGS
        at = _cut(spelling, cut, kind)
        if at is not None and not (kind == 0 and flags & START_SHARED) and not (alone and flags & END_INVALID):
            shapes[info] = (at, len(spelling), spelling[at:])
    return shapes


def _entries_at(postings: Postings, places: Sequence[int]) -> Iterable[tuple[int, int, int]]:
    """(document, start, info) of the occurrences at `places` (all of them: the row's own entries)."""
    if isinstance(places, range):
        return postings.entries()
    return zip(
        [postings.docs[i] for i in places],
        [postings.starts[i] for i in places],
        [postings.infos[i] for i in places],
        strict=True,
    )


def _word_hits(
    variants: list[tuple[Any, Postings]],
    base: int,
    wanted: AbstractSet[int] | None,
    names: Mapping[int, str] | None,
) -> list[Any]:
    """The hits of a query of one word: each variant's occurrences whose shape is a hit."""
    found: list[Any] = []
    segment_names: list[str | None] | None = None
    ids = range(base, base + search_index.SEGMENT)
    for (_, cut, kind), postings in variants:
        shapes = _shapes(postings, cut, kind, alone=True)
        entries = (
            postings.entries()
            if wanted is None
            else [entry for entry in postings.entries() if base + entry[0] in wanted]
        )
        if names is None:
            found += [
                (base + doc, start + at, start + size, text, start)
                for doc, start, info in entries
                if (shape := shapes.get(info)) is not None
                for at, size, text in (shape,)
            ]
            continue
        # the hits made at once (a query of one word may have a hundred thousand): what an occurrence
        # gives and its document's id and name looked up in lists by their small numbers, not in dicts
        table: list[tuple[int, int, str] | None] = [None] * (len(postings.spellings) << FLAG_BITS)
        for info, shape in shapes.items():
            table[info] = shape
        if segment_names is None:
            segment_names = [names.get(base + doc) for doc in range(search_index.SEGMENT)]
        found += [
            _new(SearchHit, (ids[doc], name, start + shape[0], start + shape[1], shape[2], start, ()))
            for doc, start, info in entries
            if (shape := table[info]) is not None and (name := segment_names[doc]) is not None
        ]
    return found


def _two_word_hits(
    follower: _Follower,
    shapes: dict[int, tuple[int, int, str]],
    entries: Iterable[tuple[int, int, int]],
    base: int,
    names: Mapping[int, str] | None,
) -> list[Any]:
    """Hits of two words (the most usual query of several): one comprehension."""
    after = follower.at.get
    spellings, infos = follower.spellings, follower.infos
    # looked up in lists by the occurrences' infos (small numbers), not in dicts: the size of a first
    # word that may start a hit (None: it may not); the hit's cut, length and text by both words' infos
    size_of: list[int | None] = [None] * (max(shapes, default=0) + 1)
    joined: list[list[tuple[int, int, str] | None] | None] = [None] * len(size_of)
    seconds: list[tuple[int, int, str] | None] = [None] * ((len(spellings) << FLAG_BITS) or 1)
    for info, (at, size, head) in shapes.items():
        if info & SPACE_AFTER:
            size_of[info] = size
            row = joined[info] = list(seconds)
            for following in set(infos):
                if not following & END_INVALID:
                    second = spellings[following >> FLAG_BITS]
                    row[following] = (at, size + 1 + len(second), head + " " + second)
    if names is None:
        return [
            (base + doc, start + shape[0], start + shape[1], shape[2], start)
            for doc, start, info in entries
            if (width := size_of[info]) is not None
            and (place := after(doc << 32 | start + width + 1)) is not None
            and (shape := joined[info][infos[place]]) is not None  # type: ignore[index]
        ]
    named_ = [names.get(base + doc) for doc in range(search_index.SEGMENT)]
    return [
        _new(SearchHit, (base + doc, name, start + shape[0], start + shape[1], shape[2], start, ()))
        for doc, start, info in entries
        if (width := size_of[info]) is not None
        and (place := after(doc << 32 | start + width + 1)) is not None
        and (shape := joined[info][infos[place]]) is not None  # type: ignore[index]
        and (name := named_[doc]) is not None
    ]


def _phrases(
    followers: list[_Follower],
    shapes: dict[int, tuple[int, int, str]],
    entries: Iterable[tuple[int, int, int]],
    holding: AbstractSet[int],
    base: int,
    unsure: set[int],
    names: Mapping[int, str] | None,
) -> list[Any]:
    """Hits of several words: each next word one " " after the one before (SPACE_AFTER). Where the next one
    may follow across other white space (BLANK_AFTER alone), that document goes to `unsure`, for `find`.
    `entries`: the first word's occurrences in the documents that hold every word (`holding`), or more."""
    # the infos of occurrences that may start a hit, and the size of their word; those a second word may
    # follow across other white space than one " " (BLANK_AFTER alone: `find` decides there)
    sizes = {info: size for info, (_, size, _) in shapes.items()}
    odd = {info for info in sizes if info & BLANK_AFTER and not info & SPACE_AFTER}
    if odd:
        entries = list(entries)
        unsure.update(base + doc for doc, _, info in entries if info in odd and doc in holding)
    if len(followers) == 1:
        return _two_word_hits(followers[0], shapes, entries, base, names)
    after = followers[0].at.get
    # (document, start, info, place of the second word) where the second word is one " " after the first
    pairs = [
        (doc, start, info, place)
        for doc, start, info in entries
        if info & SPACE_AFTER
        and (width := sizes.get(info)) is not None
        and (place := after(doc << 32 | start + width + 1)) is not None
    ]
    found: list[RawHit] = []
    for doc, start, info, place in pairs:
        at, size, head = shapes[info]
        end, pieces, flags = start + size, [head], 0
        for k, follower in enumerate(followers):
            if k:
                place = follower.at.get(doc << 32 | end + 1)
                if place is None:
                    break
            spelling = follower.spellings[follower.infos[place] >> FLAG_BITS]
            flags = follower.infos[place] & FLAGS
            pieces.append(spelling)
            end += 1 + len(spelling)
            if k < len(followers) - 1 and not flags & SPACE_AFTER:
                if flags & BLANK_AFTER:
                    unsure.add(base + doc)  # the word after may follow across other white space
                break
        else:
            if not flags & END_INVALID:
                found.append((base + doc, start + at, end, " ".join(pieces), start))
    return found if names is None else named(found, names)


def _without_overlaps(hits: list[RawHit]) -> list[RawHit]:
    hits.sort()
    kept: list[RawHit] = []
    for hit in hits:
        if kept and kept[-1][0] == hit[0] and hit[1] < kept[-1][2]:
            continue
        kept.append(hit)
    return kept
