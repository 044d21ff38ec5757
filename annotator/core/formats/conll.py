"""CoNLL IOB2: one `token tag` line per token, a blank line between sentences, `-DOCSTART- O` (and a blank
line) at the start of every document. Readers that take the first column as the token and the last as
the tag (CoNLL-2003 loaders, spaCy's converter, seqeval) read it untouched.

    -DOCSTART- O

    قال O
    ل O
    واشنطن B-GPE

Tokens come from `core.tokens`, cut where an entity boundary falls inside a word (ل+واشنطن), so every
entity that does not overlap another survives. Only entity labels go to IOB; of nested or crossing
entities the outermost (then the earliest) is kept and the rest counted in the export notes.

One layer per document: when the documents carry several annotators' work the export is refused and
asks for --annotator NAME or --gold (mixing annotators would duplicate every document).

Reading back: the text is rebuilt from the tokens (one space between tokens, a line break between
sentences), since CoNLL keeps no white space; documents are named after the file, `news-0001`, ...
Entity spans come back at the same tokens. I- after O or after another type starts an entity (the
conlleval convention), so IOB1 files read too.
"""

from __future__ import annotations

import bisect
import contextlib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..clitics import NO_NAMES
from ..errors import InputError
from ..files import atomic_file
from ..intake_policy import LIMITS, text_lines
from ..model import AnnotatedDocument, Layer, Schema, SpanRecord
from ..tokens import Token, sentences, split_at, tokenize
from .common import ExportResult, OneLayer, dropped_notes, first_line, outermost_entities
from .splits import ExportOptions, require_every_split, split_path

DOCSTART = "-DOCSTART-"
Entity = tuple[int, int, str]  # [start, end) in characters, label


def spans_to_iob(
    text: str, entities: Sequence[Entity], names: frozenset[str] = NO_NAMES
) -> tuple[list[list[Token]], list[list[str]]]:
    """Sentences of tokens and their IOB2 tags for non-overlapping entities sorted by start; `names`: the
    project's names, words to the tokenizer."""
    bounds = [b for start, end, _ in entities for b in (start, end)]
    plain = tokenize(text, names=names)
    starts = [s for s, _ in plain]
    tokens = split_at(plain, bounds, starts)
    if tokens is not plain:
        starts = [s for s, _ in tokens]
    sents = sentences(text, tokens, [(s, e) for s, e, _ in entities], starts)
    # Tokens were cut at every entity boundary, so an entity is the tokens starting in [start, end); it
    # never spans a sentence break (sentences() keeps entities whole). Entities are few, tokens many:
    # tag by entity, not token by token.
    flat = ["O"] * len(tokens)
    for start, end, label in entities:
        first, after = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        if first < after:
            flat[first] = "B-" + label
            flat[first + 1 : after] = ["I-" + label] * (after - first - 1)
    tags_out: list[list[str]] = []
    pos = 0
    for sent in sents:
        tags_out.append(flat[pos : pos + len(sent)])
        pos += len(sent)
    return sents, tags_out


