"""The interchange JSONL: a lossless round trip, and refusals that name file, line and field."""

import json

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.formats import jsonl
from annotator.core.project import Project


def annotate(project):
    """Entities, a quotation with cue and speaker, attributes, stances and a status, for two annotators."""
    doc = project.documents.get(project.documents.list()[0].id)
    text = doc.text

    def span(annotator, needle, label, attributes=None, nth=0):
        at = -1
        for _ in range(nth + 1):
            at = text.index(needle, at + 1)
        return project.spans.add(doc.id, annotator, at, at + len(needle), label, attributes)

    for annotator in ("A", "B"):
        gpe = span(annotator, "إسرائيل", "GPE")
        span(annotator, "الولايات المتحدة", "GPE")
        quote = span(
            annotator,
            "الولايات المتحدة بشأن رفح",
            "QUOTE",
            {"kind": "indirect", "stance": "AGAINST", "target": "إسرائيل"},
        )
        cue = span(annotator, "ألغت", "CUE")
        project.relations.add("SPEAKER", quote.id, gpe.id)
        project.relations.add("CUE", quote.id, cue.id)
        project.doc_labels.set(doc.id, annotator, "stance", "إسرائيل", "AGAINST" if annotator == "A" else "NEUTRAL")
    project.status.set(doc.id, "A", "done")
    return doc


def export_text(project_path, tmp_path, name):
    out = tmp_path / name
    assert main(["export", str(project_path), "--format", "jsonl", "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_round_trip_is_lossless(corpus_project, tmp_path):
    annotate(corpus_project)
    first = export_text(corpus_project.path, tmp_path, "first.jsonl")
    target = tmp_path / "copy.annotator"
    assert main(["import", str(target), str(tmp_path / "first.jsonl")]) == 0
    second = export_text(target, tmp_path, "second.jsonl")
    assert first == second
    record = json.loads(first.splitlines()[0])
    layers = {a["annotator"]: a for a in record["annotations"]}
    assert layers["A"]["status"] == "done"
    assert {r["type"] for r in layers["A"]["relations"]} == {"SPEAKER", "CUE"}
    quote = next(s for s in layers["B"]["spans"] if s["label"] == "QUOTE")
    assert quote["attributes"] == {"kind": "indirect", "stance": "AGAINST", "target": "إسرائيل"}
    assert layers["B"]["doc_labels"] == [{"task": "stance", "target": "إسرائيل", "value": "NEUTRAL"}]
    with Project(target) as copy:
        assert copy.check() == []
        assert copy.schema.get().targets == ["إسرائيل"]


def test_import_is_idempotent(corpus_project, tmp_path):
    annotate(corpus_project)
    first = export_text(corpus_project.path, tmp_path, "first.jsonl")
    assert main(["import", str(corpus_project.path), str(tmp_path / "first.jsonl")]) == 0
    assert export_text(corpus_project.path, tmp_path, "again.jsonl") == first


def test_unknown_labels_are_added_with_a_notice(tmp_path, capsys):
    line = {
        "name": "d",
        "text": "قال أحمد",
        "annotations": [
            {
                "annotator": "A",
                "spans": [{"id": "T1", "start": 4, "end": 8, "label": "PERSON"}],
                "doc_labels": [{"task": "stance", "target": "غزة", "value": "MIXED"}],
            }
        ],
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "p.annotator"), str(path)]) == 0
    err = capsys.readouterr().err
    assert "added label PERSON" in err and "added stance value MIXED" in err
    with Project(tmp_path / "p.annotator") as p:
        assert p.schema.get().is_entity("PERSON")
        assert "MIXED" in p.schema.get().stance_values


GOOD = {
    "name": "d",
    "text": "قال 👩‍👩‍👧 أحمد",
    "meta": {},
    "annotations": [
        {
            "annotator": "A",
            "spans": [
                {"id": "T1", "start": 10, "end": 14, "label": "PER", "text": "أحمد"},
                {"id": "T2", "start": 0, "end": 14, "label": "QUOTE"},
            ],
            "relations": [{"type": "SPEAKER", "from": "T2", "to": "T1"}],
            "doc_labels": [],
        }
    ],
}


