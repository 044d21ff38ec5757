"""The search index kept in the project: what `annotator search`, the find bar and "label all" look words up
in, so a query reads the few stored rows of its words instead of normalising every text (issue 27).

An inverted index of whole words: for each normalised word (core/arabic.py `words`: hamza forms, tashkeel,
tatweel, ى and ة folded) and each segment of SEGMENT documents (by id: 0-1023, 1024-2047, ...), one row
holding every occurrence of the word in those documents: the document, where the word starts in the stored
text, its spelling there (an index into the row's list of spellings) and four flags (`arabic.words`). A
spelling is the stored text the word covers, so a hit's text and offsets come from the row alone, and the
hit of a stem after a proclitic chain (واشنطن in لواشنطن, لأمم in للأمم) is found by looking the query up
with each chain before it (لواشنطن, وواشنطن, ...) and cutting the spelling where the chain ends.

How a query is answered from the rows is core/search_lookup.py; the hits are exactly `arabic.find`'s over
every text (tests/core/test_search_index.py holds them to the scan).

Rows are written in the transaction that writes the texts (core/store/search.py), and built for an older
project when it is opened to write (`Project._bring_up_to_date`). This module is pure: it turns texts into
rows and rows back into occurrences; it never opens a project.

Measured (benchmarks/bench_search.py): against SQLite FTS5 over the same normalised words (the built-in
`ascii` tokenizer: Python's sqlite3 cannot register a tokenizer of ours), which finds a query's documents
and word numbers but neither the stored offsets nor the spellings, so every hit needs its text read and
normalised again; see the benchmark's docstring for the figures.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Protocol

from .arabic import fingerprint as matching_fingerprint
from .arabic import index_words_split
from .tokens import count, count_split

__all__ = [
    "FLAG_BITS",
    "FLAGS",
    "SEGMENT",
    "Postings",
    "ROWS_MADE_LAG",
    "build",
    "decode",
    "encode",
    "encoded",
    "fingerprint",
    "merge",
    "segment_of",
    "segments",
]

SEGMENT = 1024  # documents per row: a new document rewrites the rows of its words in its segment only
FLAG_BITS = 4  # an occurrence's info: its spelling's index << 4 | its flags (arabic.START_SHARED, ...)
FLAGS = (1 << FLAG_BITS) - 1
FORMAT = 2  # of a row's postings


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What an index is valid for: this format and the matching rules (`arabic.fingerprint`). An index made
    under another is not used, and is built again when the project is next opened to write."""
    return f"index {FORMAT} segment {SEGMENT} {matching_fingerprint()}"


def segment_of(document_id: int) -> int:
    return document_id // SEGMENT


@dataclass
class Postings:
    """The occurrences of one word in one segment, in (document, start) order: parallel arrays of the
    document (its id minus the segment's first), the word's start in the stored text, and its info
    (spelling << 4 | flags); `spellings[i]` is the stored text of spelling i."""

    docs: array[int]
    starts: array[int]
    infos: array[int]
    spellings: list[str]

    def __len__(self) -> int:
        return len(self.docs)

    def entries(self) -> Iterator[tuple[int, int, int]]:
        """(document, start, info) of each occurrence."""
        return zip(self.docs, self.starts, self.infos, strict=True)


# An import's rows made in one process for all its batches (`RowsMade`) are taken in this many batches after
# they are sent: that process starts (its word list) with the first and would keep the import waiting.
ROWS_MADE_LAG = 1


class RowsMade(Protocol):
    """A batch's rows made elsewhere (another process): `result()` when they are needed, `close()` after."""

    def result(self) -> dict[int, dict[str, Postings]]: ...
    def close(self) -> None: ...


# ---- building ----------------------------------------------------------------------------------------------
def build(documents: Iterable[tuple[int, str]]) -> dict[int, dict[str, Postings]]:
    """The rows of `documents` ((id, text) pairs): segment -> word -> its postings."""
    return dict(segments(documents))


def build_counted(documents: Iterable[tuple[int, str]]) -> tuple[dict[int, dict[str, Postings]], dict[int, int]]:
    """`build(documents)`, and each document's token count (`tokens.count`, id -> count), counted from the
    words the index splits the text into anyway (an import needs both for every new document)."""
    counts: dict[int, int] = {}
    return dict(segments(documents, counts)), counts


