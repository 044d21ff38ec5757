"""Arabic for plain terminals: one decision of --bidi auto for every command, one visual order."""

from __future__ import annotations

import io

import pytest

from annotator.cli import main
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project
from annotator.core.terminal import for_terminal, visual_order, wants_visual_order

TEXT = "قال بايدن في واشنطن إن الأمم المتحدة ستجتمع."


class Terminal(io.StringIO):
    """Standard output as a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "p.annotator"
    start = TEXT.index("واشنطن")
    with Project(path) as project:
        project.import_documents(
            [
                AnnotatedDocument(
                    "مقال",
                    TEXT,
                    layers=[
                        Layer("A", spans=[SpanRecord("T1", start, start + 6, "مكان")]),
                        Layer("B", spans=[SpanRecord("T1", start, start + 6, "دولة")]),
                    ],
                )
            ]
        )
    return path


def printed(monkeypatch, *args) -> str:
    out = Terminal()
    monkeypatch.setattr("sys.stdout", out)
    assert main(list(map(str, args))) == 0
    return out.getvalue()


@pytest.mark.parametrize("term, visual", [("dumb", False), ("xterm-256color", True)])
def test_agreement_and_search_decide_auto_alike(project_path, monkeypatch, term, visual):
    """On a terminal, `auto` is visual order unless TERM=dumb (Emacs' shell shapes Arabic itself): the same
    decision for `annotator agreement`, `annotator search` and the helper."""
    monkeypatch.setenv("TERM", term)
    assert wants_visual_order("auto", Terminal()) is visual
    table = printed(monkeypatch, "agreement", project_path, "--bidi", "auto")
    hits = printed(monkeypatch, "search", project_path, "واشنطن", "--bidi", "auto")
    assert ("مكان" not in table) is visual  # reshaped into joined forms when visual
    assert ("واشنطن" not in hits) is visual


def test_auto_is_logical_order_into_a_pipe(monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not wants_visual_order("auto", io.StringIO())
    assert for_terminal("قال (بايدن)", "auto", io.StringIO()) == "قال (بايدن)"


def test_visual_order_leaves_left_to_right_text_alone_and_mirrors_brackets():
    assert visual_order("entities: exact F1 (n=5)") == "entities: exact F1 (n=5)"
    assert visual_order("(ب)") == "(\ufe8f)"  # ب alone, its isolated form, the brackets still around it
    with pytest.raises(ValueError, match="bidi mode"):
        wants_visual_order("sometimes")
