"""Hypothesis strategies of hostile input for every importer (tests/core/formats/test_fuzz.py).

Two kinds, for each format:
- structured: a real, valid export of annotated articles whose fields are then mutated (a value
  replaced by another JSON value, an awkward string or number, a field or line deleted or repeated, the
  text shifted under the offsets), so the input gets past the first checks and reaches deep ones;
- raw: the bytes of that real export under random byte mutations (flips, insertions, deletions,
  truncation, repeats).
An input is {relative path: bytes}; "" names the single file of a one-file format.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from hypothesis import strategies as st

from annotator.core.formats.jsonl import document_to_json
from annotator.core.formats.registry import FORMATS
from annotator.core.formats.spacy import spans_to_json
from annotator.core.model import default_schema

# strings and numbers that have broken parsers: separators of the formats, controls, bidi, surrogates,
# markup, entity syntax, reserved names, numbers beyond every integer type
AWKWARD_TEXT = [
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\ufeff",
    "\u202e",
    "\u2067",
    "\ud800",
    "\udfff",
    "A",
    "PER",
    "QUOTE",
    "CUE",
    "SPEAKER",
    "[relations]",
    "Arg1:T1",
    "T1",
    "T999",
    "#1",
    "R1",
    "-DOCSTART-",
    "B-",
    "I-PER",
    "O",
    "B-PER I-PER",
    "<img src=x onerror=alert(1)>",
    "&amp;",
    "&a;",
    "<!DOCTYPE x>",
    "]]>",
    "CON",
    "nul.txt",
    "../../etc/passwd",
    "واشنطن",
    "مجلس الأمن",
    "🇵🇸",
    "👨‍👩‍👧",
    "\u0640\u064e",
    "A" * 300,
    "1e309",
    "NaN",
    "-1",
    "0",
    "{",
    "[",
    '"',
    "\\",
    "%s%n",
    "\u0000\u0001",
    "\\ud800",
    '{"k": "\\udc00"}',
    "[" * 3000,
    '{"a":' * 3000,
    '{"k": NaN}',
    "Infinity",
]
AWKWARD_INTS = [0, 1, -1, 2, 3, 5, 10, 100, 2**31, 2**63, -(2**63), 10**30]
JSON_SCALARS = (
    st.sampled_from(AWKWARD_TEXT)
    | st.none()
    | st.booleans()
    | st.sampled_from(AWKWARD_INTS)
    | st.integers()
    | st.floats()
    | st.sampled_from(AWKWARD_TEXT)
    | st.text(max_size=12)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "start", "end", "label", "text", "name", "x"]) | st.text(max_size=5),
            inner,
            max_size=3,
        )
    ),
    max_leaves=6,
)
# the few that break the most, drawn more often than the rest
NASTIEST = ["\ud800", "\udc00x", "\u202e", "\n", "\x00", "[relations]", "", " A", "-1", "\\ud800"]
AWKWARD_STRINGS = st.one_of(
    st.sampled_from(NASTIEST),
    st.sampled_from(NASTIEST),
    st.sampled_from(AWKWARD_TEXT),
    st.text(max_size=20),
    st.sampled_from(AWKWARD_INTS).map(str),
)
FEW = st.sampled_from([1, 1, 1, 2, 3])  # mutations per input: one alone reaches the deepest checks


def fixture_files(docs, fmt: str, folder: Path) -> dict[str, bytes]:
    """The real export of `docs` in `fmt` as {relative path: bytes} (txt: the first document's text)."""
    if fmt == "txt":
        return {"": docs[0].text.encode("utf-8")}
    if fmt == "jsonl":
        return {"": "".join(json.dumps(document_to_json(d), ensure_ascii=False) + "\n" for d in docs).encode()}
    if fmt == "spacy":
        return {
            "": "".join(json.dumps(spans_to_json(d, d.layers[0]), ensure_ascii=False) + "\n" for d in docs).encode()
        }
    out = folder / fmt
    FORMATS[fmt].write(docs, default_schema(), out if fmt in ("brat", "xmi") else out.with_suffix(".conll"))
    if fmt == "conll":
        return {"": out.with_suffix(".conll").read_bytes()}
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


# ---- raw byte mutations -----------------------------------------------------------------------------


@st.composite
def mutated_bytes(draw, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(out)))
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat", "special"]))
        if op == "flip" and pos < len(out):
            out[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            out[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del out[pos : pos + draw(st.integers(1, 64))]
        elif op == "truncate":
            del out[pos:]
        elif op == "repeat":
            out[pos:pos] = out[pos : pos + draw(st.integers(1, 256))] * draw(st.integers(1, 4))
        elif op == "special":
            out[pos:pos] = draw(
                st.sampled_from(
                    [
                        b"\x00",
                        b"\xff\xfe",
                        b"\xef\xbb\xbf",
                        b"\r",
                        b"\n",
                        b"\t",
                        b"\xc3",
                        b"\xed\xa0\x80",
                        b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
                        b"&a;",
                        b"[" * 3000,
                        b'{"',
                        b'"',
                        b";",
                        b"Arg1:",
                        b"\\ud800",
                        b"NaN",
                    ]
                )
            )
    return bytes(out)


@st.composite
def raw_inputs(draw, files: dict[str, bytes]) -> dict[str, bytes]:
    out = dict(files)
    for name in draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=2, unique=True)):
        out[name] = draw(mutated_bytes(files[name]))
    return out


# ---- structured mutations ---------------------------------------------------------------------------


