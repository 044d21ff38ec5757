"""What worker processes hand back cheaply (disagreements as JSON text, per-document counts as tuples) reads
and prints as the objects did."""

import json

import pytest

from annotator.core.agreement.disagreement_list import DisagreementList
from annotator.core.agreement.spans import Disagreement, disagreements_json

FIRST = [
    Disagreement("مقال-1", "A", "B", "entity", "label", 3, 9, (3, 9, "PER"), (3, 9, "ORG")),
    Disagreement("مقال-1", "A", "B", "entity", "only_b", 12, 15, None, (12, 15, "GPE")),
]
SECOND = [
    Disagreement(
        'doc "2"\\',
        "A",
        "C",
        "stance",
        "value",
        None,
        None,
        "FAVOR",
        "AGAINST",
        target="الأمم المتحدة 📻",
        task="stance",
    ),
    Disagreement("doc-3", "B", "C", "quotation_stance", "only_a", 0, 40, "NEUTRAL", None, target=""),
    Disagreement("doc-3", "B", "C", "quotation", "speaker", 0, 40, (41, 44, "PER"), None),
]


def test_packed_disagreements_decode_to_the_same_objects_in_order():
    listed = DisagreementList(FIRST)
    packed = DisagreementList(SECOND)
    packed.pack()
    listed.extend(packed)
    listed.add(FIRST[:1])
    expected = FIRST + SECOND + FIRST[:1]
    assert len(listed) == 6
    assert (
        listed.json() == disagreements_json(expected) == json.dumps([d.to_json() for d in expected], ensure_ascii=False)
    )
    assert list(listed) == expected and listed[2] == SECOND[0] and listed[-2:] == expected[-2:]
    assert listed.json() == disagreements_json(expected)  # decoded, the same text again


def test_the_first_few_of_packed_disagreements_are_read_without_decoding_the_rest(monkeypatch):
    """The terminal shows the first 20 of 100,000s: decoding them all took half the command and 200 MB."""
    import annotator.core.agreement.disagreement_list as disagreement_list

    packed = DisagreementList(SECOND)
    packed.pack()
    listed = DisagreementList(FIRST)
    listed.extend(packed)
    listed.extend(packed)
    expected = FIRST + SECOND + SECOND

    def whole(text: str) -> list[Disagreement]:
        raise AssertionError("decoded the whole packed text")

    monkeypatch.setattr(disagreement_list, "_decoded", whole)
    for window in (slice(0, 2), slice(None, 4), slice(1, 5), slice(0, 0), slice(3, 3), slice(2, 100), slice(0, 8)):
        assert listed[window] == expected[window], window
    assert [listed.head(n) for n in (0, 1, 5, 100)] == [[], FIRST[:1], expected[:5], expected]
    monkeypatch.undo()
    assert listed[-2:] == expected[-2:] and listed[::2] == expected[::2] and list(listed) == expected


def test_an_empty_list_prints_an_empty_array():
    empty = DisagreementList()
    empty.pack()
    empty.extend(DisagreementList([]))
    assert empty.json() == "[]" and len(empty) == 0 and list(empty) == []


def test_per_document_rows_give_each_documents_exact_and_overlap_counts(project):
    from annotator.core.agreement import MatchCounts, compute
    from annotator.core.model import AnnotatedDocument, Layer, SpanRecord

    text = "قال الوزير إن غزة في خطر"
    a = Layer("A", spans=[SpanRecord("T1", 4, 10, "PER", {}), SpanRecord("T2", 14, 17, "GPE", {})])
    b = Layer(
        "B",
        spans=[
            SpanRecord("T1", 0, 10, "PER", {}),
            SpanRecord("T2", 14, 17, "GPE", {}),
            SpanRecord("T3", 21, 24, "LOC", {}),
        ],
    )
    project.import_documents([AnnotatedDocument("مقال", text, layers=[a, b])])
    report = compute(project, ["A", "B"])
    (row,) = report.per_document
    assert (row.document, row.a, row.b) == ("مقال", "A", "B")
    assert row.entity_exact == MatchCounts(1, 1, 2) and row.entity_overlap == MatchCounts(2, 0, 1)
    assert row.quotation_exact == row.quotation_overlap == MatchCounts(0, 0, 0)
    assert json.loads(report.json_text())["per_document"] == [row.to_json()]


