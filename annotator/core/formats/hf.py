"""Hugging Face datasets: a folder that `datasets.load_dataset` reads without this package.

    OUT/README.md              dataset card: `configs` and `dataset_info` (ClassLabel names of ner_tags)
    OUT/tokens/train.jsonl     one sentence a row: {"id": "doc#3", "document", "tokens", "ner_tags": [0, 1, 2],
                               "char_start", "char_end", "whitespace"}
    OUT/spans/train.jsonl      one document a row: {"id", "text", "spans": [{"start", "end", "label"}]}

`load_dataset("OUT")` gives the `tokens` config with `ner_tags` as ClassLabel names (O, then B- and I- of
each entity label in name order, so projects with the same labels give the same ids; an export over an
earlier one keeps its ids and gives new labels the next ones); `load_dataset("OUT", "spans")` the
character-span variant (every span of the layer,
offsets in code points, nesting allowed); `load_dataset("json", data_files="OUT/tokens/train.jsonl")`
the same rows with plain integer tags (the names are in the card). Tokens and IOB2 tags are exactly those
of the CoNLL export (`core.tokens`, clitics apart, cut at entity boundaries; of nested entities the
outermost).

`char_start` / `char_end` place each token in its document's text (code points, end exclusive), and
`whitespace` is the text between a token and the next one (the next row's first token, for the last), so
`"".join(t + w for t, w in zip(tokens, whitespace))` over a document's rows rebuilds its text from the
first token on. `--max-tokens N` cuts longer sentences into rows of at most N tokens, at token
boundaries and never inside an entity (an entity longer than N stays whole in a longer row, counted);
the row lengths are stated in the notes. `--split` writes one file per split (tokens/validation.jsonl,
...) and the card names them.

One layer per document: several annotators in one export are refused (choose --annotator or --gold).

`datasets` caches a local folder under a key made from the card's YAML alone (the folder's name, the
configs and `dataset_info`), never the data: two exports with the same card would load the first one's
rows. So each config's `dataset_info.description` carries the sha256 of the data files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from ..clitics import NO_NAMES
from ..errors import InputError
from ..files import atomic_folder, read_manifest
from ..model import AnnotatedDocument, Schema
from ..tokens import Token
from .common import ExportResult, OneLayer, dropped_notes, outermost_entities, read_utf8
from .conll import spans_to_iob
from .splits import ExportOptions, require_every_split

CARD = "README.md"


def tag_names(schema: Schema, earlier: Sequence[str] = ()) -> list[str]:
    """The ClassLabel names of ner_tags, whose positions are the ids: an earlier export's names first, as
    they were (a label since removed keeps its ids too), then O and the B- and I- tags of the other entity
    labels in name order (not schema order, which differs between projects)."""
    names = list(earlier) or ["O"]
    known = set(names)
    for label in sorted(schema.entity_labels):
        names.extend(tag for tag in (f"B-{label}", f"I-{label}") if tag not in known)
    return names


_CLASS_NAME = re.compile(r"^ {10}'(\d+)': (\".*\")$", re.MULTILINE)  # as dataset_card writes them


def earlier_tag_names(out: Path) -> list[str]:
    """The ner_tags names of the hf export already at `out` (its card, as this module writes it); empty
    when there is none or the card is not one this module wrote."""
    manifest = read_manifest(out) if out.is_dir() else None
    if not manifest or manifest.get("format") != "hf" or CARD not in manifest["files"]:
        return []
    try:
        card = read_utf8(out / CARD, "dataset card", max_bytes=1 << 20)
        found = [(int(i), json.loads(name)) for i, name in _CLASS_NAME.findall(card)]
    except (InputError, ValueError):
        return []
    names = [name for _, name in found]
    if [i for i, _ in found] != list(range(len(found))) or names[:1] != ["O"] or len(set(names)) != len(names):
        return []
    return names


class _HashedFile:
    """A data file written as UTF-8 with the sha256 of its bytes kept as they pass (no second read)."""

    def __init__(self, handle: BinaryIO):
        self.handle, self.sha256 = handle, hashlib.sha256()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.sha256.update(data)
        self.handle.write(data)


def data_digest(files: dict[tuple[str, str], _HashedFile]) -> str:
    """One sha256 over the data files of both configs: each file's path and sha256."""
    return hashlib.sha256(
        "".join(
            f"{config}/{split}.jsonl {file.sha256.hexdigest()}\n" for (config, split), file in sorted(files.items())
        ).encode("utf-8")
    ).hexdigest()


