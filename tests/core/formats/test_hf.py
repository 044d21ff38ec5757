"""Hugging Face: the exported folder loads with `datasets`, offline, with ClassLabel names."""
import json

import pytest
from format_fixtures import with_annotator

from annotator.core.errors import InputError
from annotator.core.formats import EXPORTERS
from annotator.core.formats.hf import tag_names

datasets = pytest.importorskip("datasets")


@pytest.fixture
def offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    return tmp_path / "cache"


def test_folder_loads_with_label_names(tmp_path, all_docs, schema, offline):
    out = tmp_path / "ds"
    result = EXPORTERS["hf"](all_docs, schema, out)
    assert result.documents == len(all_docs)
    ds = datasets.load_dataset(str(out), split="train", cache_dir=str(offline))
    names = ds.features["ner_tags"].feature.names
    assert names == tag_names(schema) and names[:3] == ["O", "B-PER", "I-PER"]
    tricky_rows = [r for r in ds if r["document"] == "tricky lines ١"]
    row = next(r for r in tricky_rows if "ول" in r["tokens"])
    tags = [names[t] for t in row["ner_tags"]]
    assert tags[row["tokens"].index("واشنطن")] == "B-GPE" and tags[row["tokens"].index("ول")] == "O"
    assert row["id"].startswith("tricky lines ١#")


def test_spans_variant_and_plain_json_loading(tmp_path, all_docs, schema, offline):
    out = tmp_path / "ds"
    EXPORTERS["hf"](all_docs, schema, out)
    spans = datasets.load_dataset(str(out), "spans", split="train", cache_dir=str(offline))
    first = spans[0]
    doc = all_docs[0]
    assert first["id"] == doc.name and first["text"] == doc.text
    assert sorted((s["start"], s["end"], s["label"]) for s in first["spans"]) == \
        sorted((s.start, s.end, s.label) for s in doc.layers[0].spans)
    plain = datasets.load_dataset("json", data_files=str(out / "tokens" / "train.jsonl"), split="train",
                                  cache_dir=str(offline))
    assert set(plain.column_names) == {"id", "document", "tokens", "ner_tags"}
    line = json.loads((out / "tokens" / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert plain[0]["tokens"] == line["tokens"] and plain[0]["ner_tags"] == line["ner_tags"]


def test_card_declares_label_names_and_counts(tmp_path, corpus, schema):
    EXPORTERS["hf"](corpus, schema, tmp_path / "ds")
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\nconfigs:") and "class_label" in card and "'1': \"B-PER\"" in card
    rows = (tmp_path / "ds" / "tokens" / "train.jsonl").read_text(encoding="utf-8").count("\n")
    assert f"num_examples: {rows}\n" in card and f"num_examples: {len(corpus)}\n" in card


def test_several_annotators_are_refused(tmp_path, corpus, schema):
    with pytest.raises(InputError, match="--annotator NAME or --gold"):
        EXPORTERS["hf"](corpus[:1] + with_annotator(corpus[1:2], "B"), schema, tmp_path / "ds")
