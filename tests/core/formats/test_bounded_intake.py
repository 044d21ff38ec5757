"""Memory before refusal (issue 22, item 4): the limits of LIMITS hold while a file is read, so an
oversized input is refused after reading about the limit, never the whole file, and JSON nesting is
bounded before it is decoded. The limits are made small here; benchmarks/bench_intake_memory.py measures
the real ones on multi-GB files."""

import json
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core import intake_policy
from annotator.core.errors import InputError
from annotator.core.formats.registry import FORMATS
from annotator.core.intake_policy import LIMITS

KB = 1024


class _Counting:
    """A file handle that counts the bytes read through it."""

    def __init__(self, handle, counter: list[int]):
        self._handle, self._counter = handle, counter

    def read(self, *args):
        data = self._handle.read(*args)
        self._counter[0] += len(data)
        return data

    def readline(self, *args):
        data = self._handle.readline(*args)
        self._counter[0] += len(data)
        return data

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()


@pytest.fixture
def bytes_read(monkeypatch) -> list[int]:
    """How many bytes the importers read through the intake policy; reads in chunks of 4 KiB."""
    counter = [0]
    real_open = intake_policy.open_file
    monkeypatch.setattr(intake_policy, "open_file", lambda *a, **k: _Counting(real_open(*a, **k), counter))
    monkeypatch.setattr(intake_policy, "_CHUNK", 4 * KB)
    return counter


def refused(capsys, *args) -> str:
    capsys.readouterr()
    assert main(list(map(str, args))) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


# ---- CoNLL: a document (however its sentences are cut) is bounded while it is read -------------------