def test_a_workers_share_runs_without_the_cycle_collector_and_restores_it(project, monkeypatch):
    """A share piles up millions of objects without cycles: the collector walking them cost a tenth."""
    import gc

    from annotator.core.agreement import parallel
    from annotator.core.agreement.report import _Run
    from annotator.core.model import AnnotatedDocument, Layer, SpanRecord

    project.import_documents(
        [
            AnnotatedDocument(
                "d", "قال الوزير", layers=[Layer(name, spans=[SpanRecord("T1", 4, 10, "PER")]) for name in "AB"]
            )
        ]
    )
    seen = []
    add_rows = _Run.add_rows
    monkeypatch.setattr(_Run, "add_rows", lambda self, rows: (seen.append(gc.isenabled()), add_rows(self, rows)))
    [doc_id] = project.documents.ids()
    monkeypatch.setattr(parallel, "_reading", parallel.reading(str(project.path)))
    run, version = parallel._share(project.schema.get(), ["A", "B"], [doc_id])
    assert seen == [False] and gc.isenabled()
    assert run.report().pair("A", "B").entity.exact.tp == 1 and version == project.history.version()


def test_a_worker_that_could_not_open_the_project_says_why_at_its_first_share(monkeypatch):
    from annotator.core.agreement import parallel
    from annotator.core.errors import StorageError

    monkeypatch.setattr(parallel, "_reading", StorageError("p.annotator: disk I/O error"))
    with pytest.raises(StorageError, match="disk I/O error"):
        parallel._share(None, ["A", "B"], [1])
    monkeypatch.setattr(parallel, "_reading", None)
    with pytest.raises(RuntimeError, match="without its project"):
        parallel._share(None, ["A", "B"], [1])


def test_shares_shrink_cover_every_document_in_order_and_none_is_tiny():
    from annotator.core.agreement.parallel import LARGEST_SHARE, SMALLEST_SHARE, shares

    ids = list(range(10_000))
    parts = shares(ids, 2)
    sizes = [len(p) for p in parts]
    assert [i for p in parts for i in p] == ids
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 2500 and sizes[-2] == SMALLEST_SHARE
    # a worker holds a share's results: however large the project, no share is larger (100,000 articles: 1.6 GB)
    ids = list(range(100_000))
    parts = shares(ids, 2)
    assert [i for p in parts for i in p] == ids
    assert max(map(len, parts)) == LARGEST_SHARE == len(parts[0]) == len(parts[20]) and len(parts) > 40
    assert shares(list(range(450)), 2) == [
        list(range(0, 113)),
        *[list(range(k, k + 100)) for k in (113, 213, 313)],
        list(range(413, 450)),
    ]


def _team_documents():
    from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, SpanRecord

    def quote(stance: str) -> SpanRecord:
        return SpanRecord("Q", 0, 17, "QUOTE", attributes={"kind": "direct", "stance": stance, "target": "غزة"})

    return [
        AnnotatedDocument(
            f"مقال-{k}",
            "قال الوزير إن غزة",
            layers=[
                Layer(
                    "A",
                    spans=[SpanRecord("T1", 4, 10, "PER"), quote("FAVOR")],
                    doc_labels=[DocLabelRecord("stance", "غزة", "FAVOR")],
                ),
                Layer(
                    "B",
                    spans=[
                        SpanRecord("T1", 4, 10, "PER" if k % 2 else "ORG"),
                        SpanRecord("T2", 14, 17, "GPE"),
                        quote("AGAINST" if k % 3 else "FAVOR"),
                    ],
                    doc_labels=[DocLabelRecord("stance", "غزة", "AGAINST" if k % 2 else "FAVOR")],
                ),
            ],
        )
        for k in range(5)
    ]


def _merged_shares(project, spill_from, monkeypatch):
    """The report of the project's documents compared in three shares (one empty), packed as worker
    processes pack them and merged as the main process merges them."""
    from annotator.core.agreement import spill
    from annotator.core.agreement.report import _Run

    monkeypatch.setattr(spill, "SPILL_FROM", spill_from)
    schema, ids = project.schema.get(), [doc_id for doc_id, _ in project.documents.fingerprints().values()]
    runs = []
    for share in (ids[:2], ids[2:2], ids[2:]):  # one share empty
        run = _Run(schema, ["A", "B"])
        run.add_all(project.layer_rows(share, ["A", "B"]), run.add_rows)
        run.pack()
        # what crosses back from a worker: patterns of the stance items, not an entry per document
        assert not run.doc_label_items and not run.quote_stance_items
        assert sum(run.doc_label_patterns["stance"].values()) == len(share)
        runs.append(run)
    for other in runs[1:]:
        runs[0].merge(other)
    return runs[0].report()


