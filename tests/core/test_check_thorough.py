"""`annotator check` finds damage to what the program trusts later without looking again (issue 22, item 3):
history events that no longer decode, a stored schema that does not parse, is invalid, or lacks a name the
data uses, settings and other stored JSON that do not parse, suggestions that no longer fit their document.
Each finding is one line saying how to recover, and `annotator check` exits 1. The damage is made with
plain SQL, as a disk error or another program would leave it."""

import json
import sqlite3

import pytest

from annotator.cli import main
from annotator.core.project import Project

TEXT = "قال وزير الخارجية إن المحادثات مع إسرائيل كانت «صريحة ومفيدة» في واشنطن"


def _at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.fixture
def sound(tmp_path):
    """A project using every kind of thing check looks at: spans with attributes, relations, a stance, a
    status, a suggestion, a curation mark, undo and redo in the history, a schema edit, a setting."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        doc = project.documents.add("d", TEXT, {"source": "test"})
        quote = project.spans.add(doc.id, "A", *_at("«صريحة ومفيدة»"), "QUOTE", {"kind": "direct"})
        cue = project.spans.add(doc.id, "A", *_at("قال"), "CUE")
        speaker = project.spans.add(doc.id, "A", *_at("وزير"), "PER")
        project.relations.add("CUE", quote.id, cue.id)
        project.relations.add("SPEAKER", quote.id, speaker.id)
        project.spans.add(doc.id, "A", *_at("واشنطن"), "GPE")
        undone = project.spans.add(doc.id, "A", *_at("المحادثات"), "MISC")
        project.history.undo("A")
        project.history.redo("A")
        project.spans.delete(undone.id)
        project.doc_labels.set(doc.id, "A", "stance", "إسرائيل", "FAVOR")
        project.status.set(doc.id, "A", "done")
        start, end = _at("إسرائيل")
        project.suggestions.add_many(
            "A",
            [
                {
                    "document_id": doc.id,
                    "source": "gazetteer",
                    "start": start,
                    "end": end,
                    "label": "GPE",
                    "extra": {"entry": "إسرائيل"},
                }
            ],
        )
        project.curation_marks.reject(doc.id, "entity", *_at("الخارجية"))
        project.suggestions.set_cue_lexicon(["قال", "أكد"])
        assert project.check() == []
    return path


def _damage(path, *statements):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")  # damage does not ask
    for statement in statements:
        conn.execute(*statement) if isinstance(statement, tuple) else conn.execute(statement)
    conn.commit()
    conn.close()


def _check(path, capsys):
    capsys.readouterr()
    code = main(["check", str(path)])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def _found(path, capsys, *words):
    """Check the project through the command line: it must fail, and one line must hold every word and say
    how to recover. Returns that line."""
    code, lines, err = _check(path, capsys)
    assert code == 1, lines
    assert "problems found" in err and "Traceback" not in err
    matching = [line for line in lines if all(w in line for w in words)]
    assert matching, lines
    assert all("restore a backup" in line or "in the window" in line for line in lines)
    return matching[0]


def test_the_sound_project_is_ok(sound, capsys):
    code, lines, _ = _check(sound, capsys)
    assert code == 0 and lines[-1].startswith("ok: 1 documents, 4 spans, 2 relations")


# ---- the history ----------------------------------------------------------------------------------------


def test_a_history_event_whose_json_no_longer_parses(sound, capsys):
    with Project(sound) as project:
        undoable = [e for e in project.history.events() if e.action.startswith("span.")][-1]
    _damage(sound, ("UPDATE events SET changes = substr(changes, 1, 20) WHERE id = ?", [undoable.id]))
    line = _found(sound, capsys, f"history event {undoable.id}", "not valid JSON", "undo and redo of A")
    assert line.count("\n") == 0


def test_a_history_event_naming_an_unknown_kind(sound, capsys):
    with Project(sound) as project:
        event = [e for e in project.history.events() if e.action.startswith("span.")][0]
    conn = sqlite3.connect(sound)
    stored = json.loads(conn.execute("SELECT changes FROM events WHERE id = ?", [event.id]).fetchone()[0])
    conn.close()
    stored["changes"][0]["kind"] = "spaceship"
    _damage(sound, ("UPDATE events SET changes = ? WHERE id = ?", [json.dumps(stored), event.id]))
    _found(sound, capsys, f"history event {event.id}", "unknown kind", "spaceship")


def test_a_history_event_whose_changes_do_not_fit_their_records(sound, capsys):
    with Project(sound) as project:
        event = [e for e in project.history.events() if e.action.startswith("span.")][0]
    conn = sqlite3.connect(sound)
    stored = json.loads(conn.execute("SELECT changes FROM events WHERE id = ?", [event.id]).fetchone()[0])
    conn.close()
    record = stored["changes"][0]["after"] or stored["changes"][0]["before"]
    record["colour_of_the_sky"] = "blue"  # a field no span has: undo would fail building the record
    _damage(sound, ("UPDATE events SET changes = ? WHERE id = ?", [json.dumps(stored), event.id]))
    _found(sound, capsys, f"history event {event.id}", "do not fit the records")


# ---- the schema ---------------------------------------------------------------------------------------------


def test_a_schema_setting_that_is_not_json(sound, capsys):
    _damage(sound, "UPDATE settings SET value_json = substr(value_json, 1, 40) WHERE key = 'schema'")
    _found(sound, capsys, "the stored schema is not valid JSON")


def test_a_schema_that_is_not_a_valid_schema(sound, capsys):
    conn = sqlite3.connect(sound)
    schema = json.loads(conn.execute("SELECT value_json FROM settings WHERE key = 'schema'").fetchone()[0])
    conn.close()
    schema["labels"][0]["category"] = "weather"
    _damage(sound, ("UPDATE settings SET value_json = ? WHERE key = 'schema'", [json.dumps(schema)]))
    _found(sound, capsys, "the stored schema is not valid", "category")


def _edit_schema(path, edit):
    conn = sqlite3.connect(path)
    schema = json.loads(conn.execute("SELECT value_json FROM settings WHERE key = 'schema'").fetchone()[0])
    conn.close()
    edit(schema)
    _damage(path, ("UPDATE settings SET value_json = ? WHERE key = 'schema'", [json.dumps(schema)]))


def test_a_schema_that_lacks_a_label_spans_use(sound, capsys):
    _edit_schema(sound, lambda s: s.update(labels=[lab for lab in s["labels"] if lab["name"] != "GPE"]))
    _found(sound, capsys, "the schema lacks the label 'GPE' that spans use", "Edit › Schema")


def test_a_schema_that_lacks_a_target_stances_use(sound, capsys):
    _edit_schema(sound, lambda s: s.update(targets=[]))
    _found(sound, capsys, "the schema lacks the stance target 'إسرائيل'")


def test_a_schema_that_lacks_a_stance_value_a_relation_type_and_a_task(sound, capsys):
    _edit_schema(
        sound,
        lambda s: s.update(
            stance_values=["AGAINST"], tasks=[], relation_types=[r for r in s["relation_types"] if r["name"] != "CUE"]
        ),
    )
    code, lines, _ = _check(sound, capsys)
    assert code == 1
    assert any("the schema lacks the stance value 'FAVOR' that stances use" in line for line in lines)
    assert any("the schema lacks the relation type 'CUE' that relations use" in line for line in lines)
    assert any("the schema lacks the task 'stance' that document labels use" in line for line in lines)


# ---- other stored values -----------------------------------------------------------------------------------


def test_a_setting_that_is_not_json(sound, capsys):
    _damage(sound, "UPDATE settings SET value_json = '[\"قال\", ' WHERE key != 'schema'")
    _found(sound, capsys, "the project setting", "is not valid JSON")


def test_span_attributes_and_document_meta_that_are_not_json(sound, capsys):
    _damage(
        sound,
        "UPDATE spans SET attributes = '{\"kind\": ' WHERE label = 'QUOTE'",
        "UPDATE documents SET meta = '{source'",
    )
    code, lines, _ = _check(sound, capsys)
    assert code == 1
    assert any("its attributes are not valid JSON" in line for line in lines)
    assert any("document 'd': its meta" in line and "not valid JSON" in line for line in lines)


# ---- suggestions and curation marks ------------------------------------------------------------------------


def test_a_suggestion_of_a_missing_document(sound, capsys):
    _damage(sound, "UPDATE suggestions SET document_id = 99")
    _found(sound, capsys, "suggestions row", "missing documents row")


def test_a_curation_mark_of_a_missing_document(sound, capsys):
    _damage(sound, "UPDATE curation_marks SET document_id = 99")
    _found(sound, capsys, "curation_marks row", "missing documents row")


def test_a_suggestion_that_no_longer_fits_its_document(sound, capsys):
    _damage(sound, 'UPDATE suggestions SET start = start + 1, "end" = "end" + 1')
    _found(sound, capsys, "suggestion 1 for A in 'd'", "does not match the document", "reject it in the window")


def test_a_suggestion_outside_its_document(sound, capsys):
    _damage(sound, f'UPDATE suggestions SET "end" = {len(TEXT) + 5}')
    _found(sound, capsys, "suggestion 1 for A", "does not match the document")


# ---- what the window relies on after check said ok ------------------------------------------------------


def test_after_each_finding_the_program_would_have_failed(sound):
    """The damage check reports is damage the program trips over: undo cannot read a damaged event, and a
    schema that is not JSON cannot be read at all (so reporting them is not pedantry)."""
    with Project(sound) as project:
        undoable = [e for e in project.history.events() if e.action.startswith("span.")][-1]
    _damage(sound, ("UPDATE events SET changes = '{' WHERE id = ?", [undoable.id]))
    with Project(sound) as project, pytest.raises(ValueError):
        project.history.can_undo("A")
    _damage(sound, "UPDATE settings SET value_json = '{' WHERE key = 'schema'")
    with Project(sound) as project, pytest.raises(ValueError):
        project.schema.get()


# ---- the span check's fast path, at its edges --------------------------------------------------------------


def test_span_texts_with_the_separator_character_and_spans_past_the_end_or_not_numbers(tmp_path, capsys):
    """Spans are compared a document at a time (all its spans in one row from SQL): a text holding a control
    character (the separator of an earlier form of that row) is still checked right, and offsets past the
    text or that are not numbers are reported one by one, without a crash."""
    path = tmp_path / "p.annotator"
    text = "واشنطن\x1eغزة 😀 رفح"
    with Project(path) as project:
        doc = project.documents.add("d", text)
        project.spans.add(doc.id, "A", 0, 10, "GPE")  # holds the \x1e
        project.spans.add(doc.id, "A", text.index("رفح"), len(text), "GPE")
    assert _check(path, capsys)[0] == 0
    _damage(
        path,
        f"UPDATE spans SET \"end\" = {len(text) + 1}, text = text || 'x' WHERE id = 2",
        "UPDATE spans SET start = 'zero' WHERE id = 1",
    )
    code, lines, err = _check(path, capsys)
    assert code == 1 and "Traceback" not in err
    assert any(line.startswith("span 1 of A in 'd' [zero, 10) GPE") for line in lines), lines
    assert any(line.startswith(f"span 2 of A in 'd' [{text.index('رفح')}, {len(text) + 1}) GPE") for line in lines)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("start", "'zero'"),  # a text (a text that reads as a number is stored as one: the column's affinity)
        ("start", "0.5"),  # a real
        ("start", "-1"),  # negative ("end" follows, so the end check alone would not see it)
        ("start", "x'30'"),  # a blob (SQLite's JSON cannot hold one: that document and those after it one by one)
        ("text", "x'd988d8a7d8b4d986d8b7d986'"),  # the right bytes, as a blob
        ("text", "5"),  # a number
    ],
)
def test_a_span_offset_or_text_of_another_type_is_named(tmp_path, capsys, column, value):
    """Offsets and texts are compared with their type: a span whose start or text is stored as another type
    (a damaged file) is named, in a document of its own and not in the others."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        for name in ("a", "b", "c"):
            doc = project.documents.add(name, "واشنطن 😀 غزة")
            project.spans.add(doc.id, "A", 0, 6, "GPE")
            project.spans.add(doc.id, "A", 9, 12, "GPE")
    assert _check(path, capsys)[0] == 0
    follow = ', "end" = "end" - 1' if value == "-1" else ""
    _damage(path, f"UPDATE spans SET {column} = {value}{follow} WHERE id = 3")  # document b's first span
    code, lines, err = _check(path, capsys)
    assert code == 1 and "Traceback" not in err, err
    spans = [line for line in lines if line.startswith("span ")]
    assert len(spans) == 1 and spans[0].startswith("span 3 of A in 'b'"), lines


