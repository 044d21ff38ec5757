"""CoNLL IOB2: tokens cut at entity boundaries, outermost of nested entities, file round trip."""

import pytest
from format_fixtures import with_annotator

from annotator.core.errors import InputError
from annotator.core.formats.common import outermost_entities
from annotator.core.formats.conll import IobSpans, read, spans_to_iob
from annotator.core.formats.registry import FORMATS, format_of
from annotator.core.model import Layer, SpanRecord
from annotator.core.tokens import tokenize


def iob_to_spans(tokens, tags):
    """Character spans of the entities an IOB2 (or IOB1) tag sequence marks over the given tokens."""
    reader = IobSpans()
    for (tok_start, tok_end), tag in zip(tokens, tags, strict=True):
        reader.add(tok_start, tok_end, tag)
    return reader.spans()


def entities(doc, schema):
    kept, _, _ = outermost_entities(doc.layers[0].spans, schema)
    return [(s.start, s.end, s.label) for s in kept]


def test_spans_to_iob_and_back_on_the_corpus(all_docs, schema):
    for doc in all_docs:
        ents = entities(doc, schema)
        sents, tags = spans_to_iob(doc.text, ents)
        flat_tokens = [t for s in sents for t in s]
        flat_tags = [t for s in tags for t in s]
        assert iob_to_spans(flat_tokens, flat_tags) == ents, doc.name
        assert all(t == "O" or t[:2] in ("B-", "I-") for t in flat_tags)


def test_clitics_are_split_so_the_entity_survives(tricky, schema):
    sents, tags = spans_to_iob(tricky.text, entities(tricky, schema))
    pairs = [
        (tricky.text[s:e], t)
        for sent, ts in zip(sents, tags, strict=False)
        for (s, e), t in zip(sent, ts, strict=False)
    ]
    assert ("و", "O") in pairs and ("ل", "O") in pairs and ("واشنطن", "B-GPE") in pairs
    assert ("نتنيـــــاهو", "B-PER") in pairs and ("المُتَحَدِّثُ", "B-PER") in pairs
    assert ("علَمان", "B-MISC") in pairs and ("🇺🇸🇮🇱", "O") in pairs


def test_adjacent_entities_of_one_label_each_begin():
    text = "غزة رفح"
    sents, tags = spans_to_iob(text, [(0, 3, "GPE"), (4, 7, "GPE")])
    assert tags == [["B-GPE", "B-GPE"]]


def test_nested_entities_keep_the_outermost_and_are_counted(tmp_path, schema, corpus):
    doc = corpus[0]
    outer = doc.text.index("بنيامين نتنياهو")
    doc.layers[0].spans.append(SpanRecord("N1", outer, outer + len("بنيامين نتنياهو"), "PER"))
    result = FORMATS["conll"].write([doc], schema, tmp_path / "out.conll")
    assert any("1 nested entity spans dropped" in n for n in result.notes)
    back = read(tmp_path / "out.conll", annotator="A")[0]
    labels = {back.text[s.start : s.end]: s.label for s in back.layers[0].spans}
    assert labels["بنيامين نتنياهو"] == "PER"  # ب is no clitic here: the name stays one token


def test_file_round_trip_gives_the_same_entities_token_by_token(tmp_path, all_docs, schema):
    out = tmp_path / "corpus.conll"
    result = FORMATS["conll"].write(all_docs, schema, out)
    assert result.documents == len(all_docs)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "-DOCSTART- O" and lines[1] == ""
    assert sum(line == "-DOCSTART- O" for line in lines) == len(all_docs)
    back = read(out, annotator="A")
    assert len(back) == len(all_docs)
    for doc, read_doc in zip(all_docs, back, strict=False):
        expected = [
            (lab, " ".join(doc.text[a:b] for a, b in tokenize(doc.text, s, e))) for s, e, lab in entities(doc, schema)
        ]
        got = [(sp.label, read_doc.text[sp.start : sp.end]) for sp in read_doc.layers[0].spans]
        assert got == expected, doc.name
    assert any("not entities" in n for n in result.notes)  # QUOTE and CUE are counted, not written


def test_several_annotators_are_refused_with_the_fix(tmp_path, corpus, schema):
    docs = corpus[:1] + with_annotator(corpus[1:2], "B")
    with pytest.raises(InputError, match="--annotator NAME or --gold"):
        FORMATS["conll"].write(docs, schema, tmp_path / "x.conll")
    assert not (tmp_path / "x.conll").exists()


@pytest.mark.parametrize(
    "content, line, words",
    [
        ("-DOCSTART- O\n\nقال O\nواشنطن\n", 4, "token and a tag"),
        ("قال O\nواشنطن X-GPE\n", 2, "not IOB2"),
        ("قال O\nواشنطن B-\n", 2, "not IOB2"),
    ],
)
def test_malformed_files_are_refused_naming_the_line(tmp_path, content, line, words):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words) as err:
        read(path, annotator="A")
    assert err.value.line == line and err.value.file == str(path)


def test_invalid_utf8_and_missing_annotator_are_refused(tmp_path):
    path = tmp_path / "bad.conll"
    path.write_bytes("قال O\n".encode() + b"\xff\xfe O\n")
    with pytest.raises(InputError, match="UTF-8") as err:
        read(path, annotator="A")
    assert err.value.line == 2
    path.write_text("واشنطن B-GPE\n", encoding="utf-8")
    with pytest.raises(InputError, match="--annotator"):
        read(path, annotator=None)


def test_iob1_style_i_after_o_starts_an_entity(tmp_path):
    path = tmp_path / "iob1.conll"
    path.write_text("في O\nمجلس I-ORG\nالأمن I-ORG\nو O\nغزة I-GPE\n", encoding="utf-8")
    doc = FORMATS["conll"].read(path, annotator="A")[0]
    assert [(doc.text[s.start : s.end], s.label) for s in doc.layers[0].spans] == [
        ("مجلس الأمن", "ORG"),
        ("غزة", "GPE"),
    ]
    assert format_of(path).name == "conll"


def test_layer_without_entities_writes_only_o(tmp_path, schema, corpus):
    doc = corpus[0]
    doc.layers = [Layer("A")]
    FORMATS["conll"].write([doc], schema, tmp_path / "o.conll")
    tags = {line.rsplit(" ", 1)[-1] for line in (tmp_path / "o.conll").read_text(encoding="utf-8").splitlines() if line}
    assert tags == {"O"}
