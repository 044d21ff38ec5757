"""`annotator render`: draw an annotated article to a PNG with the view the window uses, no display needed."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import InputError
from ..core.files import atomic_file, is_png, refuse_unsafe_output

MAX_HEIGHT = 32000  # pixels; longer articles are cut (a PNG taller than this is unreadable anyway)


def ensure_app():
    """The running QApplication, or a new offscreen one (rendering needs no display)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["annotator-render"])
    return app


def render_to_png(project, doc_name: str, out_path: Path, annotator: str | None = None, width: int = 900) -> Path:
    """Draw document `doc_name` with the spans of `annotator` (all annotators' when None) to `out_path`."""
    out_path = Path(out_path)
    refuse_unsafe_output(out_path, "file")  # before the work: never over the project, a link, a pipe...
    if out_path.exists() and not is_png(out_path):
        raise InputError("the file exists and is not a PNG picture; choose another --out", file=str(out_path))
    ensure_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtWidgets import QApplication

    from .highlights import HighlightStyle
    from .layer import DocumentLayer
    from .offsets import OffsetMap
    from .text_view import ArticleView

    document = project.documents.get(find_document(project, doc_name).id)
    if annotator is not None and annotator not in project.annotators.list():
        raise InputError(f"no annotator {annotator!r} in {project.display_name}")
    if width < 200:
        raise InputError(f"--width {width} is too narrow; give at least 200 pixels")
    layer = DocumentLayer(
        project.spans.for_document(document.id, annotator), project.relations.for_document(document.id, annotator)
    )
    view = ArticleView()
    view.whole_document = True
    view.setVerticalScrollBarPolicy(view.verticalScrollBarPolicy().ScrollBarAlwaysOff)
    view.setHorizontalScrollBarPolicy(view.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
    # Shown but never on screen, so resizes reach the layout at once (a hidden widget defers them).
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.resize(width, 400)
    view.show()
    view.show_text(document.text, OffsetMap(document.text), layer, HighlightStyle(project.schema.get()))
    QApplication.processEvents()
    view.resize(width, min(MAX_HEIGHT, _content_height(view)))
    QApplication.processEvents()
    view.refresh_highlights()
    png = QByteArray()
    buffer = QBuffer(png)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not view.grab().save(buffer, "PNG"):
        raise InputError(f"cannot draw {out_path}; the picture may be too large: give a smaller --width")
    with atomic_file(out_path, "wb") as handle:  # the one guarded writer, like every output
        handle.write(png.data())
    view.close()
    view.deleteLater()
    return out_path


def find_document(project, wanted: str):
    """The document named `wanted`; else the one document whose name starts with `wanted`; else the one
    numbered `wanted` in the project's list (1 = the first). Anything else is an InputError that lists the
    candidates."""
    summaries = project.documents.list()
    names = [d.name for d in summaries]
    if wanted in names:
        return summaries[names.index(wanted)]
    matches = [d for d in summaries if d.name.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if wanted.isdigit() and 1 <= int(wanted) <= len(summaries):
        return summaries[int(wanted) - 1]
    if matches:
        raise InputError(
            f"{len(matches)} documents start with {wanted!r}: "
            f"{', '.join(d.name for d in matches[:5])}{' ...' if len(matches) > 5 else ''}; "
            "give more of the name"
        )
    hint = f"; documents: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}" if names else ""
    raise InputError(
        f"no document named {wanted!r} in {project.display_name} (give a name, a unique start of one, "
        f"or a number from 1 to {len(names)}){hint}"
    )


def _content_height(view) -> int:
    """Height that shows every line: sum of the laid-out blocks plus the frame and margins."""
    document = view.document()
    block = document.firstBlock()
    height = 0.0
    while block.isValid():
        height += view.blockBoundingRect(block).height()
        block = block.next()
    margins = (
        2 * (document.documentMargin() + view.frameWidth())
        + view.contentsMargins().top()
        + view.contentsMargins().bottom()
    )
    return int(height + margins + 4)
