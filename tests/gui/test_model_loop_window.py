"""A model in the loop, in the window (issue 26): Train model… in the background while labelling, retraining
after N documents done, ghosts' scores on hover, one key accepting the confident suggestions (one undo
step), the next most useful document. Tiny corpora and few updates: what the model learns does not matter."""

from __future__ import annotations

import random
import threading

import pytest
from view_points import point_of

from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project
from annotator.gui import model_loop
from annotator.gui import settings as prefs

PEOPLE = ["أحمد", "سليم", "منى", "خالد"]
PLACES = ["واشنطن", "القاهرة", "بيروت", "عمان"]
STRANGE = "وصل زيد ونادر وكمال إلى برلين وباريس حيث استقبلهم فريد. قال سامي إن جميل سيصل لطوكيو.\n"


def article(seed: int) -> AnnotatedDocument:
    """Three sentences like `قال أحمد إن الوفد سيصل إلى القاهرة غدا`, their entities labelled by A, done."""
    rng = random.Random(seed)
    parts, spans, pos = [], [], 0
    for _ in range(3):
        for text, label in [
            ("قال ", None),
            (rng.choice(PEOPLE), "PER"),
            (" إن الوفد سيصل إلى ", None),
            (rng.choice(PLACES), "GPE"),
            (" غدا.\n", None),
        ]:
            if label:
                spans.append(SpanRecord(f"T{len(spans) + 1}", pos, pos + len(text), label))
            parts.append(text)
            pos += len(text)
    return AnnotatedDocument(f"a{seed:03d}", "".join(parts), layers=[Layer("A", spans, status="done")])


@pytest.fixture
def project(tmp_path):
    """Six articles A finished; then undone ones: `sure` (like them), `unsure` (strange names), `third`."""
    with Project(tmp_path / "news.annotator") as p:
        p.import_documents(
            [
                AnnotatedDocument("sure", article(2).text),
                AnnotatedDocument("unsure", STRANGE),
                AnnotatedDocument("third", article(9).text),
            ]
            + [article(i) for i in range(6)]
        )
        yield p


@pytest.fixture
def quick(monkeypatch):
    from annotator.core.learning import training

    monkeypatch.setattr(training, "MIN_UPDATES", 5)
    monkeypatch.setattr(training, "EPOCHS", 2)


@pytest.fixture
def spacy():
    return pytest.importorskip("spacy")


def message(window) -> str:
    return window.statusBar().currentMessage()


def wait_job(qtbot, job):
    qtbot.waitUntil(lambda: job.outcome is not None, timeout=60000)


def test_train_model_runs_in_the_background_while_labelling_then_suggests(
    window, qtbot, project, spacy, quick, monkeypatch
):
    started, go_on = threading.Event(), threading.Event()
    real_train = model_loop.train

    def held_train(*args, **kwargs):  # the training waits until the test has labelled a span meanwhile
        started.set()
        go_on.wait(30)
        return real_train(*args, **kwargs)

    monkeypatch.setattr(model_loop, "train", held_train)
    window.session.open_name("sure")
    window.menu_actions["tools.model.train"].trigger()
    dialog = window.dialogs.train_model_dialog
    assert dialog.layer.currentData() == "A"
    dialog.start()
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert dialog.job.running and window.dialogs.model_loop.busy
    doc = window.session.document_id
    window.session.span_ops.add(doc, 0, 3, "MISC")  # the window writes while the training reads
    assert [s.label for s in project.spans.for_document(doc, "A")] == ["MISC"]
    go_on.set()
    wait_job(qtbot, dialog.job)
    assert dialog.job.outcome == "done", dialog.status.text()
    assert "precision" in dialog.status.text() and "F1" in dialog.status.text()
    folder = project.path.parent / "news.annotator.models" / "A"
    assert (folder / "config.cfg").is_file()
    model = [s for s in project.suggestions.for_document(doc, "A") if s.source == "model"]
    assert model and all(s.score is not None for s in model)
    panel = window.dialogs.suggestions_dialog
    assert panel is not None and panel.open_
    assert {(s.start, s.end) for s in model} <= set(window.workspace.view.ghosts)
    assert all(s.document_id == doc for s in project.suggestions.for_document(doc, "A"))
    other = project.documents.by_name("third").id
    assert project.suggestions.for_document(other, "A") == []  # only the open document was suggested for


def test_a_cancelled_training_says_so_and_writes_no_model(window, qtbot, project, spacy, quick, monkeypatch):
    started, go_on = threading.Event(), threading.Event()
    real_train = model_loop.train

    def held_train(*args, **kwargs):
        started.set()
        go_on.wait(30)
        return real_train(*args, **kwargs)

    monkeypatch.setattr(model_loop, "train", held_train)
    window.dialogs.train_model()
    dialog = window.dialogs.train_model_dialog
    dialog.start()
    qtbot.waitUntil(started.is_set, timeout=10000)
    dialog.cancel()
    go_on.set()
    wait_job(qtbot, dialog.job)
    assert dialog.job.outcome == "cancelled" and "nothing was written" in dialog.status.text()
    assert not (project.path.parent / "news.annotator.models" / "A").exists()


