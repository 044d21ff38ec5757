"""Schema edits by several programs at once (issue 21 §3): each reads the schema after taking the write lock,
so none drops what another added; an editor's copy is saved as the user's changes onto the schema as stored.

Run as a script, this file is one of the racing processes:

    python test_schema_race.py PROJECT PREFIX START_FILE
"""

from __future__ import annotations

import copy
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.model import ENTITY, LabelDef
from annotator.core.project import Project

EACH = 15


def add_many(path: Path, prefix: str, start: Path) -> None:
    """One racing program: wait for the start file, then add EACH labels and EACH targets, alternating."""
    with Project(path) as project:
        project.schema.get()
        while not start.exists():
            time.sleep(0.001)
        for i in range(EACH):
            project.schema.add_label(LabelDef(f"{prefix}_L{i:02d}", ENTITY, "#aabbcc", ""))
            project.schema.add_target(f"{prefix} هدف {i:02d}")


def test_three_programs_adding_labels_and_targets_at_once_keep_all_90(tmp_path):
    path = tmp_path / "race.annotator"
    with Project(path) as project:
        before = project.schema.get()
    start = tmp_path / "start"
    prefixes = ["P0", "P1", "P2"]
    procs = [subprocess.Popen([sys.executable, __file__, str(path), prefix, str(start)]) for prefix in prefixes]
    time.sleep(1.0)  # each has opened the project and waits
    start.touch()
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    with Project(path) as project:
        schema = project.schema.get()
    added_labels = {lab.name for lab in schema.labels} - {lab.name for lab in before.labels}
    added_targets = set(schema.targets) - set(before.targets)
    assert added_labels == {f"{p}_L{i:02d}" for p in prefixes for i in range(EACH)}
    assert added_targets == {f"{p} هدف {i:02d}" for p in prefixes for i in range(EACH)}
    assert len(added_labels) + len(added_targets) == 90
    assert [lab.name for lab in schema.labels][: len(before.labels)] == [lab.name for lab in before.labels]


