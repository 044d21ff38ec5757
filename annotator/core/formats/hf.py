"""Hugging Face datasets: a folder that `datasets.load_dataset` reads without this package.

    OUT/README.md            dataset card: `configs` and `dataset_info` (ClassLabel names of ner_tags)
    OUT/tokens/train.jsonl   one sentence a row: {"id": "doc#3", "document", "tokens", "ner_tags": [0, 1, 2]}
    OUT/spans/train.jsonl    one document a row: {"id", "text", "spans": [{"start", "end", "label"}]}

`load_dataset("OUT")` gives the `tokens` config with `ner_tags` as ClassLabel names (O, B-PER, I-PER,
... in schema order); `load_dataset("OUT", "spans")` the character-span variant (every span of the layer,
offsets in code points, nesting allowed); `load_dataset("json", data_files="OUT/tokens/train.jsonl")`
the same rows with plain integer tags (the names are in the card). Tokens and IOB2 tags are exactly those
of the CoNLL export (`core.tokens`, cut at entity boundaries; of nested entities the outermost).

One layer per document: several annotators in one export are refused (choose --annotator or --gold).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..files import atomic_folder
from ..model import AnnotatedDocument, Schema
from .common import OneLayer, dropped_notes, outermost_entities
from .conll import spans_to_iob


def tag_names(schema: Schema) -> list[str]:
    return ["O"] + [f"{p}-{label}" for label in schema.entity_labels for p in ("B", "I")]


def _q(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid YAML double-quoted scalar


def dataset_card(names: list[str], documents: int, sentences: int) -> str:
    class_names = "\n".join(f"          '{i}': {_q(n)}" for i, n in enumerate(names))
    return f"""---
configs:
- config_name: tokens
  default: true
  data_files:
  - split: train
    path: tokens/train.jsonl
- config_name: spans
  data_files:
  - split: train
    path: spans/train.jsonl
dataset_info:
- config_name: tokens
  features:
  - name: id
    dtype: string
  - name: document
    dtype: string
  - name: tokens
    list: string
  - name: ner_tags
    list:
      class_label:
        names:
{class_names}
  splits:
  - name: train
    num_examples: {sentences}
- config_name: spans
  features:
  - name: id
    dtype: string
  - name: text
    dtype: string
  - name: spans
    list:
    - name: start
      dtype: int64
    - name: end
      dtype: int64
    - name: label
      dtype: string
  splits:
  - name: train
    num_examples: {documents}
language:
- ar
task_categories:
- token-classification
---
# Annotated Arabic news

Exported by `annotator`: {documents} documents, {sentences} sentences.

- `tokens` (default): one sentence per row, `tokens` and IOB2 `ner_tags`
  ({", ".join(names)}).
- `spans`: one document per row, its `text` and every annotated span as character offsets
  (Unicode code points, end exclusive), nested spans included.

```python
from datasets import load_dataset
ds = load_dataset("path/to/this/folder")            # tokens
spans = load_dataset("path/to/this/folder", "spans")
```
"""


def document_rows(doc: AnnotatedDocument, entities: list[tuple[int, int, str]],
                  index: dict[str, int]) -> list[str]:
    """The tokens rows (JSON lines) of one document."""
    sents, tags = spans_to_iob(doc.text, entities)
    text = doc.text
    return [json.dumps({"id": f"{doc.name}#{k}", "document": doc.name,
                        "tokens": [text[s:e] for s, e in sent], "ner_tags": [index[t] for t in sent_tags]},
                       ensure_ascii=False)
            for k, (sent, sent_tags) in enumerate(zip(sents, tags), 1)]


def write(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path) -> tuple[int, int, list[str]]:
    """Write the folder atomically; returns (documents, spans, notes)."""
    names = tag_names(schema)
    index = {n: i for i, n in enumerate(names)}
    one = OneLayer("hf")
    n_docs = n_sents = n_spans = nested = crossing = other = 0
    with atomic_folder(out, "hf") as tmp:
        (tmp / "tokens").mkdir()
        (tmp / "spans").mkdir()
        with open(tmp / "tokens" / "train.jsonl", "w", encoding="utf-8", newline="\n") as tok_file, \
                open(tmp / "spans" / "train.jsonl", "w", encoding="utf-8", newline="\n") as span_file:
            for doc, layer in one(documents):
                kept, n_nested, n_crossing = outermost_entities(layer.spans, schema)
                nested, crossing = nested + n_nested, crossing + n_crossing
                other += sum(1 for s in layer.spans if not schema.is_entity(s.label))
                rows = document_rows(doc, [(s.start, s.end, s.label) for s in kept], index)
                tok_file.write("".join(r + "\n" for r in rows))
                spans = sorted(layer.spans, key=lambda s: (s.start, -s.end, s.label))
                span_file.write(json.dumps({"id": doc.name, "text": doc.text,
                                            "spans": [{"start": s.start, "end": s.end, "label": s.label}
                                                      for s in spans]}, ensure_ascii=False) + "\n")
                n_docs += 1
                n_sents += len(rows)
                n_spans += len(layer.spans)
        (tmp / "README.md").write_text(dataset_card(names, n_docs, n_sents), encoding="utf-8")
    notes = dropped_notes(nested, crossing, other, "the tokens config (all are in the spans config)")
    return n_docs, n_spans, notes + one.notes()
