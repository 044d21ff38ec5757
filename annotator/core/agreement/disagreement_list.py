"""The report's disagreements as a sequence that may hold some of them as JSON text.

A worker process encodes its share's disagreements as JSON (`pack`) before handing its run back: a large
project has hundreds of thousands, and unpickling them as objects and encoding them again in the main
process took longer than finding them. `agreement --json` then writes the text as it came; anyone who
reads the items (the table, the HTML page) gets them decoded on first use, equal to the ones encoded.
"""

from __future__ import annotations

import json
import re
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast, overload

from .spans import Disagreement, Has, disagreements_json_items
from .spill import Spill, Spilled, text_of


class _Packed:
    """Disagreements encoded as JSON array items (without the brackets), and how many; the text may be
    kept in a temporary file (`spill`)."""

    __slots__ = ("_text", "count")

    def __init__(self, text: str | Spilled, count: int):
        self._text = text
        self.count = count

    @property
    def text(self) -> str:
        return text_of(self._text)

    @property
    def held(self) -> str | Spilled:
        """The text, or where it is kept."""
        return self._text

    def spill(self, to: Spill) -> None:
        self._text = to.keep(self._text)


class DisagreementList(Sequence[Disagreement]):
    """Disagreements in the order they were added, each run of them either as objects or packed as JSON."""

    def __init__(self, items: Sequence[Disagreement] = ()):
        self._chunks: list[list[Disagreement] | _Packed] = []
        self._length = 0
        self._texts_read: OrderedDict[_Packed, str] = OrderedDict()  # (`by_pair`)
        self.add(items)

    def add(self, items: Sequence[Disagreement]) -> None:
        if items:
            self._chunks.append(list(items))
            self._length += len(items)

    def add_packed(self, text: str, count: int) -> None:
        """`count` disagreements already encoded (`disagreements_json_items`: items without the brackets)."""
        if count:
            self._chunks.append(_Packed(text, count))
            self._length += count

    def extend(self, other: DisagreementList) -> None:
        """Add another list's disagreements after these, as they are (packed stay packed)."""
        self._chunks += other._chunks
        self._length += other._length

    def by_pair(self) -> dict[frozenset[str], PairDisagreements]:
        """The disagreements of each pair of annotators (by their names), in order, each decoded only when
        it is asked for: the window lists a pair's (90,000 at 10,000 articles by 3 annotators, 900,000 at
        100,000), and decoding them all to pick a pair's took 3.4 s and a few hundred MB per 10,000
        articles. A packed text is read for where each item starts and whose it is, without decoding."""
        found: dict[frozenset[str], PairDisagreements] = {}
        pairs: dict[tuple[str, ...], frozenset[str]] = {}  # the JSON texts of a and b -> the pair
        for chunk in self._chunks:
            parts: dict[frozenset[str], array[int] | list[Disagreement]] = {}
            heads = list(_ITEM_HEAD.finditer(chunk.text)) if isinstance(chunk, _Packed) else []
            if isinstance(chunk, _Packed) and len(heads) == chunk.count:
                starts: dict[frozenset[str], array[int]] = {}
                for head in heads:
                    texts = head.groups()
                    pair = pairs.get(texts)
                    if pair is None:
                        pair = pairs[texts] = frozenset(map(json.loads, texts))
                    offsets = starts.get(pair)
                    if offsets is None:
                        offsets = starts[pair] = array("q")
                    offsets.append(head.start())
                parts.update(starts)
                held: list[Disagreement] | _Packed = chunk
            else:  # objects (or a text not as disagreements_json_items writes it: decoded)
                held = _decoded(chunk.text) if isinstance(chunk, _Packed) else chunk
                objects: dict[frozenset[str], list[Disagreement]] = {}
                for d in held:
                    objects.setdefault(frozenset((d.a, d.b)), []).append(d)
                parts.update(objects)
            for pair, items in parts.items():
                found.setdefault(pair, PairDisagreements(self._read_recently)).add(held, items)
        return found

    def _read_recently(self, chunk: _Packed) -> str:
        """A packed chunk's text, the last few kept (a pair's rows are read from one chunk at a time)."""
        text = self._texts_read.get(chunk)
        if text is None:
            text = self._texts_read[chunk] = chunk.text
            if len(self._texts_read) > TEXTS_READ:
                self._texts_read.popitem(last=False)
        else:
            self._texts_read.move_to_end(chunk)
        return text

    def spill(self, to: Spill) -> None:
        """Keep the packed texts in `to`'s temporary file, out of memory (the main process's, which holds
        every share's until the report is written)."""
        for chunk in self._chunks:
            if isinstance(chunk, _Packed):
                chunk.spill(to)

    def pack(self) -> None:
        """Encode every disagreement as JSON, for a cheap trip to another process."""
        if self._length and not (len(self._chunks) == 1 and isinstance(self._chunks[0], _Packed)):
            self._chunks = [_Packed(self._items_text(), self._length)]

    def json(self) -> str:
        """`json.dumps([d.to_json() for d in self], ensure_ascii=False)`, character for character."""
        return "".join(self.json_parts())

    def json_parts(self) -> Iterator[str]:
        """`json()` in pieces, without copying the packed texts into one string."""
        return map(text_of, self.json_pieces())

    def json_pieces(self) -> Iterator[str | Spilled]:
        """`json_parts`, with each packed text kept in a temporary file given as such (`spill.write`
        copies it to a file as it is)."""
        yield "["
        for k, chunk in enumerate(self._chunks):
            if k:
                yield ", "
            yield chunk.held if isinstance(chunk, _Packed) else disagreements_json_items(chunk)
        yield "]"

    def _items_text(self) -> str:
        return ", ".join(
            chunk.text if isinstance(chunk, _Packed) else disagreements_json_items(chunk) for chunk in self._chunks
        )

    def _items(self) -> list[Disagreement]:
        if len(self._chunks) == 1 and isinstance(self._chunks[0], list):
            return self._chunks[0]
        items: list[Disagreement] = []
        for chunk in self._chunks:
            items += _decoded(chunk.text) if isinstance(chunk, _Packed) else chunk
        self._chunks = [items] if items else []
        return items

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Disagreement: ...

    @overload
    def __getitem__(self, index: slice) -> list[Disagreement]: ...

    def __getitem__(self, index: int | slice) -> Disagreement | list[Disagreement]:
        if isinstance(index, slice) and _from_the_start(index):
            return self.head(index.stop)[index]  # the terminal's first 20, the HTML page's first 2,000
        return self._items()[index]

    def head(self, count: int) -> list[Disagreement]:
        """The first `count`, decoding only as much of the packed text as they take: the terminal's table
        shows 20 of 100,000s, and decoding them all took half the command's time and 200 MB."""
        items: list[Disagreement] = []
        for chunk in self._chunks:
            if len(items) >= count:
                break
            items += _decoded_head(chunk.text, count - len(items)) if isinstance(chunk, _Packed) else chunk
        return items[:count]

    def __iter__(self) -> Iterator[Disagreement]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DisagreementList):
            return self._items() == other._items()
        return isinstance(other, list) and self._items() == other

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"DisagreementList({self._items()!r})"


