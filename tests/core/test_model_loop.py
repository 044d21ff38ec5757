"""A model in the loop (issue 26): train on a layer, suggest with scores, rank the undone documents by the
model's uncertainty, stances from 50 decisions on; spaCy is optional. Tiny corpora, few rounds: fast."""

import hashlib
import random
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, SpanRecord
from annotator.core.progress import Cancelled
from annotator.core.project import Project

PEOPLE = ["أحمد", "سليم", "منى", "خالد"]
PLACES = ["واشنطن", "القاهرة", "بيروت", "عمان"]
# Names the model never saw, in sentences unlike the training ones: where it should be unsure.
STRANGE = "وصل زيد ونادر وكمال إلى برلين وباريس حيث استقبلهم فريد. قال سامي إن جميل سيصل لطوكيو.\n"
EPOCHS = 12


def article(seed, sentences=3, status="done", stances=()):
    """Sentences like `قال أحمد إن الوفد سيصل إلى القاهرة غدا ولواشنطن أيضا.`, their entities labelled
    by A (after a proclitic too)."""
    rng = random.Random(seed)
    parts, spans, pos = [], [], 0
    for _ in range(sentences):
        clitic = rng.choice(["و", "ل", "ول"])
        for text, label in [
            ("قال ", None),
            (rng.choice(PEOPLE), "PER"),
            (" إن الوفد سيصل إلى ", None),
            (rng.choice(PLACES), "GPE"),
            (" غدا ", None),
            (clitic, None),
            (rng.choice(PLACES), "GPE"),
            (" أيضا.\n", None),
        ]:
            if label:
                spans.append(SpanRecord(f"T{len(spans) + 1}", pos, pos + len(text), label))
            parts.append(text)
            pos += len(text)
    labels = [DocLabelRecord("stance", target, value) for target, value in stances]
    return AnnotatedDocument(
        f"a{seed:03d}", "".join(parts), layers=[Layer("A", spans, doc_labels=labels, status=status)]
    )


@pytest.fixture
def spacy():
    return pytest.importorskip("spacy")


@pytest.fixture
def quick(monkeypatch):
    """Training as short as it goes, where what the model learns does not matter."""
    from annotator.core.learning import training

    monkeypatch.setattr(training, "MIN_UPDATES", 5)


def make_small(path):
    """Six articles A finished, and two undone: one like them (`sure`), one strange (`unsure`)."""
    with Project(path) as project:
        project.import_documents(
            [article(i) for i in range(6)]
            + [AnnotatedDocument("sure", article(2).text), AnnotatedDocument("unsure", STRANGE)]
        )
    return path


@pytest.fixture
def small(tmp_path):
    return make_small(tmp_path / "news.annotator")


@pytest.fixture(scope="module")
def trained_once(tmp_path_factory):
    pytest.importorskip("spacy")
    from annotator.core.learning import train

    folder = tmp_path_factory.mktemp("trained")
    path = make_small(folder / "news.annotator")
    with Project(path, read_only=True) as project:
        report = train(project, "A", folder / "model", epochs=EPOCHS, holdout=0.2)
    return path, folder / "model", report


@pytest.fixture
def trained(trained_once, tmp_path):
    """The project and its model trained once, copied for a test to change."""
    path, model, report = trained_once
    shutil.copy2(path, tmp_path / path.name)
    shutil.copytree(model, tmp_path / "model")
    return tmp_path / path.name, tmp_path / "model", report


