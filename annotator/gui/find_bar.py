"""The find bar (Ctrl+F): Arabic-aware search in the open document or in all documents, hits marked in
the article (colour only, so joining is untouched), F3 / Shift+F3 from hit to hit, and "label all" with a
preview in which each hit can be unchecked; applied as one undoable action.

Matching is `core.search` (tashkeel, tatweel and hamza/alef spellings seen through; proclitics: واشنطن finds
the stem in لواشنطن).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import AnnotatorError
from ..core.search import SearchHit, context, label_all, search_document, search_project, with_labelled
from . import terms
from .highlights import SEARCH_COLOUR


class FindBar(QWidget):
    message = Signal(str)

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window_ = window
        self.hits: list[SearchHit] = []
        self.current = -1
        self.query = QLineEdit()
        self.query.setPlaceholderText(
            self.tr("find (ignores tashkeel, tatweel, hamza forms; sees through و ف ب ل ك ال)")
        )
        self.everywhere = QCheckBox(self.tr("all documents"))
        self.count = QLabel()
        # The arrows point the way the hits go in the reading direction: "next" is leftwards in Arabic.
        back, forward = ("▶", "◀") if self.isRightToLeft() else ("◀", "▶")
        previous, following = QPushButton(back), QPushButton(forward)
        previous.setToolTip(self.tr("previous hit (Shift+F3)"))
        following.setToolTip(self.tr("next hit (F3)"))
        self.label_choice = QComboBox()
        self.label_all_button = QPushButton(self.tr("Label all…"))
        close = QPushButton("✕")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        for widget in (
            self.query,
            self.everywhere,
            self.count,
            previous,
            following,
            self.label_choice,
            self.label_all_button,
            close,
        ):
            row.addWidget(widget, 1 if widget is self.query else 0)
        self.query.returnPressed.connect(lambda: self.step(1))
        self.query.textChanged.connect(lambda _: self.run())
        self.everywhere.toggled.connect(lambda _: self.run())
        previous.clicked.connect(lambda: self.step(-1))
        following.clicked.connect(lambda: self.step(1))
        self.label_all_button.clicked.connect(self.label_all)
        close.clicked.connect(self.close_bar)
        self.hide()

    @property
    def session(self):
        return self.window_.session

    def open_bar(self) -> None:
        self.label_choice.clear()
        if self.session is not None:
            for label in self.session.schema.labels:  # "شخص (PER)" in Arabic; the code is what is saved
                self.label_choice.addItem(terms.label_name(label.name), label.name)
        self.show()
        self.query.setFocus()
        self.query.selectAll()
        self.run()

    def close_bar(self) -> None:
        self.hide()
        self.hits, self.current = [], -1
        self._mark()

    def run(self) -> None:
        """Search again (the query, the scope or the document changed)."""
        session = self.session
        text = self.query.text()
        self.hits, self.current = [], -1
        if session is not None and session.document is not None and text.strip():
            try:
                # what is labelled at the hits is read when "Label all…" shows them, not per keystroke
                if self.everywhere.isChecked():
                    self.hits = search_project(session.project, text, labelled=False)
                else:
                    self.hits = search_document(session.project, session.document, text, labelled=False)
            except AnnotatorError as exc:
                self.message.emit(str(exc))
        self._mark()

    def _mark(self) -> None:
        session = self.session
        if session is None or self.window_.workspace is None:
            return
        open_id = session.document_id  # once, not per hit (300,000 hits of a word in 100,000 articles)
        here = [(h.start, h.end) for h in self.hits if h.document_id == open_id]
        self.window_.workspace.view.show_search_hits(here)
        documents = len({h.document_id for h in self.hits}) if self.hits else 0
        if not self.query.text().strip():
            self.count.setText("")
        elif documents > 1:
            self.count.setText(
                self.tr("{hits} in {documents}").format(
                    hits=terms.hits(len(self.hits)), documents=terms.documents(documents)
                )
            )
        else:
            self.count.setText(terms.hits(len(self.hits)))

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) hit, opening its document if needed."""
        if not self.hits:
            self.run()
        if not self.hits:
            return
        session = self.session
        if self.current < 0 and direction > 0:  # the first hit at or after the cursor's document
            place = session.documents.index_of  # a position by the list's ids, not a row read per hit
            here = (place(session.document_id) if session.document_id is not None else None) or 0
            order = [i for i, h in enumerate(self.hits) if (place(h.document_id) or 0) >= here]
            self.current = order[0] if order else 0
        else:
            self.current = (self.current + direction) % len(self.hits)
        hit = self.hits[self.current]
        if hit.document_id != session.document_id:
            session.open_name(hit.document)
            self._mark()
        view = self.window_.workspace.view
        view.show_range(hit.start, hit.end)
        self.count.setText(self.tr("{index} of {count}").format(index=self.current + 1, count=len(self.hits)))

    def label_all(self) -> None:
        """Preview every hit (already labelled ones marked and unchecked), then label the checked ones."""
        session = self.session
        label = self.label_choice.currentData()
        if session is None or not self.hits or not label:
            return
        texts: dict[int, str] = {}

        def text_of(hit: SearchHit) -> str:
            if hit.document_id not in texts:
                texts[hit.document_id] = session.project.documents.get(hit.document_id).text
            return texts[hit.document_id]

        try:
            shown = with_labelled(session.project, self.hits)
        except AnnotatorError as exc:
            self.message.emit(str(exc))
            return
        dialog = LabelAllPreview(shown, label, session.annotator, self, text_of=text_of)
        if self.window_.ask_preview(dialog) != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.checked()
        try:
            created = label_all(session.project, session.annotator, chosen, label)
        except AnnotatorError as exc:
            self.message.emit(str(exc))
            return
        session.reload_from_file()
        self.run()
        done = self.tr("labelled {occurrences} {label} (one undo step: Ctrl+Z)").format(
            occurrences=terms.occurrences(len(created)), label=terms.label_name(label)
        )
        self.window_.note_saved(done)
        self.message.emit(done)


