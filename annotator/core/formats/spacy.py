"""spaCy: JSONL always, a DocBin `.spacy` file too when spaCy is installed (it is an optional extra).

JSONL, one document per line (the shape Prodigy and spaCy's span categorizer read):

    {"text": "...", "spans": [{"start": 0, "end": 6, "label": "GPE"}], "meta": {"name": "doc-1"}}

`spans` holds every span of the layer (entities, QUOTE, CUE; they may nest), with character offsets
(code points) into `text`. The DocBin has the same spans in `doc.spans["sc"]` and the outermost
non-overlapping entities in `doc.ents`; its tokens come from `core.tokens`, cut at span boundaries,
with white space kept as spaCy does, so `doc.text` is the stored text exactly.

One layer per document: several annotators in one export are refused (choose --annotator or --gold).
Reading JSONL back gives the same spans and labels; attributes, relations and document labels are not
in this format (the notes count them). Names come from meta.name, else `FILE-00001` by line.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..clitics import NO_NAMES
from ..errors import InputError
from ..files import atomic_file, read_head
from ..model import AnnotatedDocument, Layer, Schema, SpanRecord
from ..tokens import split_at, tokenize
from .common import ExportResult, OneLayer, first_line, json_keys, outermost_entities
from .jsonl import json_lines
from .spacy_config import (
    HEADER,
    ROLES,
    check_role,
    recorded_roles,
    role_notes,
    role_of_name,
    split_roles,
    training_config,
)
from .spacy_tokenizer import words_and_spaces
from .splits import ExportOptions, require_every_split, split_outputs, split_path
from .workers import in_chunks


def spans_to_json(doc: AnnotatedDocument, layer: Layer) -> dict[str, Any]:
    spans = sorted(layer.spans, key=lambda s: (s.start, -s.end, s.label))
    return {
        "text": doc.text,
        "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in spans],
        "meta": {"name": doc.name},
    }


def json_to_document(obj: Any, file: str, line: int, annotator: str) -> AnnotatedDocument:
    """One JSONL line as a document; shape errors name the field (offsets are checked by ingest)."""

    def fail(problem: str) -> InputError:
        return InputError(problem, file=file, line=line)

    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise fail('each line must be an object with "text" (a string) and "spans"')
    raw_spans = obj.get("spans", [])
    if not isinstance(raw_spans, list):
        raise fail('"spans" must be a list')
    meta = obj["meta"] if isinstance(obj.get("meta"), dict) else {}
    name = meta["name"] if isinstance(meta.get("name"), str) else f"{Path(file).stem}-{line:05d}"
    spans = []
    for i, sp in enumerate(raw_spans):
        if not isinstance(sp, dict):
            raise fail(f"spans[{i}] must be an object")
        start, end, label = sp.get("start"), sp.get("end"), sp.get("label")
        if type(start) is not int or type(end) is not int or not isinstance(label, str):
            raise fail(f'spans[{i}] needs integer "start" and "end" and a string "label"')
        if not 0 <= start < end <= len(obj["text"]):
            raise fail(
                f"spans[{i}]: offsets [{start}, {end}) are outside the text (length {len(obj['text'])}) "
                "or empty; offsets count Unicode code points"
            )
        spans.append(SpanRecord(f"T{i + 1}", start, end, label))
    layers = [Layer(annotator, spans)] if spans else []
    return AnnotatedDocument(name, obj["text"], {}, layers, source_file=file, source_line=line)


def read(path: Path, *, annotator: str | None = None) -> list[AnnotatedDocument]:
    file = str(path)
    docs = [json_to_document(obj, file, no, annotator or "") for no, obj in json_lines(path, "spaCy JSONL")]
    if annotator is None and any(doc.layers for doc in docs):
        raise InputError("spaCy JSONL names no annotator: say whose work it is with --annotator NAME", file=file)
    return docs


def spans_to_doc(
    nlp_vocab: Any, doc: AnnotatedDocument, layer: Layer, schema: Schema, names: frozenset[str] = NO_NAMES
) -> tuple[Any, int, list[str], int, int]:
    """A spaCy Doc whose text is the stored text, its tokens those of the registered tokenizer
    (spacy_tokenizer.py) except where an entity boundary falls inside one of them. Other spans (QUOTE,
    CUE) do not cut tokens, since every cut the tokenizer does not make is a misaligned token in
    training: one that ends inside a word is widened to whole words in doc.spans["sc"] (the JSONL keeps
    it exact). Returns the Doc, how many entities `ents` could not hold, its words, how many of its
    entities the tokenizer cannot align, and how many other spans were widened."""
    from spacy.tokens import Doc, Span

    bounds = [b for s in layer.spans if schema.is_entity(s.label) for b in (s.start, s.end)]
    plain = tokenize(doc.text, names=names)
    tokens = split_at(plain, bounds)
    # words_and_spaces rebuilds the text exactly (tests check doc.text against it, on any text)
    words, spaces, token_at, token_until = words_and_spaces(doc.text, tokens)
    sdoc = Doc(nlp_vocab, words=words, spaces=spaces)
    sdoc.user_data["name"] = doc.name
    sdoc.user_data["meta"] = doc.meta

    widened = 0

    def as_span(s: SpanRecord) -> Span:
        # tokens were cut at every entity boundary, so an entity is whole tokens (by index: no Token
        # objects are made, which is most of spaCy's cost); a boundary in white space or inside a word
        # (a quotation's) falls back to char_span, to whole tokens
        nonlocal widened
        first, after = token_at.get(s.start), token_until.get(s.end)
        if first is not None and after is not None:
            return Span(sdoc, first, after, label=s.label)
        span = sdoc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
        if span is None:  # "expand" gives None only for offsets outside the text, which intake refuses
            raise ValueError(f"{doc.name}: span [{s.start}, {s.end}) lies outside the text")
        widened += doc.text[span.start_char : span.end_char].strip() != doc.text[s.start : s.end].strip()
        return span

    sdoc.spans["sc"] = [as_span(s) for s in layer.spans]
    kept, nested, crossing = outermost_entities(layer.spans, schema)
    sdoc.ents = [as_span(s) for s in kept]
    unaligned = 0
    if len(tokens) != len(plain):  # a cut the tokenizer does not make: those entities cannot align in training
        plain_starts, plain_ends = {s for s, _ in plain}, {e for _, e in plain}
        unaligned = sum(1 for s in kept if s.start not in plain_starts or s.end not in plain_ends)
    return sdoc, nested + crossing, words, unaligned, widened


def spacy_available() -> bool:
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


DOCBIN_ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE"]  # what this export sets: smaller and faster than the default twelve


def _add_to_docbin(docbin: Any, sdoc: Any, words: list[str], packer: Any = None) -> None:
    """DocBin.add without its walk over every token for nine strings this export never sets (token by
    token in Python: a third of the export's time). What it keeps are the strings the stored attributes
    refer to: the words (ORTH), the entity and span labels, and the user data (name, meta).
    test_spacy.py checks the DocBin reads back the same as one filled by DocBin.add, so a change inside
    spaCy shows up there. `packer`: a srsly msgpack Packer to reuse (srsly.msgpack_dumps makes a new one
    per call, and each looks its encoders up among the installed packages' entry points)."""
    import numpy
    import srsly
    from spacy.attrs import SPACY

    docbin.tokens.append(sdoc.to_array(docbin.attrs).reshape((len(sdoc), len(docbin.attrs))))
    docbin.spaces.append(numpy.asarray(sdoc.to_array(SPACY).reshape((len(sdoc), 1)), dtype=bool))
    docbin.flags.append({"has_unknown_spaces": sdoc.has_unknown_spaces})
    docbin.strings.update(words)
    docbin.strings.add("")
    docbin.strings.update(span.label_ for span in sdoc.ents)
    docbin.cats.append(sdoc.cats)
    docbin.user_data.append(packer.pack(sdoc.user_data) if packer else srsly.msgpack_dumps(sdoc.user_data))
    docbin.span_groups.append(sdoc.spans.to_bytes())
    docbin.strings.update(span.label_ for group in sdoc.spans.values() for span in group)


def _docbin_bytes(
    schema: Schema, names: frozenset[str], items: list[tuple[AnnotatedDocument, Layer, str]]
) -> tuple[dict[str, bytes], int, int, int]:
    """A serialised DocBin per split of the items, how many entities `doc.ents` could not hold, how
    many the tokenizer cannot align, and how many were widened to whole tokens. This is pure Python in
    spaCy (about 2 ms an article), so large exports run it in workers (workers.py)."""
    import srsly
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    bins: dict[str, DocBin] = {}
    vocab, dropped, unaligned, widened = Vocab(), 0, 0, 0
    packer = srsly.msgpack.Packer(use_bin_type=True)  # what srsly.msgpack_dumps uses
    for doc, layer, split in items:
        sdoc, n_dropped, words, n_unaligned, n_widened = spans_to_doc(vocab, doc, layer, schema, names)
        docbin = bins.get(split) or bins.setdefault(split, DocBin(attrs=DOCBIN_ATTRS, store_user_data=True))
        _add_to_docbin(docbin, sdoc, words, packer)
        dropped += n_dropped
        unaligned += n_unaligned
        widened += n_widened
    return {split: docbin.to_bytes() for split, docbin in bins.items()}, dropped, unaligned, widened


def write(
    documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *, options: ExportOptions | None = None
) -> ExportResult:
    """JSONL at `out` (`.spacy` given: beside it as .jsonl) and, when spaCy is there, a DocBin `.spacy`
    and a `config.cfg` that names it for its role (spacy_config.py); with --split one JSONL and one DocBin
    per split (`OUT.train.jsonl`, `OUT.train.spacy`, ...)."""
    options = options or ExportOptions()
    splits = options.split_names or [""]
    role_of_split = _roles_of_splits(options)
    jsonl_base = out.with_suffix(".jsonl") if out.suffix == ".spacy" else out
    jsonl_paths = {split: split_path(jsonl_base, split) for split in splits}
    docbin_paths = {split: split_path(out.with_suffix(".spacy"), split) for split in splits}
    with_docbin = spacy_available()
    layers = OneLayer("spacy")
    tally = _Tally()
    config_notes: list[str] = []
    config_path = out.parent / "config.cfg"
    with contextlib.ExitStack() as stack:
        handles = {split: stack.enter_context(atomic_file(path)) for split, path in jsonl_paths.items()}
        items = tally.split_counted(_written(layers(documents), options, handles, tally))
        if not with_docbin:
            for _ in items:
                pass
            require_every_split(tally.per_split, options)  # inside: a refused split leaves no file behind
        else:
            _write_docbins(items, schema, options, docbin_paths, stack, tally)
            role_of = role_of_split if options.split_names else {"": options.role or role_of_name(out.stem)}
            config_notes = _write_config(config_path, schema, options.names, role_of, docbin_paths, stack)
    paths = [str(p) for p in jsonl_paths.values()]
    notes = layers.notes()
    if with_docbin:
        paths += [str(p) for p in docbin_paths.values()] + [str(config_path)]
        notes += config_notes
    return ExportResult(paths, tally.documents, tally.spans, notes + tally.notes(with_docbin))


def _roles_of_splits(options: ExportOptions) -> dict[str, str]:
    """split name -> the role config.cfg gives its DocBin; refuses a role that is not one, and --as with --split."""
    check_role(options.role)
    if options.role and options.split_names:
        raise InputError(
            "--as names the role of one file; with --split the split names give the roles "
            "(train; dev or validation; test)"
        )
    return split_roles(options.split_names) if options.split_names else {}


class _Tally:
    """What an export counts as it writes: documents, spans, what the format leaves out, documents per split,
    and the DocBin's entities left out of doc.ents, unaligned and widened."""

    def __init__(self) -> None:
        self.documents = self.spans = self.lost = 0
        self.not_in_ents = self.unaligned = self.widened = 0
        self.per_split: dict[str, int] = {}

    def split_counted(
        self, items: Iterable[tuple[AnnotatedDocument, Layer, str]]
    ) -> Iterator[tuple[AnnotatedDocument, Layer, str]]:
        for doc, layer, split in items:
            self.per_split[split] = self.per_split.get(split, 0) + 1
            yield doc, layer, split

    def notes(self, with_docbin: bool) -> list[str]:
        notes = []
        if self.lost:
            notes.append(
                f"{self.lost} relations, document labels and span attributes are not in the spaCy "
                "format: left out (use jsonl, brat or xmi for them)"
            )
        if not with_docbin:
            return notes + [
                "spaCy is not installed: wrote the JSONL only (install spaCy for a .spacy DocBin and config.cfg)"
            ]
        if self.not_in_ents:
            notes.append(f"{self.not_in_ents} nested or crossing entities are in doc.spans['sc'] but not in doc.ents")
        if self.unaligned:
            notes.append(
                f"{self.unaligned} entities begin or end inside a word that the tokenizer keeps whole (not "
                "at a clitic): the DocBin cuts the word, but spaCy training cannot align them and skips them"
            )
        if self.widened:
            notes.append(
                f"{self.widened} quotation, cue or other non-entity spans begin or end inside a word: "
                "widened to whole words in the DocBin's doc.spans['sc'] (the JSONL keeps them exact)"
            )
        return notes


def _written(
    items: Iterable[tuple[AnnotatedDocument, Layer]], options: ExportOptions, handles: dict[str, Any], tally: _Tally
) -> Iterator[tuple[AnnotatedDocument, Layer, str]]:
    """The documents, their layers and splits, each written to its JSONL as it passes."""
    for doc, layer in items:
        split = options.split(doc.name)
        handles[split].write(json.dumps(spans_to_json(doc, layer), ensure_ascii=False) + "\n")
        tally.documents += 1
        tally.spans += len(layer.spans)
        tally.lost += len(layer.relations) + len(layer.doc_labels) + sum(1 for s in layer.spans if s.attributes)
        yield doc, layer, split


def _write_docbins(
    items: Iterable[tuple[AnnotatedDocument, Layer, str]],
    schema: Schema,
    options: ExportOptions,
    docbin_paths: dict[str, Path],
    stack: contextlib.ExitStack,
    tally: _Tally,
) -> None:
    """A DocBin per split, built in workers as the documents pass (in_chunks), written once every split has one."""
    from spacy.tokens import DocBin

    docbins = {split: DocBin(attrs=DOCBIN_ATTRS, store_user_data=True) for split in docbin_paths}
    to_bytes = functools.partial(_docbin_bytes, schema, options.names)
    for parts, dropped, n_unaligned, n_widened in in_chunks(items, to_bytes):
        for split, data in parts.items():
            docbins[split].merge(DocBin(store_user_data=True).from_bytes(data))
        tally.not_in_ents += dropped
        tally.unaligned += n_unaligned
        tally.widened += n_widened
    require_every_split(tally.per_split, options)
    for split, docbin in docbins.items():
        binary = stack.enter_context(atomic_file(docbin_paths[split], "wb"))
        binary.write(docbin.to_bytes())


def _write_config(
    config_path: Path,
    schema: Schema,
    names: frozenset[str],
    role_of: Mapping[str, str | None],
    docbin_paths: dict[str, Path],
    stack: contextlib.ExitStack,
) -> list[str]:
    """config.cfg naming this export's DocBins by role (`role_of`: split -> role, or None), keeping the roles
    of an earlier export that this one does not write over; returns its notes."""
    ours = {split: path.resolve() for split, path in docbin_paths.items()}
    mine = {role: ours[split] for split, role in role_of.items() if role}
    # the roles of an earlier export, but never for a file this one writes over
    kept = {
        role: path
        for role, path in recorded_roles(config_path).items()
        if role not in mine and path not in ours.values()
    }
    roles = {role: {**kept, **mine}[role] for role in ROLES if role in kept or role in mine}
    notes = role_notes(roles, set(kept), [docbin_paths[s] for s in ours if not role_of.get(s)])
    stack.enter_context(atomic_file(config_path)).write(training_config(schema, roles, names))
    return notes


def output_paths(out: Path, options: ExportOptions) -> list[Path]:
    """Every file an export to `out` may write: the JSONL per split, the DocBin per split, config.cfg."""
    jsonl_base = out.with_suffix(".jsonl") if out.suffix == ".spacy" else out
    return [
        *split_outputs(jsonl_base, options),
        *split_outputs(out.with_suffix(".spacy"), options),
        out.parent / "config.cfg",
    ]


def looks_like_export(path: Path) -> bool:
    """Whether a file is one an earlier spaCy export wrote: its config.cfg, a DocBin, or its JSONL."""
    if path.name == "config.cfg":
        return first_line(path).startswith(HEADER)
    if path.suffix == ".spacy":
        return read_head(path, 1) == b"\x78"  # a DocBin is zlib-compressed
    return {"text", "spans"} <= json_keys(first_line(path))


def looks_like_input(path: Path) -> bool:
    """A .jsonl file is spaCy's, not the interchange format, when its first object has "spans" and
    neither "name" nor "annotations"."""
    keys = json_keys(first_line(path))
    return "spans" in keys and not keys & {"name", "annotations"}
