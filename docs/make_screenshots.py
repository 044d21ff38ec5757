"""Make the user guide's pictures from the real application: docs/images/<lang>/<shot>.png.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--lang en|ar] [--out DIR] [--only SHOT ...]

The demo project is built in a temporary folder (with its own HOME and QSettings, so nothing of yours is
read or written), the real MainWindow is driven through its actions and public methods (select words and
press a label key, open the quotation and stance panels, the find bar, Tools › Agreement and Tools ›
Curation on a project with two annotators), and widgets are grabbed at fixed sizes; `annotator render`
draws the document picture. Everything is fixed (sizes, the shipped fonts, annotator names, no clock), so
regenerating changes a picture only when the GUI changes. `--lang ar` sets ANNOTATOR_LANG=ar before Qt
starts, for the Arabic interface.

SHOTS below is the one list of pictures: the guides reference exactly these (tests/test_guide.py checks).
With Pillow and imagequant installed (`pip install -e '.[docs]'`) the PNGs are quantised to 256 colours
(libimagequant, pngquant's library), which keeps each well under 150 KB; without them Qt's own PNG
compression is used.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # Qt itself is imported once the environment is set (isolate)
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from annotator.core.model import Layer
    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session
    from annotator.gui.workspace import Workspace

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
GOLD_FIXTURE = ROOT / "tests" / "data" / "gold_demo.jsonl"  # the five demo articles annotated by hand
ME, OTHER = "Amal", "Badr"  # fixed annotator names: the pictures never show the user's own
WINDOW_SIZE = (1280, 800)
NARROW_SIZE = (640, 800)


@dataclass(frozen=True)
class Shot:
    name: str  # the file name (without .png) the guides reference as images/<lang>/<name>.png
    what: str  # what the picture shows (a comment for whoever edits the guide)


SHOTS: list[Shot] = [
    Shot("start-page", "the window on its first start: new, open, demo"),
    Shot("main-window", "the demo project, an annotated article: entities, a quotation with cue and speaker"),
    Shot("label-entity", "words selected in the article, the label legend above, before pressing a key"),
    Shot("quotations", "a quotation with its cue and speaker, the Quotations panel showing it"),
    Shot("stance", "the Document stance panel with a stance set per target"),
    Shot("find-bar", "Ctrl+F: the find bar searching all documents, hits marked in yellow"),
    Shot("suggestions", "Tools › Suggestions: ghost highlights and the list to accept or reject"),
    Shot("agreement", "Tools › Agreement on two annotators: per-label F1"),
    Shot("curation", "Tools › Curation: each unit, each annotator's version, and gold"),
    Shot("export", "File › Export: the format, where, whose work"),
    Shot("narrow-window", "the window at 640 px wide: panels collapsed, the article keeps its width"),
    Shot("render", "`annotator render`: an annotated article as a picture, without the window"),
]


# ---- the projects -----------------------------------------------------------------------------------
def _gold_layers() -> dict[str, Layer]:
    """The hand annotation of the demo articles: {document text: its layer} (interchange JSONL)."""
    from annotator.core.formats import jsonl

    return {doc.text: doc.layers[0] for doc in jsonl.read(GOLD_FIXTURE)}


def _as(layer: Layer, annotator: str, *, drop_every: int = 0, relabel_every: int = 0) -> Layer:
    """A copy of `layer` for `annotator`; with `drop_every` / `relabel_every` a second, disagreeing version
    (fixed rules, no randomness, so the figures never change between runs)."""
    from annotator.core.model import Layer, SpanRecord

    other = {"GPE": "LOC", "ORG": "FAC", "PER": "ORG", "FAC": "ORG", "LOC": "GPE"}
    spans, dropped = [], set()
    for i, span in enumerate(layer.spans):
        if drop_every and i % drop_every == drop_every - 1 and span.label != "QUOTE":
            dropped.add(span.id)
            continue
        label = span.label
        if relabel_every and i % relabel_every == 1:
            label = other.get(label, label)
        spans.append(SpanRecord(span.id, span.start, span.end, label, dict(span.attributes), span.text))
    relations = [r for r in layer.relations if r.source not in dropped and r.target not in dropped]
    return Layer(annotator, spans, relations, [])


SPEAKER, QUOTE, CUE_CONTEXT = "بنيامين نتنياهو", "أنه لن يرسل وفدا رفيع المستوى إلى واشنطن", "قال رئيس الوزراء"
STANCES = {ME: ("AGAINST", "NEUTRAL"), OTHER: ("AGAINST", "FAVOR")}  # (إسرائيل, الولايات المتحدة)


def build_projects(folder: Path) -> tuple[Path, Path]:
    """The demo project with Amal's work on three articles (in the first, all but what shot_main_window
    labels through the window), and a team project where Badr's work differs from Amal's."""
    from annotator.core.demo import DEMO_TARGETS, build_demo, demo_documents
    from annotator.core.model import AnnotatedDocument, DocLabelRecord

    gold = _gold_layers()
    demo, team = folder / "demo.annotator", folder / "team.annotator"
    with build_demo(demo, samples=False) as project:  # the pictures show Amal's and Badr's work only
        docs = demo_documents()
        first = _as(gold[docs[0].text], ME)
        # the speaker of the quotation the script labels through the window (shot_main_window) is left out
        first.spans = [s for s in first.spans if s.text != SPEAKER]
        first.relations = [r for r in first.relations if r.target in {s.id for s in first.spans}]
        project.import_documents([AnnotatedDocument(docs[0].name, docs[0].text, layers=[first])])
        project.import_documents([AnnotatedDocument(d.name, d.text, layers=[_as(gold[d.text], ME)]) for d in docs[1:3]])
    with build_demo(team, samples=False) as project:
        annotated = []
        for doc in demo_documents():
            mine, theirs = _as(gold[doc.text], ME), _as(gold[doc.text], OTHER, drop_every=6, relabel_every=5)
            for layer in (mine, theirs):
                layer.doc_labels = [
                    DocLabelRecord("stance", target, value)
                    for target, value in zip(DEMO_TARGETS, STANCES[layer.annotator], strict=True)
                ]
            annotated.append(AnnotatedDocument(doc.name, doc.text, layers=[mine, theirs]))
        project.import_documents(annotated)
    return demo, team


# ---- driving the window -----------------------------------------------------------------------------
class Studio:
    """One QApplication, the window, and a way to settle it before a grab."""

    def __init__(self, folder: Path, lang: str):
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QApplication

        from annotator.gui import i18n
        from annotator.gui import settings as prefs
        from annotator.gui.app import application
        from annotator.gui.fonts import load_fonts

        self.folder = folder
        self.app = application()
        # The language as `annotator gui` chooses it (ANNOTATOR_LANG, set by isolate): translations, mirroring.
        self.language = i18n.install(i18n.chosen_language(), self.app)
        load_fonts()
        # The interface in a shipped font (not whatever the machine has), steady text cursor (no blink).
        ui_font = QFont()
        ui_font.setFamilies(
            ["Noto Naskh Arabic", "Amiri", "Symbola"] if lang == "ar" else ["Amiri", "Noto Naskh Arabic", "Symbola"]
        )
        ui_font.setPointSize(10)
        QApplication.setFont(ui_font)
        QApplication.setCursorFlashTime(0)
        prefs.set_annotator_name(ME)
        self.pristine = build_projects(folder)
        self.demo, self.team = self.pristine  # shot_* open fresh copies of these (see open)
        self.copies = 0
        self.window = self.new_window()

    def new_window(self) -> MainWindow:
        from annotator.gui.main_window import MainWindow

        # no question may block a script: the name is known, and no other window holds the project
        window = MainWindow(ask_name=lambda *a: ME, ask_second=lambda *a: "take_over")
        window.resize(*WINDOW_SIZE)
        window.show()
        return window

    @property
    def session(self) -> Session:
        if self.window.session is None:
            raise SystemExit("make_screenshots: no project is open")
        return self.window.session

    @property
    def workspace(self) -> Workspace:
        if self.window.workspace is None:
            raise SystemExit("make_screenshots: no project is open")
        return self.window.workspace

    @staticmethod
    def shown(dialog: object, kind: type[T]) -> T:
        """The dialog an action opened, as the class the shot expects (or stop: the action changed)."""
        if not isinstance(dialog, kind):
            raise SystemExit(f"make_screenshots: expected a {kind.__name__}, the window opened {dialog!r}")
        return dialog

    def settle(self, rounds: int = 8) -> None:
        from PySide6.QtWidgets import QApplication

        for _ in range(rounds):
            QApplication.processEvents()
        # "saved ✓ 10:41:07": the clock would change every picture on every run (the window's own text
        # without the time, in the interface language)
        from PySide6.QtCore import QCoreApplication

        self.window.saved_label.setText(QCoreApplication.translate("MainWindow", "saved ✓"))

    def press(self, key: str) -> None:
        """Trigger the window's action for `key` as the keyboard would (the action the menus show)."""
        from PySide6.QtGui import QKeySequence

        wanted = QKeySequence(key)
        action = next(a for a in self.window.actions() if wanted in a.shortcuts() and a.isEnabled())
        action.trigger()
        self.settle(2)

    def select(self, needle: str, within: str = "") -> tuple[int, int]:
        """Select the first `needle` (inside the first `within`) in the open article, as a drag would."""
        document = self.session.document
        assert document is not None
        text = document.text
        at = text.index(needle, text.index(within)) if within else text.index(needle)
        self.workspace.view.show_range(at, at + len(needle))
        self.settle(2)
        return at, at + len(needle)

    def open(self, path: Path, document: int = 0) -> None:
        """Open a fresh copy of a built project: each shot starts from the same data, whichever shots ran
        before it (so `--only` gives the same picture as a full run)."""
        self.window.close_project()
        self.copies += 1
        copy = self.folder / f"shot{self.copies}" / path.name
        copy.parent.mkdir()
        shutil.copyfile(path, copy)
        self.window.open_project(copy)
        self.window.statusBar().clearMessage()  # the last shot's message stays 8 s otherwise
        self.session.open_index(document)
        self.workspace.view.verticalScrollBar().setValue(0)
        self.settle()


