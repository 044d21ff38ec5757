"""What an importer may open, and how much it may read: one policy for every importer (txt, jsonl, conll,
spacy, brat, xmi, folders given to `import`, and `merge`).

- Only regular files and folders are read. A symbolic link is never followed (a link inside a folder
  someone sent could point at any file of this computer), and a FIFO, device or socket is never opened
  (reading one can block forever or never end). Files are opened with O_NOFOLLOW and checked with fstat on
  the open descriptor, so a link swapped in between the check and the read is refused too.
- Sizes are bounded per file, per line and per document, and JSON nesting per line (`LIMITS`, the one
  place to change them), while the file is read: line readers (`text_lines`: JSONL, spaCy, CoNLL, brat's
  .ann) never hold a file whole, a long line is refused after reading at most `line_bytes` plus 1 MiB of
  it, and JSON nesting is measured on the text before it is decoded (`json_too_deep`).

Every refusal is an `InputError` naming the file (and the line) and the fix.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from . import open_projects
from .errors import InputError

MB = 1024 * 1024


@dataclass
class Limits:
    """The bounds of what an import reads. Change them here (or on `LIMITS` at run time)."""

    text_file_bytes: int = 50 * MB  # one article as a .txt (plain import, brat's .txt)
    file_bytes: int = 512 * MB  # any other input file (a JSONL or CoNLL file holds many articles)
    line_bytes: int = 64 * MB  # one line of a JSONL file: a document with its annotations
    document_chars: int = 50 * MB  # the text of one document, in characters, whatever the format
    json_depth: int = 100  # nesting of objects and lists in one JSON value
    name_chars: int = 200  # a label, relation type, task, target, value, annotator or document name


LIMITS = Limits()


def _size(n: int) -> str:
    return f"{n / MB:g} MB" if n >= MB else f"{n} bytes"


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, for a message (from its `stat` mode)."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _refuse_link(path: Path) -> InputError:
    try:
        where = f" (to {os.readlink(path)})"
    except OSError:
        where = ""
    return InputError(
        f"a symbolic link{where}; links are not followed: copy the file or folder itself here", file=str(path)
    )


def _lstat(path: Path) -> os.stat_result:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        raise InputError("no such file; check the path", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror}); check the path", file=str(path)) from None


def is_folder(path: str | Path) -> bool:
    """Whether `path` is a real folder (True) or a regular file (False); anything else is refused."""
    path = Path(path)
    mode = _lstat(path).st_mode
    if stat.S_ISLNK(mode):
        raise _refuse_link(path)
    if stat.S_ISDIR(mode):
        return True
    if stat.S_ISREG(mode):
        return False
    raise InputError(f"{kind_of(mode)}, not a file; import regular files only", file=str(path))


def list_folder(folder: str | Path, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """The regular files of a folder (not hidden, and with one of `suffixes` when given), sorted.

    A link, FIFO, device or socket among them is refused naming it: an import never silently skips a
    file the user may have meant, nor reads one it must not."""
    folder = Path(folder)
    if not is_folder(folder):
        raise InputError("not a folder", file=str(folder))
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot list the folder ({exc.strerror})", file=str(folder)) from None
    out = []
    for entry in entries:
        if entry.name.startswith(".") or (suffixes is not None and not entry.name.lower().endswith(suffixes)):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            raise _refuse_link(path)
        if entry.is_dir(follow_symlinks=False):
            continue  # sub-folders are not read
        if not entry.is_file(follow_symlinks=False):
            raise InputError(f"{kind_of(_lstat(path).st_mode)}, not a file; remove it from the folder", file=str(path))
        out.append(path)
    return out


def open_file(path: str | Path, max_bytes: int | None = None) -> BinaryIO:
    """A regular file opened for reading in binary, never through a link; refused when larger than
    `max_bytes` (default: LIMITS.file_bytes)."""
    path = Path(path)
    limit = LIMITS.file_bytes if max_bytes is None else max_bytes
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if os.path.islink(path):  # O_NOFOLLOW is missing on Windows
        raise _refuse_link(path)
    open_projects.refuse_open_project(path)  # opening it would drop this process's locks on it
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("no such file; check the path", file=str(path)) from None
    except OSError as exc:
        if os.path.islink(path):  # ELOOP from O_NOFOLLOW
            raise _refuse_link(path) from None
        raise InputError(f"cannot read the file ({exc.strerror}); check the path", file=str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{kind_of(info.st_mode)}, not a file; import regular files only", file=str(path))
        if info.st_size > limit:
            raise InputError(
                f"the file has {info.st_size} bytes, more than the limit of {_size(limit)}; "
                "split it into smaller files",
                file=str(path),
            )
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: str | Path, max_bytes: int | None = None) -> bytes:
    """All bytes of a regular file within the limit (a file that grows while read is refused too)."""
    limit = LIMITS.file_bytes if max_bytes is None else max_bytes
    with open_file(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"the file has more than the limit of {_size(limit)}; split it into smaller files", file=str(path)
        )
    return data


def text_lines(
    path: str | Path, kind: str, holds: str = "one document: split long documents"
) -> Iterator[tuple[int, str]]:
    """(line number, line with its newline if it has one) of a UTF-8 file, a leading BOM dropped; each
    line is read with a bound: a line over LIMITS.line_bytes is refused after reading at most about
    that much of it, naming what a line of `kind` holds (and so the fix). The file is never held whole:
    a reader that keeps only what it builds from the lines is bounded by that.

    Lines are read and decoded a block at a time (the whole lines a 1 MiB read ends with) and split in C:
    a CoNLL file is millions of short lines, and decoding them one by one was most of its reading (10,000
    articles: 12 s). A block that may hold a line over the limit, or that is not UTF-8, goes a line at a
    time, which names the line."""
    path = Path(path)
    limit = LIMITS.line_bytes
    done = 0
    with open_file(path) as handle:
        for block in _line_blocks(handle, limit):
            if block is None:
                raise _too_long(path, done + 1, limit, kind, holds)
            before, text = done, None
            if len(block) <= limit:  # (its bytes, a first line's BOM too: no line in it is over the limit)
                text = _utf8_or_none(block[len(_BOM) :] if before == 0 and block.startswith(_BOM) else block)
            if text is None:
                for done, line, _ in _checked(path, _split_lines(block), before, limit, kind, holds):
                    yield done, line
            elif not text:  # (a file of a BOM alone: one empty line, as a line at a time gives)
                yield 1, ""
            else:
                for done, line in enumerate(io.StringIO(text, newline="\n"), before + 1):  # (split at "\n" only)
                    yield done, line


def text_and_byte_lines(
    path: str | Path, kind: str, holds: str = "one document: split long documents"
) -> Iterator[tuple[int, str, bytes | bytearray]]:
    """`text_lines`, a line at a time, each line with its UTF-8 bytes as read (JSON's nesting is measured
    on them: `parse_json(..., raw=)`, so a line is not encoded back)."""
    path = Path(path)
    limit = LIMITS.line_bytes
    with open_file(path) as handle:
        yield from _checked(path, _bounded_lines(handle, limit), 0, limit, kind, holds)


_BOM = b"\xef\xbb\xbf"


def _checked(
    path: Path, lines: Iterable[bytes | bytearray | None], before: int, limit: int, kind: str, holds: str
) -> Iterator[tuple[int, str, bytes | bytearray]]:
    """(number, text, bytes) of each line of `lines` (None: one over the limit), numbered from `before` + 1:
    a line over the limit or not UTF-8 refused, naming it; the first line's BOM dropped."""
    for line_no, raw in enumerate(lines, before + 1):
        if raw is None or len(raw) > limit + 1:
            raise _too_long(path, line_no, limit, kind, holds)
        if line_no == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid UTF-8 at byte {exc.start} of the line; {kind} files are UTF-8",
                file=str(path),
                line=line_no,
            ) from None
        yield line_no, text, raw


