"""An import's helper processes (the token counter, the search index's builder) run at a lower priority than
the import itself (platforms.behind_the_parent, issue 27 item 2): on a machine with fewer free cores than
processes the import, which writes the rows, never waits for a core while they make what it asks for later."""

from __future__ import annotations

import os
import time

import pytest

from annotator.core.formats.workers import can_fork
from annotator.core.store.search import _Encoding
from annotator.core.token_counts import BACKGROUND_FROM, TokenCounts


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


def test_the_token_counter_runs_behind_the_import():
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    with TokenCounts() as counts:
        counts.submit(TEXTS)
        assert counts._process is not None
        assert _niceness_of(counts._process.pid, mine + 1) > mine
        assert counts.result() == [8] * len(TEXTS)


def test_the_search_index_builder_runs_behind_the_import():
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    encoding = _Encoding([(i, text) for i, text in enumerate(TEXTS, 1)])
    try:
        assert encoding._process is not None
        assert _niceness_of(encoding._process.pid, mine + 1) > mine
        assert encoding.result()  # (the rows still come back)
    finally:
        encoding.close()
