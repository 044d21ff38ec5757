"""Large XMI and spaCy exports run in forked workers; what they write equals what one process writes."""

import pytest
from format_fixtures import with_annotator

from annotator.core.formats import workers
from annotator.core.formats.registry import FORMATS
from annotator.core.formats.xmi import read as read_xmi

# These tests force forking inside pytest, whose process already runs other threads (Python 3.12+ warns);
# the export itself forks only while no other Python thread runs (workers.can_fork).
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


@pytest.fixture
def many(all_docs):
    docs = [doc for _ in range(4) for doc in with_annotator(all_docs, "A")]  # copies, not the same objects
    for i, doc in enumerate(docs):
        doc.name = f"{doc.name} {i}"
    return docs


@pytest.fixture
def parallel(monkeypatch):
    """Workers from the 5th document on, 2 documents a chunk; returns the pools started."""
    pools = []
    real = workers._pool
    monkeypatch.setattr(workers, "PARALLEL_FROM", 5)
    monkeypatch.setattr(workers, "CHUNK", 2)
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(workers, "_pool", lambda n: pools.append(n) or real(n))
    return pools


def test_in_chunks_keeps_the_order_and_the_tail(parallel):
    # workers start at the 5th item: the five so far go out two by two, then every two as they come
    assert workers.in_chunks(range(11), sum) == [0 + 1, 2 + 3, 4, 5 + 6, 7 + 8, 9 + 10]
    assert parallel == [2]
    assert workers.in_chunks([], len) == [0]


def test_chunks_run_here_when_forking_is_unsafe(monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    monkeypatch.setattr(workers, "_pool", lambda n: pytest.fail("no pool may start"))
    assert workers.in_chunks(range(1000), len) == [1000]


def test_xmi_from_workers_equals_xmi_from_one_process(tmp_path, many, schema, parallel, monkeypatch):
    result = FORMATS["xmi"].write(many, schema, tmp_path / "parallel")
    assert parallel == [2] and result.documents == len(many)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**9)
    FORMATS["xmi"].write(many, schema, tmp_path / "serial")
    files = {p.name: p.read_bytes() for p in (tmp_path / "parallel").iterdir()}
    assert len(files) == len(many) + 2  # the documents, TypeSystem.xml, the export's manifest
    assert files == {p.name: p.read_bytes() for p in (tmp_path / "serial").iterdir()}
    assert sorted(d.name for d in read_xmi(tmp_path / "parallel")) == sorted(d.name for d in many)


def test_spacy_docbin_from_workers_holds_every_document_in_order(tmp_path, many, schema, parallel, monkeypatch):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    result = FORMATS["spacy"].write(many, schema, tmp_path / "parallel.jsonl")
    assert parallel == [2] and result.documents == len(many)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**9)
    FORMATS["spacy"].write(many, schema, tmp_path / "serial.jsonl")

    def content(path):
        docs = DocBin().from_bytes(path.read_bytes()).get_docs(spacy.blank("xx").vocab)
        return [
            (
                d.text,
                [(e.start_char, e.end_char, e.label_) for e in d.ents],
                [(s.start_char, s.end_char, s.label_) for s in d.spans["sc"]],
            )
            for d in docs
        ]

    parallel_docs = content(tmp_path / "parallel.spacy")
    assert [text for text, _, _ in parallel_docs] == [d.text for d in many]
    assert parallel_docs == content(tmp_path / "serial.spacy")
    assert (tmp_path / "parallel.jsonl").read_bytes() == (tmp_path / "serial.jsonl").read_bytes()
