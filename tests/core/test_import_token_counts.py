"""The token count an import stores for each document (`tokens.count`, agreement's O/O cell) looks each
clitic word up in C (issue 27 item 2: counting ran beside every import, longer than the import's own
work); it must give exactly the count it gave before, the tokenizer's own (`tokenize`), on every text."""

import json
from pathlib import Path

import pytest

from annotator.core import tokens
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


ONE_PROCESS_CHECK = """
import os, sys
from pathlib import Path
from annotator.core import ingest, token_counts, tokens
from annotator.core.formats.workers import can_fork
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project
if not can_fork():
    print("skip")
    sys.exit()
token_counts.BACKGROUND_FROM = 2
ingest.BATCH = 3
texts = [f"وقال المتحدث {k} بالقاهرة: «نعم» لواشنطن" + " كلمة" * k for k in range(9)]
folder = Path(sys.argv[1])
count_into = token_counts._count_into
def recording(source, writer, parent):
    (folder / f"counter-{os.getpid()}").write_text("")
    count_into(source, writer, parent)
def dying(source, writer, parent):  # counts one batch, then dies without a word
    writer.send([tokens.count(text) for text in source.recv()])
    os._exit(1)
for name, counting in (("a", recording), ("b", dying)):
    token_counts._count_into = counting
    with Project(folder / f"{name}.annotator") as project:
        project.import_documents([AnnotatedDocument(f"d{k}", text) for k, text in enumerate(texts)])
        ids = [doc_id for doc_id, _ in project.documents.fingerprints().values()]
        stored = [rows.tokens for rows in project.layer_rows(ids, ["nobody"])]
        print(stored == [tokens.count(text) for text in texts])
print(len([path for path in folder.glob("counter-*") if path.name != f"counter-{os.getpid()}"]))
"""


def test_one_process_counts_every_batch_of_an_import_and_a_dead_one_is_counted_for(tmp_path):
    # in a fresh interpreter: a process forks only while no other thread runs
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", ONE_PROCESS_CHECK, str(tmp_path)], capture_output=True, text=True, check=True
    )
    if result.stdout.startswith("skip"):
        pytest.skip("no fork here: counting happens in the importing process")
    # three batches counted right, by one process (not one a batch); after it died, counted here
    assert result.stdout.split() == ["True", "True", "1"]


def test_an_import_takes_each_batchs_counts_only_after_the_next_batch_is_written(tmp_path, monkeypatch):
    # the counting process counts a batch while the import writes the next one, so the import never waits
    # for it but at its end (issue 27 item 2: the import waited ~1.2 s of 24 at 10,000 articles)
    from annotator.core import ingest, token_counts
    from annotator.core.model import AnnotatedDocument
    from annotator.core.project import Project

    calls: list[str] = []
    submit, result = token_counts.TokenCounts.submit, token_counts.TokenCounts.result

    def spied_submit(self, texts):
        calls.append(f"submit {len(texts)}")
        return submit(self, texts)

    def spied_result(self):
        counts = result(self)
        calls.append(f"result {len(counts)}")
        return counts

    monkeypatch.setattr(token_counts.TokenCounts, "submit", spied_submit)
    monkeypatch.setattr(token_counts.TokenCounts, "result", spied_result)
    monkeypatch.setattr(ingest, "BATCH", 3)
    texts = [f"وقال المتحدث {k} بالقاهرة" + " كلمة" * k for k in range(8)]
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents([AnnotatedDocument(f"d{k}", text) for k, text in enumerate(texts)])
        ids = [doc_id for doc_id, _ in project.documents.fingerprints().values()]
        stored = [rows.tokens for rows in project.layer_rows(ids, ["nobody"])]
    assert calls == ["submit 3", "submit 3", "result 3", "submit 2", "result 3", "result 2"]
    assert stored == [tokens.count(text) for text in texts]


def test_the_counter_owes_batches_in_order_and_a_dead_one_owes_nothing(monkeypatch):
    from annotator.core import token_counts
    from annotator.core.formats.workers import can_fork

    if not can_fork():
        pytest.skip("no fork here: counting happens in the importing process")
    monkeypatch.setattr(token_counts, "BACKGROUND_FROM", 1)
    batches = [[f"وقال الرئيس {'كلمة ' * k}"] * (k + 1) for k in range(4)]
    with token_counts.TokenCounts() as counts:
        for batch in batches[:3]:
            counts.submit(batch)
        assert counts.owed == 3
        assert [counts.result() for _ in range(2)] == [[tokens.count(t) for t in b] for b in batches[:2]]
        counts._process.kill()  # dies owing the third batch, and the fourth is sent to nobody
        counts._process.join()
        counts.submit(batches[3])
        assert [counts.result() for _ in range(2)] == [[tokens.count(t) for t in b] for b in batches[2:]]
        assert counts.owed == 0
