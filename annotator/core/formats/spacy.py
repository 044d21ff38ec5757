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

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import atomic_file
from ..model import AnnotatedDocument, Layer, Schema, SpanRecord
from ..tokens import split_at, tokenize
from .common import OneLayer, outermost_entities
from .jsonl import json_lines


def spans_to_json(doc: AnnotatedDocument, layer: Layer) -> dict[str, Any]:
    spans = sorted(layer.spans, key=lambda s: (s.start, -s.end, s.label))
    return {"text": doc.text, "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in spans],
            "meta": {"name": doc.name}}


def json_to_spans(obj: Any, file: str, line: int, annotator: str) -> AnnotatedDocument:
    """One JSONL line as a document; shape errors name the field (offsets are checked by ingest)."""
    def fail(problem: str) -> InputError:
        return InputError(problem, file=file, line=line)

    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise fail('each line must be an object with "text" (a string) and "spans"')
    raw_spans = obj.get("spans", [])
    if not isinstance(raw_spans, list):
        raise fail('"spans" must be a list')
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    name = meta.get("name") if isinstance(meta.get("name"), str) else f"{Path(file).stem}-{line:05d}"
    spans = []
    for i, sp in enumerate(raw_spans):
        if not isinstance(sp, dict):
            raise fail(f"spans[{i}] must be an object")
        start, end, label = sp.get("start"), sp.get("end"), sp.get("label")
        if type(start) is not int or type(end) is not int or not isinstance(label, str):
            raise fail(f'spans[{i}] needs integer "start" and "end" and a string "label"')
        if not 0 <= start < end <= len(obj["text"]):
            raise fail(f"spans[{i}]: offsets [{start}, {end}) are outside the text (length {len(obj['text'])}) "
                       "or empty; offsets count Unicode code points")
        spans.append(SpanRecord(f"T{i + 1}", start, end, label))
    layers = [Layer(annotator, spans)] if spans else []
    return AnnotatedDocument(name, obj["text"], {}, layers, source_file=file, source_line=line)


def read(path: Path, annotator: str | None = None) -> list[AnnotatedDocument]:
    file = str(path)
    docs = [json_to_spans(obj, file, no, annotator or "") for no, obj in json_lines(path, "spaCy JSONL")]
    if annotator is None and any(doc.layers for doc in docs):
        raise InputError("spaCy JSONL names no annotator: say whose work it is with --annotator NAME", file=file)
    return docs


def spans_to_doc(nlp_vocab: Any, doc: AnnotatedDocument, layer: Layer, schema: Schema) -> tuple[Any, int]:
    """A spaCy Doc whose text is the stored text; returns it and how many entities `ents` could not hold."""
    from spacy.tokens import Doc

    bounds = [b for s in layer.spans for b in (s.start, s.end)]
    tokens = split_at(tokenize(doc.text), bounds)
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for start, end in tokens + [(len(doc.text), len(doc.text))]:
        gap = doc.text[pos:start]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:  # other white space becomes a token of its own, as spaCy's tokenizer makes it
            words.append(gap)
            spaces.append(False)
        if start < end:
            words.append(doc.text[start:end])
            spaces.append(False)
        pos = end
    sdoc = Doc(nlp_vocab, words=words, spaces=spaces)
    assert sdoc.text == doc.text, "spaCy tokens must rebuild the stored text"
    def char_span(s: SpanRecord):
        return sdoc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
    sdoc.spans["sc"] = [char_span(s) for s in layer.spans]
    kept, nested, crossing = outermost_entities(layer.spans, schema)
    sdoc.ents = [char_span(s) for s in kept]
    return sdoc, nested + crossing


def spacy_available() -> bool:
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


def write(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path) -> tuple[list[str], int, int, list[str]]:
    """JSONL at `out` (`.spacy` given: beside it as .jsonl) and a DocBin `.spacy` when spaCy is there."""
    jsonl_path = out.with_suffix(".jsonl") if out.suffix == ".spacy" else out
    docbin_path = out.with_suffix(".spacy")
    with_docbin = spacy_available()
    layers = OneLayer("spacy")
    n_docs = n_spans = not_in_ents = lost = 0
    if with_docbin:
        from spacy.tokens import DocBin
        from spacy.vocab import Vocab
        # only what this export sets: smaller and faster than the default twelve attributes
        vocab, docbin = Vocab(), DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    with atomic_file(jsonl_path) as handle:
        for doc, layer in layers(documents):
            handle.write(json.dumps(spans_to_json(doc, layer), ensure_ascii=False) + "\n")
            n_docs += 1
            n_spans += len(layer.spans)
            lost += len(layer.relations) + len(layer.doc_labels) + sum(1 for s in layer.spans if s.attributes)
            if with_docbin:
                sdoc, dropped = spans_to_doc(vocab, doc, layer, schema)
                not_in_ents += dropped
                docbin.add(sdoc)
        if with_docbin:
            with atomic_file(docbin_path, "wb") as binary:
                binary.write(docbin.to_bytes())
    paths = [str(jsonl_path)] + ([str(docbin_path)] if with_docbin else [])
    notes = layers.notes()
    if lost:
        notes.append(f"{lost} relations, document labels and span attributes are not in the spaCy format: "
                     "left out (use jsonl, brat or xmi for them)")
    if with_docbin and not_in_ents:
        notes.append(f"{not_in_ents} nested or crossing entities are in doc.spans['sc'] but not in doc.ents")
    if not with_docbin:
        notes.append("spaCy is not installed: wrote the JSONL only (install spaCy for a .spacy DocBin)")
    return paths, n_docs, n_spans, notes
