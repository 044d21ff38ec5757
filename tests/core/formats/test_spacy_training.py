"""The spaCy export trains as it reads: the registered tokenizer cuts like core/tokens.py, entities after
clitics stay aligned, the written config.cfg trains, and Docs carry their names."""

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.demo import demo_documents
from annotator.core.formats.registry import FORMATS
from annotator.core.formats.splits import ExportOptions, assign_splits
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.tokens import tokenize
from annotator.core.values import sha256

spacy = pytest.importorskip("spacy")

from format_fixtures import DATA  # noqa: E402

from annotator.core.formats.spacy_tokenizer import NAME, words_and_spaces  # noqa: E402


def blank_arabic():
    """A blank Arabic pipeline with the registered tokenizer (what the written config.cfg builds)."""
    return spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": NAME}}})


# names as they appear in the demo articles, bare or after proclitics (و، ف، ب، ل، ك)
GAZETTEER = {
    "واشنطن": "GPE",
    "نتنياهو": "PER",
    "بلينكن": "PER",
    "رفح": "GPE",
    "مجلس الأمن": "ORG",
    "إسرائيل": "GPE",
    "غزة": "GPE",
    "بايدن": "PER",
    "القاهرة": "GPE",
    "بيروت": "GPE",
}
ALPHABET = list("قال واشنطن ولواشنطن وبيروت بالقاهرة فلل.،؟!«»\n\t  ") + [
    "\u064e",
    "\u0640",
    "\u200d",
    "\u200f",
    "👩",
    "🇺",
    "🇸",
    "\ufe0f",
    "\u00a0",
    "x",
    "7",
    "٣",
]


def clitic_entities(doc: AnnotatedDocument) -> AnnotatedDocument:
    """Entities found as whole words or after proclitics (how a linguist marks them with Alt): no
    boundary inside a word other than a clitic's."""
    spans = []
    for name, label in GAZETTEER.items():
        for m in re.finditer(rf"(?<!\w)(?:[وف]?[بلك]?)({re.escape(name)})(?!\w)", doc.text):
            spans.append(SpanRecord(f"T{len(spans) + 1}", m.start(1), m.end(1), label))
    return AnnotatedDocument(doc.name, doc.text, {"source": "demo"}, [Layer("A", spans)])


@pytest.fixture
def clitic_docs():
    docs = [clitic_entities(d) for d in demo_documents()]
    assert sum(d.text[s.start - 1] in "وفبلك" for d in docs for s in d.layers[0].spans if s.start) >= 5, (
        "the data must hold entities after clitics"
    )
    return docs


def test_registered_tokenizer_is_found_by_name_and_cuts_like_core_tokens():
    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": NAME}}})
    texts = [d.text for d in demo_documents()] + [(DATA / "tricky.txt").read_text(encoding="utf-8")]
    for text in texts:
        words, spaces, _, _ = words_and_spaces(text, tokenize(text))
        doc = nlp(text)
        assert [t.text for t in doc] == words and [bool(t.whitespace_) for t in doc] == spaces
        assert doc.text == text
        assert "و" in [t.text for t in nlp("قال ولواشنطن")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=50))
def test_tokenizer_tokens_are_core_tokens_on_any_text(text):
    doc = blank_arabic()(text)
    assert doc.text == text
    assert [t.text for t in doc if not t.is_space] == [text[s:e] for s, e in tokenize(text)]


def test_docbin_tokens_are_the_tokenizers_and_carry_name_and_meta(tmp_path, clitic_docs, schema):
    from spacy.tokens import DocBin

    first = clitic_docs[0]
    at = first.text.index("قال")
    first.layers[0].spans.append(SpanRecord("C1", at, at + 1, "CUE"))  # ends inside a word: must not cut it
    result = FORMATS["spacy"].write(clitic_docs, schema, tmp_path / "news.spacy")
    assert not any("cannot align" in n for n in result.notes)
    assert any(n.startswith("1 quotation, cue or other non-entity spans") for n in result.notes)
    nlp = blank_arabic()
    back = list(DocBin().from_disk(tmp_path / "news.spacy").get_docs(nlp.vocab))
    assert [d.user_data["name"] for d in back] == [d.name for d in clitic_docs]
    assert back[0].user_data["meta"] == {"source": "demo"}
    after_clitic = 0
    for sdoc, doc in zip(back, clitic_docs, strict=False):
        assert [t.text for t in sdoc] == [t.text for t in nlp(doc.text)]  # nothing to misalign
        ents = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
        assert ents == sorted((s.start, s.end, s.label) for s in doc.layers[0].spans if s.label != "CUE")
        after_clitic += sum(
            1
            for e in sdoc.ents
            if e.start and sdoc[e.start - 1].text in ("و", "ل", "ب", "ف", "ك") and not sdoc[e.start - 1].whitespace_
        )
    assert after_clitic >= 5


def test_an_entity_cut_mid_word_is_counted_as_unalignable(tmp_path, schema):
    text = "قال الإسرائيلي"
    doc = AnnotatedDocument("d", text, {}, [Layer("A", [SpanRecord("T1", 6, 13, "GPE")])])
    result = FORMATS["spacy"].write([doc], schema, tmp_path / "x.spacy")
    assert any(n.startswith("1 entities begin or end inside a word") for n in result.notes)


def test_written_config_trains_with_no_edits_and_debug_data_sees_no_misalignment(tmp_path, clitic_docs, schema):
    digests = {d.name: sha256(d.text) for d in clitic_docs}
    options = ExportOptions(assign_splits(digests, {"train": 0.6, "dev": 0.4}, seed=3), ["train", "dev"])
    result = FORMATS["spacy"].write(clitic_docs, schema, tmp_path / "export" / "news.spacy", options=options)
    config = tmp_path / "export" / "config.cfg"
    assert str(config) in result.paths and f'@tokenizers = "{NAME}"' in config.read_text(encoding="utf-8")
    assert str(tmp_path / "export" / "news.dev.spacy") in config.read_text(encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "data", str(config)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert "Corpus is loadable" in run.stdout, run.stdout + run.stderr
    assert "misaligned" not in run.stdout
    model = tmp_path / "model"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(config),
            "--output",
            str(model),
            "--training.max_steps",
            "6",
            "--training.eval_frequency",
            "3",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    trained = spacy.load(model / "model-last")
    assert [t.text for t in trained("ولواشنطن")] == ["و", "ل", "واشنطن"]  # the tokenizer is saved with it


def test_core_imports_without_spacy():
    code = (
        "import sys; sys.modules['spacy'] = None\n"
        "import annotator.core.formats, annotator.core.formats.spacy, annotator.core.formats.spacy_tokenizer\n"
        "import annotator.core.formats.spacy_config, annotator.cli\n"
        "assert 'thinc' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