def save(widget: QWidget, path: Path, size: tuple[int, int]) -> None:
    """Grab `widget` at `size` into `path`."""
    from PySide6.QtWidgets import QApplication

    widget.resize(*size)
    for _ in range(8):
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_png(widget.grab().toImage(), path)


def over_window(studio: Studio, dialog: QWidget, out: Path, size: tuple[int, int]) -> None:
    """The window with a dialog in front of its lower corner on the side panel's side, as on a screen
    (offscreen, each is its own image). A dialog may keep a larger minimum size than asked: it is placed by
    what it got."""
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication

    if not dialog.isWindow():  # a tool docked beside the article (Suggestions, Agreement, Curation): the window
        studio.settle()  # shows it as it is
        out.parent.mkdir(parents=True, exist_ok=True)
        write_png(studio.window.grab().toImage(), out)
        return
    dialog.resize(*size)
    for _ in range(8):
        QApplication.processEvents()
    studio.settle()
    size = (dialog.width(), dialog.height())
    from annotator.gui.i18n import is_right_to_left

    # over the side panel, which a mirrored (Arabic) window has on its left
    x = 12 if is_right_to_left() else max(0, WINDOW_SIZE[0] - size[0] - 12)
    at = (x, max(0, WINDOW_SIZE[1] - size[1] - 42))
    image = studio.window.grab().toImage()
    painter = QPainter(image)
    painter.drawImage(*at, dialog.grab().toImage())
    painter.setPen(QColor("#606060"))
    painter.drawRect(at[0] - 1, at[1] - 1, size[0] + 1, size[1] + 1)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_png(image, out)


