"""Small facts every part of the core shares: the time stamp, the text hash, and what text and names
may hold. Kept apart so that the managers need not import the Project that holds them."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from .errors import InputError
from .names import check_name  # the names policy: no control or bidi characters, bounded length

__all__ = ["check_name", "check_text", "now", "sha256"]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_text(text: str, where: str = "text") -> None:
    """Refuse text SQLite or the formats could not keep exactly: NUL and lone surrogates."""
    if "\x00" in text:
        raise InputError(f"{where} contains a NUL character (binary data?); remove it")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{where} contains a lone surrogate at character {exc.start}; "
            "fix the escape sequence (\\ud800-\\udfff must come in pairs)"
        ) from None
