"""Each document's token count is stored at import (agreement's O/O cell), made by the tokenizer of
today: counts made by another (an older VERSION, another Unicode database) are never used, and are
counted again when the project is opened."""
import hashlib
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from annotator.core import tokens
from annotator.core.agreement import compute
from annotator.core.demo import demo_documents
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project

DATA = Path(__file__).resolve().parents[1] / "data"


def stored_counts(project: Project) -> dict[str, int | None]:
    ids = [doc_id for doc_id, _ in project.documents.fingerprints().values()]
    return {rows.name: rows.tokens for rows in project.layer_rows(ids, ["nobody"])}


def test_import_and_add_store_each_documents_token_count(corpus_project):
    corpus_project.documents.add("added", "وقال المتحدث بالقاهرة: «نعم» 👩‍👩‍👧")
    counts = stored_counts(corpus_project)
    assert len(counts) == 7
    for name, count in counts.items():
        document = corpus_project.documents.by_name(name)
        assert document is not None and count == tokens.count(document.text), name


def two_annotators(path) -> Project:
    project = Project(path)
    text = "قال الوزير إن غزة ولواشنطن حق"
    entity = SpanRecord("T1", 11, 17, "PER")
    project.import_documents([AnnotatedDocument("d", text, layers=[Layer("A", spans=[entity]),
                                                                     Layer("B", spans=[entity])])])
    return project


def o_o(project: Project) -> int:
    [pair] = compute(project).pairs
    return pair.token_table[("O", "O")]


def raw_update(path, *statements: str) -> None:
    with sqlite3.connect(path) as raw:
        for statement in statements:
            raw.execute(statement)
    raw.close()


STALE = "UPDATE settings SET value_json = '\"0 unicode 1.0\"' WHERE key = 'token_counts'"  # another tokenizer's


def test_agreement_counts_with_the_stored_count_and_only_with_todays(tmp_path):
    path = tmp_path / "p.annotator"
    with two_annotators(path) as project:
        right = o_o(project)
        assert right == tokens.count("قال الوزير إن غزة ولواشنطن حق") - 2  # "الوزير إن" tagged
    raw_update(path, "UPDATE documents SET tokens = tokens + 100")
    with Project(path) as project:
        assert o_o(project) == right + 100  # the stored count is what agreement uses
    raw_update(path, STALE)
    with Project(path) as project:  # counted again on opening
        assert stored_counts(project) == {"d": right + 2}
        assert o_o(project) == right
        raw_update(path, "UPDATE documents SET tokens = tokens + 100", STALE)  # while it is open
        assert o_o(project) == right  # stale counts are never used: agreement counts for itself


# Tokenization of the test corpus by tokens.VERSION 1, per Unicode database (Python's). When this fails,
# tokenization changed: raise tokens.VERSION (projects then count their tokens again) and write the new
# digest here.
VERSION = 1
TOKENIZATION = {"14.0.0": "959f8947c3bf2abd4089484d4bf75dd57e53a671946c02b68c9cea604d020375"}


def test_a_change_of_tokenization_raises_the_tokenizer_version():
    texts = [(DATA / "tricky.txt").read_text(encoding="utf-8")] + [doc.text for doc in demo_documents()]
    if unicodedata.unidata_version not in TOKENIZATION:
        pytest.skip(f"no digest recorded for Unicode {unicodedata.unidata_version}: record it in TOKENIZATION")
    digest = hashlib.sha256(repr([tokens.tokenize(text) for text in texts]).encode()).hexdigest()
    assert (tokens.VERSION, digest) == (VERSION, TOKENIZATION[unicodedata.unidata_version]), \
        "tokenization changed: raise tokens.VERSION (see above)"