def write_png(image: QImage, path: Path) -> None:
    """A small PNG: 256 colours through libimagequant when installed, else Qt's best compression."""
    try:
        import imagequant
        from PIL import Image
    except ImportError:
        image.save(str(path), None, 0)  # the format from the .png suffix; quality 0: the smallest file
        return
    from PySide6.QtGui import QImage

    pixels = image.convertToFormat(QImage.Format.Format_RGBA8888)
    rgba = Image.frombuffer(
        "RGBA", (pixels.width(), pixels.height()), bytes(pixels.constBits()), "raw", "RGBA", pixels.bytesPerLine(), 1
    )
    imagequant.quantize_pil_image(rgba, dithering_level=0.5, max_colors=256).save(path, optimize=True)


# ---- the shots --------------------------------------------------------------------------------------
def shot_start_page(studio: Studio, out: Path) -> None:
    save(studio.window, out, WINDOW_SIZE)


def shot_label_entity(studio: Studio, out: Path) -> None:
    studio.open(studio.demo)
    studio.select(SPEAKER)
    save(studio.window, out, WINDOW_SIZE)


def shot_main_window(studio: Studio, out: Path) -> None:
    label_first_quotation(studio)
    save(studio.window, out, WINDOW_SIZE)


def label_first_quotation(studio: Studio) -> None:
    """Label through the window what the demo project lacks: the speaker, the quotation, its cue."""
    studio.open(studio.demo)
    studio.select(SPEAKER)
    studio.press("1")  # PER
    studio.select(QUOTE)
    studio.press("Q")  # the quotation (direct)
    studio.press("K")  # indirect: «قال ... أنه ...»
    studio.select("قال", within=CUE_CONTEXT)
    studio.press("C")  # its cue
    studio.select(SPEAKER)
    studio.press("S")  # its speaker
    studio.workspace.clear_selection()
    studio.workspace.view.verticalScrollBar().setValue(0)
    # The keys did what the guide says, or the pictures would show something else: stop here.
    made = [q for q in studio.session.layer.quotations() if q.quote.text == QUOTE]
    if not (
        made
        and made[0].quote.attributes.get("kind") == "indirect"
        and made[0].cue is not None
        and made[0].cue.text == "قال"
        and made[0].speaker is not None
        and made[0].speaker.text == SPEAKER
        and made[0].speaker.label == "PER"
    ):
        raise SystemExit(
            "make_screenshots: labelling through the window's keys (1, Q, K, C, S) no longer makes "
            "the quotation the guide shows; update label_first_quotation and the guide"
        )


