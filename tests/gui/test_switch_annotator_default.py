"""File › Switch annotator… starts at the current annotator, not at the name that sorts first."""

from PySide6.QtWidgets import QInputDialog

from annotator.gui.dialogs.annotator import ask_annotator_name


def test_the_current_annotator_is_chosen_at_first(qtbot, monkeypatch):
    offered = {}

    def get_item(parent, title, prompt, items, current, editable):
        offered.update(items=items, current=current)
        return items[current], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    assert ask_annotator_name(None, "Amal", ["Amal", "gold", "sample-a", "sample-b"][::-1]) == "Amal"
    assert offered["items"][offered["current"]] == "Amal" and "gold" not in offered["items"]
    assert ask_annotator_name(None, "Noor", ["sample-a", "sample-b"]) == "Noor"  # a name new to the project