def _too_long(path: Path, line_no: int, limit: int, kind: str, holds: str) -> InputError:
    return InputError(
        f"the line is longer than the limit of {_size(limit)}; {kind} lines hold {holds}", file=str(path), line=line_no
    )


def _utf8_or_none(data: bytes | bytearray) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _split_lines(block: bytes | bytearray) -> list[bytes]:
    """The lines of a block, each with its newline (the last one may have none)."""
    parts = bytes(block).split(b"\n")
    last = parts.pop()
    return [part + b"\n" for part in parts] + ([last] if last else [])


_CHUNK = MB


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[bytes | bytearray | None]:
    """Each line of a binary file (with its newline, if it has one), read in chunks of 1 MiB; None, and
    the end, for a line holding more than `limit` bytes before its newline: at most `limit` + 1 MiB of it
    is read. (readline(limit) would join its chunks into a copy, doubling the memory, and a call per line
    costs more than splitting a chunk.)"""
    carry = bytearray()  # the start of a line that goes on in the next chunk
    for chunk in _reads(handle):
        parts = chunk.split(b"\n")
        tail = parts.pop()
        for part in parts:
            line: bytes | bytearray
            if carry:
                carry += part
                carry += b"\n"
                line, carry = carry, bytearray()
            else:
                line = part + b"\n"
            if len(line) > limit + 1:
                yield None
                return
            yield line
        carry += tail
        if len(carry) > limit:
            yield None
            return
    if carry:
        yield carry


