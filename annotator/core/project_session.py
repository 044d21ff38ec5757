"""One window's hold on a project: opening it for an annotator, the take-over rule, the heartbeat, backups,
closing. Qt-free: the window asks the user and runs the timers (gui/main_window.py), this decides.

The rule: a project is written by one window per annotator. Opening it for an annotator whose live window
(its heartbeat younger than the store's SESSION_STALE_SECONDS, its process alive when it runs on this
machine) holds it already is a `Conflict`: the user chooses to open it READ_ONLY (every write is refused,
saying why) or to TAKE_OVER (the other window's session ends; its next heartbeat finds that out and it
turns read-only), or not to open it. A stale session (a window gone without closing: killed, a power cut)
and a window of another annotator are no conflict.

    hold = ProjectSession(project, "A")
    conflict = hold.conflict()                 # None, or who holds it and what the user may choose
    hold.start(TAKE_OVER if conflict else None)
    hold.heartbeat()                           # every HEARTBEAT_SECONDS; False once taken over
    hold.backup_if_due()                       # at the start, then every BACKUP_CHECK_SECONDS
    hold.open_document(doc_id)                 # tell the other windows which document this one has open
    hold.who_is_where()                        # {document id: [annotators]} of the other live windows
    hold.close()                               # ends the session and closes the project

Messages for people (why the project is read-only) are the caller's: the window translates them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from . import backups
from .errors import StorageError
from .model import GOLD
from .project import Project

READ_ONLY, TAKE_OVER = "read_only", "take_over"  # the user's answers to a conflict (or none: do not open)
CHOICES = (READ_ONLY, TAKE_OVER)
HEARTBEAT_SECONDS = 15.0  # well under the store's SESSION_STALE_SECONDS (60), so a live window stays live
BACKUP_CHECK_SECONDS = 600.0  # how often a due backup (backups.EVERY_SECONDS: one an hour) is looked for
WATCH_SECONDS = 1.0  # how often the window looks for other programs' writes to a file (a server says: NOTIFY)


class ProjectHeld(StorageError):
    """Another live window of the annotator holds the project, and no choice was made about it."""


@dataclass(frozen=True)
class Conflict:
    """Another live window writes this project as the same annotator: the user must choose one of `choices`
    (or not open the project)."""

    annotator: str
    who: str  # the other windows, described for a person ("the window of annotator A ...")
    session_ids: tuple[int, ...]
    choices: tuple[str, ...] = CHOICES


@dataclass(frozen=True)
class OthersWork:
    """Whose work the project holds besides the annotator's: (spans, name), most spans first."""

    mine: int
    theirs: list[tuple[int, str]] = field(default_factory=list)


def others_work(project: Project, annotator: str) -> OthersWork:
    """The spans of the annotators besides `annotator` (gold counts as one) beside `annotator`'s own."""
    if set(project.annotators.list()) <= {annotator}:  # every span's annotator is listed there
        return OthersWork(project.counts()["spans"], [])  # (not a count per annotator of every span)
    per_annotator = project.work_per_annotator()
    theirs = sorted(
        (
            (counts.get("spans", 0), who)
            for who, counts in per_annotator.items()
            if who != annotator and counts.get("spans")
        ),
        reverse=True,
    )
    return OthersWork(per_annotator.get(annotator, {}).get("spans", 0), theirs)


