"""Other annotators' writes, live, in the window: the bridge from a project's `watch` (core: PostgreSQL's
LISTEN/NOTIFY, heard in a thread of its own) to the Qt main thread.

The listener's thread only emits a signal; Qt queues it to the main thread, where the window's own refresh
path runs (`look_for_changes_elsewhere`: the core says whether the content changed, the session reloads).
Messages that come together (an import of many documents) are one refresh: a short single-shot timer
gathers them. A project whose store cannot be told (a file) keeps the window's polling timer; a server
project stops it: the server says when to look. Who is working on what (the sessions' open documents) is
shown in the documents list from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.project_session import ProjectSession
from ..core.store_protocols import Watch

if TYPE_CHECKING:
    from .session import Session
    from .workspace import Workspace

GATHER_MS = 50  # messages within this time are one refresh


class LiveUpdates(QObject):
    """Follows one project at a time: `refresh` runs in the main thread after another program's write, and
    the documents list shows which documents the other annotators have open (`ProjectSession.who_is_where`:
    looked at after each message of a server, and at each tick of the window's polling and heartbeat
    timers; this window's own open document is told to the others as it changes)."""

    arrived = Signal(object)  # a payload, emitted from the listener's thread

    def __init__(
        self,
        parent: QObject,
        refresh: Callable[[], object],
        timers: Sequence[QTimer],
        workspace: Callable[[], Workspace | None],
    ) -> None:
        """`timers`: the window's, the first of which polls (WATCH_SECONDS) and the second beats."""
        super().__init__(parent)
        self._refresh = refresh
        self._timers = timers
        self._polling = timers[0]
        self._workspace = workspace
        self._watch: Watch | None = None
        self._hold: ProjectSession | None = None
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.setInterval(GATHER_MS)
        self._gather.timeout.connect(self._run_refresh)
        self.arrived.connect(self._on_arrived)
        for timer in timers[:2]:
            timer.timeout.connect(self.show_who_is_where)

    @property
    def live(self) -> bool:
        return self._watch is not None and self._watch.live

    def follow(self, hold: ProjectSession, session: Session | None) -> None:
        """Notice what other programs write to `hold`'s project from now on (where it is now is noted first),
        and start the window's timers (the polling one only when the project cannot be heard: a file). The
        project's closing stops the listening too."""
        self.stop()
        self._hold = hold
        hold.changed_elsewhere()
        try:
            self._watch = hold.project.watch(self.arrived.emit)
        except Exception:  # noqa: BLE001 - cannot listen (a server refusing a second connection): keep polling
            self._watch = None
        for timer in self._timers:
            if not (self.live and timer is self._polling):
                timer.start()
        if session is not None:
            session.documentOpened.connect(lambda: hold.open_document(session.document_id))
            hold.open_document(session.document_id)
        self.show_who_is_where()

    def stop(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        self._gather.stop()

    def show_who_is_where(self) -> None:
        """Mark in the documents list the documents other annotators have open now."""
        workspace = self._workspace()
        if self._hold is not None and workspace is not None:
            workspace.navigator.documents_model.show_who_is_here(self._hold.who_is_where())

    def _on_arrived(self, payload: object) -> None:
        if self._watch is None:
            return  # a message of a project closed meanwhile
        self._gather.start()

    def _run_refresh(self) -> None:
        self._refresh()
        self.show_who_is_where()
