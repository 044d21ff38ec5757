"""A search query as the index answers it (`Query`: its words, what lies between them, the stored words that
may hold its first word) and what it finds (`SearchHit`, `RawHit`); core/search_lookup.py answers it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .arabic import (
    _CONJUNCTIONS,
    MIN_CLITIC_STEM,
    PROCLITIC_CHAINS,
    _is_mark,
    _normalize,
)
from .model import DocumentId
from .tokens import word_pattern


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


def named(hits: Iterable[RawHit], names: Mapping[int, str]) -> list[SearchHit]:
    """The hits with their documents' names (a hit in a document without one is left out: it is gone)."""
    return [
        _new(SearchHit, (d, name, start, end, text, word_start, ()))
        for d, start, end, text, word_start in hits
        if (name := names.get(d)) is not None
    ]
