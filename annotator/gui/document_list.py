"""The session's documents, in order, read a page at a time: a project of 100,000 articles opens without
reading 100,000 rows (issue 27). Only the ids are read up front (from an index, not the documents' rows);
a document's name, length and meta, with the annotator's status and span counts, are read with the page of
documents around it when something asks for them (the documents list asks for the rows it shows).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

from ..core.model import DocumentId, DocumentSummary

if TYPE_CHECKING:
    from ..core.project import Project

PAGE = 100  # documents read at once: a screenful or two of the list
KEPT_PAGES = 64  # pages kept in memory (the least recently used go first)


class DocumentRow:
    """One document as the list shows it: its summary, the annotator's status and span count per label."""

    __slots__ = ("counts", "status", "summary")

    def __init__(self, summary: DocumentSummary, status: str, counts: dict[str, int]) -> None:
        self.summary = summary
        self.status = status
        self.counts = counts


class DocumentList(Sequence[DocumentSummary]):
    """Every document of `project` in id order (what `project.documents.list()` gives), with `annotator`'s
    status and counts per row, read in pages of PAGE documents as they are asked for."""

    def __init__(self, project: Project, annotator: str) -> None:
        self._project = project
        self.annotator = annotator
        self.ids: list[DocumentId] = project.documents.ids()
        self._pages: OrderedDict[int, list[DocumentRow]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> DocumentSummary: ...
    @overload
    def __getitem__(self, index: slice) -> list[DocumentSummary]: ...
    def __getitem__(self, index: int | slice) -> DocumentSummary | list[DocumentSummary]:
        if isinstance(index, slice):
            return [self.row(i).summary for i in range(*index.indices(len(self.ids)))]
        return self.row(index).summary

    def __iter__(self) -> Iterator[DocumentSummary]:
        for i in range(len(self.ids)):
            yield self.row(i).summary

    def index_of(self, document_id: int) -> int | None:
        """The position of a document in the list, None if it is not in it."""
        i = bisect_left(self.ids, document_id)
        return i if i < len(self.ids) and self.ids[i] == document_id else None

    def row(self, index: int) -> DocumentRow:
        """The document at `index` (negative counts from the end) with the annotator's status and counts."""
        if index < 0:
            index += len(self.ids)
        if not 0 <= index < len(self.ids):
            raise IndexError(index)
        number = index // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._read_page(number)
            self._pages[number] = page
            while len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[index - number * PAGE]

    def is_read(self, index: int) -> bool:
        """Whether the row at `index` is in memory (reading it costs no query)."""
        return index // PAGE in self._pages

    def forget(self) -> None:
        """Read every row again when next asked (statuses or counts changed)."""
        self._pages.clear()

    def _read_page(self, number: int) -> list[DocumentRow]:
        ids = self.ids[number * PAGE : (number + 1) * PAGE]
        found = {
            summary.id: DocumentRow(summary, status or "new", counts)
            for summary, status, counts in self._project.documents.page(ids[0], ids[-1], self.annotator)
        }
        # a document removed by another program since the ids were read keeps its place until the next reload
        return [found.get(i) or DocumentRow(DocumentSummary(i, f"#{i}", 0), "new", {}) for i in ids]
