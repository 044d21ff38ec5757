"""The interface language: English (the source strings) or Arabic (Qt translations, mirrored layout).

Chosen once at start, in this order: `annotator gui --lang`, the ANNOTATOR_LANG environment variable, the
setting `interface/language` (settings.py), and "system" means the system locale (QLocale.system()). A change
of the setting applies at the next start: widgets are built with their texts and are not retranslated live.

Two translators are installed for Arabic: ours (resources/i18n/annotator_ar.qm, compiled from the checked-in
.ts by packaging/translations.py) and Qt's own qtbase_ar.qm (the buttons of standard dialogs: OK, Cancel,
Close). The layout direction becomes right-to-left, so Qt mirrors menus, splitters, forms and dialogs.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from ..core.resources import resource
from .settings import INTERFACE_LANGUAGES, LANGUAGES, interface_language

CHOICES = INTERFACE_LANGUAGES  # what the setting, ANNOTATOR_LANG and --lang accept: "system", "en", "ar"
ENVIRONMENT_VARIABLE = "ANNOTATOR_LANG"
SOURCE_LANGUAGE = "en"

_installed: list[QTranslator] = []  # kept referenced: Qt does not own installed translators


def translation_file(language: str):
    """The compiled translation of our strings (a .qm shipped in the package)."""
    return resource("i18n", f"annotator_{language}.qm")


def system_language(locale: QLocale | None = None) -> str:
    """The interface language that fits the system locale: Arabic for any Arabic locale, else English."""
    locale = locale if locale is not None else QLocale.system()
    return "ar" if locale.language() == QLocale.Language.Arabic else SOURCE_LANGUAGE


def resolve(choice: str | None) -> str:
    """ "en" or "ar" for a choice of CHOICES ("system" or None: the system locale's language)."""
    if choice in LANGUAGES:
        return choice
    return system_language()


def chosen_language(option: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The language to start in: the --lang option, else ANNOTATOR_LANG, else the setting."""
    env = os.environ if environ is None else environ
    for choice in (option, env.get(ENVIRONMENT_VARIABLE, "").strip().lower() or None):
        if choice in CHOICES:
            return resolve(choice)
    return resolve(interface_language())


def install(language: str, app: QCoreApplication | None = None) -> str:
    """Switch the application to `language` ("en" or "ar"): translators and layout direction.

    Call it before the window is built. Returns the language installed (English when a .qm is missing).
    """
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing a language")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != SOURCE_LANGUAGE:
        ours = QTranslator(app)
        if not ours.load(str(translation_file(language))):
            language = SOURCE_LANGUAGE
        else:
            _installed.append(ours)
            qt_own = QTranslator(app)
            if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                _installed.append(qt_own)
    for translator in _installed:
        app.installTranslator(translator)
    right_to_left = language == "ar"
    if isinstance(app, QApplication):
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
    return language


def is_right_to_left() -> bool:
    return QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
