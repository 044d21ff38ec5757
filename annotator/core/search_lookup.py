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

A query may have a hundred thousand hits, so what runs once per occurrence is measured (benchmarks/
bench_search.py): one comprehension a row, the hits made as `SearchHit`s at once where the documents' names
are known, the ids and names looked up in lists by the rows' small document numbers (their int objects shared
by the hits; a hit at its word's start shares that int too). A next word is looked up by its place, document
<< 32 | start: the places of a row are its arrays' bytes laid side by side as 64-bit numbers (made in C, no
int object per occurrence), gathered once a segment into a set (one spelling of the last word ends a hit: the
usual case) or a dict (place -> info). Three words or more are first narrowed from the last word back
(`_chain`: where each word may start so that the rest of the phrase follows it), so a rare word anywhere
keeps every step small; the documents that hold every word are worked out for them (the rows are then read
in those only, when they are few), for two words only when some documents are asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, overload

from . import search_index
from .arabic import (
    BLANK_AFTER,
    END_INVALID,
    SPACE_AFTER,
)
from .search_index import FLAG_BITS, Postings
from .search_query import Query, RawHit, SearchHit, _new, _Variant, named
from .search_segment import _MASK, _Segment, _shapes, _table, _text, _without_overlaps

__all__ = ["Query", "RawHit", "SearchHit", "documents_of", "lookup", "named"]


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


def _segment_hits(
    query: Query, rows: dict[str, Postings], base: int, wanted: AbstractSet[int] | None, names: Mapping[int, str] | None
) -> tuple[list[Any], set[int]]:
    """One segment's hits (loops per occurrence are comprehensions: they run tens of thousands of times)."""
    variants = [(variant, rows[variant.key]) for variant in query.variants() if variant.key in rows]
    following = [rows[word] for word in query.words[1:] if word in rows]
    if not variants or len(following) < len(query.words) - 1:
        return [], set()
    if not query.direct:  # `find` scans the documents that hold every word
        if not following:
            documents = sorted(set().union(*(postings.docs for _, postings in variants)))
            return [], {base + doc for doc in documents if wanted is None or base + doc in wanted}
        return [], {base + doc for doc in _holding(variants, following, base, wanted, _Segment(base, None))}
    if not following:
        segment = _Segment(base, names)
        if wanted is not None:
            segment.restrict({i - base for i in wanted if base <= i < base + search_index.SEGMENT})
        return _word_hits(variants, segment), set()
    return _several_words(query, variants, following, base, wanted, names)


def _holding(
    variants: list[tuple[_Variant, Postings]],
    following: list[Postings],
    base: int,
    wanted: AbstractSet[int] | None,
    segment: _Segment,
) -> set[int]:
    """The documents that hold every word (the first in one of its forms), of those wanted (in C: sets)."""
    holding: set[int] = set.intersection(
        set().union(*(segment.documents(postings) for _, postings in variants)),
        *(segment.documents(postings) for postings in following),
    )
    return holding if wanted is None else {doc for doc in holding if base + doc in wanted}


def _several_words(
    query: Query,
    variants: list[tuple[_Variant, Postings]],
    following: list[Postings],
    base: int,
    wanted: AbstractSet[int] | None,
    names: Mapping[int, str] | None,
) -> tuple[list[Any], set[int]]:
    """The hits of words separated by single spaces, and the documents `find` must scan instead."""
    # hits of several words may overlap when a later word is (a form of) the first ("قال قال" in "قال قال قال")
    overlapping = bool({v.key for v, _ in variants} & set(query.words[1:]))
    segment = _Segment(base, None if overlapping else names)
    # the documents that hold every word: needless for two words (an occurrence of the first where the second
    # is not finds none), worth knowing for more (they may be few, and the rows are read in them only)
    holding = None
    if wanted is not None or len(following) > 1:
        holding = _holding(variants, following, base, wanted, segment)
        segment.restrict(holding, every=wanted is None)
    found: list[Any] = []
    unsure: set[int] = set()
    for (_, cut, kind), postings in variants:
        shapes = _shapes(postings, cut, kind, alone=False)
        odd = {info for info in shapes if info & BLANK_AFTER and not info & SPACE_AFTER}
        if odd:  # the next word may follow across other white space than one " ": `find` decides there
            within = holding if holding is not None else segment.documents(following[0])
            unsure.update(base + doc for doc, _, info in postings.entries() if info in odd and doc in within)
        # the first word's occurrences that may start a hit: one " " after them
        firsts = {info: shape for info, shape in shapes.items() if info & SPACE_AFTER}
        if len(following) == 1:
            found += _two_word_hits(firsts, postings, following[0], segment)
        else:
            found += _phrases(firsts, postings, following, segment, unsure)
    if overlapping:  # the first one wins, as in find
        found = _without_overlaps(found)
        if names is not None:
            found = named(found, names)
    return found, unsure


def _word_hits(variants: list[tuple[Any, Postings]], segment: _Segment) -> list[Any]:
    """The hits of a query of one word: each variant's occurrences whose shape is a hit. A hit at its word's
    start (no proclitic before it) shares its start's int object with the word's."""
    found: list[Any] = []
    ids, names = segment.ids, segment.names
    for (_, cut, kind), postings in variants:
        table = _table(_shapes(postings, cut, kind, alone=True), postings)
        entries = segment.kept(postings)
        if names is None:
            found += [
                (ids[doc], start + shape[0], start + shape[1], shape[2], start)
                for doc, start, info in entries
                if (shape := table[info]) is not None
            ]
        elif kind:
            found += [
                _new(SearchHit, (ids[doc], names[doc], start + shape[0], start + shape[1], shape[2], start, ()))
                for doc, start, info in entries
                if (shape := table[info]) is not None
            ]
        else:
            found += [
                _new(SearchHit, (ids[doc], names[doc], start, start + shape[1], shape[2], start, ()))
                for doc, start, info in entries
                if (shape := table[info]) is not None
            ]
    return found


