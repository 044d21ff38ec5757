"""Options of the token-based exports (conll, spacy, hf): a train / validation / test split by document.

`--split train=0.8,validation=0.1,test=0.1 --seed S` shuffles the sorted document names with a
`random.Random(S)` and deals them out in those proportions (largest remainder; every split with a
share gets at least one document while there are enough), so the same project, documents and seed give
the same split on every machine, and a document's sentences never straddle two splits.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

_SPLIT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,30}")


@dataclass
class ExportOptions:
    """What the CLI and the window pass to an exporter besides the documents."""
    split_of: dict[str, str] = field(default_factory=dict)  # document name -> split name; empty: no split
    split_names: list[str] = field(default_factory=list)     # in the order given
    max_tokens: int | None = None                           # hf: longest row in tokens
    with_text: bool = False                                 # stance table: the document's text per row

    def split(self, name: str) -> str:
        return self.split_of[name] if self.split_of else ""


def parse_split(spec: str) -> dict[str, float]:
    """`train=0.8,validation=0.1,test=0.1` as {name: share}; shares must be positive and add up to 1."""
    shares: dict[str, float] = {}
    for part in spec.split(","):
        name, sep, value = part.strip().partition("=")
        try:
            share = float(value)
        except ValueError:
            share = -1.0
        if not sep or not _SPLIT_NAME.fullmatch(name) or not 0 < share <= 1 or name in shares:
            raise InputError(f"--split {spec!r}: write NAME=SHARE pairs separated by commas, each name once "
                             "(letters, digits, _ or -), shares between 0 and 1, e.g. train=0.8,dev=0.1,test=0.1")
        shares[name] = share
    if abs(sum(shares.values()) - 1) > 1e-6:
        raise InputError(f"--split {spec!r}: the shares add up to {sum(shares.values()):g}, not 1")
    return shares


def assign_splits(names: Iterable[str], shares: dict[str, float], seed: int) -> dict[str, str]:
    """Document name -> split name, reproducible for the same names, shares and seed."""
    order = sorted(set(names))
    random.Random(seed).shuffle(order)
    counts = _counts(len(order), shares)
    out: dict[str, str] = {}
    pos = 0
    for split, count in counts.items():
        for name in order[pos:pos + count]:
            out[name] = split
        pos += count
    return out


def _counts(n: int, shares: dict[str, float]) -> dict[str, int]:
    exact = {name: n * share for name, share in shares.items()}
    counts = {name: int(value) for name, value in exact.items()}
    if n >= len(shares):  # a split that was asked for is never empty when it can be filled
        for name in counts:
            if counts[name] == 0:
                counts[name] = 1
    by_remainder = sorted(shares, key=lambda name: exact[name] - int(exact[name]), reverse=True)
    while sum(counts.values()) > n:
        largest = max(counts, key=lambda name: counts[name])
        counts[largest] -= 1
    i = 0
    while sum(counts.values()) < n:
        counts[by_remainder[i % len(by_remainder)]] += 1
        i += 1
    return counts


def split_outputs(out: Path, options: ExportOptions) -> list[Path]:
    """The files a token-based export to `out` writes: one per --split, or `out` itself."""
    return [split_path(out, split) for split in options.split_names or [""]]


def split_path(path, split: str):
    """`news.conll` -> `news.train.conll` (the file of one split); no split: the path itself."""
    return path.with_name(f"{path.stem}.{split}{path.suffix}") if split else path
