"""Hugging Face: the exported folder loads with `datasets`, offline, with ClassLabel names."""

import json

import pytest
from format_fixtures import with_annotator

from annotator.core.errors import InputError
from annotator.core.formats.hf import tag_names
from annotator.core.formats.registry import FORMATS
from annotator.core.formats.splits import ExportOptions, assign_splits
from annotator.core.values import sha256

datasets = pytest.importorskip("datasets")


@pytest.fixture
def offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    return tmp_path / "cache"


def test_folder_loads_with_label_names(tmp_path, all_docs, schema, offline):
    out = tmp_path / "ds"
    result = FORMATS["hf"].write(all_docs, schema, out)
    assert result.documents == len(all_docs)
    ds = datasets.load_dataset(str(out), split="train", cache_dir=str(offline))
    names = ds.features["ner_tags"].feature.names
    assert names == tag_names(schema) and names[:3] == ["O", "B-EVENT", "I-EVENT"]  # labels in name order
    tricky_rows = [r for r in ds if r["document"] == "tricky lines ١"]
    row = next(r for r in tricky_rows if "واشنطن" in r["tokens"])
    tags = [names[t] for t in row["ner_tags"]]
    at = row["tokens"].index("واشنطن")
    assert tags[at] == "B-GPE" and row["tokens"][at - 2 : at] == ["و", "ل"] and tags[at - 1] == "O"
    assert row["id"].startswith("tricky lines ١#")