HIT_COLOUR = SEARCH_COLOUR  # the hit in its line of context, yellow as in the article (colour only: it joins)
CONTEXT = 40  # characters of context each side of a hit


class _ContextDelegate(QStyledItemDelegate):
    """Draws a preview row: its check box, then the document's name and the line around the hit with the hit
    highlighted (rich text kept in the item's HTML role; the item's plain text stays for copy and tests)."""

    HTML = Qt.ItemDataRole.UserRole + 1

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeading))
        document.setHtml(index.data(self.HTML) or escape(index.data() or ""))
        return document

    def paint(self, painter, option, index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        style = item.widget.style() if item.widget else None
        if style is None:
            return super().paint(painter, option, index)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, item.widget)
        document = self._document(option, index)
        document.setTextWidth(area.width())
        painter.save()
        painter.translate(area.left(), option.rect.top() + 3)
        document.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        document = self._document(option, index)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListWidget) else option.rect.width()
        document.setTextWidth(max(200, width - 40))  # the check box's room aside
        return QSize(int(document.idealWidth()), int(document.size().height()) + 6)


class LabelAllPreview(QDialog):
    """Every hit with a line of context and the hit highlighted, each checked unless already labelled; the
    user unchecks what is not the thing (Space toggles the current row, arrows move)."""

    def __init__(self, hits: list[SearchHit], label: str, annotator: str, parent=None, *, text_of=None):
        super().__init__(parent)
        self.hits = hits
        self.setWindowTitle(self.tr("Label every occurrence {label}").format(label=terms.label_name(label)))
        self.list = QListWidget()
        self.list.setItemDelegate(_ContextDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        for hit in hits:
            done = (annotator, label) in hit.labelled
            before, found, after = context(text_of(hit), hit.start, hit.end, CONTEXT) if text_of else ("", hit.text, "")
            note = self.tr("  (already labelled)") if done else ""
            # the Arabic inside an isolate, so it cannot reorder the name and offsets around it
            item = QListWidgetItem(
                f"\u2068{hit.document}\u2069  [{hit.start}–{hit.end}]  \u2068…{before}{found}{after}…\u2069" + note
            )
            item.setData(
                _ContextDelegate.HTML,
                f"<span style='color:#666'>{escape(hit.document)}</span>{escape(note)}<br>"
                f"<span dir='rtl'>…{escape(before)}<span style='background-color:{HIT_COLOUR}'>"
                f"{escape(found)}</span>{escape(after)}…</span>",
            )
            item.setToolTip(f"[{hit.start}–{hit.end}]")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if done else Qt.CheckState.Checked)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Checked occurrences become {label}; uncheck those that are not:").format(
                    label=terms.label_name(label)
                )
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.list.setFocus()

    def checked(self) -> list[SearchHit]:
        return [hit for i, hit in enumerate(self.hits) if self.list.item(i).checkState() == Qt.CheckState.Checked]