def segments(
    documents: Iterable[tuple[int, str]], counts: dict[int, int] | None = None
) -> Iterator[tuple[int, dict[str, Postings]]]:
    """The rows of `documents`, a segment at a time (word -> its postings), in segment order; with `counts`,
    each document's token count is put there (`build_counted`)."""
    batch: list[tuple[int, str]] = []
    for document_id, text in sorted(documents, key=lambda pair: pair[0]):
        if batch and segment_of(batch[0][0]) != segment_of(document_id):
            yield segment_of(batch[0][0]), _segment(batch, counts)
            batch = []
        batch.append((document_id, text))
    if batch:
        yield segment_of(batch[0][0]), _segment(batch, counts)


def encoded(documents: Iterable[tuple[int, str]]) -> list[tuple[int, list[tuple[str, str, bytes]]]]:
    """The rows of `documents` in their stored form: per segment, (word, spellings, blob) (`encode`); a
    segment's postings are held only while it is encoded."""
    return [
        (segment, [(word, *encode(postings)) for word, postings in rows.items()])
        for segment, rows in segments(documents)
    ]


def _segment(documents: list[tuple[int, str]], counts: dict[int, int] | None = None) -> dict[str, Postings]:
    """The rows of documents of one segment, in id order. Each occurrence (document, start, flags, made in C
    by zip) is added to its spelling's flat list (the one loop per word of every text: an extend), then each
    word's row is cut from those lists (slices, in C) and its spellings joined. With `counts`: each
    document's token count too, from the same split of its text where there was one."""
    every_key: list[str] = []
    every_spelling: list[str] = []
    by_spelling: defaultdict[str, list[int]] = defaultdict(list)  # document, start, flags, document, ...
    base = segment_of(documents[0][0]) * SEGMENT
    last_start = 0  # (starts are in text order)
    for document_id, text in documents:
        (keys, starts, flags, spellings), parts = index_words_split(text)
        if counts is not None:
            counts[document_id] = count(text) if parts is None else count_split(parts)
        every_key += keys
        every_spelling += spellings
        last_start = max(last_start, starts[-1] if starts else 0)
        for spelling, occurrence in zip(spellings, zip(repeat(document_id - base), starts, flags), strict=True):
            by_spelling[spelling].extend(occurrence)
    key_of = dict(zip(reversed(every_spelling), reversed(every_key), strict=True))  # (its first occurrence's)
    by_word: dict[str, list[str]] = {}
    for spelling in by_spelling:
        by_word.setdefault(key_of[spelling], []).append(spelling)
    offsets = "H" if last_start < 1 << 16 else "I"  # (most texts are shorter than 65,536)
    rows: dict[str, Postings] = {}
    for key, spellings in by_word.items():
        if len(spellings) == 1:
            flat = by_spelling[spellings[0]]
            rows[key] = Postings(array("H", flat[0::3]), array(offsets, flat[1::3]), array("H", flat[2::3]), spellings)
            continue
        # each spelling's occurrences are in order; together they are sorted again
        entries = sorted(
            (flat[at], flat[at + 1], index << FLAG_BITS | flat[at + 2])
            for index, flat in enumerate(by_spelling[spelling] for spelling in spellings)
            for at in range(0, len(flat), 3)
        )
        columns = list(zip(*entries, strict=True))
        rows[key] = Postings(
            array("H", columns[0]),
            array(offsets, columns[1]),
            array("H" if len(spellings) < 1 << (16 - FLAG_BITS) else "I", columns[2]),
            spellings,
        )
    return rows


