"""What the window remembers between runs (QSettings, an INI file in the user's config folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "annotator", "annotator")


def annotator_name() -> str:
    """The name last chosen anywhere: the default for a project opened for the first time."""
    return str(settings().value("annotator", "") or "")


def set_annotator_name(name: str) -> None:
    settings().setValue("annotator", name)


def _project_key(path: Path) -> str:
    return f"annotator_for/{Path(path).resolve()}"


def annotator_for(path: Path) -> str:
    """Who annotates in this project file: the name chosen there last, else the last name chosen anywhere.

    Per project, so switching to B in one project leaves A in the others (the demo keeps showing A's work).
    """
    return str(settings().value(_project_key(path), "") or "") or annotator_name()


def set_annotator_for(path: Path, name: str) -> None:
    settings().setValue(_project_key(path), name)
    set_annotator_name(name)


def recent_projects() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):  # QSettings gives back a one-item list as a plain string
        value = [value]
    return [str(p) for p in value if p] if isinstance(value, list) else []


def remember_project(path: Path) -> None:
    path_text = str(Path(path).resolve())
    recent = [p for p in recent_projects() if p != path_text]
    s = settings()
    s.setValue("recent", [path_text, *recent][:MAX_RECENT])
    s.setValue("last_project", path_text)


def last_project() -> Path | None:
    value = settings().value("last_project", "")
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
