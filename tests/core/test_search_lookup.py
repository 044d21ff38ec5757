"""The search index's lookup (core/search_lookup.py) for some of a project's documents: the hits there are
the scan's, and none elsewhere, whether every document's name is kept (after a query whose hits were in most
documents) or only those of the documents asked about are read; one word and phrases of two and three words
(a phrase's rows are read in the documents that hold every word only when that is worth it)."""

from __future__ import annotations

import pytest
from test_search_index import QUERIES, generated, import_texts, indexed, reference, sampled_queries, stored

from annotator.core import search_index, search_segment
from annotator.core.project import Project


@pytest.mark.parametrize("segment", [4, 1024])
def test_some_documents_get_the_scan_s_hits_there_whether_every_name_is_kept_or_not(tmp_path, monkeypatch, segment):
    monkeypatch.setattr(search_index, "SEGMENT", segment)
    search_index.fingerprint.cache_clear()
    texts = generated(11, 80)
    phrases = ["الأمم المتحدة", "مجلس الأمن", "مجلس الأمن الدولي", "قال قال", "للأمم المتحدة", "البيت الأبيض"]
    queries = [*QUERIES, *phrases, *sampled_queries(texts, 5, 150)]
    try:
        with Project(tmp_path / "gen.annotator") as project:
            import_texts(project, texts)
            documents = stored(project)
            ids = [document.id for document in documents]
            for kept in (False, True):
                if kept:  # as after a query whose hits were in most documents: every name, kept
                    project.store._every_name(read=True)  # type: ignore[attr-defined]
                    assert project.store.kept_document_names() is not None
                for part in (ids[::3], ids[1:4], ids[-1:], ids):
                    chosen = [document for document in documents if document.id in set(part)]
                    for query in queries:
                        found = indexed(project, query, document_ids=part)
                        assert found == reference(chosen, query), (query, kept, len(part))
    finally:
        search_index.fingerprint.cache_clear()


def test_a_place_is_a_document_and_a_start(small_segments):
    """`_places` lays the arrays' bytes side by side; it is the computed document << 32 | start."""
    postings = search_index.build([(1, "قال قال " * 40), (2, "واشنطن " * 12000), (3, "و" * 70000 + " قال")])
    for rows in postings.values():
        for row in rows.values():
            assert list(search_segment._places(row)) == [d << 32 | s for d, s in zip(row.docs, row.starts, strict=True)]


def test_a_row_written_since_the_last_query_is_read_again(tmp_path, small_segments):
    """The rows of the last query are kept decoded, and used again only while they are what is stored."""
    with Project(tmp_path / "p.annotator") as project:
        for number, query in enumerate(["واشنطن", "البيت الأبيض"]):
            project.documents.add(f"one-{number}", "قال واشنطن البيت الأبيض")
            before = indexed(project, query)
            assert indexed(project, query) == before == reference(project, query)
            project.documents.add(f"two-{number}", "في واشنطن قال البيت الأبيض")  # the same segment's rows
            assert indexed(project, query) == reference(project, query) != before