def bad_file(tmp_path, mutate):
    record = json.loads(json.dumps(GOOD))
    mutate(record)
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps(dict(GOOD, name="ok"), ensure_ascii=False) + "\n" + json.dumps(record, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return path


def set_in(path_keys, value):
    def mutate(record):
        node = record
        for key in path_keys[:-1]:
            node = node[key]
        node[path_keys[-1]] = value

    return mutate


@pytest.mark.parametrize(
    "mutate, field, words",
    [
        (set_in(["annotations", 0, "spans", 0, "end"], 99), "annotations[0].spans[0]", "outside the text"),
        (set_in(["annotations", 0, "spans", 0, "start"], "10"), "annotations[0].spans[0].start", "must be int"),
        (set_in(["annotations", 0, "spans", 0, "text"], "احمد"), "annotations[0].spans[0].text", "differs"),
        (set_in(["annotations", 0, "relations", 0, "to"], "T9"), "annotations[0].relations[0].to", "no span with id"),
        (set_in(["annotations", 0, "relations", 0, "type"], 7), "annotations[0].relations[0].type", "must be str"),
        (lambda r: r["annotations"][0]["relations"][0].pop("to"), "annotations[0].relations[0].to", "is missing"),
        (set_in(["annotations", 0, "relations", 0], ["T2", "T1"]), "annotations[0].relations[0]", "must be"),
        (set_in(["text"], ""), "text", "empty"),
        (set_in(["annotations", 0, "status"], "finished"), "annotations[0].status", "not one of"),
        (lambda r: r.pop("name"), "name", "is missing"),
    ],
)
def test_bad_records_are_refused_naming_file_line_and_field(tmp_path, mutate, field, words):
    path = bad_file(tmp_path, mutate)
    with pytest.raises(InputError) as info:
        Project(tmp_path / "p.annotator").import_documents(jsonl.read(path))
    message = str(info.value)
    assert message.startswith(f"{path}:2: {field}") and words in message
    with Project(tmp_path / "p.annotator") as p:  # the good first line was not imported either
        assert p.documents.count() == 0


def test_numbered_span_ids_link_as_their_text(tmp_path):
    # ids as numbers (other tools write them so) are read as their text, in spans and relations alike
    record = json.loads(json.dumps(GOOD))
    layer = record["annotations"][0]
    layer["spans"][0]["id"], layer["spans"][1]["id"] = 1, 2
    layer["relations"] = [{"type": "SPEAKER", "from": 2, "to": 1}]
    path = tmp_path / "numbered.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [doc] = jsonl.read(path)
    assert [(r.type, r.source, r.target) for r in doc.layers[0].relations] == [("SPEAKER", "2", "1")]
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents([doc])
        rows = project.store.conn.execute(
            "SELECT r.type, s.label, t.label FROM relations r JOIN spans s ON s.id = r.source "
            "JOIN spans t ON t.id = r.target"
        ).fetchall()
    assert [tuple(row) for row in rows] == [("SPEAKER", "QUOTE", "PER")]


def test_truncated_line_is_refused(tmp_path, capsys):
    full = json.dumps(GOOD, ensure_ascii=False)
    path = tmp_path / "cut.jsonl"
    path.write_text(
        json.dumps(dict(GOOD, name="ok"), ensure_ascii=False) + "\n" + full[: len(full) // 2], encoding="utf-8"
    )
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2:" in err and "truncated" in err
    assert not project.exists()


def test_import_of_several_files_is_all_or_nothing(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(dict(GOOD, name="first"), ensure_ascii=False) + "\n", encoding="utf-8")
    bad = bad_file(tmp_path, set_in(["annotations", 0, "spans", 0, "end"], 99))
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), str(good)]) == 0
    assert main(["import", str(project), str(tmp_path / "good.jsonl"), str(bad)]) == 2
    with Project(project) as p:
        assert [d.name for d in p.documents.list()] == ["first"]
        assert p.stats()["spans"] == 2


def test_lone_surrogate_is_refused(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"name": "d", "text": "ab\\ud800c"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="lone surrogate"):
        Project(tmp_path / "p.annotator").import_documents(jsonl.read(path))
