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
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import InputError
from ..files import atomic_file
from ..model import AnnotatedDocument, Layer, Schema, SpanRecord
from ..tokens import Token, sentences, split_at, tokenize
from .common import ExportResult, OneLayer, dropped_notes, first_line, outermost_entities, read_utf8
from .splits import ExportOptions, split_path

DOCSTART = "-DOCSTART-"
Entity = tuple[int, int, str]  # [start, end) in characters, label


def spans_to_iob(text: str, entities: Sequence[Entity]) -> tuple[list[list[Token]], list[list[str]]]:
    """Sentences of tokens and their IOB2 tags for non-overlapping entities sorted by start."""
    bounds = [b for start, end, _ in entities for b in (start, end)]
    plain = tokenize(text)
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
            flat[first + 1:after] = ["I-" + label] * (after - first - 1)
    tags_out: list[list[str]] = []
    pos = 0
    for sent in sents:
        tags_out.append(flat[pos:pos + len(sent)])
        pos += len(sent)
    return sents, tags_out


def iob_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[Entity]:
    """Character spans of the entities an IOB2 (or IOB1) tag sequence marks over the given tokens."""
    out: list[Entity] = []
    open_: list | None = None
    for (tok_start, tok_end), tag in zip(tokens, tags, strict=False):
        if tag == "O":
            open_ = None
            continue
        prefix, label = tag[:2], tag[2:]
        if prefix == "I-" and open_ is not None and open_[2] == label:
            open_[1] = tok_end
            continue
        open_ = [tok_start, tok_end, label]
        out.append(open_)  # type: ignore[arg-type]
    return [(s, e, lab) for s, e, lab in out]


def check_tag(tag: str, file: str, line: int) -> None:
    if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
        raise InputError(f"tag {tag!r} is not IOB2 (O, B-LABEL or I-LABEL)", file=file, line=line)


def document_lines(text: str, entities: Sequence[Entity]) -> list[str]:
    lines = [f"{DOCSTART} O", ""]
    sents, tags = spans_to_iob(text, entities)
    for sent, sent_tags in zip(sents, tags, strict=False):
        lines.extend(map(" ".join, zip([text[s:e] for s, e in sent], sent_tags, strict=False)))
        lines.append("")
    return lines


def write(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *,
          options: ExportOptions | None = None) -> ExportResult:
    """Write the file (with --split: one per split, `OUT.train.conll`, ...) atomically; counts the entity
    spans written."""
    options = options or ExportOptions()
    layers = OneLayer("conll")
    docs = spans = nested = crossing = other = lost = 0
    paths = [split_path(out, split) for split in options.split_names or [""]]
    with contextlib.ExitStack() as stack:
        handles = {split: stack.enter_context(atomic_file(path))
                   for split, path in zip(options.split_names or [""], paths, strict=False)}
        for doc, layer in layers(documents):
            handle = handles[options.split(doc.name)]
            kept, n_nested, n_crossing = outermost_entities(layer.spans, schema)
            nested, crossing = nested + n_nested, crossing + n_crossing
            other += sum(1 for s in layer.spans if not schema.is_entity(s.label))
            entities = [(s.start, s.end, s.label) for s in kept if not doc.text[s.start:s.end].isspace()]
            lost += len(kept) - len(entities)
            handle.write("\n".join(document_lines(doc.text, entities)) + "\n")
            docs += 1
            spans += len(entities)
    notes = dropped_notes(nested, crossing, other, "IOB2") + layers.notes()
    if lost:
        notes.append(f"{lost} entity spans holding only white space have no token: dropped")
    return ExportResult([str(p) for p in paths], docs, spans, notes)


def read(path: Path, *, annotator: str | None = None) -> list[AnnotatedDocument]:
    """Documents of a CoNLL IOB2 file; refuses a malformed one naming the line, before returning anything."""
    file = str(path)
    content = read_utf8(path, "CoNLL").removeprefix("\ufeff")
    docs: list[AnnotatedDocument] = []
    current: list[tuple[list[str], list[str]]] = []  # sentences of (tokens, tags)
    sentence: tuple[list[str], list[str]] = ([], [])
    doc_line = 1

    def close_document() -> None:
        if sentence[0]:
            current.append(sentence)
        if current:
            docs.append(_document(current, f"{path.stem}-{len(docs) + 1:04d}", file, doc_line))
        current.clear()

    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for no, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if not line.strip():
            if sentence[0]:
                current.append(sentence)
                sentence = ([], [])
            continue
        cols = line.split()
        if cols[0] == DOCSTART:
            close_document()
            sentence, doc_line = ([], []), no
            continue
        if len(cols) < 2:
            raise InputError(f"expected a token and a tag, found {line!r} (a truncated file?)", file=file, line=no)
        check_tag(cols[-1], file, no)
        sentence[0].append(cols[0])
        sentence[1].append(cols[-1])
    close_document()
    if not docs:
        raise InputError("no tokens found; a CoNLL file has `token tag` lines", file=file)
    if annotator is None and any(doc.layers for doc in docs):
        raise InputError("CoNLL files name no annotator: say whose work it is with --annotator NAME", file=file)
    for doc in docs:
        for layer in doc.layers:
            layer.annotator = annotator or ""
    return docs


def _document(sents: list[tuple[list[str], list[str]]], doc_name: str, file: str, line: int) -> AnnotatedDocument:
    parts: list[str] = []
    entities: list[Entity] = []
    pos = 0
    for s_index, (words, tags) in enumerate(sents):
        if s_index:
            parts.append("\n")
            pos += 1
        tokens: list[Token] = []
        for w_index, word in enumerate(words):
            if w_index:
                parts.append(" ")
                pos += 1
            tokens.append((pos, pos + len(word)))
            parts.append(word)
            pos += len(word)
        entities.extend(iob_to_spans(tokens, tags))
    spans = [SpanRecord(f"T{i}", s, e, lab) for i, (s, e, lab) in enumerate(entities, 1)]
    return AnnotatedDocument(doc_name, "".join(parts), {}, [Layer("", spans)] if spans else [],
                             source_file=file, source_line=line)


def looks_like_export(path: Path) -> bool:
    """Whether a file starts like a CoNLL export (so writing over it is expected)."""
    return first_line(path).startswith("-DOCSTART-")