def shot_quotations(studio: Studio, out: Path) -> None:
    """A direct quotation chosen in the panel (the article scrolls to it), with the speaker's stance set."""
    label_first_quotation(studio)
    session, workspace = studio.session, studio.workspace
    workspace.side.setCurrentWidget(workspace.quotations)
    studio.settle()
    quotes = sorted((s for s in session.layer.spans() if s.label == "QUOTE"), key=lambda s: s.start)
    chosen = next(q for q in quotes if q.attributes.get("kind") == "direct")
    session.select_span(chosen.id)
    session.span_ops.set_quote_stance(chosen.id, "AGAINST", "الولايات المتحدة")
    workspace.view.centerCursor()  # the quotation mid-page rather than on the last line
    studio.settle()
    save(studio.window, out, WINDOW_SIZE)


def shot_stance(studio: Studio, out: Path) -> None:
    studio.open(studio.demo)
    workspace = studio.workspace
    studio.press("F6")  # the keyboard walks to the panels; then straight to the stance tab, as F6 would
    workspace.side.setCurrentWidget(workspace.stance)
    stance = workspace.stance
    stance.targets.setCurrentRow(0)
    stance.set_current("AGAINST")
    stance.targets.setCurrentRow(1)
    stance.set_current("NEUTRAL")
    studio.settle()
    save(studio.window, out, WINDOW_SIZE)


def shot_find_bar(studio: Studio, out: Path) -> None:
    studio.open(studio.demo, document=3)
    studio.press("Ctrl+F")
    bar = studio.window.find_bar
    bar.query.setText("نتنياهو")
    bar.everywhere.setChecked(True)
    studio.press("F3")
    save(studio.window, out, WINDOW_SIZE)


def shot_suggestions(studio: Studio, out: Path) -> None:
    from annotator.core.suggestion_sources import compute_suggestions

    studio.open(studio.demo, document=3)
    compute_suggestions(studio.session.project, ME)
    studio.press("Ctrl+Shift+S")
    from annotator.gui.dialogs.suggestions import SuggestionsDialog

    dialog = studio.shown(studio.window.dialogs.suggestions_dialog, SuggestionsDialog)
    dialog.reload()
    dialog.table.selectRow(0)
    over_window(studio, dialog, out, (700, 330))


