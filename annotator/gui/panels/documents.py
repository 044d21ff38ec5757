"""The document navigator: every document with the annotator's status and counts; click to open."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QStyledItemDelegate, QTreeWidget, QTreeWidgetItem

from ..operations.base import EVERYTHING, SPANS, STATUS
from ..terms import status_name

STATUS_COLOUR = {"new": "#777777", "in_progress": "#b36b00", "done": "#1d7a1d"}
NAME, STATUS_COL, ENTITIES, QUOTES = range(4)


def reads_right_to_left(text: str) -> bool:
    """Whether the first strongly directional character is Arabic or Hebrew ("01 وبعد" is)."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


class NameDelegate(QStyledItemDelegate):
    """Draws an Arabic name as a right-to-left paragraph, so a name too long for the column loses its end
    (on the left) rather than showing the ellipsis beside its beginning."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        if reads_right_to_left(option.text):
            option.direction = Qt.LayoutDirection.RightToLeft
            option.displayAlignment = (
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )
            option.textElideMode = Qt.TextElideMode.ElideRight
        elif option.direction == Qt.LayoutDirection.RightToLeft:
            # A Latin name ("01 article") in the mirrored Arabic interface keeps its own left-to-right order,
            # at the right edge like the Arabic names.
            option.direction = Qt.LayoutDirection.LeftToRight
            option.displayAlignment = (
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )


class DocumentNavigator(QTreeWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setColumnCount(4)
        # Whose work the status and counts are: the session's annotator, never everyone's.
        who = session.annotator
        self.setHeaderLabels(
            [self.tr("Documents — {name}").format(name=who), self.tr("Status"), self.tr("Ent."), self.tr("Quo.")]
        )
        self.headerItem().setToolTip(
            NAME, self.tr("status and counts of {name}'s work (File › Switch annotator for another's)").format(name=who)
        )
        self.headerItem().setToolTip(STATUS_COL, self.tr("{name}'s status of each document").format(name=who))
        self.headerItem().setToolTip(ENTITIES, self.tr("entities {name} labelled").format(name=who))
        self.headerItem().setToolTip(QUOTES, self.tr("quotations {name} marked").format(name=who))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, header.ResizeMode.Stretch)
        for col in (STATUS_COL, ENTITIES, QUOTES):
            header.setSectionResizeMode(col, header.ResizeMode.ResizeToContents)
        self.name_delegate = NameDelegate(self)
        self.setItemDelegateForColumn(NAME, self.name_delegate)
        self.setAccessibleName(self.tr("Documents"))
        self.itemActivated.connect(self._open)
        self.itemClicked.connect(self._open)
        session.documentOpened.connect(self._mark_current)
        session.changed.connect(self._on_change)
        self.curation: dict[int, tuple[int, int]] = {}  # document id -> (settled, units), while curating
        self.reload()

    def show_curation(self, progress: dict[int, tuple[int, int]]) -> None:
        """Show curation progress (settled of all units) in the status column; {} to show status again."""
        self.curation = dict(progress)
        self.setHeaderLabels(
            [self.tr("Document"), self.tr("Gold") if progress else self.tr("Status"), self.tr("Ent."), self.tr("Quo.")]
        )
        self.reload()

    def reload(self) -> None:
        session = self.session
        statuses = session.project.status.for_annotator(session.annotator)
        counts = session.project.spans.counts(session.annotator)
        self.clear()
        for i, doc in enumerate(session.documents):
            item = QTreeWidgetItem([doc.name, "", "", ""])
            item.setData(NAME, Qt.ItemDataRole.UserRole, i)
            item.setToolTip(NAME, self.tr("{name} — %n character(s)", "", doc.length).format(name=doc.name))
            self.addTopLevelItem(item)
            self._fill(item, statuses.get(doc.id, "new"), counts.get(doc.id, {}))
        self._mark_current()

    def _fill(self, item: QTreeWidgetItem, status: str, label_counts: dict[str, int]) -> None:
        schema = self.session.schema
        entities = sum(n for label, n in label_counts.items() if schema.is_entity(label))
        quotes = sum(n for label, n in label_counts.items() if label in self.session.quote_labels())
        item.setText(STATUS_COL, status_name(status))
        item.setForeground(STATUS_COL, QBrush(QColor(STATUS_COLOUR.get(status, "#000000"))))
        index = item.data(NAME, Qt.ItemDataRole.UserRole)
        doc_id = self.session.documents[index].id if self.curation and index is not None else None
        if doc_id in self.curation:
            settled, total = self.curation[doc_id]
            item.setText(STATUS_COL, f"{settled}/{total}")
            item.setForeground(STATUS_COL, QBrush(QColor("#2e7d32" if settled == total else "#b00020")))
        item.setText(ENTITIES, str(entities))
        item.setText(QUOTES, str(quotes))

    def _refresh_current(self) -> None:
        session = self.session
        item = self.topLevelItem(session.index)
        if item is None or session.document is None:
            return
        self._fill(
            item, session.project.status.get(session.document.id, session.annotator), session.layer.label_counts()
        )

    def _on_change(self, change) -> None:
        if change.area == EVERYTHING:
            self.reload()
        elif change.area in (SPANS, STATUS) or change.document_id == self.session.document_id:
            self._refresh_current()

    def _mark_current(self) -> None:
        item = self.topLevelItem(self.session.index)
        if item is not None:
            self.setCurrentItem(item)
            self._refresh_current()

    def _open(self, item: QTreeWidgetItem) -> None:
        index = item.data(NAME, Qt.ItemDataRole.UserRole)
        if index != self.session.index:
            self.session.open_index(index)
