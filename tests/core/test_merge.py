"""annotator merge: documents matched by text, each annotator's work brought in once, conflicts refused."""

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.merging import merge
from annotator.core.model import LabelDef
from annotator.core.project import Project

TEXT = "قال الرئيس الأمريكي جو بايدن إن إسرائيل وافقت على الهدنة في غزة"
OTHER = "أكد بلينكن في القاهرة أن المحادثات مستمرة"


def _project(path, annotator, docs, spans):
    with Project(path) as project:
        ids = {name: project.documents.add(name, text).id for name, text in docs}
        made = {}
        for key, (doc, word, label) in spans.items():
            text = dict(docs)[doc]
            at = text.index(word)
            made[key] = project.spans.add(ids[doc], annotator, at, at + len(word), label)
        return ids, made


@pytest.fixture
def files(tmp_path):
    a, b = tmp_path / "a.annotator", tmp_path / "b.annotator"
    _, spans = _project(
        a,
        "A",
        [("d1", TEXT), ("d2", OTHER)],
        {"q": ("d1", "إن إسرائيل وافقت", "QUOTE"), "biden": ("d1", "جو بايدن", "PER"), "cue": ("d1", "قال", "CUE")},
    )
    with Project(a) as project:
        project.relations.add("SPEAKER", spans["q"].id, spans["biden"].id)
        project.relations.add("CUE", spans["q"].id, spans["cue"].id)
        project.doc_labels.set(1, "A", "stance", "إسرائيل", "FAVOR")
        project.status.set(1, "A", "done")
        project.schema.add_label(LabelDef("NORP", "entity", "#123456", ""))
        project.spans.add(2, "A", 0, 3, "NORP")
    # B named the same texts differently: they are matched by text
    _project(
        b,
        "B",
        [("article one", TEXT), ("d3", "نص ثالث لا يوجد عند أحد")],
        {"x": ("article one", "إسرائيل", "GPE"), "y": ("article one", "غزة", "GPE")},
    )
    return a, b


def _layer_summary(project, name):
    return sorted(
        (d.name, s.start, s.end, s.label)
        for d in project.documents.list()
        for s in project.spans.for_document(d.id, name)
    )