def _line_blocks(handle: BinaryIO, limit: int) -> Iterator[bytes | bytearray | None]:
    """The whole lines each 1 MiB read of a binary file ends with, as one block (the file's last line may
    lack its newline); None, and the end, when a line runs past `limit` bytes before its newline (at most
    `limit` + 1 MiB of it read). A line inside a block is not measured here (`text_lines` does, when the
    block is longer than the limit)."""
    carry = bytearray()  # the start of a line that goes on in the next read
    for chunk in _reads(handle):
        cut = chunk.rfind(b"\n") + 1
        if cut:
            carry += chunk[:cut]
            yield carry
            carry = bytearray(chunk[cut:])
        else:
            carry += chunk
        if len(carry) > limit:
            yield None
            return
    if carry:
        yield carry


def _reads(handle: BinaryIO) -> Iterator[bytes]:
    """The file's bytes, _CHUNK at a time, to its end."""
    return iter(partial(handle.read, _CHUNK), b"")


def json_depth(value: Any, stop_after: int | None = None) -> int:
    """How deeply the objects and lists of a parsed JSON value nest (a scalar: 0); counting stops once
    past `stop_after`."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if stop_after is not None and deepest > stop_after:
                return deepest
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


_BRACKET_STEPS = {ord("["): 1, ord("]"): -1}
_ONE_KIND = bytes.maketrans(b"{}", b"[]")  # the depth counts both kinds alike (mismatched: the decoder refuses)
_ESCAPE = re.compile(rb"\\.", re.DOTALL)  # a backslash and what it escapes (one pass, a third of two replaces)
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')  # every byte but brackets and quotes


def json_nesting(text: str, raw: bytes | bytearray | None = None) -> int:
    """How deeply the objects and lists of JSON text nest (brackets inside strings do not count), read
    from the text before it is decoded: linear, with no recursion and no decoded value (a line of 50,000
    `[` costs a copy or two of its length, never the decoder's recursion). Exact for valid JSON; for text
    that is not, a bound the decoder then refuses with its own message. Works on the UTF-8 bytes, cut
    down to the quotes and brackets first (one C pass), so the strings (a document's text) cost almost
    nothing: the import reads every line through here. `raw`: the text's UTF-8 bytes, when the caller has
    them (a line as read: `text_and_byte_lines`)."""
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    if b"\\" in raw:  # every escape dropped, read left to right (so `\\"` still ends a string, `\"` does not)
        raw = _ESCAPE.sub(b"", raw)
    structure = raw.translate(_ONE_KIND, _NOT_STRUCTURE)  # only quotes, [ and ] ({ and } become [ and ])
    # Two quotes side by side hold no bracket between them: dropping them leaves every other character
    # with as many quotes before it, odd or even, as before, so inside a string or not as before. Most
    # lines are then down to brackets, all outside strings.
    bare = structure.replace(b'""', b"")
    if b'"' not in bare:
        depth = _nesting_of_brackets(bare)
        if depth is not None:
            return depth
    # the pieces between strings (an unterminated one is dropped)
    outside = b"".join(structure.split(b'"')[0::2])
    return max(accumulate(map(_BRACKET_STEPS.__getitem__, outside)), default=0)


_FAST_DEPTH = 32  # passes `_nesting_of_brackets` makes at most (a document nests 5 or 6 deep)


def _nesting_of_brackets(brackets: bytes | bytearray) -> int | None:
    """How deeply `brackets` (only [ and ]) nest when they pair up and nest at most _FAST_DEPTH deep, else
    None. Each pass drops every pair with nothing inside (`replace`: in C, and never a pair it makes
    itself), so the passes that empty them are as many as the deepest nesting, the count the exact walk
    gives; a line's brackets then cost a few copies of them, not a Python step each."""
    depth = 0
    while brackets:
        if depth == _FAST_DEPTH:
            return None
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):  # brackets that do not pair up: not JSON
            return None
        brackets, depth = shorter, depth + 1
    return depth


def json_too_deep(text: str, raw: bytes | bytearray | None = None) -> bool:
    """Whether JSON text nests deeper than LIMITS.json_depth, decided before decoding it (counting openers
    is cheap: only text with more of them than the limit is scanned). `raw`: as `json_nesting` takes it."""
    limit = LIMITS.json_depth
    return text.count("[") + text.count("{") > limit and json_nesting(text, raw) > limit


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _not_json_constant(name: str) -> NoReturn:
    raise ValueError(name)


def parse_json(text: str, file: str, line: int | None = None, *, raw: bytes | bytearray | None = None) -> Any:
    """A strict JSON value: nesting within LIMITS.json_depth, no NaN or Infinity (not JSON: other tools
    cannot read them back), no lone surrogate from a \\uXXXX escape (text that cannot be stored or
    written as UTF-8). `json.JSONDecodeError` is left to the caller, which knows what the text should
    have been. `raw`: the text's UTF-8 bytes, when the caller read them (`text_and_byte_lines`)."""
    if json_too_deep(text, raw):  # bounded before decoding: the decoder never builds, nor recurses into, such a value
        raise _too_deep(file, line)
    try:  # the C parser also guards its own recursion (RecursionError): a second line of defence
        value = json.loads(text, parse_constant=_not_json_constant)
    except RecursionError:
        raise _too_deep(file, line) from None
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise InputError(
            f"{exc} is not JSON (other tools cannot read it); write a number or null", file=file, line=line
        ) from None
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):  # an escaped emoji is a pair: fine; half a pair is not
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            escape = _LONE_SURROGATE_ESCAPE.search(text) or _SURROGATE_ESCAPE.search(text)
            column = escape.start() + 1 if escape else "?"
            raise InputError(
                f"column {column}: a \\u escape leaves a lone surrogate (half a pair, "
                "such as \\ud800 alone), which is no character; fix the escape",
                file=file,
                line=line,
            ) from None
    return value


def _too_deep(file: str, line: int | None) -> InputError:
    return InputError(
        f"JSON nested deeper than {LIMITS.json_depth} levels; no document needs that: check the file",
        file=file,
        line=line,
    )


def check_document_size(text: str, file: str, line: int | None = None) -> None:
    if len(text) > LIMITS.document_chars:
        raise InputError(
            f"the document's text has {len(text)} characters, more than the limit of "
            f"{LIMITS.document_chars}; split it into articles",
            file=file,
            line=line,
        )