def test_ghosts_say_their_label_source_and_score_on_hover(window, project):
    doc = window.session.document_id
    text = window.session.document.text
    project.suggestions.add_many(
        "A",
        [
            {"document_id": doc, "source": "model", "start": 4, "end": 8, "label": "PER", "score": 0.873},
            {"document_id": doc, "source": "gazetteer", "start": 20, "end": 25, "label": "GPE"},
        ],
    )
    window.dialogs.open_suggestions()
    view = window.workspace.view
    assert "87 %" in view.tooltip_at(point_of(view, 5)) and "model" in view.tooltip_at(point_of(view, 5))
    gazetteer = view.tooltip_at(point_of(view, 21))
    assert "gazetteer" in gazetteer and "%" not in gazetteer
    assert view.tooltip_at(point_of(view, 2)) == "" or "suggested" not in view.tooltip_at(point_of(view, 2))
    assert text[4:8]


def test_one_key_accepts_the_confident_suggestions_as_one_undo_step(window, project):
    prefs.set_accept_threshold(0.9)
    doc = window.session.document_id
    project.suggestions.add_many(
        "A",
        [
            {"document_id": doc, "source": "model", "start": 4, "end": 8, "label": "PER", "score": 0.95},
            {"document_id": doc, "source": "model", "start": 20, "end": 25, "label": "GPE", "score": 0.9},
            {"document_id": doc, "source": "model", "start": 30, "end": 33, "label": "GPE", "score": 0.89},
            {"document_id": doc, "source": "gazetteer", "start": 40, "end": 44, "label": "GPE"},
        ],
    )
    window.menu_actions["tools.model.accept_confident"].trigger()
    assert sorted(s.start for s in project.spans.for_document(doc, "A")) == [4, 20]
    assert "accepted 2" in message(window)
    assert len(project.suggestions.for_document(doc, "A")) == 2  # 0.89 and the unscored one stay open
    window.menu_actions["edit.undo"].trigger()
    assert project.spans.for_document(doc, "A") == []  # one step undoes both
    assert len(project.suggestions.for_document(doc, "A")) == 4


def test_the_threshold_and_the_retraining_are_in_the_settings(window):
    window.dialogs.open_settings()
    dialog = window.dialogs.settings_dialog
    assert dialog.accept_threshold.value() == 90 and dialog.retrain_every.value() == prefs.DEFAULT_RETRAIN_EVERY
    dialog.accept_threshold.setValue(75)
    dialog.retrain_every.setValue(0)
    assert dialog.apply()
    assert prefs.accept_threshold() == 0.75 and prefs.retrain_every() == 0


def test_next_most_useful_without_a_model_says_so_in_one_line(window):
    name = window.session.document.name
    window.menu_actions["tools.model.next"].trigger()
    assert "no model yet" in message(window) and "\n" not in message(window)
    assert window.session.document.name == name


def trained_model(project):
    from annotator.core.learning import default_model_dir, train

    train(project, "A", default_model_dir(project.path, "A"), holdout=0)


def test_next_most_useful_opens_what_the_model_is_least_sure_of(window, qtbot, project, spacy, quick):
    trained_model(project)
    window.session.open_name("sure")
    with qtbot.waitSignal(window.dialogs.model_loop.ranked, timeout=60000) as opened:
        window.menu_actions["tools.model.next"].trigger()
    assert opened.args == ["unsure"] and window.session.document.name == "unsure"


def test_the_model_retrains_by_itself_after_n_documents_done(qtbot, project, spacy, quick):
    from annotator.gui.main_window import MainWindow

    trained_model(project)
    prefs.set_annotator_name("A")
    prefs.set_retrain_every(2)
    window = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
    qtbot.addWidget(window)
    assert window.open_project(project.path)
    loop = window.dialogs.model_loop
    qtbot.waitUntil(lambda: loop.nlp is not None, timeout=30000)  # the model is loaded in the background
    ops, ids = window.session.status_ops, [project.documents.by_name(n).id for n in ("sure", "third")]
    ops.set(ids[0], "done")
    assert not loop.busy  # one of two
    with qtbot.waitSignal(loop.trained, timeout=60000) as ended:
        ops.set(ids[1], "done")
        assert loop.busy  # in the background: the call returned at once
    assert ended.args == ["done"] and loop.report is not None and "unsure" not in loop.report.trained_on
    assert "sure" in loop.report.trained_on + loop.report.held_out
    window.close()


def test_a_training_that_ends_after_the_project_closed_is_dropped(window, qtbot, monkeypatch):
    """Its model is not the next session's (another annotator's, another project's)."""
    from annotator.core.learning import TrainReport

    go_on = threading.Event()

    def stubborn_train(project, layer, out, **kwargs):  # ends whatever Cancel says
        go_on.wait(30)
        return TrainReport(out, layer, ["a000"], [], 2)

    monkeypatch.setattr(model_loop, "train", stubborn_train)
    monkeypatch.setattr(model_loop, "load", lambda folder: "the old session's model")
    loop = window.dialogs.model_loop
    window.dialogs.train_model()
    dialog = window.dialogs.train_model_dialog
    dialog.start()
    assert loop.busy
    threading.Timer(0.3, go_on.set).start()
    loop.detach()  # the project closes while the training ends
    loop.attach(window.session)
    wait_job(qtbot, dialog.job)
    qtbot.wait(50)
    assert dialog.job.outcome == "done" and loop.nlp is None and loop.report is None
