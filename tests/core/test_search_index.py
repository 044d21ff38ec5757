"""The search index kept in the project (core/search_index.py, issue 27): its hits are exactly those of the
scan it replaces (`arabic.find` over every stored text, kept here as the reference), for every query mode;
it is written in the transaction that writes the texts (import, a new document, undo and redo of a
document), built for an older project when it is opened to write, checked by `annotator check`, and a
read-only search leaves the project byte-identical."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from annotator.cli import main
from annotator.core import arabic, search_index, search_lookup, store
from annotator.core.arabic import END_INVALID, START_SHARED, find, normalize_query
from annotator.core.demo import demo_documents
from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, Document, Layer, SpanRecord
from annotator.core.project import Project
from annotator.core.search import SearchHit, hits_json, search_project, with_labelled

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]
TRICKY = (DATA / "tricky.txt").read_text(encoding="utf-8")
NEWS = [doc.text for doc in demo_documents()]  # the five news articles (../shared/corpus/news)

QUERIES = [
    # hamza, alef, ى/ي, ة/ه, tashkeel and tatweel spellings of one word
    "إسرائيل",
    "اسرائيل",
    "إِسْرَائِيلُ",
    "اسرائـيـل",
    "الأمم",
    "الامم",
    "آلأمم",
    "غزة",
    "غزه",
    "مصطفى",
    "مصطفي",
    "نتنياهو",
    "نتنيـاهو",
    "الرئيس",
    "الرَّئِيسُ",
    # proclitic forms and stems
    "واشنطن",
    "لواشنطن",
    "وواشنطن",
    "أمم",
    "للأمم",
    "البيت",
    "بيت",
    "وبالبيت",
    "قال",
    "فقال",
    "ال",
    "و",
    "ل",
    "لل",
    "لا",
    "ﻻ",
    "حرب",
    # several words
    "الأمم المتحدة",
    "الامم المتحده",
    "للأمم المتحدة",
    "مجلس الأمن",
    "مجلس الأمن الدولي",
    "البيت الأبيض",
    "قال قال",
    "في غزة",
    "وزير الخارجية",
    "إسرائيل في حالة حرب",
    # punctuation, digits, Latin
    "قال:",
    "«",
    "،",
    "بايدن.",
    "(جهود",
    "- اليوم",
    "2024",
    "٢٠٢٤",
    "397",
    "CNN",
    "cnn",
    "#غزة",
    "غير موجود",
]


def reference(
    project: Project | list[Document], query: str, *, clitics: bool = True, teh_marbuta: bool = True
) -> list[tuple]:
    """The scan the index replaces: `find` over every stored text, in document order (of the project, or of
    its documents read once)."""
    documents = project if isinstance(project, list) else stored(project)
    return [
        (d.id, h.start, h.end, d.text[h.start : h.end], h.word_start)
        for d in documents
        for h in find(d.text, query, clitics=clitics, teh_marbuta=teh_marbuta)
    ]


def stored(project: Project) -> list[Document]:
    return [project.documents.get(summary.id) for summary in project.documents.list()]


def indexed(project: Project, query: str, **options) -> list[tuple]:
    return [(h.document_id, h.start, h.end, h.text, h.word_start) for h in project.search_index.find(query, **options)]


def generated(seed: int, documents: int) -> list[str]:
    """Texts made of the news articles' and the tricky lines' words, each spelt at random (hamza forms,
    tashkeel, tatweel, ZWNJ, a proclitic chain, a ligature) and joined by random separators (one space, line
    breaks, runs of spaces, punctuation, quotation marks), with repeated words and phrases."""
    rnd = random.Random(seed)
    vocabulary = sorted({w for text in [*NEWS, TRICKY] for w in text.split() if len(w) < 20})
    vocabulary += ["قال", "قال قال", "الأمم المتحدة", "للأمم المتحدة", "مجلس الأمن الدولي", "ﻻ", "لا", "واشنطن"]
    separators = [" "] * 12 + ["  ", "\n", "\n\n", "، ", ". ", ": ", " «", "» ", " - ", "\u200c ", " \u200f"]
    texts = []
    for _ in range(documents):
        words = []
        for _ in range(rnd.randint(1, 40)):
            word = rnd.choice(vocabulary)
            roll = rnd.random()
            if roll < 0.1:
                word = rnd.choice(["و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "ول", "فلل", "وب"]) + word
            elif roll < 0.2:
                word = word.replace("ا", "أ", 1).replace("ه", "ة", 1)
            elif roll < 0.3 and len(word) > 1:
                at = rnd.randrange(1, len(word))
                word = word[:at] + rnd.choice(["\u064e", "\u0651\u064f", "ـ", "\u200c", "\u0301"]) + word[at:]
            words.append(word)
            words.append(rnd.choice(separators))
        texts.append("".join(words[:-1]) if rnd.random() < 0.8 else "".join(words))
    return texts


def sampled_queries(texts: list[str], seed: int, count: int) -> list[str]:
    """Queries cut from the texts: one to three whole words, a stem after its first letters, re-spelt."""
    rnd = random.Random(seed)
    found = []
    for _ in range(count):
        text = rnd.choice(texts)
        words = text.split()
        if not words:
            continue
        at = rnd.randrange(len(words))
        query = " ".join(words[at : at + rnd.choice([1, 1, 1, 2, 3])])
        roll = rnd.random()
        if roll < 0.2 and len(query) > 3:
            query = query[rnd.randint(1, 3) :]
        elif roll < 0.3:
            query = query.replace("ا", "إ", 1)
        elif roll < 0.4:
            query = rnd.choice(["و", "ل", "ال", "بال"]) + query
        found.append(query)
    return found


def import_texts(project: Project, texts: list[str], prefix: str = "doc") -> None:
    project.import_documents(
        [AnnotatedDocument(f"{prefix}-{i:04d}", text) for i, text in enumerate(texts) if text.strip()]
    )


@pytest.fixture
def news_project(tmp_path):
    with Project(tmp_path / "news.annotator") as project:
        project.import_documents([*demo_documents(), AnnotatedDocument("tricky", TRICKY)])
        import_texts(project, TRICKY.splitlines(), "line")
        yield project


# ---- the same hits as the scan ------------------------------------------------------------------------------
def test_the_index_gives_the_scan_s_hits_on_the_news_and_the_tricky_lines(news_project):
    documents = stored(news_project)
    for number, query in enumerate(QUERIES + sampled_queries(NEWS + TRICKY.splitlines(), 1, 250)):
        for clitics in (True, False) if number % 3 == 0 else (True,):
            assert indexed(news_project, query, clitics=clitics) == reference(documents, query, clitics=clitics), query
    for query in QUERIES[:12]:  # ة kept apart from ه: the index folds them, so this scans
        assert indexed(news_project, query, teh_marbuta=False) == reference(news_project, query, teh_marbuta=False)


def test_the_index_gives_the_scan_s_hits_on_a_generated_corpus(tmp_path, small_segments):
    texts = generated(7, 160)
    with Project(tmp_path / "gen.annotator") as project:
        import_texts(project, texts[:100])
        for i, text in enumerate(texts[100:]):  # one by one, into half-full segments
            if text.strip():
                project.documents.add(f"single-{i}", text)
        assert project.store.search_index_state() == (search_index.fingerprint(), *(project.documents.count(),) * 2)
        documents = stored(project)
        for number, query in enumerate(QUERIES + sampled_queries(texts, 3, 250)):
            for clitics in (True, False) if number % 3 == 0 else (True,):
                assert indexed(project, query, clitics=clitics) == reference(documents, query, clitics=clitics), query


def test_one_word_is_answered_from_the_rows_alone(news_project):
    """No scan behind a word's hits: the rows give them (a query with punctuation scans the documents that
    hold its words)."""
    for query in ["واشنطن", "إسرائيل", "أمم", "الأمم", "قال", "لا", "غزة"]:
        parsed = search_lookup.Query.of(normalize_query(query))
        rows = [(w, g, search_index.decode(s, b)) for w, g, s, b in news_project.store.search_rows(parsed.keys())]
        hits, scan = search_lookup.lookup(parsed, rows)
        assert hits and scan == set()
    parsed = search_lookup.Query.of(normalize_query("قال:"))
    rows = [(w, g, search_index.decode(s, b)) for w, g, s, b in news_project.store.search_rows(parsed.keys())]
    assert search_lookup.lookup(parsed, rows)[1]


def test_hits_of_several_words_never_overlap(project):
    text = "قال قال قال وقال قال\nقال قال"
    project.documents.add("d", text)
    for query in ["قال قال", "قال قال قال", "وقال قال"]:
        assert indexed(project, query) == reference(project, query)
    assert [h[1] for h in indexed(project, "قال قال")] == [0, 13, 21]  # وقال holds one; the line break is a space


def test_words_lists_what_find_matches():
    """`arabic.words`, made per word in comprehensions, against a plain loop over the normalised words."""
    from annotator.core.arabic import _DROPPED_MARKS, BLANK_AFTER, SPACE_AFTER, _is_mark, _normalize
    from annotator.core.tokens import word_pattern

    def plainly(text):
        norm = _normalize(text, True)
        found: list[list] = []
        previous = 0  # the normalised end of the word before
        for word in word_pattern().finditer(norm.text):
            a, b = word.span()
            start, end = norm.origin[a], norm.origin[b - 1] + 1
            while end < len(text) and text[end] in _DROPPED_MARKS:
                end += 1
            flags = START_SHARED if a and norm.origin[a - 1] == norm.origin[a] else 0
            flags |= END_INVALID if norm.origin[b] == norm.origin[b - 1] or _is_mark(text, end) else 0
            if found and norm.text[previous:a] == " ":
                found[-1][3] |= BLANK_AFTER | (SPACE_AFTER if text[found[-1][2] : start] == " " else 0)
            found.append([word.group(), start, end, flags])
            previous = b
        return [tuple(w) for w in found]

    for text in [*NEWS, TRICKY, *TRICKY.splitlines(), *generated(5, 200), "ﻻ", "لا\u0301 ب", "  ـ ", "cafe\u0301 x"]:
        assert list(zip(*arabic.words(text), strict=True)) == plainly(text), text


# ---- building the rows fast: the same rows as `arabic.words` gives -----------------------------------------
SPLIT_RUNS = [  # runs of word characters that are not one whole word once normalised, and breaks around them
    "بـ لـ",
    "قال بـ الأمم لـ واشنطن",
    "بـ ـل",
    "ـبـ ـلـ",
    "قال ـ قال",
    "ـ",
    "ـ ـ",
    "ـقال قالـ x",
    "قال\u200c قال \u200cقال",
    "قال \u064e قال",
    "a ﷼ b",
    "x\n\n  y:\t z «ب» ، ي",
    "",
    " ",
]


@pytest.mark.parametrize("known_words", [200_000, 5])
def test_index_words_gives_words_answer(monkeypatch, known_words):
    """`arabic.index_words` (the text split where it is stored, each word's key looked up) against `words`
    (the whole text normalised, its offset map): the same keys, starts, flags, and each word's spelling;
    also when the table of known words fills up and is replaced as texts come (`known_words`: its size)."""
    monkeypatch.setattr(arabic, "_WORD_CACHE_LIMIT", known_words)
    monkeypatch.setattr(arabic, "_WORD_KEYS", [arabic._WordKeys()])
    texts = [*NEWS, TRICKY, *TRICKY.splitlines(), *generated(5, 300), *SPLIT_RUNS, "ﻻ", "لا\u0301 ب", "cafe\u0301 x"]
    for text in [*texts, *texts[-20:]]:  # twice: the runs' keys known the second time
        found = arabic.words(text)
        spelt = [text[a:b] for a, b in zip(found.starts, found.ends, strict=True)]
        assert arabic.index_words(text) == (found.keys, found.starts, found.flags, spelt), text


def test_built_rows_are_those_of_words(small_segments):
    """`search_index.build` against the rows made plainly from `arabic.words`: per segment and word, every
    occurrence in (document, start) order, its spelling's index in order of first use and its flags."""
    texts = [*NEWS, *TRICKY.splitlines(), *generated(11, 60), *SPLIT_RUNS]
    documents = [(i, text) for i, text in enumerate(texts, 3) if text]
    expected: dict[int, dict[str, tuple[list, list, list, list]]] = {}
    for document_id, text in documents:
        found = arabic.words(text)
        rows = expected.setdefault(search_index.segment_of(document_id), {})  # (a segment without words: {})
        for key, start, end, flags in zip(*found, strict=True):
            docs, starts, infos, spellings = rows.setdefault(key, ([], [], [], []))
            if text[start:end] not in spellings:
                spellings.append(text[start:end])
            docs.append(document_id % search_index.SEGMENT)
            starts.append(start)
            infos.append(spellings.index(text[start:end]) << search_index.FLAG_BITS | flags)
    built = search_index.build(documents)
    assert {
        segment: {word: (list(p.docs), list(p.starts), list(p.infos), p.spellings) for word, p in rows.items()}
        for segment, rows in built.items()
    } == expected


def test_a_row_is_stored_as_its_arrays_each_in_the_fewest_bytes_uncompressed():
    # zlib took an import of 10,000 articles 1.05 s of 15 to halve these rows (issue 27 item 2). Starts
    # take 2 bytes (4 past a text's 65,536th character); infos (spelling << 4 | flags) one byte for a word
    # of at most 16 spellings, 2 for more (قال written with one of 8 marks on one of its 3 letters: 25)
    marks = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
    spelt = " ".join("قال"[: k + 1] + mark + "قال"[k + 1 :] for k in range(3) for mark in marks)
    long_text = "قال " * 20_000 + "غزة " + spelt
    rows = search_index.build([(1, long_text), (2, NEWS[0])])[0]

    def width(values, one_byte):
        return 1 if one_byte else 2 if max(values) < 65536 else values.itemsize

    widths = set()
    for word, postings in rows.items():
        spellings, blob = search_index.encode(postings)
        sizes = [width(postings.starts, False), width(postings.infos, len(postings.spellings) <= 16)]
        widths.add(tuple(sizes))
        assert len(blob) == 7 + len(postings) * (2 + sum(sizes)), word
        assert blob[:1] == bytes([search_index.FORMAT]) and spellings == "\x00".join(postings.spellings)
        if sizes[1] == 1:
            assert blob.endswith(bytes(postings.infos.tolist()))
        again = search_index.decode(spellings, blob)
        assert [again.docs.tolist(), again.starts.tolist(), again.infos.tolist(), again.spellings] == [
            postings.docs.tolist(),
            postings.starts.tolist(),
            postings.infos.tolist(),
            postings.spellings,
        ]
    assert len(rows["قال"].spellings) == 25 and {(2, 1), (4, 1), (4, 2)} <= widths  # each width met


def test_rows_survive_their_stored_form():
    built = search_index.build([(3, NEWS[0]), (1, TRICKY), (2, NEWS[1])])
    for rows in built.values():
        for postings in rows.values():
            again = search_index.decode(*search_index.encode(postings))
            assert (list(again.docs), list(again.starts), list(again.infos), again.spellings) == (
                list(postings.docs),
                list(postings.starts),
                list(postings.infos),
                postings.spellings,
            )
    # merging two documents' rows in either order gives the rows of both
    one, two = search_index.build([(1, NEWS[0])])[0], search_index.build([(2, NEWS[0])])[0]
    both = search_index.build([(1, NEWS[0]), (2, NEWS[0])])[0]
    for word, postings in both.items():
        for merged in (
            search_index.merge(one.get(word), two.get(word)),
            search_index.merge(two.get(word), one.get(word)),
        ):
            assert merged is not None and list(merged.entries()) == list(postings.entries())


# ---- search_project: the old search's hits, labelled state only when asked --------------------------------
def test_search_project_gives_the_old_search_s_hits_and_labelled_state(news_project):
    first = news_project.documents.by_name(demo_documents()[0].name)
    at = first.text.index("إسرائيل")
    news_project.spans.add(first.id, "A", at, at + 7, "GPE")
    news_project.spans.add(first.id, "B", at, at + 7, "ORG")
    quote = first.text.index("الأمم")
    news_project.spans.add(first.id, "A", quote - 5, quote + 20, "QUOTE")

    def old(query, inside_label=None, document_names=None):  # the search before the index, in full
        if document_names:
            documents = [news_project.documents.by_name(name) for name in document_names]
        else:
            documents = [news_project.documents.get(s.id) for s in news_project.documents.list()]
        hits = []
        for document in documents:
            spans = news_project.spans.for_document(document.id)
            exact = {}
            for span in spans:
                exact.setdefault((span.start, span.end), []).append((span.annotator, span.label))
            containers = [(s.start, s.end) for s in spans if s.label == inside_label]
            for hit in find(document.text, query):
                if inside_label is not None and not any(a <= hit.start and hit.end <= b for a, b in containers):
                    continue
                hits.append(
                    (
                        document.id,
                        document.name,
                        hit.start,
                        hit.end,
                        document.text[hit.start : hit.end],
                        hit.word_start,
                        tuple(sorted(exact.get((hit.start, hit.end), ()))),
                    )
                )
        return hits

    names = [demo_documents()[2].name, demo_documents()[0].name]
    for query in ["إسرائيل", "الأمم", "الأمم المتحدة", "قال", "غزة"]:
        assert [tuple(h) for h in search_project(news_project, query)] == old(query)
        assert [tuple(h) for h in search_project(news_project, query, inside_label="QUOTE")] == old(query, "QUOTE")
        assert [tuple(h) for h in search_project(news_project, query, document_names=names)] == old(query, None, names)
        bare = search_project(news_project, query, labelled=False)
        assert all(h.labelled == () for h in bare)
        assert [tuple(h) for h in with_labelled(news_project, bare)] == old(query)
    [marked] = [h for h in search_project(news_project, "إسرائيل") if h.start == at and h.document_id == first.id]
    assert marked.labelled == (("A", "GPE"), ("B", "ORG"))


def test_the_json_search_reads_no_span(news_project, monkeypatch, capsys):
    path = news_project.path
    news_project.close()
    from annotator.core.store import Store

    def refused(*_args, **_kwargs):
        raise AssertionError("a span was read")

    for name in ("span_labels_at", "label_ranges", "spans_of", "layer_rows", "layer_rows_of_documents"):
        monkeypatch.setattr(Store, name, refused)
    assert main(["search", str(path), "إسرائيل", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found) > 5 and {"doc", "start", "end", "text"} == set(found[0])


def test_the_names_kept_for_search_follow_every_write(tmp_path):
    """A query whose hits are in most documents reads every name once and keeps them: a document written
    here, or anything another program commits, makes them read again."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents([AnnotatedDocument(f"d{i}", f"قال {i}") for i in range(3)])
        kept = project.store._every_name(read=True)  # type: ignore[attr-defined]
        assert kept == {1: "d0", 2: "d1", 3: "d2"} and project.store._every_name() is kept  # type: ignore
        project.documents.add("d3", "قال 3")  # written here
        assert [h.document for h in search_project(project, "قال")] == ["d0", "d1", "d2", "d3"]
        project.store._every_name(read=True)  # type: ignore[attr-defined]
        with sqlite3.connect(path) as other:  # another program (no such rename exists: its effect is clear)
            other.execute("UPDATE documents SET name = 'renamed' WHERE id = 1")
        other.close()
        assert project.store._every_name() is None  # type: ignore[attr-defined]
        assert project.store.document_names([1]) == {1: "renamed"}


def test_a_phrase_searched_first_reads_the_names_of_its_hits_documents_only(tmp_path, monkeypatch):
    """Every document holds the phrase's words, one holds the phrase: its hits are made first and only that
    document's name is read (a fresh command-line search of مجلس الأمن الدولي read every holder's name)."""
    path = tmp_path / "p.annotator"
    texts = ["قرار مجلس الأمن الدولي"] + [f"الأمن {i} في مجلس الدولي" for i in range(40)]
    with Project(path) as project:
        project.import_documents([AnnotatedDocument(f"d{i:02d}", text) for i, text in enumerate(texts)])
    with Project(path, read_only=True) as project:
        asked: list[set[int]] = []
        read = project.store.document_names
        monkeypatch.setattr(project.store, "document_names", lambda ids: asked.append(set(ids)) or read(ids))
        hits = search_project(project, "مجلس الأمن الدولي", labelled=False)
        assert [(h.document, h.text) for h in hits] == [("d00", "مجلس الأمن الدولي")]
        assert asked == [{1}]
        assert [h.document for h in search_project(project, "مجلس الدولي", labelled=False)] == [
            f"d{i:02d}" for i in range(1, 41)
        ]


def test_the_json_of_the_hits_is_json_dumps_own():
    """`annotator search --json` prints what json.dumps(indent=1) prints, made without its Python encoder."""
    rnd = random.Random(5)
    characters = ['"', "\\", "\n", "\t", "\x01", "\x7f", "ا", "😀", "\u2028", "a", " ", "/", "\u200f"]

    def some():
        return "".join(rnd.choice(characters) for _ in range(rnd.randint(0, 8)))

    for _ in range(200):
        hits = [
            SearchHit(i, some(), rnd.randint(0, 10**6), rnd.randint(0, 10**6), some(), 0)
            for i in range(rnd.randint(0, 4))
        ]
        assert hits_json(hits) == json.dumps([hit.as_json() for hit in hits], ensure_ascii=False, indent=1)


# ---- written with the texts, in their transaction ----------------------------------------------------------
def _rows(project: Project) -> tuple[int, int]:
    conn = project.store.conn  # type: ignore[attr-defined]
    return (
        conn.execute("SELECT count(*) FROM search_words").fetchone()[0],
        conn.execute("SELECT count(*) FROM search_documents").fetchone()[0],
    )


def test_an_import_writes_the_index_and_a_failed_one_leaves_none(project):
    bad = AnnotatedDocument("bad", "قال أحمد", layers=[Layer("A", spans=[SpanRecord("T1", 0, 99, "PER")])])
    with pytest.raises(InputError):
        project.import_documents([AnnotatedDocument("good", "واشنطن تقول"), bad])
    assert _rows(project) == (0, 0) and project.search_index.find("واشنطن") == []
    project.import_documents([AnnotatedDocument("good", "واشنطن تقول")])
    assert _rows(project) == (2, 1)
    assert indexed(project, "واشنطن") == reference(project, "واشنطن") != []


def test_a_document_added_in_a_transaction_that_fails_leaves_no_row(project):
    with pytest.raises(RuntimeError), project.store.transaction():
        project.documents.add("d", "قال الرئيس")
        raise RuntimeError("after the document")
    assert _rows(project) == (0, 0)
    project.documents.add("d", "قال الرئيس")
    assert _rows(project) == (2, 1) and indexed(project, "رئيس") == reference(project, "رئيس") != []


def test_the_index_follows_a_document_written_by_undo_and_redo(small_segments, project):
    """A document deleted, brought back and given another text through the store's apply_change (what undo
    and redo use on any record) takes its index rows with it, in the same transaction."""
    assert project.store.search_index_state()[0] == search_index.fingerprint()
    for i in range(6):
        project.documents.add(f"d{i}", f"نص رقم {i} عن واشنطن")
    doc = project.documents.by_name("d2")
    with project.store.transaction():
        project.store.apply_change(doc, None)
    assert [h[0] for h in indexed(project, "واشنطن")] == [1, 2, 4, 5, 6]
    assert indexed(project, "2") == []
    with project.store.transaction():
        project.store.apply_change(None, doc)  # back under its own id, among the others of its segment
    assert indexed(project, "واشنطن") == reference(project, "واشنطن") and len(indexed(project, "واشنطن")) == 6
    text = "ألغت إسرائيل القرار"
    changed = replace(doc, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    with project.store.transaction():
        project.store.apply_change(doc, changed)
    assert indexed(project, "واشنطن") == reference(project, "واشنطن") and len(indexed(project, "واشنطن")) == 5
    assert indexed(project, "اسرائيل") == [(doc.id, 5, 12, "إسرائيل", 5)]
    with pytest.raises(RuntimeError), project.store.transaction():
        project.store.apply_change(changed, None)
        raise RuntimeError("rolled back")
    assert indexed(project, "اسرائيل") == [(doc.id, 5, 12, "إسرائيل", 5)] and project.check() == []


def _all_rows(project: Project) -> list[tuple]:
    conn = project.store.conn  # type: ignore[attr-defined]
    return [
        *conn.execute("SELECT word, segment, spellings, postings FROM search_words ORDER BY word, segment"),
        *conn.execute("SELECT document_id, sha256 FROM search_documents ORDER BY document_id"),
    ]


def test_a_large_import_is_indexed_in_a_forked_process_to_the_same_rows(tmp_path, monkeypatch, small_segments):
    """Batches of an import indexed beside (with their token counts, by one process for the import; the rows
    held until the next batch is past their segment) give the rows one batch indexed here gives, and so
    does a rebuild (every other segment in a forked process of its own)."""
    from annotator.core import batch_analysis, ingest
    from annotator.core.store import search as store_search

    texts = generated(11, 40)
    found = []
    for background, batch in ((10**9, 10**6), (2, 10**6), (1, 3), (2, 7)):
        monkeypatch.setattr(store_search, "BACKGROUND_FROM", background)
        monkeypatch.setattr(batch_analysis, "BACKGROUND_FROM", background)
        monkeypatch.setattr(ingest, "BATCH", batch, raising=False)  # (the import reads BATCH documents at a time)
        with Project(tmp_path / f"p{background}-{batch}.annotator") as project:
            import_texts(project, texts[:30])
            import_texts(project, texts[30:], "later")  # into the half-full last segment
            found.append(_all_rows(project))
            with project.store.transaction():  # built again: every other segment in a forked process
                assert project.store.rebuild_search_index() == project.documents.count()
            assert _all_rows(project) == found[-1]
    assert found[0] != [] and all(rows == found[0] for rows in found)

    def killed(*_args):
        os._exit(1)

    monkeypatch.setattr(batch_analysis, "_analyse_into", killed)  # the process dies: indexed here instead
    with Project(tmp_path / "killed.annotator") as project:
        import_texts(project, texts)
        assert _all_rows(project) == found[0]


def test_a_batch_indexed_beside_is_written_at_the_next_batch_or_the_commit(project, monkeypatch):
    """An import's batch is indexed in a forked process until the next batch is written or the transaction
    commits; a batch whose savepoint was rolled back meanwhile leaves no row, a rolled back transaction
    none at all."""
    from annotator.core.store import search as store_search
    from annotator.core.values import sha256

    monkeypatch.setattr(store_search, "BACKGROUND_FROM", 1)
    store_ = project.store

    def batch(*texts):
        first = store_.next_document_id()
        return [Document(first + k, f"b{first + k}", text, sha256(text), {}) for k, text in enumerate(texts)]

    with store_.transaction():
        store_.add_imported(batch("قال الرئيس", "زار الرئيس غزة"), [], [])
        assert store_._pending_index  # type: ignore[attr-defined]
        with pytest.raises(RuntimeError), store_.transaction():  # a savepoint
            store_.add_imported(batch("وصل الوزير إلى واشنطن"), [], [])
            raise RuntimeError("the second batch goes")
        store_.add_imported(batch("قال الوزير"), [], [])
    assert store_._pending_index == ()  # type: ignore[attr-defined]
    assert project.store.search_index_state()[1:] == (3, 3)
    for query in ("قال", "الوزير", "واشنطن", "الرئيس"):
        assert indexed(project, query) == reference(project, query)
    assert indexed(project, "واشنطن") == []
    with pytest.raises(RuntimeError), store_.transaction():
        store_.add_imported(batch("نص آخر"), [], [])
        raise RuntimeError("all of it goes")
    assert store_._pending_index == () and project.store.search_index_state()[1:] == (3, 3)  # type: ignore
    assert indexed(project, "آخر") == []


def test_rows_made_for_an_import_are_taken_a_batch_late_and_a_rolled_back_batch_leaves_none(project):
    """The rows the import's own process makes (`made`) are taken as the batch after next is written
    (`ROWS_MADE_LAG`), so its start and a slow batch are made up for, not waited for; the index is the one
    built from the texts, and a batch whose savepoint was rolled back meanwhile leaves no row."""
    from annotator.core.batch_analysis import AnalysedBatch
    from annotator.core.values import sha256

    store_ = project.store
    taken: list[str] = []

    class Made:
        def __init__(self, documents):
            self.made = AnalysedBatch(None, [(d.id, d.text) for d in documents])
            self.name = documents[0].name

        def result(self):
            taken.append(self.name)
            return self.made.result()

        def close(self):
            pass

    def add(*texts):
        first = store_.next_document_id()
        documents = [Document(first + k, f"b{first + k}", text, sha256(text), {}) for k, text in enumerate(texts)]
        store_.add_imported(documents, [], [], Made(documents))
        return documents[0].name

    with store_.transaction():
        first = add("قال الرئيس", "زار الرئيس غزة")
        second = add("قال الوزير")
        assert taken == []  # the first batch's rows are not asked for yet
        third = add("وصل الوزير إلى القاهرة")
        assert taken == [first]
        with pytest.raises(RuntimeError), store_.transaction():  # a savepoint: what is owed is taken first
            add("وصل الوزير إلى واشنطن")
            raise RuntimeError("this batch goes")
        assert taken[1:] == [second, third]
        add("قال المتحدث")
    assert store_._pending_index == () and project.store.search_index_state()[1:] == (5, 5)  # type: ignore
    for query in ("قال", "الوزير", "القاهرة", "الرئيس", "المتحدث"):
        assert indexed(project, query) == reference(project, query) != []
    assert indexed(project, "واشنطن") == []


# ---- built for an older project; stale or missing ----------------------------------------------------------
def _version_eight(path: Path, texts: list[str]) -> None:
    db = sqlite_utils.Database(path)
    store.migrations.apply(db, stop_before="m009_search_index")
    db.execute("PRAGMA user_version = 8")
    for i, text in enumerate(texts):
        db.execute(
            "INSERT INTO documents (name, text, sha256, meta) VALUES (?, ?, ?, '{}')",
            [f"d{i}", text, hashlib.sha256(text.encode()).hexdigest()],
        )
    db.conn.commit()
    db.close()


def test_opening_an_older_project_builds_the_index(tmp_path):
    path = tmp_path / "v8.annotator"
    _version_eight(path, [*NEWS, TRICKY])
    before = path.read_bytes()
    with Project(path, read_only=True) as project:  # read-only: migrated in memory, and search scans
        assert project.store.search_index_state()[0] is None
        assert indexed(project, "الأمم المتحدة") == reference(project, "الأمم المتحدة") != []
    assert path.read_bytes() == before
    with Project(path) as project:
        assert project.schema_version == store.SCHEMA_VERSION
        fingerprint, documents, held = project.store.search_index_state()
        assert fingerprint == search_index.fingerprint() and documents == held == 6
        for query in QUERIES:
            assert indexed(project, query) == reference(project, query), query
        assert project.check() == []


def test_an_index_of_other_matching_rules_is_built_again_and_meanwhile_scanned(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents([*demo_documents()])
        project.set_setting("search_index", "index 0 made by another version")
        project.store.conn.execute("DELETE FROM search_documents WHERE document_id = 2")  # type: ignore[attr-defined]
        assert indexed(project, "إسرائيل") == reference(project, "إسرائيل") != []  # scanned
    with Project(path, read_only=True) as project:
        assert indexed(project, "إسرائيل") == reference(project, "إسرائيل")
    with Project(path) as project:  # opening to write builds it again
        assert project.store.search_index_state() == (search_index.fingerprint(), 5, 5)
        assert indexed(project, "إسرائيل") == reference(project, "إسرائيل")


def test_documents_the_index_lacks_are_scanned_then_added_on_opening(tmp_path):
    """As a rescued project's are (the rescue copies documents, not the index); the one indexed from another
    text (its rows gone here) is what `check` reports."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents([*demo_documents()])
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM search_words")
        conn.execute("DELETE FROM search_documents")
        conn.execute("INSERT INTO search_documents VALUES (1, 'not its sha256')")
    conn.close()
    with Project(path, read_only=True) as project:
        assert project.store.unindexed_documents() == [2, 3, 4, 5]
        assert indexed(project, "قال") == [h for h in reference(project, "قال") if h[0] != 1] != []
    with Project.for_check(path) as project:
        [problem] = project.check()
        assert "search index" in problem and demo_documents()[0].name in problem
    with Project(path) as project:
        assert project.store.unindexed_documents() == []
        assert indexed(project, "قال") == [h for h in reference(project, "قال") if h[0] != 1]