def merge(
    old: Postings | None, new: Postings | None, replaced: set[int] | frozenset[int] = frozenset()
) -> Postings | None:
    """`old` without the documents of `replaced` (relative ids) and with `new`; None when nothing is left."""
    if old is not None and replaced and min(replaced) <= old.docs[-1] and not set(old.docs).isdisjoint(replaced):
        keep = [i for i, doc in enumerate(old.docs) if doc not in replaced]
        old = Postings(
            array("H", (old.docs[i] for i in keep)),
            array("I", (old.starts[i] for i in keep)),
            array("I", (old.infos[i] for i in keep)),
            old.spellings,
        )
    if old is None or not len(old):
        return new if new is not None and len(new) else None
    if new is None or not len(new):
        return old
    spellings = list(old.spellings)
    where = {spelling: i for i, spelling in enumerate(spellings)}
    moved = []
    for spelling in new.spellings:
        if spelling not in where:
            where[spelling] = len(spellings)
            spellings.append(spelling)
        moved.append(where[spelling])
    if moved == list(range(len(moved))):  # the same spellings in the same order (one, mostly): as they are
        infos = new.infos
    else:
        infos = array("I", (moved[info >> FLAG_BITS] << FLAG_BITS | info & FLAGS for info in new.infos))
    if new.docs[0] > old.docs[-1]:  # the usual case: new documents come after the ones there
        return Postings(old.docs + new.docs, _joined(old.starts, new.starts), _joined(old.infos, infos), spellings)
    rows = sorted([*old.entries(), *zip(new.docs, new.starts, infos, strict=True)])
    return Postings(
        array("H", (r[0] for r in rows)), array("I", (r[1] for r in rows)), array("I", (r[2] for r in rows)), spellings
    )


def _joined(first: array[int], second: array[int]) -> array[int]:
    """`first` then `second` (copied in C when their typecodes agree, as they mostly do)."""
    if first.typecode == second.typecode:
        return first + second
    return (first if first.typecode == "I" else array("I", first)) + (
        second if second.typecode == "I" else array("I", second)
    )


# ---- the stored form: the spellings as one text, the arrays as one blob (not compressed: zlib took the import
# 1.05 s of 15 at 10,000 articles, and halved the rows' size only; issue 27 item 2) ---------------------------
_SEPARATOR = "\x00"  # never in a word (a stored text holds no NUL: values.check_text)
_HEADER = struct.Struct("<BI2s")  # format, count, typecodes of starts and infos (documents: H)
_BIG_ENDIAN = sys.byteorder == "big"


def _narrow(values: array[int]) -> array[int]:
    """`values` in the smallest unsigned typecode of two bytes or more that holds them (most texts are
    shorter than 65,536)."""
    if values.typecode == "H" or (values and max(values) >= 1 << 16):
        return values
    return array("H", values)


def _narrow_infos(postings: Postings) -> array[int]:
    """The infos in one byte each when the word has at most 16 spellings (most words): an info is its
    spelling's index << FLAG_BITS | flags. Their low bytes, cut from the array's bytes in C (no scan)."""
    infos = postings.infos
    if infos.typecode == "B":  # (a stored row's, decoded)
        return infos
    if len(postings.spellings) > 1 << (8 - FLAG_BITS):
        return _narrow(infos)
    low = 0 if not _BIG_ENDIAN else infos.itemsize - 1
    return array("B", infos.tobytes()[low :: infos.itemsize])


def _bytes(values: array[int]) -> bytes:
    if _BIG_ENDIAN:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _array(typecode: str, data: bytes | memoryview) -> array[int]:
    values = array(typecode)
    values.frombytes(data)
    if _BIG_ENDIAN:
        values.byteswap()
    return values


def encode(postings: Postings) -> tuple[str, bytes]:
    """(spellings, blob) as stored; `decode` gives the postings back."""
    starts, infos = _narrow(postings.starts), _narrow_infos(postings)
    raw = b"".join(
        (
            _HEADER.pack(FORMAT, len(postings), (starts.typecode + infos.typecode).encode("ascii")),
            _bytes(postings.docs),
            _bytes(starts),
            _bytes(infos),
        )
    )
    return _SEPARATOR.join(postings.spellings), raw


def decode(spellings: str, blob: bytes) -> Postings:
    raw = memoryview(blob)
    version, count, typecodes = _HEADER.unpack_from(raw)
    if version != FORMAT:
        raise ValueError(f"search index row of format {version}, not {FORMAT}")
    at = _HEADER.size
    arrays = []
    for typecode in "H" + typecodes.decode("ascii"):
        size = array(typecode).itemsize * count
        arrays.append(_array(typecode, raw[at : at + size]))
        at += size
    if at != len(raw):
        raise ValueError("search index row of the wrong length")
    docs, starts, infos = arrays
    return Postings(docs, starts, infos, spellings.split(_SEPARATOR))