def test_shares_encoded_by_workers_print_as_one_process_does(project, monkeypatch):
    """Worker processes encode their per-document rows and disagreements, and fold their stance items into
    patterns; merged, --json prints the same, whether the texts stay in memory or go to a temporary file."""
    from annotator.core.agreement.report import compare
    from annotator.core.agreement.spill import Spilled

    project.import_documents(_team_documents())
    expected = compare(project.annotated_documents(), project.schema.get(), ["A", "B"])
    assert expected.multi_doc_labels["stance"].alpha.items == 5 and expected.multi_quotation_stance.alpha.items == 5
    kept = _merged_shares(project, 1 << 30, monkeypatch)
    assert kept.document_rows_json is not None and len(kept.document_rows) == 5
    assert not any(isinstance(part, Spilled) for part in kept.document_rows_json)
    assert kept.json_text() == expected.json_text() == json.dumps(expected.to_json(), ensure_ascii=False)
    spilled = _merged_shares(project, 1, monkeypatch)
    assert spilled.document_rows_json is not None
    assert [isinstance(part, Spilled) for part in spilled.document_rows_json] == [True, False, True]  # ("" empty)
    assert all(isinstance(chunk._text, Spilled) for chunk in spilled.disagreements._chunks)
    assert spilled.json_text() == expected.json_text()
    assert spilled.disagreements[:3] == list(expected.disagreements)[:3]
    assert list(spilled.disagreements) == list(expected.disagreements)


def test_json_written_as_bytes_copies_the_kept_texts_as_they_are(project, monkeypatch, tmp_path):
    """`agreement --json` writes bytes: the texts in the temporary file copied from there (by the system into
    a file; a block at a time into what has no file, or where the system refuses), the same JSON as text."""
    import errno
    import io
    import os

    from annotator.core.agreement import spill
    from annotator.core.agreement.report import compare

    project.import_documents(_team_documents())
    expected = compare(project.annotated_documents(), project.schema.get(), ["A", "B"]).json_text().encode()
    report = _merged_shares(project, 1, monkeypatch)
    monkeypatch.setattr(spill, "COPY_BLOCK", 7)  # several blocks per text
    read_back = []
    monkeypatch.setattr(spill.Spill, "read", lambda *args: read_back.append(args) or "")  # (not as text)
    with open(tmp_path / "report.json", "wb") as out:
        report.write_json(out)
    assert (tmp_path / "report.json").read_bytes() == expected
    into_memory = io.BytesIO()
    report.write_json(into_memory)
    assert into_memory.getvalue() == expected

    def refused(*args):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "sendfile", refused, raising=False)
    with open(tmp_path / "refused.json", "wb") as out:
        report.write_json(out)
    assert (tmp_path / "refused.json").read_bytes() == expected
    assert not read_back

    def failed(*args):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "sendfile", failed)
    with open(tmp_path / "failed.json", "wb") as out, pytest.raises(OSError, match="Input/output"):
        report.write_json(out)


def test_texts_stay_in_memory_where_no_temporary_file_can_be_written(project, monkeypatch):
    import tempfile

    from annotator.core.agreement.report import compare
    from annotator.core.agreement.spill import Spilled

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    project.import_documents(_team_documents())
    expected = compare(project.annotated_documents(), project.schema.get(), ["A", "B"])
    monkeypatch.setattr(tempfile, "TemporaryFile", no_room)
    report = _merged_shares(project, 1, monkeypatch)
    assert report.document_rows_json is not None
    assert not any(isinstance(part, Spilled) for part in report.document_rows_json)
    assert report.json_text() == expected.json_text()


def test_a_text_kept_in_the_workers_file_travels_as_where_it_is_and_elsewhere_as_itself():
    import pickle

    from annotator.core.agreement import spill

    text = "مقال «غزة» 📻 " * spill.SPILL_FROM
    with spill.shared() as kept:
        assert spill.shared_spill(kept.name) is kept
        where = kept.keep(text)
        assert isinstance(where, spill.Spilled) and kept.keep(where) is where
        crossed = pickle.dumps(where)
        assert len(crossed) < 200 and pickle.loads(crossed).read() == text  # (from a worker: the place)
        assert kept.keep("short") == "short"
        # a second run at once (another thread): each text comes back from its own run's file
        other_text = "نص آخر " * spill.SPILL_FROM
        with spill.shared() as other:
            elsewhere = other.keep(other_text)
            assert isinstance(elsewhere, spill.Spilled)
            assert pickle.loads(pickle.dumps(elsewhere)).read() == other_text
            assert pickle.loads(pickle.dumps(where)).read() == text
        assert spill.shared_spill(other.name) is None
        assert pickle.loads(pickle.dumps(elsewhere)) == other_text  # its run over: the text itself
        assert pickle.loads(pickle.dumps(where)).read() == text
    assert spill.shared_spill(kept.name) is None
    assert pickle.loads(pickle.dumps(where)) == text  # outside its run: the text itself
    # its lock (a named semaphore for a fork server's workers) let go with the block; texts are still kept
    assert kept._lock is None and kept.keep(other_text).read() == other_text and where.read() == text