def _one_sentence(path, tokens: int) -> int:
    """A CoNLL file of one document holding one sentence of `tokens` tokens; its size in bytes."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("-DOCSTART- O\n\n")
        for i in range(tokens):
            handle.write("واشنطن B-GPE\n" if i % 10 == 0 else "كلمة O\n")
    return path.stat().st_size


def test_a_conll_sentence_over_the_document_limit_is_refused_after_reading_about_the_limit(
    tmp_path, monkeypatch, bytes_read
):
    monkeypatch.setattr(LIMITS, "document_chars", 20_000)  # about 4,000 tokens of 5 characters
    path = tmp_path / "long.conll"
    size = _one_sentence(path, 200_000)  # 50 times the limit
    with pytest.raises(InputError, match="more than the limit of 20000 characters") as err:
        FORMATS["conll"].read(path, annotator="A")
    assert err.value.file == str(path) and 3_000 < err.value.line < 5_000, err.value.line  # where the limit fell
    assert bytes_read[0] < 100 * KB < size // 20, f"read {bytes_read[0]} of {size} bytes"


def test_a_conll_file_is_read_in_memory_proportional_to_its_text(tmp_path):
    """Was: lists of tokens and tags per sentence, 500 MB to read a 2.4 MB file of one sentence."""
    path = tmp_path / "sentence.conll"
    size = _one_sentence(path, 200_000)
    tracemalloc.start()
    try:
        (doc,) = FORMATS["conll"].read(path, annotator="A")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(doc.text) == 1_039_999 and len(doc.layers[0].spans) == 20_000
    assert peak < 10 * size, f"{peak} bytes to read a file of {size}"


def test_a_conll_line_over_the_line_limit_is_refused_naming_it(tmp_path, monkeypatch, bytes_read):
    monkeypatch.setattr(LIMITS, "line_bytes", 64 * KB)
    path = tmp_path / "one-line.conll"
    path.write_bytes("قال O\n".encode() + b"x" * (50 * 64 * KB))
    with pytest.raises(InputError, match="longer than the limit of 65536 bytes; CoNLL lines hold one token") as err:
        FORMATS["conll"].read(path, annotator="A")
    assert err.value.line == 2 and bytes_read[0] < 2 * 64 * KB


def test_conll_reads_the_same_documents_as_before(tmp_path):
    path = tmp_path / "two.conll"
    path.write_text(
        "\ufeff-DOCSTART- O\n\nقال O\nبلينكن B-PER\n\n\n\nفي O\nرفح B-GPE\r\n"
        "-DOCSTART- O\n\nمجلس B-ORG\nالأمن I-ORG\nو O\nغزة I-GPE\n",
        encoding="utf-8",
    )
    docs = FORMATS["conll"].read(path, annotator="A")
    assert [(d.name, d.text, d.source_line) for d in docs] == [
        ("two-0001", "قال بلينكن\nفي رفح", 1),
        ("two-0002", "مجلس الأمن و غزة", 10),
    ]
    assert [[(d.text[s.start : s.end], s.label) for s in d.layers[0].spans] for d in docs] == [
        [("بلينكن", "PER"), ("رفح", "GPE")],
        [("مجلس الأمن", "ORG"), ("غزة", "GPE")],
    ]


# ---- JSONL and brat: one line is bounded, and so is recognising the format ---------------------------


def test_a_jsonl_line_without_newline_is_refused_after_reading_about_the_line_limit(
    tmp_path, capsys, monkeypatch, bytes_read
):
    monkeypatch.setattr(LIMITS, "line_bytes", 64 * KB)
    path = tmp_path / "no-newline.jsonl"
    path.write_bytes(b'{"name": "a", "text": "' + b"x" * (50 * 64 * KB))
    err = refused(capsys, "import", tmp_path / "p.annotator", path)  # the format is recognised first
    assert f"{path}:1: the line is longer than the limit of 65536 bytes" in err
    assert bytes_read[0] < 2 * 64 * KB


def test_recognising_a_jsonl_format_reads_only_the_start_of_a_huge_line(tmp_path, monkeypatch):
    """Was: the format check read the whole first line (4.2 GB for a 2 GB file without a newline)."""
    monkeypatch.setattr(LIMITS, "line_bytes", 1024 * KB)
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:  # sparse: no disk
        handle.write(b'{"text": "')
        handle.truncate(100 * 1024 * KB)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="longer than the limit"):
            from annotator.core.formats.registry import format_of

            format_of(path).read(path, annotator="A")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * KB, f"{peak} bytes for a 100 MB line"


def test_a_brat_ann_line_is_bounded_and_the_ann_never_read_whole(tmp_path, capsys, monkeypatch, bytes_read):
    monkeypatch.setattr(LIMITS, "line_bytes", 64 * KB)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d.txt").write_text("قال شيئا", encoding="utf-8")
    (folder / "d.ann").write_bytes(b"T1\tQUOTE 0 3\t" + b"x" * (50 * 64 * KB))
    err = refused(capsys, "import", tmp_path / "p.annotator", folder, "--annotator", "A")
    assert "d.ann:1: the line is longer than the limit of 65536 bytes; brat .ann lines hold one annotation" in err
    assert bytes_read[0] < 2 * 64 * KB


# ---- JSON nesting: bounded before decoding ------------------------------------------------------------


def test_a_first_line_nested_50000_deep_is_refused_not_a_recursion_error(tmp_path, capsys):
    """Was: exit 1 with "RecursionError ..." from recognising the format (no --format given)."""
    deep = "[" * 50_000 + "]" * 50_000
    for first in (deep, '{"name": "a", "text": "x", "meta": {"x": ' + deep + "}}"):
        path = tmp_path / "deep.jsonl"
        path.write_text(first + "\n", encoding="utf-8")
        err = refused(capsys, "import", tmp_path / "p.annotator", path)
        assert f"{path}:1: JSON nested deeper than 100 levels" in err, err


def test_deep_json_is_refused_before_it_is_decoded(monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded")

    monkeypatch.setattr(json, "loads", no_decoding)
    with pytest.raises(InputError, match="nested deeper than 100"):
        intake_policy.parse_json('{"a": ' + "[" * 101 + "]" * 101 + "}", "f.jsonl", 1)


@pytest.mark.parametrize(
    "text, depth",
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('{"a": "[[[[{{{", "b": [1, {"c": "\\"]]]"}]}', 3),  # brackets and escaped quotes inside strings
        ('["\\\\", [["\\\\\\"[["]]]', 3),  # an escaped backslash ends before the quote
        ('{"a": [1, 2', 2),
        ('["[[[', 1),  # not JSON: a bound, the decoder says why
    ],
)
def test_json_nesting_counts_brackets_outside_strings(text, depth):
    assert intake_policy.json_nesting(text) == depth
    if depth and text.endswith(("]", "}")):
        assert intake_policy.json_depth(json.loads(text)) == depth


# strings full of what the scan must see past: brackets, quotes, backslashes
_TRICKY_TEXT = st.text(alphabet='[]{}"\\ab\u0628\n', max_size=8)
_JSON_VALUES = st.recursive(
    st.none() | st.integers() | _TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY_TEXT, inner, max_size=3),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(_JSON_VALUES, st.booleans())
def test_json_nesting_is_the_decoded_values_depth(value, ascii_only):
    # both ways the scan answers (brackets left alone once adjacent quotes go, or strings split out) agree
    # with a walk of the decoded value
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert intake_policy.json_nesting(text) == intake_policy.json_depth(value)
    # and on the line's bytes as read (an import does not encode each line back)
    assert intake_policy.json_nesting(text, bytearray(text.encode("utf-8"))) == intake_policy.json_depth(value)


@pytest.mark.parametrize("depth, refused", [(99, False), (101, True)])
def test_a_line_read_across_chunks_is_bounded_on_its_bytes(tmp_path, depth, refused):
    # the second line starts before the reader's first 1 MiB chunk ends and ends after it (its bytes come
    # joined from two chunks); its nesting is measured on those bytes
    from annotator.core.formats import jsonl

    nested = "[" * (depth - 2) + "]" * (depth - 2)
    second = '{"name": "b", "text": "\\"قال\\"", "meta": {"x": ' + nested + "}}"
    path = tmp_path / "two.jsonl"
    first = json.dumps({"name": "a", "text": "ق" * (512 * 1024 - 40), "meta": {}}, ensure_ascii=False)  # ~1 MiB
    assert len(first.encode()) < 1024 * 1024 < len(first.encode()) + len(second.encode())
    path.write_text(first + "\n" + second + "\n", encoding="utf-8")
    if refused:
        with pytest.raises(InputError, match=f"{path}:2: JSON nested deeper than 100 levels"):
            list(jsonl.json_lines(path, "interchange"))
    else:
        assert [line for line, _ in jsonl.json_lines(path, "interchange")] == [1, 2]


def test_json_nesting_beyond_the_fast_passes_and_unpaired():
    deep = "[" * 40 + "]" * 40  # more passes than the fast count makes: the exact walk answers
    assert intake_policy.json_nesting(deep) == 40
    assert intake_policy.json_nesting("[[]" * 3) == 4  # brackets that never pair up: a bound
    assert intake_policy.json_nesting('{"a": [1}') == 2  # mismatched kinds count alike; the decoder refuses


# ---- lines read a block at a time (CoNLL, brat .ann) --------------------------------------------------
_PIECES = ["ا", "b", " ", "\n", "\r\n", "\r", "\x85", "\u2028", "😀", "\ufeff", "غزة\tB-GPE\n"]


def _lines_or_error(path, reader):
    try:
        return [item[:2] for item in reader(path, "CoNLL", "one token")]
    except InputError as exc:
        return (str(exc), exc.line)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.one_of(st.sampled_from(_PIECES), st.binary(max_size=3)), max_size=40),
    bom=st.booleans(),
    chunk=st.integers(1, 9),
    limit=st.integers(1, 12),
)
def test_lines_read_a_block_at_a_time_are_those_read_one_by_one(tmp_path_factory, pieces, bom, chunk, limit):
    # the same lines, numbers and refusals (a line over the limit, bytes that are not UTF-8) whatever the
    # line ends (only "\n" ends a line), the BOM, and where the reads cut lines and characters
    data = (b"\xef\xbb\xbf" if bom else b"") + b"".join(
        piece if isinstance(piece, bytes) else piece.encode("utf-8") for piece in pieces
    )
    path = tmp_path_factory.mktemp("lines") / "f.conll"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(intake_policy, "_CHUNK", chunk)
        patch.setattr(LIMITS, "line_bytes", limit)
        assert _lines_or_error(path, intake_policy.text_lines) == _lines_or_error(
            path, intake_policy.text_and_byte_lines
        )


def test_a_clean_file_is_decoded_a_block_at_a_time_not_a_line_at_a_time(tmp_path, monkeypatch):
    # CoNLL is millions of short lines: decoding each alone was most of reading 10,000 articles (12 s)
    path = tmp_path / "f.conll"
    path.write_text("-DOCSTART- O\n\n" + "غزة B-GPE\nقال O\n\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(intake_policy, "_checked", None)  # (the line-at-a-time path: not taken)
    lines = list(intake_policy.text_lines(path, "CoNLL"))
    assert len(lines) == 3002 and lines[2] == (3, "غزة B-GPE\n") and lines[-1] == (3002, "\n")
