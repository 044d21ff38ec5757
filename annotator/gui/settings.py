"""What the window remembers between runs (QSettings, an INI file in the user's config folder).

A project is remembered by its location (`location_key`): a file by its absolute path, a project on a
server by its URL as people see it (core/locations.py: its `//` kept, never a password).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ..core.locations import display_location, is_server

MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "annotator", "annotator")


def annotator_name() -> str:
    """The name last chosen anywhere: the default for a project opened for the first time."""
    return str(settings().value("annotator", "") or "")


def set_annotator_name(name: str) -> None:
    settings().setValue("annotator", name)


def location_key(location: str | Path) -> str:
    """How settings name a project: a file's absolute path, or a server's URL without its password."""
    return display_location(location) if is_server(location) else str(Path(location).resolve())


def _project_key(path: str | Path) -> str:
    return f"annotator_for/{location_key(path)}"


def last_document_key(location: str | Path) -> str:
    """The setting that holds the name of the document last open in the project."""
    return f"last_document/{location_key(location)}"


def annotator_for(path: str | Path) -> str:
    """Who annotates in this project file: the name chosen there last, else the last name chosen anywhere.

    Per project, so switching to B in one project leaves A in the others (the demo keeps showing A's work).
    """
    return str(settings().value(_project_key(path), "") or "") or annotator_name()


def set_annotator_for(path: str | Path, name: str) -> None:
    settings().setValue(_project_key(path), name)
    set_annotator_name(name)


def recent_projects() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):  # QSettings gives back a one-item list as a plain string
        value = [value]
    return [str(p) for p in value if p] if isinstance(value, list) else []


def remember_project(path: str | Path) -> None:
    path_text = location_key(path)
    recent = [p for p in recent_projects() if p != path_text]
    s = settings()
    s.setValue("recent", [path_text, *recent][:MAX_RECENT])
    s.setValue("last_project", path_text)


def last_project() -> str | Path | None:
    """The project open last: a file that is still there, or a server's URL."""
    value = settings().value("last_project", "")
    if isinstance(value, str) and is_server(value):
        return value
    return Path(value) if isinstance(value, str) and value and Path(value).exists() else None


def value(key: str, default=None, type_=None):
    raw = settings().value(key, default)
    if type_ is not None and raw is not None:
        try:
            return type_(raw)
        except (TypeError, ValueError):
            return default
    return raw


def set_value(key: str, val) -> None:
    settings().setValue(key, val)


INTERFACE_LANGUAGE_KEY = "interface/language"
LANGUAGES = ("en", "ar")  # the interface languages there are (gui/i18n.py installs them)
INTERFACE_LANGUAGES = ("system", *LANGUAGES)  # "system": follow the system locale


def interface_language() -> str:
    """The interface language chosen in the settings: "system" (the default), "en" or "ar".

    Read once at start: a change made in the settings applies the next time the window starts.
    """
    chosen = str(settings().value(INTERFACE_LANGUAGE_KEY, "system") or "system")
    return chosen if chosen in INTERFACE_LANGUAGES else "system"


def set_interface_language(language: str) -> None:
    if language not in INTERFACE_LANGUAGES:
        raise ValueError(f"interface language {language!r}: choose one of {', '.join(INTERFACE_LANGUAGES)}")
    settings().setValue(INTERFACE_LANGUAGE_KEY, language)


def backups_enabled() -> bool:
    """Whether the window makes its backups (when it opens a project, then hourly); on unless turned off."""
    return str(settings().value("backups/enabled", "true")).lower() not in ("false", "0")


def set_backups_enabled(enabled: bool) -> None:
    settings().setValue("backups/enabled", bool(enabled))


RETRAIN_EVERY_KEY = "model/retrain_every"
DEFAULT_RETRAIN_EVERY = 10  # documents marked done between two trainings of the window's model (0: never)
ACCEPT_THRESHOLD_KEY = "model/accept_threshold"
DEFAULT_ACCEPT_THRESHOLD = 0.9  # "accept all confident suggestions": the model's at or above this score


def retrain_every() -> int:
    """After how many documents marked done the window trains its model again by itself (0: never)."""
    try:
        return max(0, int(str(settings().value(RETRAIN_EVERY_KEY, DEFAULT_RETRAIN_EVERY))))
    except (TypeError, ValueError):
        return DEFAULT_RETRAIN_EVERY


def set_retrain_every(documents: int) -> None:
    settings().setValue(RETRAIN_EVERY_KEY, max(0, int(documents)))


def accept_threshold() -> float:
    """The score (0-1) at or above which "accept all confident suggestions" accepts the model's."""
    try:
        chosen = float(str(settings().value(ACCEPT_THRESHOLD_KEY, DEFAULT_ACCEPT_THRESHOLD)))
    except (TypeError, ValueError):
        return DEFAULT_ACCEPT_THRESHOLD
    return chosen if 0 <= chosen <= 1 else DEFAULT_ACCEPT_THRESHOLD


def set_accept_threshold(score: float) -> None:
    if not 0 <= score <= 1:
        raise ValueError(f"a score threshold is from 0 to 1, not {score}")
    settings().setValue(ACCEPT_THRESHOLD_KEY, float(score))
