"""`annotator render`: the annotated article as a PNG, drawn by the view, with no display."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_texts import ARTICLE
from PySide6.QtGui import QImage

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.project import Project
from annotator.gui.render import render_to_png


def annotate(project, who="A"):
    doc = project.documents.by_name("01 article").id
    add = lambda start, end, label, attrs=None: project.spans.add(doc, who, start, end, label, attrs)  # noqa: E731
    i = ARTICLE.index("جو بايدن")
    add(i, i + 8, "PER")
    w = ARTICLE.index("لواشنطن")
    add(w + 1, w + 7, "GPE")  # starts after the clitic, inside the word
    n = ARTICLE.index("نتنياهو")
    add(n, n + 4, "PER")  # ends inside the word
    q = ARTICLE.index("الولايات المتحدة لن")
    quote = add(q, ARTICLE.index("."), "QUOTE", {"kind": "indirect"})
    cue = add(0, 3, "CUE")
    project.relations.add("CUE", quote.id, cue.id)
    add(q, q + len("الولايات المتحدة"), "GPE")  # an entity inside the quotation
    add(ARTICLE.index("CNN"), ARTICLE.index("CNN") + 3, "ORG")
    e = ARTICLE.index("بايدن.")
    add(e, e + 5, "PER")  # after emoji and flags
    return doc


def coloured_pixels(image: QImage, colour: str) -> int:
    from PySide6.QtGui import QColor

    target = QColor(colour).rgb()
    return sum(
        1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if image.pixel(x, y) == target
    )


def test_render_draws_the_annotated_article(project, tmp_path):
    annotate(project)
    out = render_to_png(project, "01 article", tmp_path / "article.png", width=700)
    image = QImage(str(out))
    assert image.width() == 700 and 150 < image.height() < 600
    assert coloured_pixels(image, "#ffd28a") > 50  # PER background
    assert coloured_pixels(image, "#b9f2a1") > 50  # GPE background
    keep = Path("/tmp/annotator-screenshots")
    keep.mkdir(exist_ok=True)
    image.save(str(keep / "render.png"))


def test_render_one_annotator_or_all(project, tmp_path):
    doc = project.documents.by_name("02 gaza").id
    project.spans.add(doc, "A", 3, 6, "GPE")  # A: غزة
    project.spans.add(doc, "B", 11, 18, "PER")  # B: مسؤولون
    only_a = QImage(str(render_to_png(project, "02 gaza", tmp_path / "a.png", annotator="A", width=500)))
    both = QImage(str(render_to_png(project, "02 gaza", tmp_path / "all.png", width=500)))
    assert coloured_pixels(only_a, "#b9f2a1") > 20 and coloured_pixels(only_a, "#ffd28a") == 0
    assert coloured_pixels(both, "#b9f2a1") > 20 and coloured_pixels(both, "#ffd28a") > 20
    with pytest.raises(InputError, match="no annotator 'nobody'"):
        render_to_png(project, "02 gaza", tmp_path / "x.png", annotator="nobody")


def test_unknown_document_is_a_clear_error(project, tmp_path):
    with pytest.raises(InputError, match="no document named 'nope'.*01 article"):
        render_to_png(project, "nope", tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_the_render_command(project, tmp_path, capsys):
    annotate(project)
    out = tmp_path / "cli.png"
    assert main(["render", str(project.path), "--doc", "01 article", "--out", str(out), "--width", "640"]) == 0
    assert QImage(str(out)).width() == 640
    assert main(["render", str(project.path), "--doc", "missing", "--out", str(out)]) == 2
    assert "no document named 'missing'" in capsys.readouterr().err


def test_the_render_command_asks_whose_work_when_several_annotated(project, tmp_path, capsys):
    annotate(project)
    project.spans.add(project.documents.by_name("02 gaza").id, "B", 3, 6, "GPE")
    out = tmp_path / "x.png"
    capsys.readouterr()
    assert main(["render", str(project.path), "--doc", "01 article", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "holds the work of A, B" in err and "--annotator NAME" in err and not out.exists()
    assert main(["render", str(project.path), "--doc", "01 article", "--out", str(out), "--annotator", "B"]) == 0
    assert main(["render", str(project.path), "--doc", "01 article", "--out", str(out), "--gold"]) == 2
    assert "no annotator 'gold'" in capsys.readouterr().err


def test_render_doc_accepts_a_number_or_a_unique_start_of_the_name(project, tmp_path):
    from annotator.gui.render import find_document

    assert find_document(project, "02 gaza").name == "02 gaza"
    assert find_document(project, "3").name == "03 cairo"  # its number in the list
    assert find_document(project, "01").name == "01 article"  # a unique start
    with Project(project.path) as p:
        p.documents.add("02 gaza again", "نص")
    with pytest.raises(InputError, match="2 documents start with '02 g'"):
        find_document(project, "02 g")
    with pytest.raises(InputError, match="a number from 1 to 4"):
        find_document(project, "9")
    assert main(["render", str(project.path), "--doc", "2", "--out", str(tmp_path / "n.png")]) == 0