class ProjectSession:
    """`project` opened by a window for `annotator`: the session row that tells other windows so, kept live
    by `heartbeat`; read-only when another window of the annotator holds it, or took it over."""

    def __init__(self, project: Project, annotator: str):
        self.project = project
        self.annotator = annotator
        self.session_id: int | None = None  # None: not started, read-only, taken over, or closed
        self.taken_over = False
        self.closed = False

    @classmethod
    def open(cls, path: str | Path, annotator: str) -> ProjectSession:
        """Open the project file for `annotator` (creating it when missing); not started yet."""
        return cls(Project(path), annotator)

    @property
    def read_only(self) -> bool:
        return self.project.read_only

    @property
    def writing(self) -> bool:
        """Whether this window holds the project for its annotator (a live session of its own)."""
        return self.session_id is not None

    # ---- opening --------------------------------------------------------------------------------------
    def conflict(self) -> Conflict | None:
        """The annotator's other live windows on the project, or None (stale and crashed ones do not count)."""
        others = self.project.sessions.others(self.annotator, own=self.session_id)
        if not others:
            return None
        return Conflict(self.annotator, self.project.sessions.describe(others), tuple(o["id"] for o in others))

    def start(self, choice: str | None = None, *, read_only_reason: str = "read-only") -> None:
        """Begin: write (no conflict, or TAKE_OVER: the other windows' sessions end first) or, with READ_ONLY,
        only read: every write is then refused with `read_only_reason`. A conflict needs a choice (the
        conflict is looked at again here: it may have come or gone since it was shown; one that came, with no
        choice: ProjectHeld)."""
        if choice is not None and choice not in CHOICES:
            raise ValueError(f"choice {choice!r}: one of {', '.join(CHOICES)}, or None")
        if (reader := self.project.only_reads()) is not None:  # a server role that may only read: no session
            self.project.set_read_only(reader)
            return
        conflict = self.conflict()
        if choice == READ_ONLY:
            self.project.set_read_only(read_only_reason)
            return
        if conflict is not None and choice != TAKE_OVER:
            raise ProjectHeld(
                f"{conflict.who} has just opened this project as {self.annotator}: reopen it to "
                "choose between reading only and taking over"
            )
        if conflict is not None:
            self.project.sessions.end(*conflict.session_ids)
        self.session_id = self.project.sessions.start(self.annotator)

    # ---- while open -----------------------------------------------------------------------------------
    def heartbeat(self) -> bool:
        """Say the window is still there (every HEARTBEAT_SECONDS). False when another window of the annotator
        took the project over: this one no longer holds it (make it read-only: `stop_writing`)."""
        if self.session_id is None:
            return True
        if self.project.sessions.heartbeat(self.session_id):
            return True
        self.session_id = None
        self.taken_over = True
        return False

    def stop_writing(self, reason: str) -> None:
        """Refuse every write from now on with `reason` (after a take-over), ending this window's session."""
        if self.session_id is not None:
            self.project.sessions.end(self.session_id)
            self.session_id = None
        self.project.set_read_only(reason)

    def backup_if_due(self, enabled: bool = True) -> Path | None:
        """A rolling backup when the newest is older than backups.EVERY_SECONDS (at the start, then every
        BACKUP_CHECK_SECONDS); none for a read-only window, or with backups turned off in the settings."""
        if not enabled or self.read_only or self.closed:
            return None
        return backups.create_if_due(self.project)

    def changed_elsewhere(self) -> bool:
        """Whether another program changed the project since the last look (every WATCH_SECONDS); False when
        the file cannot be read now (a damaged or vanished file: the next write says so)."""
        if self.closed:
            return False
        try:
            return self.project.changed_elsewhere()
        except Exception:  # noqa: BLE001 - see above
            return False

    def open_document(self, document_id: int | None) -> None:
        """Tell the other windows which document this one has open (their documents lists show it); a
        failure (a busy file) is no one's loss: the next document opened says it again."""
        if self.session_id is None or self.closed:
            return
        with contextlib.suppress(StorageError):
            self.project.sessions.set_document(self.session_id, document_id)

    def who_is_where(self) -> dict[int, list[str]]:
        """document id -> the annotators whose live windows (other than this one) have it open, by name."""
        if self.closed:
            return {}
        where: dict[int, set[str]] = {}
        try:
            sessions = self.project.sessions.live()
        except Exception:  # noqa: BLE001 - the project cannot be read now: nobody is shown (the next look)
            return {}
        for session in sessions:
            if session["id"] != self.session_id and session.get("document_id") is not None:
                where.setdefault(int(session["document_id"]), set()).add(str(session["annotator"]))
        return {document: sorted(names) for document, names in where.items()}

    def others_work(self) -> OthersWork:
        """The spans of the other annotators (gold counts as one) beside this annotator's own."""
        return others_work(self.project, self.annotator)

    def others_listed(self) -> bool:
        """Whether an annotator besides this one is listed (cheap): only then is counting per annotator
        (seconds at 100,000 articles) of use."""
        return not set(self.project.annotators.list()) <= {self.annotator}

    def working_annotators(self) -> list[str]:
        """The annotators with work in the project, gold aside: those agreement and curation compare."""
        return sorted(a for a in self.project.work_per_annotator() if a != GOLD)

    # ---- closing --------------------------------------------------------------------------------------
    def end_session(self) -> None:
        """End this window's session (the next window of the annotator is not asked about it); the project
        stays open. May raise StorageError (the file refused the write): `close` still closes after it."""
        session_id, self.session_id = self.session_id, None
        if session_id is not None and not self.closed:
            self.project.sessions.end(session_id)

    def close(self) -> None:
        """End the session and close the project; again: nothing."""
        if self.closed:
            return
        try:
            self.end_session()
        finally:
            self.closed = True
            self.project.close()