def test_spans_at_the_same_offsets_in_a_document_whose_spans_fit(tmp_path, capsys):
    """The duplicate check after the span pass: the same span twice is named even where every span fits its
    document; two annotators, or two labels, at the same offsets are not duplicates."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        doc = project.documents.add("d", TEXT)
        for annotator, label in (("A", "PER"), ("B", "PER"), ("A", "ORG")):
            project.spans.add(doc.id, annotator, *_at("وزير"), label)
        project.spans.add(doc.id, "A", *_at("واشنطن"), "GPE")
    assert _check(path, capsys)[0] == 0
    _damage(
        path,
        """INSERT INTO spans (document_id, annotator, start, "end", label, text)
                     SELECT document_id, annotator, start, "end", label, text FROM spans WHERE label = 'GPE'""",
    )
    code, lines, _ = _check(path, capsys)
    assert code == 1 and lines == [
        f"A has [{_at('واشنطن')[0]}, {_at('واشنطن')[1]}) GPE 2 times in 'd'; delete the extra ones in the window"
    ], lines


@pytest.mark.parametrize("documents", [3, 300])
def test_duplicates_in_many_documents_are_found_in_one_scan_alike(tmp_path, capsys, monkeypatch, documents):
    """Past _DuplicateScope.LIMIT documents with spans at the same offsets (several annotators marking the
    same words), SQL looks at the whole table: the lines are the same, in the same order."""
    from annotator.core import checking

    monkeypatch.setattr(checking._DuplicateScope, "LIMIT", 5)
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        for i in range(documents):
            doc = project.documents.add(f"d{i:03}", TEXT)
            for annotator in ("A", "B"):
                project.spans.add(doc.id, annotator, *_at("وزير"), "PER")
    _damage(
        path,
        """INSERT INTO spans (document_id, annotator, start, "end", label, text)
                     SELECT document_id, annotator, start, "end", label, text FROM spans
                     WHERE annotator = 'B' AND document_id % 2 = 1""",
    )
    code, lines, _ = _check(path, capsys)
    start, end = _at("وزير")
    assert code == 1
    assert lines == [
        f"B has [{start}, {end}) PER 2 times in 'd{i:03}'; delete the extra ones in the window"
        for i in range(0, documents, 2)
    ]


def test_without_a_connection_beside_the_check_finds_the_same(sound, capsys, monkeypatch):
    """Where there can be no second connection (a project migrated in memory), every check runs in one
    thread, and finds the same."""
    from annotator.core import checking

    _damage(
        sound,
        'UPDATE spans SET "end" = "end" + 1 WHERE label = \'GPE\'',
        """INSERT INTO spans (document_id, annotator, start, "end", label, text)
               SELECT document_id, annotator, start, "end", label, text FROM spans WHERE label = 'PER'""",
        "UPDATE settings SET value_json = '[' WHERE key != 'schema'",
    )
    expected = _check(sound, capsys)[1]
    monkeypatch.setattr(checking, "_thread_beside", lambda store, work, stack: False)
    code, lines, _ = _check(sound, capsys)
    assert code == 1 and lines == expected
    assert any("GPE: stored text" in line for line in lines)
    assert any("PER 2 times in 'd'" in line for line in lines)
    assert any("the project setting" in line for line in lines)


def test_after_a_value_sqls_json_cannot_hold_the_later_documents_are_still_checked(tmp_path, capsys):
    """A blob among the spans of the first document stops SQL's one-row form of the spans there: the spans
    of that document and of every later one are read one by one, so a wrong span two documents later is
    still named, and the sound document between names nothing."""
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        for name in ("a", "b", "c"):
            doc = project.documents.add(name, "واشنطن 😀 غزة")
            project.spans.add(doc.id, "A", 0, 6, "GPE")
            project.spans.add(doc.id, "A", 9, 12, "GPE")
    _damage(
        path, "UPDATE spans SET text = CAST(text AS BLOB) WHERE id = 2", "UPDATE spans SET text = 'رفح' WHERE id = 6"
    )
    code, lines, err = _check(path, capsys)
    assert code == 1 and "Traceback" not in err
    assert [line.split(":")[0] for line in lines if line.startswith("span ")] == [
        "span 2 of A in 'a' [9, 12) GPE",
        "span 6 of A in 'c' [9, 12) GPE",
    ], lines
