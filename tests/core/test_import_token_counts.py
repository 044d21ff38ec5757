"""The token count an import stores for each document (`tokens.count`, agreement's O/O cell) looks each
clitic word up in C, and an import counts from the split the search index makes of each text anyway
(`tokens.count_split`, core/batch_analysis.py; issue 27 item 2: counting ran beside every import, longer
than the import's own work); it must give exactly the count it gave before, the tokenizer's own
(`tokenize`), on every text."""

import json
import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import arabic, search_index, tokens
from annotator.core.demo import demo_documents

DATA = Path(__file__).resolve().parents[1] / "data"


def counted_word_by_word(text):
    """The count as it was made before: the tokens before any clitic cut, plus the cuts."""
    return tokens._pattern().subn("", text)[1] + len(tokens.clitic_cuts(text))


def texts():
    found = [doc.text for doc in demo_documents()]
    found += [json.loads(line)["text"] for line in (DATA / "gold_demo.jsonl").read_text("utf-8").splitlines() if line]
    found += [path.read_text("utf-8") for path in sorted((DATA / "heldout_news").glob("*.txt"))]
    found.append((DATA / "tricky.txt").read_text("utf-8"))
    found += [
        "وبيروت ولواشنطن بالقاهرة فلسطين وكالة لبنان",
        "وَبيروت ـوبيروت و‌بيروت وبيروت،لواشنطن",  # tashkeel, a tatweel or ZWNJ first, punctuation between
        "لل للأمم فبالقاهرة 👩‍👩‍👧 وال و",
        "",
    ]
    return found


@pytest.mark.parametrize("text", texts(), ids=lambda text: text[:12])
def test_the_count_is_the_one_counted_word_by_word_and_the_tokenizers(text):
    assert tokens.count(text) == counted_word_by_word(text)
    assert tokens.count(text) == len(tokens.tokenize(text))


def _split(text):
    return re.split(f"({tokens.word_pattern().pattern})", text)


@pytest.mark.parametrize("text", texts(), ids=lambda text: text[:12])
def test_the_count_from_the_index_s_split_is_the_tokenizers(text):
    assert tokens.count_split(_split(text)) == len(tokens.tokenize(text))
    parts = arabic.index_words_split(text)[1]
    if parts is not None:  # (the index's own split, where it made one)
        assert "".join(parts) == text
        assert tokens.count_split(parts) == len(tokens.tokenize(text))