def shot_agreement(studio: Studio, out: Path) -> None:
    studio.open(studio.team)
    studio.press("Ctrl+Shift+A")
    from annotator.gui.dialogs.agreement import AgreementDialog

    dialog = studio.shown(studio.window.dialogs.agreement_dialog, AgreementDialog)
    dialog.wait()
    studio.settle()
    dialog.tabs.setCurrentWidget(dialog.labels)
    over_window(studio, dialog, out, (900, 560))  # docked beside the article


def shot_curation(studio: Studio, out: Path) -> None:
    studio.open(studio.team)
    studio.press("Ctrl+Shift+G")
    from annotator.gui.dialogs.curation import CurationDialog

    dialog = studio.shown(studio.window.dialogs.curation_dialog, CurationDialog)
    dialog.accept_agreed()
    dialog.table.setCurrentCell(1, 0)  # a disagreement: the article shows where it is
    over_window(studio, dialog, out, (820, 330))


def shot_export(studio: Studio, out: Path) -> None:
    from PySide6.QtCore import Qt

    studio.open(studio.team)
    studio.press("Ctrl+E")
    from annotator.gui.dialogs.transfer import ExportDialog

    dialog = studio.shown(studio.window.dialogs.job_dialog, ExportDialog)
    dialog.format.setCurrentText("conll")
    dialog.out.setText("news.conll")
    dialog.annotators.item(1).setCheckState(Qt.CheckState.Unchecked)  # one layer: CoNLL holds one
    save(dialog, out, (640, 480))


def shot_narrow_window(studio: Studio, out: Path) -> None:
    window = studio.new_window()  # a window opened narrow starts with its documents list collapsed
    window.resize(*NARROW_SIZE)
    studio.window.tool_docks.close_all()  # (the shots before left tools open: a new window would reopen them)
    studio.window.close()
    studio.window = window
    studio.open(studio.demo)
    save(window, out, NARROW_SIZE)


def shot_render(studio: Studio, out: Path) -> None:
    """The command line's picture of an article (a separate process, as a user runs it)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = studio.folder / "render.png"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "render",
            str(studio.demo),
            "--doc",
            "2",
            "--out",
            str(raw),
            "--width",
            "900",
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    from PySide6.QtGui import QImage

    image = QImage(str(raw))
    write_png(image.copy(0, 0, image.width(), min(image.height(), 700)), out)


MAKERS: dict[str, Callable[[Studio, Path], None]] = {
    "start-page": shot_start_page,
    "label-entity": shot_label_entity,
    "main-window": shot_main_window,
    "quotations": shot_quotations,
    "stance": shot_stance,
    "find-bar": shot_find_bar,
    "suggestions": shot_suggestions,
    "agreement": shot_agreement,
    "curation": shot_curation,
    "export": shot_export,
    "narrow-window": shot_narrow_window,
    "render": shot_render,
}


def isolate(folder: Path, lang: str) -> None:
    """Before Qt starts: a throwaway HOME and config, offscreen drawing, the interface language."""
    for key, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        (folder / sub).mkdir(exist_ok=True)
        os.environ[key] = str(folder / sub)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ANNOTATOR_LANG"] = lang
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "config"))


def make(lang: str, out_dir: Path, only: list[str] | None = None) -> list[Path]:
    names = [s.name for s in SHOTS if not only or s.name in only]
    written = []
    with tempfile.TemporaryDirectory(prefix="annotator-shots-") as tmp:
        folder = Path(tmp)
        isolate(folder, lang)
        studio = Studio(folder, lang)
        for name in names:
            path = out_dir / f"{name}.png"
            MAKERS[name](studio, path)
            written.append(path)
            print(f"wrote {path} ({path.stat().st_size // 1024} KB)", flush=True)
        studio.window.close_project()
        studio.window.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=["en", "ar"], default="en", help="the interface language")
    parser.add_argument("--out", type=Path, help="folder for the PNGs (default docs/images/LANG)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[s.name for s in SHOTS],
        metavar="SHOT",
        help="make only these shots: " + ", ".join(s.name for s in SHOTS),
    )
    args = parser.parse_args(argv)
    make(args.lang, args.out or ROOT / "docs" / "images" / args.lang, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