def files_of(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_trained_model_loads_with_spacy_and_cuts_text_as_the_export_does(trained, spacy):
    _, model, report = trained
    assert len(report.trained_on) == 5 and len(report.held_out) == 1
    assert report.scores["ALL"].gold == 9 and report.scores["ALL"].f1 > 0.5  # held out: one article
    assert report.after_clitic.gold == 3
    nlp = spacy.load(model)
    assert [t.text for t in nlp("وصل الوفد لواشنطن")] == ["وصل", "الوفد", "ل", "واشنطن"]
    from annotator.core.formats.spacy_tokenizer import words_and_spaces
    from annotator.core.tokens import tokenize

    text = "قال سليم إن الوفد سيصل إلى بيروت ولواشنطن."
    assert [t.text for t in nlp.make_doc(text)] == words_and_spaces(text, tokenize(text, names=nlp.tokenizer.names))[0]
    assert {e.label_ for e in nlp(text).ents} <= {"PER", "GPE"}


def test_cancelled_training_leaves_the_previous_model(trained):
    from annotator.core.learning import train

    project_path, model, _ = trained
    before = files_of(model)

    class CancelLater:
        reports = 0

        def report(self, done, total, what):
            self.reports += 1

        def cancelled(self):
            return self.reports >= 3

    with Project(project_path, read_only=True) as project, pytest.raises(Cancelled):
        train(project, "A", model, epochs=EPOCHS, progress=CancelLater())
    assert files_of(model) == before
    assert sorted(p.name for p in model.parent.iterdir() if p.name.startswith(".model")) == []


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_training_leaves_the_previous_model(trained, spacy, quick):
    project_path, model, _ = trained
    before = files_of(model)
    # a training killed while it writes the new model, before the swap
    script = textwrap.dedent(f"""
        import os, signal
        import spacy.language
        from annotator.core.learning import train, training
        from annotator.core.project import Project
        training.MIN_UPDATES = 5
        real = spacy.language.Language.to_disk
        def to_disk_then_die(self, path, **kwargs):
            real(self, path, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
        spacy.language.Language.to_disk = to_disk_then_die
        with Project({str(project_path)!r}, read_only=True) as project:
            train(project, "A", __import__("pathlib").Path({str(model)!r}), epochs=1)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert files_of(model) == before
    assert spacy.load(model).pipe_names[0] == "ner"
    leftovers = [p for p in model.parent.iterdir() if p.name.startswith(".model")]
    assert leftovers  # what the killed training wrote, beside the model ...
    from annotator.core.learning import train

    with Project(project_path, read_only=True) as project:
        train(project, "A", model, epochs=1)
    assert not [p for p in model.parent.iterdir() if p.name.startswith(".model")]  # ... cleared by the next one


def test_model_suggestions_have_scores_and_are_decided_like_the_others(trained, capsys):
    project_path, model, _ = trained
    assert main(["suggest", str(project_path), "--annotator", "B", "--model", str(model)]) == 0
    out = capsys.readouterr().out
    assert "model" in out and "new suggestion" in out.split("model", 1)[1].splitlines()[0]
    with Project(project_path) as project:
        suggestions = [
            s
            for d in project.documents.list()
            for s in project.suggestions.for_document(d.id, "B")
            if s.source == "model"
        ]
        assert len(suggestions) > 10
        assert all(s.score is not None and 0.5 <= s.score <= 1 for s in suggestions)
        assert all(project.documents.get(s.document_id).text[s.start : s.end] == s.text for s in suggestions)
        assert {s.label for s in suggestions} <= {"PER", "GPE"}
        others = [
            s
            for d in project.documents.list()
            for s in project.suggestions.for_document(d.id, "B")
            if s.source != "model"
        ]
        assert all(s.score is None for s in others)
        first, second = suggestions[:2]
        span_id = project.suggestions.accept(first.id)
        assert (project.spans.get(span_id).start, project.spans.get(span_id).label) == (first.start, first.label)
        project.suggestions.reject(second.id)
        counts = project.suggestions.counts("B")["model"]
        assert (counts["accepted"], counts["rejected"], counts["precision"]) == (1, 1, 0.5)
        project.history.undo("B")  # the rejection, undone like any other
        assert project.suggestions.get(second.id).state == "open"
        assert project.suggestions.get(second.id).score == second.score
        # nothing suggested twice, and the annotator's accepted span is not suggested again
        from annotator.core.learning import suggest_with_model

        assert suggest_with_model(project, "B", model) == 0
        # the window's "accept all above a score"
        document_id = second.document_id
        high = [s for s in project.suggestions.for_document(document_id, "B") if s.score and s.score >= 0.9]
        assert project.suggestions.accept_all(document_id, "B", min_score=0.9) == len(high)
    assert main(["suggest", str(project_path), "--annotator", "B"]) == 0
    assert "1 rejected" not in capsys.readouterr().out  # the rejection was undone


def test_min_score_needs_a_model_and_is_a_probability(trained, capsys):
    project_path, model, _ = trained
    assert main(["suggest", str(project_path), "--annotator", "B", "--min-score", "0.9"]) == 2
    assert "give --model" in capsys.readouterr().err
    assert main(["suggest", str(project_path), "--annotator", "B", "--model", str(model), "--min-score", "2"]) == 2
    assert "probability from 0 to 1" in capsys.readouterr().err


def test_next_puts_what_the_model_is_unsure_of_first_and_changes_nothing(trained, capsys):
    project_path, model, _ = trained
    before = project_path.read_bytes()
    wal = Path(f"{project_path}-wal")
    wal_before = wal.read_bytes() if wal.exists() else None
    assert main(["next", str(project_path), "--annotator", "A", "--model", str(model), "--json"]) == 0
    import json

    ranked = [r["doc"] for r in json.loads(capsys.readouterr().out)]
    assert ranked == ["unsure", "sure"]  # the six done articles are not listed
    assert main(["next", str(project_path), "--annotator", "A", "--model", str(model)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "unsure" in lines[0] and "bits/100 words" in lines[0]
    assert project_path.read_bytes() == before
    assert not wal.exists() or wal.read_bytes() == (wal_before or b"")  # an empty log is SQLite's business


def test_too_few_stance_decisions_say_so(trained, capsys, quick):
    project_path, model, report = trained
    assert any("0 stance decisions and it needs 50" in note for note in report.notes)
    before = project_path.read_bytes()
    assert main(["train", str(project_path), "--from", "A", "--out", str(model), "--epochs", "1"]) == 0
    assert project_path.read_bytes() == before  # training reads only
    captured = capsys.readouterr()
    assert "no stance classifier: A has 0 stance decisions and it needs 50" in captured.err
    assert len([line for line in captured.err.splitlines() if "stance" in line]) == 1
    assert "wrote" in captured.out and "held out" in captured.out


def test_stance_classifier_from_fifty_decisions(spacy, tmp_path, quick):
    from annotator.core.learning import load, stance_status, stance_suggestions, train

    path = tmp_path / "stances.annotator"
    documents = []
    for i in range(60):
        value = ("FAVOR", "AGAINST")[i % 2]
        doc = article(i, sentences=1, stances=[("إسرائيل", value)])
        doc.text = doc.text + ("ترحيب ودعم وتأييد كبير.\n" if value == "FAVOR" else "إدانة ورفض واحتجاج شديد.\n")
        documents.append(doc)
    documents.append(AnnotatedDocument("new", "إدانة ورفض واحتجاج شديد.\n"))
    with Project(path) as project:
        project.import_documents(documents)
        report = train(project, "A", tmp_path / "model", epochs=1)
        assert report.stance_decisions == 60 and report.stance_targets["إسرائيل"] is not None
        nlp = load(tmp_path / "model")
        assert stance_status(nlp) == "stance classifiers for إسرائيل"
        new = project.documents.by_name("new").id
        [suggestion] = stance_suggestions(project, "A", nlp=nlp, document_ids=[new])
        assert (suggestion.target, suggestion.value) == ("إسرائيل", "AGAINST") and 0.5 < suggestion.score <= 1
        project.doc_labels.set(new, "A", "stance", "إسرائيل", "AGAINST")  # decided: no longer suggested
        assert stance_suggestions(project, "A", nlp=nlp, document_ids=[new]) == []


def test_missing_spacy_is_one_line_with_the_fix(small, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` raises ImportError
    from annotator.core import learning  # the package imports without spaCy

    with pytest.raises(AnnotatorError, match=r"pip install 'annotator\[model\]'"):
        learning.require_spacy()
    assert main(["train", str(small), "--from", "A", "--out", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "annotator: error: a model needs spaCy" in err and "[model]" in err
    assert not (tmp_path / "m").exists()


def test_training_refuses_what_it_cannot_learn_from_or_write_over(spacy, small, tmp_path, quick):
    from annotator.core.learning import train

    theirs = tmp_path / "thesis"
    theirs.mkdir()
    (theirs / "chapter1.txt").write_text("mine", encoding="utf-8")
    with Project(small, read_only=True) as project:
        with pytest.raises(InputError, match="not empty and is not an earlier model export"):
            train(project, "A", theirs, epochs=1)
        with pytest.raises(InputError, match="no annotator 'Z'"):
            train(project, "Z", tmp_path / "m", epochs=1)
    assert (theirs / "chapter1.txt").read_text(encoding="utf-8") == "mine"
    with Project(small) as project:
        project.spans.add(project.documents.by_name("unsure").id, "C", 4, 7, "PER")  # in progress, not done
        with pytest.raises(InputError, match=r"C has no finished document .*\(1 in progress"):
            train(project, "C", tmp_path / "m", epochs=1)
    with pytest.raises(InputError, match="not a model"):
        from annotator.core.learning import load

        load(theirs)


def test_a_model_trained_under_other_cutting_rules_is_refused_with_the_fix(trained, capsys):
    srsly = pytest.importorskip("srsly")
    project_path, model, _ = trained
    saved = model / "tokenizer"
    saved.write_bytes(srsly.msgpack_dumps({**srsly.msgpack_loads(saved.read_bytes()), "rules": "3 unicode 15.0.0"}))
    before = files_of(project_path.parent)
    assert main(["suggest", str(project_path), "--annotator", "B", "--model", str(model)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(model) in err
    assert "trained with clitic rules 3 unicode 15.0.0" in err and "train it again" in err
    assert files_of(project_path.parent) == before
