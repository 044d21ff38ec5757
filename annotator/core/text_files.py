"""Reading plain-text files into documents: encodings, BOM, newlines, and clear refusals.

The text is kept exactly as in the file but for two changes: a leading BOM is removed, and CRLF / lone
CR become LF. Anything else (invalid UTF-8, empty, binary, too large) is refused with the file, the
place and the fix.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError
from .intake_policy import LIMITS, read_bytes
from .model import AnnotatedDocument


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_binary(data: bytes) -> int | None:
    """Byte offset of the first NUL, or None: text files never hold NUL bytes (UTF-16 files do: refused too)."""
    pos = data.find(b"\x00")
    return None if pos < 0 else pos


def decode(data: bytes, file: str, encoding: str | None = None) -> str:
    """Bytes of a text file to its stored text."""
    if not data.strip():
        raise InputError("the file is empty; remove it from the import or add its text", file=file)
    nul = _looks_binary(data)
    if nul is not None:
        raise InputError(
            f"binary data (a NUL byte at byte {nul}, line {_line_of(data, nul)}); "
            "import plain-text .txt files only (UTF-16 files: save them as UTF-8)",
            file=file,
        )
    if encoding is None or codecs.lookup(encoding).name == "utf-8":
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid UTF-8 at byte {exc.start} (line {_line_of(data, exc.start)}); if it is a legacy "
                "Arabic file, import it with --encoding cp1256 (or iso-8859-6)",
                file=file,
            ) from None
    else:
        _refuse_utf8_as_legacy(data, file, encoding)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding} at byte {exc.start} (line {_line_of(data, exc.start)}); "
                "check the file's encoding and give it with --encoding",
                file=file,
            ) from None
        text = text.removeprefix("\ufeff")
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError("the file holds only white space; remove it from the import or add its text", file=file)
    return text


def _refuse_utf8_as_legacy(data: bytes, file: str, encoding: str) -> None:
    """A file that is valid UTF-8 and not plain ASCII, imported with another --encoding (cp1256, say), would
    be stored as mojibake (the UTF-8 bytes of قال read as cp1256 are "ظ‚ط§ظ„"): refused with the fix. A real
    cp1256 or ISO-8859-6 Arabic text is practically never valid UTF-8, so this refuses only such mistakes."""
    if codecs.lookup(encoding).name == "utf-8-sig" or data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise InputError(
        f"this file is valid UTF-8, not {encoding}: read as {encoding} its text would be garbled "
        "(mojibake); import it without --encoding (files that really are in another encoding: "
        "import them separately, with --encoding)",
        file=file,
    )


def check_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; use for example utf-8, cp1256 or iso-8859-6") from None


def read_text_file(path: str | Path, encoding: str | None = None) -> AnnotatedDocument:
    """A .txt file as a document named after the file's stem, with the source file in its meta."""
    path = Path(path)
    if encoding is not None:
        check_encoding(encoding)
    data = read_bytes(path, LIMITS.text_file_bytes)  # a news article is kilobytes; beyond that it is not one
    text = decode(data, str(path), encoding)
    meta = {"source_file": path.name}
    if encoding is not None:
        meta["encoding"] = encoding
    return AnnotatedDocument(path.stem, text, meta, [], source_file=str(path))
