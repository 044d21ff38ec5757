"""An import runs with Python's cycle collector off (core/ingest.py `_cycle_collector_paused`, issue 27 item
2: it walked each batch's live objects again and again, for no cycle), and leaves it as it found it: after
the import, after an import that fails, and while another import (another thread's) still runs."""

import gc

import pytest

from annotator.core import ingest
from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project


def documents(seen, bad_at=None):
    """Documents that note, as each is read, whether the cycle collector is on."""
    for k in range(5):
        seen.append(gc.isenabled())
        spans = [SpanRecord("T1", 0, 3, "PER")] if k != bad_at else [SpanRecord("T1", 0, 300, "PER")]
        yield AnnotatedDocument(f"d{k}", "قال الرئيس", {}, [Layer("A", spans)])


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_while_an_import_reads_and_writes_and_back_on_after(tmp_path, monkeypatch, collector_on):
    monkeypatch.setattr(ingest, "BATCH", 2)
    seen = []
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(documents(seen))
        assert seen == [False] * 5 and gc.isenabled()
        seen.clear()
        with pytest.raises(InputError, match="outside the text"):
            project.import_documents(documents(seen, bad_at=3))
        assert seen and not any(seen) and gc.isenabled()
        assert project.documents.count() == 5


def test_the_collector_stays_as_it_was(tmp_path, collector_on):
    with Project(tmp_path / "p.annotator") as project:
        gc.disable()
        project.import_documents(documents([]))
        assert not gc.isenabled()  # off before: off after
        gc.enable()
        with ingest._cycle_collector_paused():  # another import under way
            project.import_documents(documents([]))
            assert not gc.isenabled()
        assert gc.isenabled()
