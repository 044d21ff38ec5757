"""An import's helper process (it counts tokens and makes the search index's rows), and the search index's
builder when the index is built again, run at a lower priority than the import itself
(platforms.behind_the_parent, issue 27 item 2): on a machine with fewer free cores than processes the
import, which writes the rows, never waits for a core while they make what it asks for later."""

from __future__ import annotations

import os
import time

import pytest

from annotator.core import search_index
from annotator.core.batch_analysis import BACKGROUND_FROM, BatchAnalysis
from annotator.core.formats.workers import can_fork
from annotator.core.store.search import _Encoding


@pytest.fixture(autouse=True)
def forking():
    if not hasattr(os, "getpriority") or not can_fork():  # (asked now: a thread another test left would stop it)
        pytest.skip("no forked workers here")


TEXTS = ["قال الرئيس اللبناني في بيروت إن الاتفاق قريب"] * BACKGROUND_FROM


def _niceness_of(pid: int, at_least: int) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = os.getpriority(os.PRIO_PROCESS, pid)
        if found >= at_least:
            return found
        time.sleep(0.01)
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_the_counter_and_indexer_runs_behind_the_import():
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    with BatchAnalysis() as analysis:
        batch = analysis.submit(list(enumerate(TEXTS, 1)))
        assert analysis._process is not None
        assert _niceness_of(analysis._process.pid, mine + 1) > mine
        assert batch.counts() == [8] * len(TEXTS)


def test_the_search_index_builder_runs_behind_the_import():
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    encoding = _Encoding([(i, text) for i, text in enumerate(TEXTS, 1)])
    try:
        assert encoding._process is not None
        assert _niceness_of(encoding._process.pid, mine + 1) > mine
        assert encoding.result()  # (the rows still come back)
    finally:
        encoding.close()


def test_a_batch_of_few_long_texts_is_counted_and_indexed_beside_too():
    # 120 articles of a million characters each were counted and indexed in the importing process (fewer
    # than BACKGROUND_FROM documents), one after the other, for 186 s
    from annotator.core.formats.workers import BACKGROUND_CHARACTERS, worth_a_process

    words = BACKGROUND_CHARACTERS // 22 + 1  # two words a time, 11 characters
    long_text = "قال الرئيس " * words  # half of BACKGROUND_CHARACTERS: with another as long, enough
    assert worth_a_process([long_text, long_text], BACKGROUND_FROM)
    assert not worth_a_process([long_text, long_text[: BACKGROUND_CHARACTERS - len(long_text) - 1]], BACKGROUND_FROM)
    assert worth_a_process(["قال"] * BACKGROUND_FROM, BACKGROUND_FROM)
    with BatchAnalysis() as analysis:
        batch = analysis.submit([(1, long_text), (2, long_text)])
        assert analysis._process is not None
        assert batch.counts() == [2 * words, 2 * words]
        assert batch.result() == search_index.build([(1, long_text), (2, long_text)])
    encoding = _Encoding([(1, long_text), (2, long_text)])
    try:
        assert encoding._process is not None
        assert set(encoding.result()[0]) == {"قال", "الرئيس"}
    finally:
        encoding.close()
