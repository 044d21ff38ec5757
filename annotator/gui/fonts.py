"""The shipped fonts: an Arabic text face (Noto Naskh Arabic or Amiri, OFL) and Symbola for emoji.

They are loaded from the package's resources whatever the system has, so an article looks the same on
every machine and no character is drawn as a box. Licences: resources/fonts/OFL.txt, *.copyright.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from ..core.resources import resource

FONT_FILES = (
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    "Amiri-Regular.ttf",
    "Amiri-Bold.ttf",
    "Symbola.ttf",
)
ARABIC_FAMILIES = ("Noto Naskh Arabic", "Amiri")
DEFAULT_FAMILY = "Noto Naskh Arabic"
EMOJI_FALLBACK = "Symbola"
DEFAULT_POINT_SIZE = 16

_loaded: dict[str, list[str]] = {}


def load_fonts() -> list[str]:
    """Register the shipped fonts with Qt (once per process); returns the families that loaded."""
    if not _loaded:
        for name in FONT_FILES:
            path = resource("fonts", name)
            font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
            _loaded[name] = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return sorted({family for families in _loaded.values() for family in families})


def article_font(family: str = DEFAULT_FAMILY, point_size: float = DEFAULT_POINT_SIZE) -> QFont:
    """The article's font: the chosen Arabic face, then the other shipped faces for what it lacks."""
    load_fonts()
    families = [family] + [f for f in ARABIC_FAMILIES if f != family] + [EMOJI_FALLBACK]
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    # Kerning and ligatures are the font's business (Arabic needs them); hinting off keeps shapes smooth.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font
