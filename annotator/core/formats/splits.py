"""Options of the token-based exports (conll, spacy, hf): a train / validation / test split by document.

`--split train=0.8,validation=0.1,test=0.1 --seed S` puts each document in a split by a hash of its text
and the seed, mapped to [0, 1) and dealt out by the cumulative shares. A document's split depends on its
own text and the seed only: adding or removing other documents never moves it (a test document never
drifts into train), the same text lands in the same split on every machine and run, duplicates of one
text never straddle two splits, and a document's sentences never do either. The shares hold as a coin
would (of 2,000 documents a 0.1 split gets about 200, rarely more than 30 off), not exactly; a split that
gets no document is refused by the writer (`require_every_split`): an empty dev or test file would score
on nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

_SPLIT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,30}")


@dataclass
class ExportOptions:
    """What the CLI and the window pass to an exporter besides the documents."""

    split_of: dict[str, str] = field(default_factory=dict)  # document name -> split name; empty: no split
    split_names: list[str] = field(default_factory=list)  # in the order given
    max_tokens: int | None = None  # hf: longest row in tokens
    with_text: bool = False  # stance table: the document's text per row
    include_unlabelled: bool = False  # conll, spacy, hf: also documents nobody worked on
    role: str | None = None  # spacy without --split: train, dev or test (--as)
    split_spec: str = ""  # --split as given, for messages
    names: frozenset[str] = frozenset()  # the project's names: words to the tokenizer

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
            raise InputError(
                f"--split {spec!r}: write NAME=SHARE pairs separated by commas, each name once "
                "(letters, digits, _ or -), shares between 0 and 1, e.g. train=0.8,dev=0.1,test=0.1"
            )
        shares[name] = share
    if abs(sum(shares.values()) - 1) > 1e-6:
        raise InputError(f"--split {spec!r}: the shares add up to {sum(shares.values()):g}, not 1")
    return shares


def position(text_digest: str, seed: int) -> float:
    """Where a document falls in [0, 1): a hash of its text's sha256 (hex) and the seed. blake2b, not
    Python's hash(), which changes from process to process."""
    digest = hashlib.blake2b(f"{seed}\x00{text_digest}".encode("ascii"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def split_at(where: float, shares: dict[str, float]) -> str:
    """The split whose slice of [0, 1) (cumulative shares, in the order given) holds `where`."""
    total = 0.0
    for name, share in shares.items():
        total += share
        if where < total:
            return name
    return name  # the shares add up to 1 within rounding: the last slice takes the rest


def assign_splits(text_digests: Mapping[str, str], shares: dict[str, float], seed: int) -> dict[str, str]:
    """Document name -> split name, from each document's text (sha256 hex, as the project stores it:
    `Project.documents.fingerprints()`, or `values.sha256(text)`) and the seed alone."""
    return {name: split_at(position(digest, seed), shares) for name, digest in text_digests.items()}


def require_every_split(documents_per_split: Mapping[str, int], options: ExportOptions) -> None:
    """Refuse (before anything is written) a --split one of whose splits got no document."""
    empty = [name for name in options.split_names if not documents_per_split.get(name)]
    if not empty:
        return
    total = sum(documents_per_split.values())
    spec = f"--split {options.split_spec}" if options.split_spec else "--split"
    raise InputError(
        f"{spec} cannot be honoured: {', '.join(empty)} would get no document of the {total} "
        "exported (a document's text and --seed decide its split); nothing was written: try another "
        "--seed, fewer splits or larger shares, or export more documents"
    )


def split_outputs(out: Path, options: ExportOptions) -> list[Path]:
    """The files a token-based export to `out` writes: one per --split, or `out` itself."""
    return [split_path(out, split) for split in options.split_names or [""]]


def split_path(path: Path, split: str) -> Path:
    """`news.conll` -> `news.train.conll` (the file of one split); no split: the path itself."""
    return path.with_name(f"{path.stem}.{split}{path.suffix}") if split else path