def test_search_scans_when_the_index_tables_are_gone_under_it(tmp_path):
    """A backup from before the index restored under an open window (the backup API replaces the content
    the window reads): search scans until the project is opened again, which migrates and builds it."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents([*demo_documents()])
        with sqlite3.connect(path) as other:
            other.execute("DROP TABLE search_words")
            other.execute("DROP TABLE search_documents")
        other.close()
        assert indexed(project, "الأمم المتحدة") == reference(project, "الأمم المتحدة") != []


def test_check_names_a_document_indexed_from_another_text(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents([*demo_documents()])
        assert project.check() == []
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE search_documents SET sha256 = 'x' WHERE document_id = 3")
    conn.close()
    with Project.for_check(path) as checked:
        problems = checked.check()
    assert len(problems) == 1 and demo_documents()[2].name in problems[0] and "annotator rescue" in problems[0]


# ---- read-only search --------------------------------------------------------------------------------------
def test_a_read_only_search_leaves_the_project_and_its_log_byte_identical(tmp_path, capsys):
    """A window that saved a document (and its index rows) and was killed: its -wal holds them. Searching
    reads them there, and changes no byte of the file or the log."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents([*demo_documents()])
    script = (
        "import os, sys\nfrom annotator.core.project import Project\np = Project(sys.argv[1])\n"
        "p.documents.add('saved', 'قال الرئيس في بيروت إن الأمم المتحدة')\nos._exit(0)"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, cwd=ROOT)
    files = [path, Path(f"{path}-wal")]
    before = [f.read_bytes() for f in files]
    assert before[1]
    for query in ["بيروت", "الأمم المتحدة", "قال الرئيس"]:
        assert main(["search", str(path), query, "--json"]) == 0
        found = json.loads(capsys.readouterr().out)
        assert "saved" in {hit["doc"] for hit in found}
        assert main(["search", str(path), query, "--bidi", "off"]) == 0
        assert "saved" in capsys.readouterr().out
    with Project(path, read_only=True) as project:
        assert [h.document for h in search_project(project, "بيروت")] == ["saved"]
    capsys.readouterr()
    assert [f.read_bytes() for f in files] == before