# letters (clitic ones too), tashkeel, tatweel, ZWJ / ZWNJ / marks, digits, Latin, punctuation, white
# space of several kinds, symbols (BMP and astral), an astral letter
_PIECES = list("وفبلكسالقاهرةبيروت") + ["\u064e", "\u0640", "\u200d", "\u200c", "\u200f", "٣", "7", "a"]
_PIECES += list(".,،:«»()-") + [" ", "\n", "\u00a0", "\u2003", "©", "˜", "👩", "\U0001d400", "\u2764\ufe0f"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_the_count_from_a_split_is_count_on_any_text(text):
    assert tokens.count_split(_split(text)) == tokens.count(text)


def test_an_import_s_batch_is_counted_and_indexed_from_one_split():
    documents = [(k, text) for k, text in enumerate(texts(), 1) if text]
    rows, counts = search_index.build_counted(documents)
    assert rows == search_index.build(documents)
    assert counts == {k: tokens.count(text) for k, text in documents}


ONE_PROCESS_CHECK = """
import os, sys
from pathlib import Path
from annotator.core import batch_analysis, ingest, search_index, tokens
from annotator.core.formats.workers import can_fork
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project
if not can_fork():
    print("skip")
    sys.exit()
batch_analysis.BACKGROUND_FROM = 2
ingest.BATCH = 3
texts = [f"وقال المتحدث {k} بالقاهرة: «نعم» لواشنطن" + " كلمة" * k for k in range(9)]
folder = Path(sys.argv[1])
analyse_into = batch_analysis._analyse_into
def recording(source, writer, parent):
    (folder / f"analyser-{os.getpid()}").write_text("")
    analyse_into(source, writer, parent)
def dying(source, writer, parent):  # answers one batch, then dies without a word
    writer.send(batch_analysis.analysed(source.recv()))
    os._exit(1)
def index_rows(project):
    return project.store.conn.execute("SELECT * FROM search_words ORDER BY word, segment").fetchall()
with Project(folder / "here.annotator") as project:  # every batch small: counted and indexed in this process
    project.import_documents([AnnotatedDocument(f"d{k}", text) for k, text in enumerate(texts)])
    rows_here = index_rows(project)
for name, analysing in (("a", recording), ("b", dying)):
    batch_analysis._analyse_into = analysing
    with Project(folder / f"{name}.annotator") as project:
        project.import_documents([AnnotatedDocument(f"d{k}", text) for k, text in enumerate(texts)])
        ids = [doc_id for doc_id, _ in project.documents.fingerprints().values()]
        stored = [rows.tokens for rows in project.layer_rows(ids, ["nobody"])]
        print(stored == [tokens.count(text) for text in texts], index_rows(project) == rows_here)
print(len([path for path in folder.glob("analyser-*") if path.name != f"analyser-{os.getpid()}"]))
"""


def test_one_process_counts_and_indexes_every_batch_of_an_import_and_a_dead_one_is_made_up_for(tmp_path):
    # in a fresh interpreter: a process forks only while no other thread runs
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", ONE_PROCESS_CHECK, str(tmp_path)], capture_output=True, text=True, check=True
    )
    if result.stdout.startswith("skip"):
        pytest.skip("no fork here: counting happens in the importing process")
    # three batches counted and indexed right, by one process (not one a batch); after it died, made here
    assert result.stdout.split() == ["True", "True", "True", "True", "1"]


def test_an_import_takes_each_batchs_rows_and_counts_only_two_batches_later(tmp_path, monkeypatch):
    # the process counts and indexes a batch while the import writes the next ones, so the import never
    # waits for it but at its end (issue 27 item 2: the import waited ~1.2 s of 24 at 10,000 articles); a
    # batch's index rows are taken as the batch after next is written (ROWS_MADE_LAG: the process loads
    # its word list with the first batch, which kept the import waiting ~1 s), its counts after that
    from annotator.core import batch_analysis, ingest
    from annotator.core.model import AnnotatedDocument
    from annotator.core.project import Project

    calls: list[str] = []
    submit, counts, rows = (
        batch_analysis.BatchAnalysis.submit,
        batch_analysis.AnalysedBatch.counts,
        batch_analysis.AnalysedBatch.result,
    )

    def spied_submit(self, documents):
        calls.append(f"submit {len(documents)}")
        return submit(self, documents)

    def spied_counts(self):
        found = counts(self)
        calls.append(f"counts {len(found)}")
        return found

    def spied_rows(self):
        found = rows(self)
        calls.append(f"rows {sum(map(len, found.values()))}")
        return found

    monkeypatch.setattr(batch_analysis.BatchAnalysis, "submit", spied_submit)
    monkeypatch.setattr(batch_analysis.AnalysedBatch, "counts", spied_counts)
    monkeypatch.setattr(batch_analysis.AnalysedBatch, "result", spied_rows)
    monkeypatch.setattr(ingest, "BATCH", 3)
    texts = [f"وقال المتحدث {k}" + " كلمة" * k for k in range(8)]
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents([AnnotatedDocument(f"d{k}", text) for k, text in enumerate(texts)])
        ids = [doc_id for doc_id, _ in project.documents.fingerprints().values()]
        stored = [rows.tokens for rows in project.layer_rows(ids, ["nobody"])]
    # a batch's rows: one a word (وقال, المتحدث, كلمة and its numbers); the last batch's taken at the commit
    assert calls == [
        "submit 3",
        "submit 3",
        "submit 2",
        "rows 6",
        "counts 3",
        "counts 3",
        "counts 2",
        "rows 6",
        "rows 5",
    ]
    assert stored == [tokens.count(text) for text in texts]