class IobSpans:
    """Entity spans read from IOB2 (or IOB1) tags one token at a time, so a reader keeps no tag list: I-
    after O or after another type starts an entity (the conlleval convention)."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []  # (start, end, label), the last one growing while it is open
        self.open: str | None = None  # the label of the entity still open

    def add(self, tok_start: int, tok_end: int, tag: str) -> None:
        if tag == "O":
            self.open = None
            return
        prefix, label = tag[:2], tag[2:]
        if prefix == "I-" and self.open is not None and self.open == label:
            self.entities[-1] = (self.entities[-1][0], tok_end, label)
            return
        self.open = label
        self.entities.append((tok_start, tok_end, label))

    def close(self) -> None:
        """The end of a sentence: no entity continues past it."""
        self.open = None

    def spans(self) -> list[Entity]:
        return list(self.entities)


def check_tag(tag: str, file: str, line: int) -> None:
    if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
        raise InputError(f"tag {tag!r} is not IOB2 (O, B-LABEL or I-LABEL)", file=file, line=line)


def document_lines(text: str, entities: Sequence[Entity], names: frozenset[str] = NO_NAMES) -> list[str]:
    lines = [f"{DOCSTART} O", ""]
    sents, tags = spans_to_iob(text, entities, names)
    for sent, sent_tags in zip(sents, tags, strict=False):
        lines.extend(map(" ".join, zip([text[s:e] for s, e in sent], sent_tags, strict=False)))
        lines.append("")
    return lines


def write(
    documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *, options: ExportOptions | None = None
) -> ExportResult:
    """Write the file (with --split: one per split, `OUT.train.conll`, ...) atomically; counts the entity
    spans written."""
    options = options or ExportOptions()
    layers = OneLayer("conll")
    docs = spans = nested = crossing = other = lost = 0
    paths = [split_path(out, split) for split in options.split_names or [""]]
    with contextlib.ExitStack() as stack:
        handles = {
            split: stack.enter_context(atomic_file(path))
            for split, path in zip(options.split_names or [""], paths, strict=False)
        }
        per_split: dict[str, int] = {}
        for doc, layer in layers(documents):
            split = options.split(doc.name)
            per_split[split] = per_split.get(split, 0) + 1
            handle = handles[split]
            kept, n_nested, n_crossing = outermost_entities(layer.spans, schema)
            nested, crossing = nested + n_nested, crossing + n_crossing
            other += sum(1 for s in layer.spans if not schema.is_entity(s.label))
            entities = [(s.start, s.end, s.label) for s in kept if not doc.text[s.start : s.end].isspace()]
            lost += len(kept) - len(entities)
            handle.write("\n".join(document_lines(doc.text, entities, options.names)) + "\n")
            docs += 1
            spans += len(entities)
        require_every_split(per_split, options)  # inside: a refused split leaves no file behind
    notes = dropped_notes(nested, crossing, other, "IOB2") + layers.notes()
    if lost:
        notes.append(f"{lost} entity spans holding only white space have no token: dropped")
    return ExportResult([str(p) for p in paths], docs, spans, notes)


class _Document:
    """One document as its lines are read: its text (tokens joined by a space, sentences by a line break)
    grows in a buffer, its entities are found as the tags pass, and no token or tag is kept, so a reader
    holds about the document's text however its sentences are cut; the text is refused as soon as it
    outgrows LIMITS.document_chars, not after it is read."""

    def __init__(self, file: str, line: int):
        self.file, self.line = file, line
        self.text = io.StringIO()
        self.write = self.text.write
        self.length = 0
        self.limit = LIMITS.document_chars
        self.iob = IobSpans()
        self.separator = ""  # what goes before the next token: nothing, a space, or a line break
        self.sentences = 0

    def add(self, word: str, tag: str, no: int) -> None:
        if self.separator != " ":
            self.sentences += 1
        start = self.length + len(self.separator)
        self.write(self.separator)
        self.write(word)
        self.separator = " "
        self.length = end = start + len(word)
        if end > self.limit:
            raise InputError(
                f"the document that starts at line {self.line} has more than the limit of "
                f"{self.limit} characters by this line; split it into articles (a {DOCSTART} line "
                "starts each)",
                file=self.file,
                line=no,
            )
        if tag != "O" or self.iob.open is not None:
            self.iob.add(start, end, tag)

    def end_sentence(self) -> None:
        if self.sentences:
            self.separator = "\n"
        self.iob.close()

    def document(self, name: str) -> AnnotatedDocument:
        spans = [SpanRecord(f"T{i}", s, e, lab) for i, (s, e, lab) in enumerate(self.iob.entities, 1)]
        return AnnotatedDocument(
            name,
            self.text.getvalue(),
            {},
            [Layer("", spans)] if spans else [],
            source_file=self.file,
            source_line=self.line,
        )


def read(path: Path, *, annotator: str | None = None) -> list[AnnotatedDocument]:
    """Documents of a CoNLL IOB2 file; refuses a malformed one naming the line, before returning anything.
    Read line by line under the intake policy: a line is bounded by LIMITS.line_bytes and a document by
    LIMITS.document_chars while it is read, so memory holds no more than the documents being built."""
    file = str(path)
    docs: list[AnnotatedDocument] = []
    current = _Document(file, 1)
    for no, line in text_lines(path, "CoNLL", holds="one token and its tag: is this a CoNLL file?"):
        cols = line.split()
        if not cols:
            current.end_sentence()
            continue
        word, tag = cols[0], cols[-1]
        if word == DOCSTART:
            if current.sentences:
                docs.append(current.document(f"{path.stem}-{len(docs) + 1:04d}"))
            current = _Document(file, no)
            continue
        if len(cols) < 2:
            raise InputError(
                f"expected a token and a tag, found {line.rstrip(chr(10)).rstrip(chr(13))[:80]!r} (a truncated file?)",
                file=file,
                line=no,
            )
        if tag != "O":
            check_tag(tag, file, no)
            if annotator is None:  # said at once: the whole file need not be read to say it
                raise InputError("CoNLL files name no annotator: say whose work it is with --annotator NAME", file=file)
        current.add(word, tag, no)
    if current.sentences:
        docs.append(current.document(f"{path.stem}-{len(docs) + 1:04d}"))
    if not docs:
        raise InputError("no tokens found; a CoNLL file has `token tag` lines", file=file)
    for doc in docs:
        for layer in doc.layers:
            layer.annotator = annotator or ""
    return docs


def looks_like_export(path: Path) -> bool:
    """Whether a file starts like a CoNLL export (so writing over it is expected)."""
    return first_line(path).startswith("-DOCSTART-")