def test_without_a_semaphore_or_a_temporary_file_the_texts_stay_text(monkeypatch):
    import tempfile

    from annotator.core.agreement import spill

    class NoSemaphores:
        def Lock(self):  # noqa: N802 (multiprocessing's name)
            raise OSError(38, "Function not implemented")

    text = "x" * spill.SPILL_FROM
    with monkeypatch.context() as patched:
        patched.setattr(spill.multiprocessing, "get_context", lambda method: NoSemaphores())
        with spill.shared() as kept:
            assert kept.keep(text) is text
    with monkeypatch.context() as patched:
        patched.setattr(tempfile, "TemporaryFile", lambda **kw: (_ for _ in ()).throw(OSError(28, "No space")))
        with spill.shared() as kept:
            assert kept.keep(text) is text


def test_each_pairs_disagreements_are_found_in_packed_text_and_decoded_only_when_asked(monkeypatch):
    """The window lists one pair's disagreements: decoding the 320,000 of 10,000 articles to pick a pair's
    took 3.4 s; now only the rows shown are decoded."""
    import annotator.core.agreement.disagreement_list as disagreement_list

    tricky = Disagreement(
        'x", "a": "Z", {"document": "y\\\\', 'B "q"', "A", "entity", "only_a", 1, 2, (1, 2, "PER"), None
    )  # a name holding what starts an item, quotes and backslashes
    items = FIRST + SECOND + [tricky] + FIRST
    listed = DisagreementList(items[:2])
    for part in (items[2:4], items[4:6], items[6:]):
        packed = DisagreementList(part)
        packed.pack()
        listed.extend(packed)
    # a packed text not as disagreements_json_items writes it (keys in another order) is decoded instead
    odd = DisagreementList()
    odd._chunks, odd._length = (
        [disagreement_list._Packed(", ".join(json.dumps({"a": d.a, **d.to_json()}) for d in FIRST), 2)],
        2,
    )
    listed.extend(odd)
    items += FIRST

    def expected(pair):
        return [d for d in items if frozenset((d.a, d.b)) == pair]

    decoded = []
    monkeypatch.setattr(disagreement_list, "_decoded", lambda text: decoded.append(text) or _decode_all(text))
    by_pair = listed.by_pair()
    assert decoded == [listed._chunks[-1].text]  # only the odd one
    assert set(by_pair) == {frozenset(p) for p in (("A", "B"), ("A", "C"), ("B", "C"), ("A", 'B "q"'))}
    for pair, found in by_pair.items():
        assert len(found) == len(expected(pair)) and list(found) == expected(pair), pair
        assert found[-1] == expected(pair)[-1] and found[1:3] == expected(pair)[1:3]
        with pytest.raises(IndexError):
            found[len(found)]
    assert by_pair[frozenset(("A", 'B "q"'))][0] == tricky
    assert len(decoded) == 1  # reading the rows decoded items one by one, never a whole text


def _decode_all(text):
    return [_from_json(item) for item in json.loads("[" + text + "]")]


def _from_json(item):
    from annotator.core.agreement.disagreement_list import _disagreement

    return _disagreement(item)


def test_a_workers_run_encodes_each_batchs_disagreements_as_it_finds_them(project, monkeypatch):
    """Encoded once a batch is compared, while its objects are in the processor's cache, rather than all
    at the end (a worker's 5,000 articles: 3.23 -> 3.00 s of CPU); the objects are not kept."""
    from annotator.core.agreement import report as report_module
    from annotator.core.agreement.disagreement_list import _Packed
    from annotator.core.agreement.report import _Run, compare

    monkeypatch.setattr(report_module, "BATCH", 2)
    docs = _team_documents()
    project.import_documents(docs)
    schema, ids = project.schema.get(), [doc_id for doc_id, _ in project.documents.fingerprints().values()]
    run = _Run(schema, ["A", "B"])
    run.packing = True
    run.add_all(project.layer_rows(ids, ["A", "B"]), run.add_rows)
    chunks = run.listed._chunks
    assert run.disagreements == [] and len(chunks) == 3  # batches of 2, 2 and 1 documents
    assert all(isinstance(chunk, _Packed) for chunk in chunks)
    run.pack()
    assert not run.packing  # (what goes back to the main process adds no more)
    expected = compare(project.annotated_documents(), schema, ["A", "B"])
    assert run.report().json_text() == expected.json_text()