def _q(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid YAML double-quoted scalar


def _data_files(config: str, splits: list[str]) -> str:
    return "".join(f"  - split: {split}\n    path: {config}/{split}.jsonl\n" for split in splits)


def dataset_card(names: list[str], documents: int, rows: dict[str, int], content: str = "") -> str:
    """The card. `dataset_info` has no `splits` list: datasets wants num_bytes of its own Arrow tables
    there and warns that the field is malformed without them; the counts are in the prose instead.
    `content` (data_digest) goes into each config's description: it is what makes datasets' cache key,
    computed from this YAML, differ between exports of different rows."""
    class_names = "\n".join(f"          '{i}': {_q(n)}" for i, n in enumerate(names))
    splits = list(rows)
    counts = ", ".join(f"{split} {n}" for split, n in rows.items())
    description = _q(f"exported by annotator; data files sha256 {content}")
    return f"""---
configs:
- config_name: tokens
  default: true
  data_files:
{_data_files("tokens", splits)}- config_name: spans
  data_files:
{_data_files("spans", splits)}dataset_info:
- config_name: tokens
  description: {description}
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
  - name: char_start
    list: int64
  - name: char_end
    list: int64
  - name: whitespace
    list: string
- config_name: spans
  description: {description}
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
language:
- ar
task_categories:
- token-classification
---
# Annotated Arabic news

Exported by `annotator`: {documents} documents; rows of the tokens config per split: {counts}.
The data files' sha256 is {content}.

- `tokens` (default): one sentence per row, `tokens` and IOB2 `ner_tags`
  ({", ".join(names)}: ids in this order, kept by later exports into this folder); `char_start` /
  `char_end` place each token in the document's text (Unicode code points, end exclusive) and
  `whitespace` holds the text after each token, so
  `"".join(t + w for t, w in zip(row["tokens"], row["whitespace"]))` over a document's rows rebuilds it.
- `spans`: one document per row, its `text` and every annotated span as character offsets
  (Unicode code points, end exclusive), nested spans included.

```python
from datasets import load_dataset
ds = load_dataset("path/to/this/folder")            # tokens
spans = load_dataset("path/to/this/folder", "spans")
```
"""


def cut_rows(sent: list[Token], tags: list[str], max_tokens: int | None) -> list[tuple[list[Token], list[str]]]:
    """A sentence as rows of at most max_tokens tokens, cut only where no entity continues (the next tag is
    not I-); an entity longer than max_tokens makes a longer row."""
    if max_tokens is None or len(sent) <= max_tokens:
        return [(sent, tags)]
    rows = []
    first = 0
    while len(sent) - first > max_tokens:
        cut = first + max_tokens
        while cut > first and tags[cut].startswith("I-"):
            cut -= 1
        if cut == first:  # one entity fills the window: the row ends where it does
            cut = first + max_tokens
            while cut < len(sent) and tags[cut].startswith("I-"):
                cut += 1
        rows.append((sent[first:cut], tags[first:cut]))
        first = cut
    if first < len(sent):
        rows.append((sent[first:], tags[first:]))
    return rows


def document_rows(
    doc: AnnotatedDocument,
    entities: list[tuple[int, int, str]],
    index: dict[str, int],
    max_tokens: int | None = None,
    names: frozenset[str] = NO_NAMES,
) -> list[tuple[str, int]]:
    """The tokens rows of one document: (JSON line, tokens in the row); `names`: words to the tokenizer."""
    sents, tags = spans_to_iob(doc.text, entities, names)
    text = doc.text
    pieces = [
        row for sent, sent_tags in zip(sents, tags, strict=False) for row in cut_rows(sent, sent_tags, max_tokens)
    ]
    # The line is put together from JSON pieces rather than by json.dumps of a dict: the same text
    # (test_hf.py checks it), in half the time, which matters at 40M characters.
    piece_of, tag_number, name = text.__getitem__, index.__getitem__, _json_string(doc.name)
    out = []
    for k, (row, row_tags) in enumerate(pieces, 1):
        starts, ends = zip(*row, strict=False)
        after = starts[1:] + (pieces[k][0][0][0] if k < len(pieces) else len(text),)
        out.append(
            (
                f'{{"id": {_json_string(f"{doc.name}#{k}")}, "document": {name}, '
                f'"tokens": {_strings(map(piece_of, map(slice, starts, ends)))}, '
                f'"ner_tags": {_ints(map(tag_number, row_tags))}, '
                f'"char_start": {_ints(starts)}, "char_end": {_ints(ends)}, '
                f'"whitespace": {_strings(map(piece_of, map(slice, ends, after)))}}}',
                len(row),
            )
        )
    return out


_json_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str


def _strings(values: Iterable[str]) -> str:
    return "[" + ", ".join(map(_json_string, values)) + "]"


def _ints(values: Iterable[int]) -> str:
    return "[" + ", ".join(map(str, values)) + "]"


def length_note(lengths: list[int], max_tokens: int | None) -> str:
    if not lengths:
        return "no token rows"
    ordered = sorted(lengths)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    note = (
        f"{len(lengths)} token rows; tokens per row: min {ordered[0]}, median {statistics.median(ordered):g}, "
        f"95th percentile {p95}, max {ordered[-1]}"
    )
    if max_tokens is not None:
        over = sum(1 for n in lengths if n > max_tokens)
        note += f"; {over} rows longer than --max-tokens {max_tokens} (an entity that long is kept whole)"
    else:
        note += f"; {sum(1 for n in lengths if n > 512)} rows over 512 tokens (--max-tokens N cuts them)"
    return note


def write(
    documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *, options: ExportOptions | None = None
) -> ExportResult:
    """Write the folder atomically."""
    options = options or ExportOptions()
    splits = options.split_names or ["train"]
    names = tag_names(schema, earlier_tag_names(out))
    index = {n: i for i, n in enumerate(names)}
    one = OneLayer("hf")
    n_docs = n_spans = nested = crossing = other = 0
    rows_per_split = dict.fromkeys(splits, 0)
    docs_per_split = dict.fromkeys(splits, 0)
    lengths: list[int] = []
    with atomic_folder(out, "hf") as tmp, contextlib.ExitStack() as stack:
        (tmp / "tokens").mkdir()
        (tmp / "spans").mkdir()
        files = {
            (config, split): _HashedFile(stack.enter_context(open(tmp / config / f"{split}.jsonl", "wb")))
            for config in ("tokens", "spans")
            for split in splits
        }
        for doc, layer in one(documents):
            split = options.split(doc.name) or "train"
            kept, n_nested, n_crossing = outermost_entities(layer.spans, schema)
            nested, crossing = nested + n_nested, crossing + n_crossing
            other += sum(1 for s in layer.spans if not schema.is_entity(s.label))
            rows = document_rows(
                doc, [(s.start, s.end, s.label) for s in kept], index, options.max_tokens, options.names
            )
            files["tokens", split].write("".join(r + "\n" for r, _ in rows))
            lengths.extend(n for _, n in rows)
            spans = sorted(layer.spans, key=lambda s: (s.start, -s.end, s.label))
            files["spans", split].write(
                json.dumps(
                    {
                        "id": doc.name,
                        "text": doc.text,
                        "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in spans],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            n_docs += 1
            docs_per_split[split] += 1
            rows_per_split[split] += len(rows)
            n_spans += len(layer.spans)
        stack.close()
        require_every_split(docs_per_split, options)  # inside: a refused split leaves the folder as it was
        (tmp / CARD).write_text(dataset_card(names, n_docs, rows_per_split, data_digest(files)), encoding="utf-8")
    notes = dropped_notes(nested, crossing, other, "the tokens config (all are in the spans config)")
    return ExportResult([str(out)], n_docs, n_spans, notes + one.notes() + [length_note(lengths, options.max_tokens)])
