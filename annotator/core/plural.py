"""Counting in messages: "1 document", "2 documents" (never "1 new documents")."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None, *, grouped: bool = False) -> str:
    """`n` and the noun in the right number; `grouped` writes 18,884 rather than 18884."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {noun if n == 1 else (plural or noun + 's')}"
