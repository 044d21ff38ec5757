"""Ragged span edges: punctuation or white space at the start or end of an entity span.

A span `الأمم المتحدة،` (with the comma) or `«هذه` (with its guillemet) is silent noise in training data.
The window's word snapping stops at these marks (core/word_snapping.py) and `annotator check` warns about
spans already stored with them. One definition for both: any Unicode punctuation (quotation marks « » “ ”
" ' ‹ ›, brackets, the Arabic comma ، semicolon ؛ and question mark ؟, dashes, full stops...), except
marks that belong to what they follow (50% / ٥٠٪, #hashtag, @name, AT&T).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

_PART_OF_A_NAME = frozenset("%\u066a\u2030#@&_")  # % ٪ ‰ # @ & _


def is_edge_mark(ch: str) -> bool:
    """Punctuation that a span should neither begin nor end with."""
    return unicodedata.category(ch)[0] == "P" and ch not in _PART_OF_A_NAME


def is_ragged(ch: str) -> bool:
    """Whether a span beginning or ending with `ch` has a ragged edge (white space or an edge mark)."""
    return ch.isspace() or is_edge_mark(ch)


def ragged_characters(characters: Iterable[str]) -> set[str]:
    """Those of `characters` (the first and last characters of spans, as the store finds them) that make an
    edge ragged: the check asks the store only for the spans that begin or end with one of them."""
    return {ch for ch in characters if isinstance(ch, str) and len(ch) == 1 and is_ragged(ch)}


def ragged_edge(text: str) -> str | None:
    """What is wrong at the edges of a span's text ("begins with '،'"), or None when both edges are clean."""
    if not text:
        return None
    found = []
    for where, ch in (("begins", text[0]), ("ends", text[-1])):
        if ch.isspace():
            found.append(f"{where} with white space")
        elif is_edge_mark(ch):
            found.append(f"{where} with {ch!r}")
    return " and ".join(found) or None


def edge_warnings(spans: Iterable[dict[str, Any]], entity_labels: set[str]) -> list[str]:
    """One warning per entity span with a ragged edge; `spans` are rows with document, annotator, start,
    end, label and text."""
    warnings = []
    for row in spans:
        if row["label"] not in entity_labels:
            continue
        problem = ragged_edge(row["text"])
        if problem:
            warnings.append(
                f"{row['annotator']}'s {row['label']} span [{row['start']}, {row['end']}) "
                f"{row['text']!r} in {row['document']!r} {problem}; fix it in the window "
                "(select the words again: snapping leaves the punctuation out)"
            )
    return warnings
