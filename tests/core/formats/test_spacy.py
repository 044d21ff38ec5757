"""spaCy JSONL (always) and DocBin (when spaCy is installed)."""

import json

import pytest
from format_fixtures import span_view, with_annotator

from annotator.core.errors import InputError
from annotator.core.formats.registry import FORMATS, format_of
from annotator.core.formats.spacy import json_to_document, read, spans_to_json


def labels_view(doc):
    return [(s, e, lab, t) for s, e, lab, t, _ in span_view(doc)]


def test_json_pair_round_trips_spans(all_docs):
    for doc in all_docs:
        obj = spans_to_json(doc, doc.layers[0])
        back = json_to_document(json.loads(json.dumps(obj)), "f.jsonl", 1, "A")
        assert back.text == doc.text and back.name == doc.name
        assert labels_view(back) == labels_view(doc)


def test_file_round_trip_and_notes(tmp_path, all_docs, schema):
    out = tmp_path / "train.jsonl"
    result = FORMATS["spacy"].write(all_docs, schema, out)
    assert result.paths[0] == str(out) and result.documents == len(all_docs)
    assert any("relations, document labels and span attributes" in n for n in result.notes)
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"text", "spans", "meta"} and set(first["spans"][0]) == {"start", "end", "label"}
    assert format_of(out).name == "spacy"
    back = read(out, annotator="A")
    assert [labels_view(d) for d in back] == [labels_view(d) for d in all_docs]


def test_interchange_jsonl_is_still_told_apart(tmp_path, corpus, schema):
    out = tmp_path / "inter.jsonl"
    FORMATS["jsonl"].write(corpus, schema, out)
    assert format_of(out).name == "jsonl"


def test_docbin_keeps_text_spans_and_outermost_entities(tmp_path, all_docs, schema):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    result = FORMATS["spacy"].write(all_docs, schema, tmp_path / "train.jsonl")
    assert str(tmp_path / "train.spacy") in result.paths
    docs = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(spacy.blank("ar").vocab))
    widened = 0
    for sdoc, doc in zip(docs, all_docs, strict=False):
        assert sdoc.text == doc.text
        got = sorted((s.start_char, s.end_char, s.label_) for s in sdoc.spans["sc"])
        want = sorted((s.start, s.end, s.label) for s in doc.layers[0].spans)
        # a CUE found inside a word (قال in قالت) does not cut it: widened to the word, the rest exact
        assert [g for g in got if schema.is_entity(g[2])] == [w for w in want if schema.is_entity(w[2])]
        assert len(got) == len(want) and all(g[0] <= w[0] and w[1] <= g[1] for g, w in zip(got, want, strict=False))
        widened += sum(g != w for g, w in zip(got, want, strict=False))
        ents = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
        assert ents == sorted((s.start, s.end, s.label) for s in doc.layers[0].spans if schema.is_entity(s.label))
    assert widened and any(n.startswith(f"{widened} quotation, cue or other non-entity spans") for n in result.notes)


def test_our_docbin_filling_reads_back_as_spacys_own_add(all_docs, schema):
    """_add_to_docbin skips DocBin.add's walk over nine token strings; the result must read the same."""
    spacy = pytest.importorskip("spacy")
    import srsly
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    from annotator.core.formats.spacy import DOCBIN_ATTRS, _add_to_docbin, spans_to_doc

    ours, theirs = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True), DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
    vocab, packer = Vocab(), srsly.msgpack.Packer(use_bin_type=True)
    for doc in all_docs:
        sdoc, _, words, _, _ = spans_to_doc(vocab, doc, doc.layers[0], schema)
        _add_to_docbin(ours, sdoc, words, packer)
        theirs.add(sdoc)

    def read(docbin):
        back = DocBin().from_bytes(docbin.to_bytes()).get_docs(spacy.blank("xx").vocab)
        return [
            (
                [(t.text, t.whitespace_, t.ent_iob_, t.ent_type_) for t in d],
                [(s.start, s.end, s.label_) for s in d.spans["sc"]],
                d.has_unknown_spaces,
                d.user_data,
            )
            for d in back
        ]

    assert read(ours) == read(theirs)
    assert len(read(ours)) == len(all_docs)


def test_without_spacy_only_jsonl_is_written(tmp_path, corpus, schema, monkeypatch):
    import annotator.core.formats.spacy as module

    monkeypatch.setattr(module, "spacy_available", lambda: False)
    result = FORMATS["spacy"].write(corpus, schema, tmp_path / "t.jsonl")
    assert result.paths == [str(tmp_path / "t.jsonl")] and not (tmp_path / "t.spacy").exists()
    assert any("spaCy is not installed" in n for n in result.notes)


def test_several_annotators_are_refused(tmp_path, corpus, schema):
    with pytest.raises(InputError, match="--annotator NAME or --gold"):
        FORMATS["spacy"].write(corpus[:1] + with_annotator(corpus[1:2], "B"), schema, tmp_path / "x.jsonl")


@pytest.mark.parametrize(
    "line, words",
    [
        ('{"text": "قال واشنطن", "spans": [{"start": 4, "end": 10, "label": "GPE"}', "truncated"),
        ('{"text": "قال واشنطن", "spans": [{"start": 4, "end": 11, "label": "GPE"}]}', "outside the text"),
        ('{"text": "قال", "spans": [{"start": "0", "end": 2, "label": "GPE"}]}', "integer"),
        ('{"spans": []}', '"text"'),
    ],
)
def test_hostile_lines_are_refused_naming_the_line(tmp_path, line, words):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "نص", "spans": []}\n' + line, encoding="utf-8")
    with pytest.raises(InputError, match=words) as err:
        read(path, annotator="A")
    assert err.value.line == 2


def test_annotator_is_required_when_there_are_spans(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "واشنطن", "spans": [{"start": 0, "end": 6, "label": "GPE"}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="--annotator"):
        read(path, annotator=None)