def test_the_rows_of_a_document_hold_its_spellings(news_project):
    doc = news_project.documents.by_name("tricky")
    rows = search_index.build([(doc.id, doc.text)])[search_index.segment_of(doc.id)]
    for word, postings in rows.items():
        for _, start, info in postings.entries():
            spelling = postings.spellings[info >> 4]
            assert doc.text[start : start + len(spelling)] == spelling and normalize_query(spelling) == word
    assert isinstance(doc, Document)


def test_rows_held_for_the_next_batch_survive_a_batch_that_fails_while_written(project, monkeypatch):
    """The rows held from a batch (its last segment's) go into the next batch's worker; when writing that
    batch fails and the caller goes on in the same transaction, they are held again, not lost with it."""
    from annotator.core.store import search as store_search
    from annotator.core.values import sha256

    monkeypatch.setattr(store_search, "BACKGROUND_FROM", 1)
    store_ = project.store

    def batch(*texts, first=None):
        first = store_.next_document_id() if first is None else first
        return [Document(first + k, f"b{first + k}", text, sha256(text), {}) for k, text in enumerate(texts)]

    with store_.transaction():
        store_.add_imported(batch("قال الرئيس", "زار الرئيس غزة"), [], [])
        store_.add_imported(batch("وصل الوزير"), [], [])  # the first batch's rows now held, carried into it
        taken = store_.next_document_id() - 1
        with pytest.raises(sqlite3.IntegrityError):  # an id already taken: none of its rows goes in
            store_.add_imported(batch("وصل الوفد إلى واشنطن", first=taken), [], [])
        store_.add_imported(batch("قال الوزير"), [], [])
    assert project.store.search_index_state()[1:] == (4, 4)
    for query in ("قال", "الوزير", "غزة", "الرئيس", "وصل", "واشنطن"):
        assert indexed(project, query) == reference(project, query)
    assert indexed(project, "غزة") != [] and indexed(project, "واشنطن") == []
