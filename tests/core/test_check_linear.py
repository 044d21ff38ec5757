"""`annotator check` is linear in the size of the project (issue 22, item 2), measured without a clock.

SQLite's `substr` and `length` walk a UTF-8 text from its first character at every call, so a check that
calls them on a document's text once per span costs spans x document length (124 s on a 1,000,000-character
article). Here every connection the command opens gets counting versions of both functions (an
application-defined function overrides SQLite's own), and the characters they walk are counted: four times
the text and four times the spans must cost about four times as much, not sixteen. The memory the check's
Python side holds at its peak follows the largest document, not the number of documents."""

import random
import sqlite3
import tracemalloc

import pytest

from annotator.cli import main
from annotator.core import store as store_package
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project

WORDS = ("قال", "وزير", "الخارجية", "إن", "المحادثات", "مع", "واشنطن", "كانت", "صريحة", "ومفيدة", "😀", "CNN")


def article(chars: int, spans: int, seed: int = 1) -> AnnotatedDocument:
    """One paragraph of about `chars` characters with `spans` entity spans spread over it."""
    rng = random.Random(seed)
    words, pos, parts = [], 0, []
    while pos < chars:
        word = rng.choice(WORDS)
        words.append((pos, pos + len(word)))
        parts.append(word)
        pos += len(word) + 1
    text = " ".join(parts)
    step = len(words) // spans
    layer = [SpanRecord(f"T{i}", *words[i * step], rng.choice(["PER", "ORG", "GPE"])) for i in range(spans)]
    return AnnotatedDocument(f"doc-{seed}", text, layers=[Layer("A", layer)])


class Walks:
    """Counting `substr` and `length` for every connection the store opens: the characters SQLite's own
    versions would walk (its C code: a text is walked from its start up to the substring's end, or whole
    when the start counts from the right or its length is asked)."""

    def __init__(self):
        self.characters = 0

    def substr(self, x, y, z=None):
        if x is None or y is None:
            return None
        n = len(x)
        p1, p2, negative = y, (n if z is None else z), False
        if p2 < 0:
            negative, p2 = True, -p2
        if p1 < 0:
            p1 += n
            if p1 < 0:
                p2, p1 = max(p2 + p1, 0), 0
        elif p1 > 0:
            p1 -= 1
        elif p2 > 0:
            p2 -= 1
        if negative:
            p1 -= p2
            if p1 < 0:
                p2, p1 = p2 + p1, 0
        if isinstance(x, str):
            self.characters += n if y < 0 else min(n, p1 + p2)
        return x[p1 : p1 + p2]

    def length(self, x):
        if x is None:
            return None
        if isinstance(x, str):
            self.characters += len(x)
        return len(x)


