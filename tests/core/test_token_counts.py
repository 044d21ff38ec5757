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
    project.import_documents(
        [AnnotatedDocument("d", text, layers=[Layer("A", spans=[entity]), Layer("B", spans=[entity])])]
    )
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


# Tokenization of the test corpus by tokens.VERSION 2, per Unicode database (Python's). When this fails,
# tokenization changed: raise tokens.VERSION (projects then count their tokens again) and write the new
# digest here.
VERSION = 6
TOKENIZATION = {"14.0.0": "cec10741994b600437f4e6923d0d338d5c7936a43e1070043502a59ea861aae4"}


def test_a_change_of_tokenization_raises_the_tokenizer_version():
    texts = [(DATA / "tricky.txt").read_text(encoding="utf-8")] + [doc.text for doc in demo_documents()]
    if unicodedata.unidata_version not in TOKENIZATION:
        pytest.skip(f"no digest recorded for Unicode {unicodedata.unidata_version}: record it in TOKENIZATION")
    digest = hashlib.sha256(repr([tokens.tokenize(text) for text in texts]).encode()).hexdigest()
    assert (tokens.VERSION, digest) == (VERSION, TOKENIZATION[unicodedata.unidata_version]), (
        "tokenization changed: raise tokens.VERSION (see above)"
    )


BACKGROUND_CHECK = """
import os, sys
from pathlib import Path
from annotator.core import batch_analysis, tokens
from annotator.core.formats.workers import can_fork
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project
if not can_fork():
    print("skip")
    sys.exit()
batch_analysis.BACKGROUND_FROM = 2
texts = ["وقال المتحدث بالقاهرة: «نعم» 👩‍👩‍👧", "قال الوزير إن غزة", "كل شيء\\nبخير"]
folder = Path(sys.argv[1])
count_into = batch_analysis._analyse_into
def recording(*args):
    (folder / "counted-by").write_text(str(os.getpid()))
    count_into(*args)
for name, counting in (("a", recording), ("b", lambda *args: os._exit(1))):  # b: dies without a word
    batch_analysis._analyse_into = counting
    with Project(folder / f"{name}.annotator") as project:
        project.import_documents([AnnotatedDocument(f"d{k}", text) for k, text in enumerate(texts)])
        ids = [doc_id for doc_id, _ in project.documents.fingerprints().values()]
        stored = [rows.tokens for rows in project.layer_rows(ids, ["nobody"])]
        print(stored == [tokens.count(text) for text in texts])
print(int((folder / "counted-by").read_text()) != os.getpid())
"""


def test_a_large_import_counts_in_a_forked_process_and_a_killed_one_is_counted_for(tmp_path):
    # in a fresh interpreter: a process forks only while no other thread runs
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", BACKGROUND_CHECK, str(tmp_path)], capture_output=True, text=True, check=True
    )
    if result.stdout.startswith("skip"):
        pytest.skip("no fork here: counting happens in the importing process")
    assert result.stdout.split() == ["True", "True", "True"]  # counted right; by another process


def test_a_change_of_the_clitic_rules_keeps_every_search_index(monkeypatch):
    # the index depends on what a word character is, not on where clitics are cut: a v5 of the cuts
    # must not rebuild a 100,000-document project's index at its next opening
    from annotator.core import search_index

    def index_fingerprint():
        search_index.fingerprint.cache_clear()  # (computed once a process)
        return search_index.fingerprint()

    before = index_fingerprint(), tokens.fingerprint()
    monkeypatch.setattr(tokens, "VERSION", tokens.VERSION + 1)
    assert tokens.fingerprint() != before[1]  # token counts are counted again
    assert index_fingerprint() == before[0]
    monkeypatch.setattr(tokens, "CHARACTERS_VERSION", tokens.CHARACTERS_VERSION + 1)
    assert index_fingerprint() != before[0]  # other word characters: the index is built again
    search_index.fingerprint.cache_clear()