def test_a_stale_editor_save_keeps_what_another_program_added_and_applies_the_users_change(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as mine, Project(path) as other:
        before = mine.schema.get()  # the editor opens
        after = copy.deepcopy(before)
        after.label("PER").colour = "#010203"  # the user's edits
        after.label("ORG").key = ""
        after.labels.append(LabelDef("NORP", ENTITY, "#0a0b0c", "9"))
        after.targets.append("حماس")
        other.schema.add_target("إسرائيل")  # meanwhile, another program
        other.schema.add_label(LabelDef("TIME", ENTITY, "#111111", ""))
        other.schema.update_label("GPE", colour="#222222")
        mine.schema.save_edited(before, after)
        saved = other.schema.get()
    assert {"إسرائيل", "حماس"} <= set(saved.targets)
    assert saved.label("TIME") is not None and saved.label("NORP") == LabelDef("NORP", ENTITY, "#0a0b0c", "9")
    assert saved.label("PER").colour == "#010203" and saved.label("ORG").key == ""
    assert saved.label("GPE").colour == "#222222"  # a label the user did not touch keeps the other's change


def test_a_stale_editor_save_of_a_label_another_program_renamed_is_refused(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as mine, Project(path) as other:
        before = mine.schema.get()
        after = copy.deepcopy(before)
        after.label("LOC").colour = "#010203"
        other.schema.update_label("LOC", new_name="PLACE")
        with pytest.raises(InputError, match="LOC is no longer in the schema"):
            mine.schema.save_edited(before, after)
        saved = mine.schema.get()
    assert saved.label("LOC") is None and saved.label("PLACE") is not None


def test_a_label_or_target_in_use_never_leaves_the_schema_by_a_save(tmp_path):
    with Project(tmp_path / "p.annotator") as project:
        doc = project.documents.add("doc-1", "قال بايدن في واشنطن")
        project.spans.add(doc.id, "A", 4, 9, "PER")
        project.doc_labels.set(doc.id, "A", "stance", "إسرائيل", "AGAINST")
        project.schema.add_target("حماس")
        before = project.schema.get()
        after = copy.deepcopy(before)
        after.labels = [lab for lab in after.labels if lab.name != "PER"]
        with pytest.raises(InputError, match="label PER is still in use"):
            project.schema.save_edited(before, after)
        with pytest.raises(InputError, match="label PER is still in use"):
            project.schema.save(after)
        after = copy.deepcopy(before)
        after.targets.remove("إسرائيل")
        with pytest.raises(InputError, match="stance target إسرائيل is still in use"):
            project.schema.save_edited(before, after)
        after = copy.deepcopy(before)
        after.stance_values.remove("AGAINST")
        with pytest.raises(InputError, match="stance value AGAINST is still in use"):
            project.schema.save_edited(before, after)
        assert project.schema.get() == before
        after = copy.deepcopy(before)
        after.targets.remove("حماس")  # unused: may go; so may an unused label
        after.labels = [lab for lab in after.labels if lab.name != "FAC"]
        project.schema.save_edited(before, after)
        saved = project.schema.get()
        assert "حماس" not in saved.targets and "إسرائيل" in saved.targets and saved.label("FAC") is None
        project.schema.update_label("PER", new_name="PERSON")  # a rename carries the spans: allowed
        project.schema.rename_target("إسرائيل", "اسرائيل")
        assert [s.label for s in project.spans.for_document(doc.id, "A")] == ["PERSON"]


class Meddler:
    """When `project` first reads the schema, another program (a thread with its own Project on the file)
    adds a label and a target. Under the write lock it has to wait for `project` to commit; reading outside
    the lock, `project` would write back its copy over what the other added."""

    def __init__(self, project: Project, monkeypatch):
        self.path = project.path
        self.thread: threading.Thread | None = None
        self.errors: list[BaseException] = []
        store = project.store
        original = store.get_setting

        def get_setting(key):
            value = original(key)
            if key == "schema" and self.thread is None:
                self.thread = threading.Thread(target=self._meddle)
                self.thread.start()
                self.thread.join(timeout=0.5)  # done at once unless it waits for our lock
            return value

        monkeypatch.setattr(store, "get_setting", get_setting)

    def _meddle(self) -> None:
        try:
            with Project(self.path) as other:
                other.schema.add_label(LabelDef("MEDDLER", ENTITY, "#123123", ""))
                other.schema.add_target("هدف آخر")
        except BaseException as exc:  # noqa: BLE001  (reported by finish)
            self.errors.append(exc)

    def finish(self) -> None:
        assert self.thread is not None, "the schema was never read"
        self.thread.join(timeout=30)
        assert not self.thread.is_alive() and self.errors == []


@pytest.mark.parametrize(
    "edit", ["add_label", "update_label", "add_target", "rename_target", "ensure", "merge_from", "save_edited"]
)
def test_every_schema_edit_keeps_what_another_program_adds_while_it_runs(tmp_path, monkeypatch, edit):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.schema.add_target("إسرائيل")
        base = project.schema.get()
        meddler = Meddler(project, monkeypatch)
        if edit == "add_label":
            project.schema.add_label(LabelDef("NORP", ENTITY, "#0a0b0c", ""))
        elif edit == "update_label":
            project.schema.update_label("PER", new_name="PERSON", colour="#010203")
        elif edit == "add_target":
            project.schema.add_target("حماس")
        elif edit == "rename_target":
            project.schema.rename_target("إسرائيل", "اسرائيل")
        elif edit == "ensure":
            project.schema.ensure(labels=["NORP"], targets=["حماس"])
        elif edit == "merge_from":
            other = copy.deepcopy(base)
            other.labels.append(LabelDef("NORP", ENTITY, "#0a0b0c", ""))
            project.schema.merge_from(other)
        else:
            after = copy.deepcopy(base)
            after.label("PER").key = "0"
            project.schema.save_edited(base, after)
        meddler.finish()
        schema = project.schema.get()
    assert schema.label("MEDDLER") is not None and "هدف آخر" in schema.targets  # the other's
    label = schema.label
    ours = {
        "add_label": lambda: label("NORP") is not None,
        "update_label": lambda: label("PERSON") is not None and label("PERSON").colour == "#010203",
        "add_target": lambda: "حماس" in schema.targets,
        "rename_target": lambda: "اسرائيل" in schema.targets and "إسرائيل" not in schema.targets,
        "ensure": lambda: label("NORP") is not None and "حماس" in schema.targets,
        "merge_from": lambda: label("NORP") is not None,
        "save_edited": lambda: label("PER").key == "0",
    }
    assert ours[edit]()  # and ours


# ---- the window ------------------------------------------------------------------------------------------
def test_the_settings_dialog_applies_colours_and_keys_onto_the_schema_as_stored(tmp_path, monkeypatch, qtbot):
    """Settings › Labels stages keys and colours; applying them while another program adds to the schema
    keeps the other's additions (the window's save is an edit, under the lock)."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from annotator.gui import settings as prefs
    from annotator.gui.dialogs.schema_editor import KEY, NAME
    from annotator.gui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "news.annotator"
    with Project(path) as project:
        project.documents.add("doc-1", "قال بايدن في واشنطن")
    prefs.set_annotator_name("A")
    window = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
    qtbot.addWidget(window)
    assert window.open_project(path)
    action = next(a for a in window.actions() if a.text() == "Se&ttings…")
    action.trigger()
    dialog = window.dialogs.settings_dialog
    dialog.tabs.setCurrentWidget(dialog.labels_page)
    table = dialog.labels_page.table
    row = next(r for r in range(table.rowCount()) if table.item(r, NAME).text() == "PER")
    table.item(row, KEY).setText("0")
    meddler = Meddler(window.session.project, monkeypatch)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    meddler.finish()
    assert dialog.error.text() == ""
    with Project(path) as project:
        schema = project.schema.get()
    assert schema.label("PER").key == "0"
    assert schema.label("MEDDLER") is not None and "هدف آخر" in schema.targets
    assert window.session.schema.label("MEDDLER") is not None  # and the window shows it
    window.close_project()


if __name__ == "__main__":
    add_many(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