def _places(value, found: dict, parent: str = "") -> dict:
    """Every (container, key) of a JSON value, grouped by the key's name (list items by their list's):
    a mutation picks a kind of field first, so a field that occurs once (meta.source) is as likely to be
    hit as one that occurs a hundred times (a span's start)."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        group = key if isinstance(key, str) else f"{parent}[]"
        found.setdefault(group, []).append((value, key))
        _places(child, found, group)
    return found


@st.composite
def mutated_json(draw, value):
    value = copy.deepcopy(value)
    for _ in range(draw(FEW)):
        places = _places(value, {})
        if not places:
            break
        container, key = draw(st.sampled_from(places[draw(st.sampled_from(sorted(places)))]))
        op = draw(st.sampled_from(["string", "string", "replace", "delete", "repeat", "shift"]))
        if op == "string":
            container[key] = draw(AWKWARD_STRINGS)
        elif op == "replace":
            container[key] = draw(JSON_VALUES)
        elif op == "delete":
            del container[key]
        elif op == "repeat" and isinstance(container, list):
            container.insert(key, copy.deepcopy(container[key]))
        elif op == "shift" and isinstance(container[key], int) and not isinstance(container[key], bool):
            container[key] += draw(st.sampled_from([-2, -1, 1, 2, 1000]))
        elif op == "shift" and isinstance(container[key], str):
            text = container[key]
            at = draw(st.integers(0, len(text)))
            container[key] = text[:at] + draw(AWKWARD_STRINGS) + text[at:]
    return value


def _dump(value, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)


@st.composite
def structured_jsonl(draw, files: dict[str, bytes]) -> dict[str, bytes]:
    objects = [json.loads(line) for line in files[""].decode().splitlines()]
    chosen = draw(st.integers(0, len(objects) - 1))
    objects[chosen] = draw(mutated_json(objects[chosen]))
    ascii_only = draw(st.integers(0, 3)) > 0  # \u escapes: how lone surrogates get past UTF-8 decoding
    lines = [_dump(obj, ascii_only) for obj in objects]
    content = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))
    if draw(st.integers(0, 9)) == 0:  # now and then cut short, as a failed copy leaves it
        content = content[: draw(st.integers(0, len(content)))]
    return {"": content.encode("utf-8", "surrogatepass")}


def _mutated_lines(draw, text: str, separators: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(FEW)):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        op = draw(st.sampled_from(["field", "field", "delete", "repeat", "insert"]))
        if op == "field" and lines:
            fields = re.split(f"([{separators}])", lines[at])
            k = draw(st.integers(0, len(fields) - 1))
            fields[k] = draw(AWKWARD_STRINGS)
            lines[at] = "".join(fields)
        elif op == "delete" and lines:
            del lines[at]
        elif op == "repeat" and lines:
            lines.insert(at, lines[at])
        elif op == "insert":
            lines.insert(at, draw(AWKWARD_STRINGS))
    return "\n".join(lines)


@st.composite
def structured_lines(draw, files: dict[str, bytes], separators: str = " \t") -> dict[str, bytes]:
    """CoNLL: tokens, tags and lines mutated."""
    return {"": _mutated_lines(draw, files[""].decode(), separators).encode("utf-8", "surrogatepass")}


@st.composite
def structured_text(draw, files: dict[str, bytes]) -> dict[str, bytes]:
    """A .txt: the article with awkward strings put in, in some encoding."""
    text = files[""].decode()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(AWKWARD_STRINGS) + text[at:]
    if draw(st.booleans()):
        text = draw(st.text(max_size=50))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1256"]))
    return {"": text.encode(encoding, "replace" if encoding == "cp1256" else "surrogatepass")}


@st.composite
def structured_brat(draw, files: dict[str, bytes]) -> dict[str, bytes]:
    """A brat folder: .ann lines and fields, the .txt under them, or documents.json mutated."""
    out = dict(files)
    for _ in range(draw(FEW)):
        name = draw(st.sampled_from(sorted(n for n in files if n.endswith((".ann", ".txt", ".json")))))
        text = out[name].decode("utf-8", "surrogatepass")
        if name.endswith(".ann"):
            text = _mutated_lines(draw, text, " \t;")
        elif name.endswith(".txt"):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(AWKWARD_STRINGS) + text[at + draw(st.integers(0, 3)) :]
        else:
            text = _dump(draw(mutated_json(json.loads(text))), draw(st.integers(0, 3)) > 0)
        out[name] = text.encode("utf-8", "surrogatepass")
    return out


_XML_ATTRIBUTE = re.compile(r'( [\w:]+=")([^"]*)(")')


@st.composite
def structured_xmi(draw, files: dict[str, bytes]) -> dict[str, bytes]:
    """An XMI folder: attribute values (offsets, labels, the text, links) replaced, escaped or not."""
    out = dict(files)
    for _ in range(draw(FEW)):
        name = draw(st.sampled_from(sorted(files)))
        xml = out[name].decode("utf-8", "surrogatepass")
        matches = list(_XML_ATTRIBUTE.finditer(xml))
        if not matches:
            continue
        m = draw(st.sampled_from(matches))
        value = draw(AWKWARD_STRINGS)
        if draw(st.booleans()):
            value = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        xml = xml[: m.start(2)] + value + xml[m.end(2) :]
        out[name] = xml.encode("utf-8", "surrogatepass")
    return out


STRUCTURED = {
    "txt": structured_text,
    "jsonl": structured_jsonl,
    "spacy": structured_jsonl,
    "conll": structured_lines,
    "brat": structured_brat,
    "xmi": structured_xmi,
}