def _two_word_hits(
    firsts: dict[int, tuple[int, int, str]], postings: Postings, follower: Postings, segment: _Segment
) -> list[Any]:
    """Hits of two words (the most usual query of several): one comprehension over the first word's
    occurrences (by place: document << 32 | start), the second looked up where it must start."""
    spellings = follower.spellings
    seconds = {i: spellings[i >> FLAG_BITS] for i in set(follower.infos) if not i & END_INVALID}
    if len(set(seconds.values())) == 1:  # one spelling of the second word ends a hit: where one starts is enough
        return _one_second_hits(firsts, postings, follower, segment, seconds)
    after = segment.after(follower)
    # by the first word's info: its size plus one; by both words' infos: the hit's cut, length and text
    steps = _table({info: size + 1 for info, (_, size, _) in firsts.items()}, postings)
    joined = _table(
        {
            info: _table(
                {i: (at, size + 1 + len(second), head + " " + second) for i, second in seconds.items()}, follower
            )
            for info, (at, size, head) in firsts.items()
        },
        postings,
    )
    entries = zip(*segment.columns(postings), strict=True)
    ids, names = segment.ids, segment.names
    if names is None or any(at for at, _, _ in firsts.values()):
        return segment.hits(
            [
                (doc, start + shape[0], start + shape[1], shape[2], start)
                for doc, start, place, info in entries
                if (step := steps[info]) is not None
                and (second := after(place + step)) is not None
                and (shape := joined[info][second]) is not None
            ]
        )
    # the hit starts where its word does: (document, name, start, end, text, start), the start one int object
    return [
        _new(SearchHit, (ids[doc], names[doc], start, start + shape[1], shape[2], start, ()))
        for doc, start, place, info in entries
        if (step := steps[info]) is not None
        and (second := after(place + step)) is not None
        and (shape := joined[info][second]) is not None
    ]


def _one_second_hits(
    firsts: dict[int, tuple[int, int, str]],
    postings: Postings,
    follower: Postings,
    segment: _Segment,
    seconds: dict[int, str],
) -> list[Any]:
    """`_two_word_hits` where the second word's occurrences that may end a hit have one spelling (as they
    mostly do): a hit is where such an occurrence starts one " " after the first word (a set of places)."""
    starting = segment.starting(follower, set(seconds))
    second = next(iter(seconds.values()))
    # by the first word's info: the hit's cut, length and text, and where the second word must start
    shapes = _table(
        {
            info: (at, size + 1 + len(second), head + " " + second, size + 1)
            for info, (at, size, head) in firsts.items()
        },
        postings,
    )
    entries = zip(*segment.columns(postings), strict=True)
    ids, names = segment.ids, segment.names
    if names is None:
        return segment.hits(
            [
                (doc, start + shape[0], start + shape[1], shape[2], start)
                for doc, start, place, info in entries
                if (shape := shapes[info]) is not None and place + shape[3] in starting
            ]
        )
    if any(at for at, _, _ in firsts.values()):  # after a proclitic chain (للبيت for البيت)
        return [
            _new(SearchHit, (ids[doc], names[doc], start + shape[0], start + shape[1], shape[2], start, ()))
            for doc, start, place, info in entries
            if (shape := shapes[info]) is not None and place + shape[3] in starting
        ]
    return [
        _new(SearchHit, (ids[doc], names[doc], start, start + shape[1], shape[2], start, ()))
        for doc, start, place, info in entries
        if (shape := shapes[info]) is not None and place + shape[3] in starting
    ]


def _phrases(
    firsts: dict[int, tuple[int, int, str]],
    postings: Postings,
    followers: list[Postings],
    segment: _Segment,
    unsure: set[int],
) -> list[Any]:
    """Hits of three words or more: the first word's occurrences whose next word starts where it may
    (`_chain`), followed word by word (a rare word anywhere in the phrase keeps every step small); where a
    word is followed across other white space than one " ", its document goes to `unsure`, for `find`."""
    last = len(followers) - 1
    starting, growing, blanks = segment.chain(followers)
    steps = _table({info: size + 1 for info, (_, size, _) in firsts.items()}, postings)
    after = starting[0]
    # (the first word's place and info, the infos of the words after it, where the last of them starts)
    candidates: list[tuple[int, int, tuple[int, ...], int]] = [
        (first, info, (), place)
        for first, info in zip(*segment.columns(postings, full=False), strict=True)
        if (step := steps[info]) is not None and (place := first + step) in after
    ]
    for k in range(last):
        table, grows = starting[k], growing[k]
        reached = [(first, info, (*path, table[place]), place) for first, info, path, place in candidates]
        if any(blanks[k]):
            unsure.update(segment.base + (first >> 32) for first, _, path, _ in reached if blanks[k][path[k]])
        candidates = [
            (first, info, path, place + grow)
            for first, info, path, place in reached
            if (grow := grows[path[k]]) is not None
        ]
    table, spellings = starting[last], followers[last].spellings
    return segment.hits(
        [
            (
                first >> 32,
                (start := first & _MASK) + firsts[info][0],
                (place & _MASK) + len(spellings[(second := table[place]) >> FLAG_BITS]),
                _text(firsts[info][2], followers, (*path, second)),
                start,
            )
            for first, info, path, place in candidates
        ]
    )