def test_the_process_owes_batches_in_order_and_a_dead_one_owes_nothing(monkeypatch):
    from annotator.core import batch_analysis
    from annotator.core.formats.workers import can_fork

    if not can_fork():
        pytest.skip("no fork here: counting happens in the importing process")
    monkeypatch.setattr(batch_analysis, "BACKGROUND_FROM", 1)
    batches = [[(k * 10 + j, f"وقال الرئيس {'كلمة ' * k}") for j in range(k + 1)] for k in range(4)]
    with batch_analysis.BatchAnalysis() as analysis:
        sent = [analysis.submit(batch) for batch in batches[:3]]
        assert len(analysis._waiting) == 3
        assert sent[1].counts() == [tokens.count(t) for _, t in batches[1]]  # the first one's answer read too
        assert len(analysis._waiting) == 1
        made_here = batch_analysis.analysed
        batch_analysis.analysed = None  # (the first batch's answer was kept: nothing is made here for it)
        try:
            assert sent[0].result() == search_index.build(batches[0])
        finally:
            batch_analysis.analysed = made_here
        analysis._process.kill()  # dies owing the third batch, and the fourth is sent to nobody
        analysis._process.join()
        sent.append(analysis.submit(batches[3]))
        for batch, documents in zip(sent[2:], batches[2:], strict=True):
            assert batch.counts() == [tokens.count(t) for _, t in documents]
            assert batch.result() == search_index.build(documents)
        assert not analysis._waiting


STREAMING_CHECK = """
import sys
from annotator.core import batch_analysis
from annotator.core.formats.workers import can_fork
if not can_fork():
    print("skip")
    sys.exit()
batch_analysis.BACKGROUND_FROM = 1
if sys.argv[1] == "answering-first":  # the process as it was: it read the next batch only once it had answered
    def answering_first(source, writer, parent):
        batch_analysis.die_with_parent(parent)  # (killed with the check when it hangs: no process left behind)
        while True:
            writer.send(batch_analysis.analysed(source.recv()))
    batch_analysis._analyse_into = answering_first
def text(k):  # 8,000 words no other text has: a batch's index rows are more than a pipe holds (1 MiB)
    return " ".join(f"كلمة{k}و{j}" for j in range(8000))
with batch_analysis.BatchAnalysis() as analysis:
    sent = [analysis.submit([(k * 10 + j, text(k * 10 + j)) for j in range(3)]) for k in range(4)]
    print([sum(batch.counts()) for batch in sent])
"""


@pytest.mark.parametrize("process", ["as it is", "answering-first"])
def test_the_import_sends_batches_ahead_of_answers_larger_than_a_pipe_holds(process):
    # an import sends a batch before it reads the answer to the one before, and an answer (index rows) is
    # larger than a pipe holds: the process must take batches in while it answers, or both wait for ever
    import subprocess
    import sys

    try:
        result = subprocess.run(
            [sys.executable, "-c", STREAMING_CHECK, process], capture_output=True, text=True, check=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        assert process == "answering-first"  # (the check itself: without the reading thread, it hangs)
        return
    if result.stdout.startswith("skip"):
        pytest.skip("no fork here: counting happens in the importing process")
    assert process == "as it is"
    assert result.stdout.split("\n")[0] == str([3 * 8000] * 4)


GOING_ON_CHECK = """
import os, sys, time
from annotator.core import batch_analysis
from annotator.core.formats.workers import can_fork
if not can_fork():
    print("skip")
    sys.exit()
batch_analysis.BACKGROUND_FROM = 1
marks = sys.argv[1]
made = batch_analysis.analysed
def analysed(documents):  # (the forked process's: it leaves a mark for each batch it has made)
    found = made(documents)
    open(os.path.join(marks, str(documents[0][0])), "w").close()
    return found
batch_analysis.analysed = analysed
def text(k):  # 6,000 words no other text has: a batch's answer is more than a pipe holds
    return " ".join(f"كلمة{k}و{j}" for j in range(6000))
with batch_analysis.BatchAnalysis() as analysis:
    sent = [analysis.submit([(k * 10 + j, text(k * 10 + j)) for j in range(3)]) for k in range(3)]
    waited = time.monotonic() + 20
    while len(os.listdir(marks)) < 3 and time.monotonic() < waited:
        time.sleep(0.05)
    print(len(os.listdir(marks)))  # made before any answer was read
    print([sum(batch.counts()) for batch in sent])
"""


def test_the_process_makes_the_next_batches_while_its_answers_wait_to_be_read(tmp_path):
    # The import reads a batch's answer a batch or two after sending it (ROWS_MADE_LAG): a process that
    # waited for the pipe to take its answer (more than it holds) before making the next batch would be
    # idle meanwhile, and the import would wait for it later.
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", GOING_ON_CHECK, str(tmp_path)], capture_output=True, text=True, check=True, timeout=60
    )
    if result.stdout.startswith("skip"):
        pytest.skip("no fork here: counting happens in the importing process")
    assert result.stdout.split("\n")[:2] == ["3", str([3 * 6000] * 3)]