@pytest.fixture
def walks(monkeypatch):
    counter = Walks()
    connect = store_package.connect

    def counting_connect(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.create_function("substr", 2, counter.substr, deterministic=True)
        conn.create_function("substr", 3, counter.substr, deterministic=True)
        conn.create_function("length", 1, counter.length, deterministic=True)
        return conn

    monkeypatch.setattr(store_package, "connect", counting_connect)
    return counter


def characters_walked(path, walks, capsys) -> int:
    walks.characters = 0
    capsys.readouterr()
    assert main(["check", str(path)]) == 0, capsys.readouterr()
    assert capsys.readouterr().out.startswith("ok: ")
    return walks.characters


def test_the_counting_functions_are_sqlite_s(tmp_path, walks):
    """The counting versions answer as SQLite's own do, so the check under them is the check."""
    plain = sqlite3.connect(":memory:")
    with Project(tmp_path / "p.annotator") as project:
        conn = project.store.conn  # opened through the counting connect
        for sql in (
            "substr('abc😀def', 3, 2)",
            "substr('abc😀def', -2)",
            "substr('abc😀def', 0, 2)",
            "substr('abc😀def', 5, -3)",
            "substr('abc😀def', -9, 3)",
            "substr('abc😀def', 2, -5)",
            "substr('abc😀def', -3, 1)",
            "substr('abc😀def', 9)",
            "length('abc😀def')",
        ):
            walks.characters = 0
            assert tuple(conn.execute(f"SELECT {sql}").fetchone()) == plain.execute(f"SELECT {sql}").fetchone(), sql
            assert walks.characters > 0
    plain.close()


def test_check_walks_text_in_proportion_to_the_project_not_spans_times_length(tmp_path, walks, capsys):
    """One long paragraph, then four times the text with four times the spans: the characters SQLite walks
    grow four times (the check before issue 22: sixteen times, and 124 s at 1,000,000 characters)."""
    sizes = {}
    for scale in (1, 4):
        path = tmp_path / f"p{scale}.annotator"
        with Project(path) as project:
            project.import_documents([article(20_000 * scale, 400 * scale)])
        sizes[scale] = characters_walked(path, walks, capsys)
    assert sizes[1] > 0  # the counters do count (the figures' own total of characters is one length())
    assert sizes[4] <= 5 * sizes[1], sizes


def test_check_holds_one_document_at_a_time(tmp_path, capsys):
    """The Python side of the check peaks at about the same memory for 40 documents as for 10 of the same
    size: it holds one document (text and spans) at a time, not the project."""
    peaks = {}
    for count in (10, 40):
        path = tmp_path / f"p{count}.annotator"
        with Project(path) as project:
            project.import_documents([article(30_000, 300, seed=i) for i in range(count)])
        with Project.for_check(path) as project:
            tracemalloc.start()
            try:
                assert project.check() == []
                peaks[count] = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
    assert peaks[40] < 1.5 * peaks[10], peaks


# ---- what the span check compares: code points, half-open ---------------------------------------------------

EMOJI_TEXT = "😀👍🏽 قالَ الوزيرُ 𝕏 إنّ «المحادثات» مع 🇵🇸 غزة e\u0301té" + " والقدس" * 10


def _damage(path, sql, *params):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


@pytest.fixture
def emoji_project(tmp_path):
    """Spans after emoji (astral characters, a skin-tone modifier, a flag) holding combining marks, an
    astral character, a flag, and a letter with a combining accent."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        doc = project.documents.add("d", EMOJI_TEXT)
        for word, label in (
            ("قالَ", "MISC"),
            ("الوزيرُ", "PER"),
            ("𝕏 إنّ", "MISC"),
            ("«المحادثات»", "MISC"),
            ("🇵🇸 غزة", "GPE"),
            ("e\u0301té", "MISC"),
        ):
            start = EMOJI_TEXT.index(word)
            project.spans.add(doc.id, "A", start, start + len(word), label)
    return path


def _span_lines(path, capsys):
    capsys.readouterr()
    code = main(["check", str(path)])
    out = capsys.readouterr().out.splitlines()
    return code, [line for line in out if line.startswith("span ")]


def test_spans_after_emoji_with_combining_marks_and_astral_characters_are_sound(emoji_project, capsys):
    """Offsets count code points (not UTF-8 bytes, not UTF-16 units): every span of the fixture fits."""
    assert _span_lines(emoji_project, capsys) == (0, [])


@pytest.mark.parametrize(
    ("word", "damaged"),
    [
        ("قالَ", "قالُ"),  # another combining mark (fatha to damma): as long, in characters and in bytes
        ("قالَ", "قال"),  # the mark gone (the offsets kept)
        ("الوزيرُ", "الوزيرِ"),  # damma to kasra, the last code point
        ("𝕏 إنّ", "𝕐 إنّ"),  # another astral character, as long in every encoding
        ("🇵🇸 غزة", "🇵🇹 غزة"),  # the flag's second regional indicator
        ("e\u0301té", "\u00e9té"),  # the same text composed (NFC): equal to the eye, not in code points
    ],
)
def test_a_span_whose_text_differs_only_in_a_mark_or_an_astral_character(emoji_project, capsys, word, damaged):
    """The stored text differs from the document's in one code point (a combining mark, an astral
    character) at the same offsets: check names that span, and only it."""
    _damage(emoji_project, "UPDATE spans SET text = ? WHERE text = ?", damaged, word)
    code, lines = _span_lines(emoji_project, capsys)
    assert code == 1 and len(lines) == 1, lines
    assert f"stored text {damaged!r} does not match the document" in lines[0]


@pytest.mark.parametrize("unit", ["utf-16", "utf-8"])
def test_a_span_at_the_offsets_another_encoding_counts(emoji_project, capsys, unit):
    """A span whose offsets count UTF-16 units or UTF-8 bytes (emoji come before it) is reported, though its
    stored text is the document's text at those offsets in that encoding."""
    word = "«المحادثات»"
    start = EMOJI_TEXT.index(word)
    width = 2 if unit == "utf-16" else 1
    wrong = len(EMOJI_TEXT[:start].encode(f"{unit}-le" if unit == "utf-16" else unit)) // width
    _damage(emoji_project, 'UPDATE spans SET start = ?, "end" = ? WHERE text = ?', wrong, wrong + len(word), word)
    code, lines = _span_lines(emoji_project, capsys)
    assert code == 1 and len(lines) == 1 and f"[{wrong}, {wrong + len(word)})" in lines[0], lines


@pytest.mark.parametrize("shift", [-1, 1])
def test_a_span_whose_end_alone_is_wrong(emoji_project, capsys, shift):
    """Start and text right, the end one code point off (ends are checked apart from texts, in SQL, on
    characters: the span after the emoji is still named)."""
    word = "«المحادثات»"
    _damage(emoji_project, 'UPDATE spans SET "end" = "end" + ? WHERE text = ?', shift, word)
    code, lines = _span_lines(emoji_project, capsys)
    start = EMOJI_TEXT.index(word)
    assert code == 1 and len(lines) == 1 and f"[{start}, {start + len(word) + shift})" in lines[0], lines
