"""The building blocks of a segment's hits (core/search_lookup.py): which documents of a segment are kept and how
a hit is made there (`_Segment`), a row's occurrences by their information (`_table`, `_shapes`), their places
(document << 32 | start, made in C: `_places`), a phrase's text, and overlapping hits dropped as `find` drops them."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import compress
from typing import Any, TypeVar

from . import search_index
from .arabic import (
    BLANK_AFTER,
    END_INVALID,
    SPACE_AFTER,
    START_SHARED,
)
from .search_index import FLAG_BITS, FLAGS, Postings
from .search_query import RawHit, SearchHit, _cut, _new

_T = TypeVar("_T")


class _Segment:
    """How the hits of one segment are made: as `SearchHit`s with their documents' names (`names`) or as
    `RawHit`s, in the documents kept (`keep`, by their small numbers in the rows; None: all). The ids are
    made once and shared by the hits (a hit's int objects are a good part of its cost)."""

    def __init__(self, base: int, names: Mapping[int, str] | None):
        self.base = base
        self.ids = list(range(base, base + search_index.SEGMENT))
        self.names = None if names is None else [names.get(i) for i in self.ids]
        self.keep: list[bool] | None = None
        if self.names is not None and None in self.names:  # a document gone: no hit there
            self.keep = [name is not None for name in self.names]
        self.kept_count = search_index.SEGMENT if self.keep is None else sum(self.keep)
        self.every = False
        self._documents: dict[int, set[int]] = {}
        self._after: dict[int, Callable[[int], int | None]] = {}
        self._starting: dict[int, set[int]] = {}
        self._chain: _Chain | None = None

    def restrict(self, keep: AbstractSet[int], *, every: bool = False) -> None:
        """Keep the hits in these documents only; `every`: they are the documents that hold every word of
        the query (then a first word's occurrence elsewhere finds no next word, and needs no leaving out)."""
        names = self.names
        self.keep = [False] * search_index.SEGMENT
        for doc in keep:
            self.keep[doc] = names is None or names[doc] is not None
        self.kept_count = sum(self.keep)
        self.every = every and self.kept_count == len(keep)

    def documents(self, postings: Postings) -> set[int]:
        """The documents of a row (made once)."""
        found = self._documents.get(id(postings))
        if found is None:
            found = self._documents[id(postings)] = set(postings.docs)
        return found

    def kept(self, postings: Postings) -> Iterable[tuple[int, int, int]]:
        """(document, start, info) of the row's occurrences in the documents kept."""
        keep = self.keep
        return (
            postings.entries() if keep is None else compress(postings.entries(), map(keep.__getitem__, postings.docs))
        )

    def columns(self, postings: Postings, *, full: bool = True) -> list[Sequence[int]]:
        """The row's occurrences in the documents kept as columns: documents, starts (if `full`), places
        (`_places`), infos."""
        columns: list[Sequence[int]] = [postings.docs, postings.starts] if full else []
        columns += [_places(postings), postings.infos]
        keep = self.keep
        if keep is None:
            return columns
        documents = self.documents(postings)
        if (self.every and 2 * self.kept_count >= len(documents)) or all(map(keep.__getitem__, documents)):
            return columns
        chosen = list(map(keep.__getitem__, postings.docs))
        return [list(compress(column, chosen)) for column in columns]

    def after(self, follower: Postings) -> Callable[[int], int | None]:
        """The info of the follower's occurrence at a place (document << 32 | start), None where none
        starts; made once a row. Only the documents kept when they are few of the row's (a candidate is in
        one of them: the others' occurrences find none, and taking them costs less than leaving them out)."""
        found = self._after.get(id(follower))
        if found is None:
            places: Iterable[int] = _places(follower)
            infos: Iterable[int] = follower.infos
            keep = self.keep
            if keep is not None and 2 * self.kept_count < len(self.documents(follower)):
                chosen = list(map(keep.__getitem__, follower.docs))
                places, infos = compress(places, chosen), compress(infos, chosen)
            found = self._after[id(follower)] = dict(zip(places, infos, strict=False)).get
        return found

    def starting(self, follower: Postings, infos: set[int]) -> set[int]:
        """The places (document << 32 | start) where an occurrence of the follower with one of `infos`
        starts (a set: looked up without a call); made once a row."""
        found = self._starting.get(id(follower))
        if found is None:
            places: Iterable[int] = _places(follower)
            if not infos.issuperset(follower.infos):
                places = compress(places, map(infos.__contains__, follower.infos))
            found = self._starting[id(follower)] = set(places)
        return found

    def chain(self, followers: list[Postings]) -> _Chain:
        """`_chain` of the words after the first, made once a segment."""
        if self._chain is None:
            self._chain = _chain(followers, self)
        return self._chain

    def hits(self, found: list[RawHit]) -> list[Any]:
        """`found` (with the documents' small numbers) as the hits asked for."""
        ids, names = self.ids, self.names
        if names is None:
            return [(ids[doc], start, end, text, word) for doc, start, end, text, word in found]
        return [
            _new(SearchHit, (ids[doc], names[doc], start, end, text, word, ())) for doc, start, end, text, word in found
        ]


def _table(shapes: Mapping[int, _T], postings: Postings) -> list[_T | None]:
    """`shapes` (by info) as a list indexed by the row's infos (small numbers): a lookup per occurrence
    costs less than in a dict."""
    table: list[_T | None] = [None] * ((len(postings.spellings) << FLAG_BITS) or 1)
    for info, value in shapes.items():
        table[info] = value
    return table


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


def _places(postings: Postings) -> Sequence[int]:
    """Each occurrence's place, document << 32 | start: the arrays' bytes laid side by side as 64-bit
    numbers (in C, no int object made; a comprehension where the machine's byte order is not little)."""
    docs, starts = postings.docs, postings.starts
    if not _LITTLE or docs.itemsize > 4 or starts.itemsize > 4:
        return [doc << 32 | start for doc, start in zip(docs, starts, strict=True)]
    raw = bytearray(8 * len(docs))
    for column, at in ((starts, 0), (docs, 4)):
        data, size = column.tobytes(), column.itemsize
        for byte in range(size):
            raw[at + byte :: 8] = data[byte::size]
    places = array("Q")
    places.frombytes(raw)
    return places


def _text(head: str, followers: list[Postings], infos: tuple[int, ...]) -> str:
    """A hit's text: the first word's part, then each next word's spelling after a space."""
    return " ".join([head, *(f.spellings[i >> FLAG_BITS] for f, i in zip(followers, infos, strict=True))])


_MASK = (1 << 32) - 1  # a place's start (document << 32 | start)
_LITTLE = sys.byteorder == "little" and array("Q").itemsize == 8


def _without_overlaps(hits: list[RawHit]) -> list[RawHit]:
    hits.sort()
    kept: list[RawHit] = []
    for hit in hits:
        if kept and kept[-1][0] == hit[0] and hit[1] < kept[-1][2]:
            continue
        kept.append(hit)
    return kept


_Chain = tuple[list[dict[int, int]], list[list[int | None]], list[list[bool | None]]]


def _chain(followers: list[Postings], segment: _Segment) -> _Chain:
    """From the last word back, where each word after the first may start (place -> info): the last word
    where it may end a hit; a word before it where the next one starts one " " after it (SPACE_AFTER), or
    where the next one may follow across other white space (BLANK_AFTER alone: `find` decides there). With,
    for each word but the last, by its infos: how far the next one starts (None: not one " " after it), and
    whether the next one may follow across other white space."""
    last = len(followers) - 1
    starting: list[dict[int, int]] = [{} for _ in followers]
    growing: list[list[int | None]] = [[] for _ in range(last)]
    blanks: list[list[bool | None]] = [[] for _ in range(last)]
    for k in range(last, -1, -1):
        follower = followers[k]
        spellings, infos = follower.spellings, set(follower.infos)
        places, column = segment.columns(follower, full=False)
        if k == last:
            valid = {i for i in infos if not i & END_INVALID}
            if valid == infos:
                starting[k] = dict(zip(places, column, strict=True))
            else:
                starting[k] = {place: info for place, info in zip(places, column, strict=True) if info in valid}
            continue
        grows = growing[k] = _table({i: len(spellings[i >> FLAG_BITS]) + 1 for i in infos if i & SPACE_AFTER}, follower)
        blank = blanks[k] = _table({i: True for i in infos if i & BLANK_AFTER and not i & SPACE_AFTER}, follower)
        after = starting[k + 1]
        starting[k] = {
            place: info
            for place, info in zip(places, column, strict=True)
            if ((grow := grows[info]) is not None and place + grow in after) or blank[info]
        }
    return starting, growing, blanks