def test_spans_variant_and_plain_json_loading(tmp_path, all_docs, schema, offline):
    out = tmp_path / "ds"
    FORMATS["hf"].write(all_docs, schema, out)
    spans = datasets.load_dataset(str(out), "spans", split="train", cache_dir=str(offline))
    first = spans[0]
    doc = all_docs[0]
    assert first["id"] == doc.name and first["text"] == doc.text
    assert sorted((s["start"], s["end"], s["label"]) for s in first["spans"]) == sorted(
        (s.start, s.end, s.label) for s in doc.layers[0].spans
    )
    plain = datasets.load_dataset(
        "json", data_files=str(out / "tokens" / "train.jsonl"), split="train", cache_dir=str(offline)
    )
    assert set(plain.column_names) == {"id", "document", "tokens", "ner_tags", "char_start", "char_end", "whitespace"}
    line = json.loads((out / "tokens" / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert plain[0]["tokens"] == line["tokens"] and plain[0]["ner_tags"] == line["ner_tags"]


def test_card_declares_label_names_and_counts(tmp_path, corpus, schema):
    FORMATS["hf"].write(corpus, schema, tmp_path / "ds")
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\nconfigs:") and "class_label" in card and "'1': \"B-EVENT\"" in card
    rows = (tmp_path / "ds" / "tokens" / "train.jsonl").read_text(encoding="utf-8").count("\n")
    assert f"{len(corpus)} documents; rows of the tokens config per split: train {rows}." in card


def test_loading_logs_no_warning_about_the_card(tmp_path, corpus, schema, offline, capfd):
    out = tmp_path / "ds"
    FORMATS["hf"].write(corpus, schema, out)
    capfd.readouterr()
    for config in ("tokens", "spans"):
        datasets.load_dataset(str(out), config, cache_dir=str(offline))
    err = capfd.readouterr().err
    assert "malformed" not in err and "Ignoring" not in err, err


def rows_of(out, split="train"):
    lines = (out / "tokens" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_offsets_and_whitespace_rebuild_every_text(tmp_path, all_docs, schema):
    FORMATS["hf"].write(all_docs, schema, tmp_path / "ds")
    rows = rows_of(tmp_path / "ds")
    for doc in all_docs:
        mine = [r for r in rows if r["document"] == doc.name]
        rebuilt = "".join(t + w for r in mine for t, w in zip(r["tokens"], r["whitespace"], strict=False))
        first = mine[0]["char_start"][0]
        assert doc.text[:first].isspace() or first == 0
        assert rebuilt == doc.text[first:]
        for r in mine:
            assert [doc.text[s:e] for s, e in zip(r["char_start"], r["char_end"], strict=False)] == r["tokens"]
    lines = (tmp_path / "ds" / "tokens" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == [json.dumps(r, ensure_ascii=False) for r in rows]  # the hand-made lines are json.dumps's


def entity_token_runs(row, names):
    """(first, last) token indexes of each entity of a row."""
    runs, tags = [], [names[t] for t in row["ner_tags"]]
    for i, tag in enumerate(tags):
        if tag.startswith("B-") or (tag.startswith("I-") and (i == 0 or tags[i - 1] == "O")):
            runs.append([i, i])
        elif tag.startswith("I-"):
            runs[-1][1] = i
    return runs, tags


@pytest.mark.parametrize("limit", [1, 4])
def test_max_tokens_cuts_long_sentences_never_inside_an_entity(tmp_path, all_docs, schema, limit):
    from annotator.core.formats.hf import tag_names

    names = tag_names(schema)
    whole = tmp_path / "whole"
    FORMATS["hf"].write(all_docs, schema, whole)
    result = FORMATS["hf"].write(all_docs, schema, tmp_path / "cut", options=ExportOptions(max_tokens=limit))
    cut_rows = rows_of(tmp_path / "cut")
    for row in cut_rows:
        runs, tags = entity_token_runs(row, names)
        assert not tags[0].startswith("I-"), row["id"]  # no row starts inside an entity
        if len(row["tokens"]) > limit:  # only an entity longer than the limit makes a longer row
            assert limit == 1 and runs == [[0, len(tags) - 1]], row
    assert limit > 1 or max(len(r["tokens"]) for r in cut_rows) > 1  # "مجلس الأمن" stayed whole
    # the same tokens and tags in the same order, only in more rows
    flat = lambda rows: [(t, g) for r in rows for t, g in zip(r["tokens"], r["ner_tags"], strict=False)]  # noqa: E731
    assert flat(cut_rows) == flat(rows_of(whole)) and len(cut_rows) > len(rows_of(whole))
    assert any("tokens per row: min" in n and f"rows longer than --max-tokens {limit}" in n for n in result.notes)


def test_cut_rows_moves_the_cut_before_an_entity():
    from annotator.core.formats.hf import cut_rows

    sent = [(i, i + 1) for i in range(6)]
    tags = ["O", "O", "B-PER", "I-PER", "I-PER", "O"]
    assert [t for _, t in cut_rows(sent, tags, 3)] == [["O", "O"], ["B-PER", "I-PER", "I-PER"], ["O"]]
    assert [t for _, t in cut_rows(sent, ["B-PER"] + ["I-PER"] * 4 + ["O"], 3)] == [["B-PER"] + ["I-PER"] * 4, ["O"]]


def test_split_by_document_is_reproducible_and_loads(tmp_path, all_docs, schema, offline):
    digests = {d.name: sha256(d.text) for d in all_docs}
    shares = {"train": 0.5, "validation": 0.25, "test": 0.25}
    plan = assign_splits(digests, shares, seed=7)
    assert plan == assign_splits(dict(reversed(digests.items())), shares, seed=7)  # order does not matter
    assert any(assign_splits(digests, shares, seed=s) != plan for s in range(8, 20))
    assert set(plan.values()) == set(shares)  # seed 7 fills every split of these six documents
    options = ExportOptions(plan, list(shares))
    FORMATS["hf"].write(all_docs, schema, tmp_path / "ds", options=options)
    ds = datasets.load_dataset(str(tmp_path / "ds"), cache_dir=str(offline))
    assert set(ds) == set(shares)
    for split in shares:
        assert set(ds[split]["document"]) == {n for n, s in plan.items() if s == split}


def test_several_annotators_are_refused(tmp_path, corpus, schema):
    with pytest.raises(InputError, match="--annotator NAME or --gold"):
        FORMATS["hf"].write(corpus[:1] + with_annotator(corpus[1:2], "B"), schema, tmp_path / "ds")