def test_the_pipes_to_and_from_the_process_hold_a_mebibyte(monkeypatch):
    # 64 KiB pieces of a batch's 8 MB of texts each waited for the process's reading thread to get
    # Python's lock from its busy one: the import was held 0.9 s of 17 sending (issue 27 item 2)
    fcntl = pytest.importorskip("fcntl")
    from annotator.core import batch_analysis
    from annotator.core.formats.workers import can_fork

    limit = Path("/proc/sys/fs/pipe-max-size")
    if not can_fork() or not hasattr(fcntl, "F_GETPIPE_SZ") or int(limit.read_text()) < batch_analysis.PIPE_SIZE:
        pytest.skip("no fork, no pipe sizes or a smaller limit here")
    monkeypatch.setattr(batch_analysis, "BACKGROUND_FROM", 1)
    with batch_analysis.BatchAnalysis() as analysis:
        sent = analysis.submit([(1, "قال الرئيس")])
        sizes = [fcntl.fcntl(end.fileno(), fcntl.F_GETPIPE_SZ) for end in (analysis._send, analysis._receive)]
        assert sent.counts() == [2]
    assert sizes == [batch_analysis.PIPE_SIZE] * 2 and batch_analysis.PIPE_SIZE == 1 << 20


def test_the_cuts_looked_up_per_word_are_bounded(monkeypatch):
    monkeypatch.setattr(tokens._CUTS_IN_RUN, "MAX", 3)
    text = " ".join(f"وكلمة{k} بالقاهرة{k}" for k in range(20))
    assert tokens.count_split(_split(text)) == tokens.count(text)
    assert len(tokens._CUTS_IN_RUN) <= 3


def test_a_helper_whose_work_fails_stops_quietly_and_owes_it(monkeypatch):
    # it ends as if killed (the importer reads no answer and makes the batch itself, where an error shows
    # as the import's own), not with a traceback of its own on the importer's stderr
    import multiprocessing

    from annotator.core import batch_analysis

    monkeypatch.setattr(batch_analysis, "die_with_parent", lambda parent: None)  # (run here, not forked)
    monkeypatch.setattr(batch_analysis, "behind_the_parent", lambda: None)

    def failing(documents):
        raise ValueError("the helper's own failure")

    monkeypatch.setattr(batch_analysis, "analysed", failing)
    source, send = multiprocessing.Pipe(duplex=False)
    receive, writer = multiprocessing.Pipe(duplex=False)
    send.send([(1, "قال الرئيس")])
    send.close()
    batch_analysis._analyse_into(source, writer, os.getpid())  # returns: nothing raised
    for thread in threading.enumerate():  # its reader, at the end of the batches: gone before the next test
        if "take_in" in thread.name:  # (a thread left running stops the next tests from forking)
            thread.join(timeout=10)
    with pytest.raises(EOFError):
        receive.recv()