def test_merge_brings_every_annotators_work_in_one_go(files, tmp_path, capsys):
    a, b = files
    lead = tmp_path / "lead.annotator"
    before_a, before_b = a.read_bytes(), b.read_bytes()
    assert main(["merge", str(lead), str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "merged A, B into" in out and "3 new documents" in out and "1 matched document" in out
    assert a.read_bytes() == before_a and b.read_bytes() == before_b  # the sources are never written
    with Project(lead) as project, Project(a) as source_a:
        assert [d.name for d in project.documents.list()] == ["d1", "d2", "d3"]
        assert _layer_summary(project, "A") == _layer_summary(source_a, "A")
        assert [(d.name, s.label) for d in project.documents.list() for s in project.spans.for_document(d.id, "B")] == [
            ("d1", "GPE"),
            ("d1", "GPE"),
        ]
        q = next(s for s in project.spans.for_document(1, "A") if s.label == "QUOTE")
        assert sorted(r.type for r in project.relations.from_span(q.id)) == ["CUE", "SPEAKER"]
        assert project.doc_labels.get(1, "A", "stance", "إسرائيل") == "FAVOR" and project.status.get(1, "A") == "done"
        assert project.schema.get().label("NORP").colour == "#123456"
        summaries = [e.summary for e in project.history.events() if e.annotator == "A"]
        assert any("QUOTE" in s for s in summaries)  # A's history came along
        assert not any(e.undoable for e in project.history.events() if e.annotator == "A")
        assert project.history.undo("A") is None  # history records only: nothing of the other file to undo
        assert project.check() == []


def test_merging_the_same_work_twice_adds_nothing(files, tmp_path, capsys):
    a, b = files
    lead = tmp_path / "lead.annotator"
    assert main(["merge", str(lead), str(a), str(b)]) == 0
    with Project(lead) as project:
        before = project.stats()
    capsys.readouterr()
    assert main(["merge", str(lead), str(a)]) == 0
    assert "already here with the same work: A" in capsys.readouterr().out
    with Project(lead) as project:
        after = project.stats()
    assert {k: after[k] for k in ("documents", "spans", "relations", "doc_labels")} == {
        k: before[k] for k in ("documents", "spans", "relations", "doc_labels")
    }


def test_an_annotator_with_different_work_is_refused_unless_renamed(files, tmp_path, capsys):
    a, _ = files
    lead = tmp_path / "lead.annotator"
    assert main(["merge", str(lead), str(a)]) == 0
    a2 = tmp_path / "a2.annotator"
    _project(a2, "A", [("d1", TEXT)], {"z": ("d1", "غزة", "LOC")})
    with Project(lead) as project:
        before = project.stats()
    capsys.readouterr()
    assert main(["merge", str(lead), str(a2)]) == 2
    err = capsys.readouterr().err
    assert "annotator A has different work here and in a2.annotator" in err and "--rename A=NEW" in err
    assert err.count("\n") == 1
    with Project(lead) as project:
        assert project.stats()["spans"] == before["spans"]
    assert main(["merge", str(lead), str(a2), "--rename", "A=A2"]) == 0
    with Project(lead) as project:
        assert _layer_summary(project, "A2") == [("d1", TEXT.index("غزة"), TEXT.index("غزة") + 3, "LOC")]
        assert project.stats()["per_annotator"]["A"]["spans"] == before["per_annotator"]["A"]["spans"]


def test_a_same_name_document_with_another_text_is_refused_and_nothing_changes(files, tmp_path, capsys):
    a, _ = files
    lead = tmp_path / "lead.annotator"
    assert main(["merge", str(lead), str(a)]) == 0
    clash = tmp_path / "clash.annotator"
    _project(clash, "C", [("d2", "نص مختلف تماما")], {"w": ("d2", "نص", "MISC")})
    with Project(lead) as project:
        before = project.stats()
    assert main(["merge", str(lead), str(clash)]) == 2
    assert "document 'd2' is in the project with a different text" in capsys.readouterr().err
    with Project(lead) as project:
        assert "C" not in project.annotators.list() and project.stats() == before


def test_a_bad_rename_and_a_missing_file_are_one_line(files, tmp_path, capsys):
    a, _ = files
    lead = tmp_path / "lead.annotator"
    assert main(["merge", str(lead), str(a), "--rename", "Z=Y"]) == 2
    assert "--rename names Z" in capsys.readouterr().err
    assert not lead.exists()  # a failed merge leaves no new project
    assert main(["merge", str(lead), str(tmp_path / "nope.annotator")]) == 2
    assert "no such project file" in capsys.readouterr().err
    assert main(["merge", str(lead), str(a), "--rename", "A"]) == 2
    assert "write OLD=NEW" in capsys.readouterr().err


def test_merge_api_renames(files, tmp_path):
    a, b = files
    with Project(tmp_path / "lead.annotator") as project:
        report = merge(project, [a, b], {"A": "alice"})
        assert report.annotators_merged == ["alice", "B"]
        assert set(project.annotators.list()) == {"alice", "B"}
    with pytest.raises(InputError), Project(tmp_path / "lead.annotator") as project:
        merge(project, [a], {"A": "B"})  # B is here with other work


def test_one_annotator_in_two_files_of_one_merge(files, tmp_path, capsys):
    a, _ = files
    copy = tmp_path / "a-copy.annotator"
    copy.write_bytes(a.read_bytes())
    lead = tmp_path / "lead.annotator"
    assert main(["merge", str(lead), str(a), str(copy)]) == 0  # the same work twice: once
    with Project(lead) as project, Project(a) as source:
        assert _layer_summary(project, "A") == _layer_summary(source, "A")
    a2 = tmp_path / "a2.annotator"
    _project(a2, "A", [("d1", TEXT)], {"z": ("d1", "غزة", "LOC")})
    assert main(["merge", str(tmp_path / "lead2.annotator"), str(a), str(a2)]) == 2
    assert "annotator A has different work" in capsys.readouterr().err