TEXTS_READ = 3  # packed chunks' texts kept as read by `by_pair`'s lists (a share's: ~17 MB each)
# the start of an item as `disagreements_json_items` writes it, with the texts of a and b; `{"document": `
# is found at an item's start only (inside a JSON string, a quote is always escaped)
_JSON_STRING = r'"(?:[^"\\]|\\.)*"'
_ITEM_HEAD = re.compile(rf'\{{"document": {_JSON_STRING}, "a": ({_JSON_STRING}), "b": ({_JSON_STRING})')


class PairDisagreements(Sequence[Disagreement]):
    """One pair's disagreements of a `DisagreementList` (`by_pair`): per chunk, where its items start in the
    packed text, or the objects; an item is decoded when asked for."""

    def __init__(self, read: Callable[[_Packed], str]):
        self._read = read
        self._parts: list[tuple[list[Disagreement] | _Packed, array[int] | list[Disagreement]]] = []
        self._ends: list[int] = []  # how many items up to the end of each part

    def add(self, chunk: list[Disagreement] | _Packed, items: array[int] | list[Disagreement]) -> None:
        self._parts.append((chunk, items))
        self._ends.append((self._ends[-1] if self._ends else 0) + len(items))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> Disagreement: ...

    @overload
    def __getitem__(self, index: slice) -> list[Disagreement]: ...

    def __getitem__(self, index: int | slice) -> Disagreement | list[Disagreement]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("disagreement index out of range")
        part = bisect_right(self._ends, index)
        chunk, items = self._parts[part]
        local = index - (self._ends[part - 1] if part else 0)
        if isinstance(items, list):
            return items[local]
        assert isinstance(chunk, _Packed)
        item, _ = _DECODER.raw_decode(self._read(chunk), items[local])
        return _disagreement(item)


def _decoded(text: str) -> list[Disagreement]:
    return list(map(_disagreement, json.loads("[" + text + "]")))


def _decoded_head(text: str, count: int) -> list[Disagreement]:
    """The first `count` of the items in `text` (JSON array items separated by ", ")."""
    decode = _DECODER.raw_decode
    items: list[Disagreement] = []
    at = 0
    while len(items) < count and at < len(text):
        item, at = decode(text, at)
        items.append(_disagreement(item))
        at += 2  # the ", " between items
    return items


_DECODER = json.JSONDecoder()


def _from_the_start(index: slice) -> bool:
    """A slice whose items all lie in the first `index.stop` (a forward slice with no negative bound)."""
    return index.stop is not None and index.stop >= 0 and (index.start or 0) >= 0 and index.step in (None, 1)


def _disagreement(d: dict[str, Any]) -> Disagreement:
    return Disagreement(
        d["document"],
        d["a"],
        d["b"],
        d["layer"],
        d["what"],
        d["start"],
        d["end"],
        _has(d["a_has"]),
        _has(d["b_has"]),
        d.get("target"),
        d.get("task"),
    )


def _has(value: Any) -> Has:
    if isinstance(value, dict):
        return (value["start"], value["end"], value["label"])
    return cast("str | None", value)  # a value ("FAVOR"), or nothing
