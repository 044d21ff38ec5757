"""The menus built from the typed action table (gui/actions.py): one QAction per entry, in its menu, with its
keys, enabled when its predicate says so; label keys follow the schema."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QKeySequence

from annotator.core.model import LabelDef
from annotator.gui.actions import ACTIONS, translate


def _keys(spec) -> list[str]:
    return [QKeySequence(k).toString() for k in spec.shortcuts]


def test_the_table_has_unique_ids_and_binds_no_key_twice(qapp):  # standard keys need the application
    assert len({spec.id for spec in ACTIONS}) == len(ACTIONS)
    keys = Counter(k for spec in ACTIONS for k in _keys(spec) if k)
    assert [k for k, n in keys.items() if n > 1] == []
    assert all(callable(spec.callback) and callable(spec.enabled_when) for spec in ACTIONS)


def test_each_entry_is_an_action_of_its_menu_with_its_keys(window):
    built = window.menu_actions
    for spec in ACTIONS:
        action = built[spec.id]
        assert action in built.menu(spec.menu).actions() and action in window.actions()
        assert action.text() == (translate(spec.text) if spec.translate else spec.text)
        assert [k.toString() for k in action.shortcuts()] == _keys(spec)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&Annotate", "&Document", "&View", "&Tools", "&Help"]


def test_enabled_follows_the_predicates(window, qtbot):
    built = window.menu_actions
    assert built["file.merge"].isEnabled() and built["annotate.speaker"].isEnabled()
    assert not built["edit.undo"].isEnabled()  # nothing to undo yet
    window.close_project()
    assert not built["file.merge"].isEnabled() and not built["annotate.speaker"].isEnabled()
    assert built["file.open"].isEnabled() and built["help.keys"].isEnabled()
    assert window.label_actions == []


def test_label_keys_follow_the_schema(window):
    assert [a.text() for a in window.label_actions][:2] == ["PER (entity)", "ORG (entity)"]
    assert ("1", "label PER: the selected words, or relabel the selected span") in window.help_rows
    window.session.schema_ops.add_label(LabelDef("NORP", key="8"))
    assert "NORP (entity)" in [a.text() for a in window.label_actions]
    assert len([a for a in window.menu_actions.menu(("&Annotate",)).actions() if a.text() == "NORP (entity)"]) == 1


def test_a_menu_entry_runs_its_callback(window, qtbot):
    window.menu_actions["view.documents"].trigger()  # the documents list collapses, then comes back
    assert not window.workspace.panel_shown(window.workspace.navigator)
    window.menu_actions["view.documents"].trigger()
    assert window.workspace.panel_shown(window.workspace.navigator)
    window.menu_actions["document.next"].trigger()
    assert window.session.document.name == "02 gaza"
