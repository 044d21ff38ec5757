"""The shipped fonts: loaded from resources, with licences, and together they draw every character."""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QFontDatabase, QRawFont

from annotator.core.resources import resource
from annotator.gui.fonts import FONT_FILES, article_font, load_fonts


def test_fonts_load_and_carry_their_licences(qapp):
    families = load_fonts()
    assert {"Noto Naskh Arabic", "Amiri", "Symbola"} <= set(families)
    assert all(f in QFontDatabase.families() for f in ("Noto Naskh Arabic", "Amiri"))
    folder = resource("fonts")
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text()
    for name in ("NotoNaskhArabic", "Amiri", "Symbola"):
        assert (folder / f"{name}.copyright").stat().st_size > 300
    for name in FONT_FILES:
        assert (folder / name).stat().st_size < 5_000_000
    assert article_font().families()[:1] == ["Noto Naskh Arabic"]


def test_every_character_of_the_corpus_has_a_glyph_in_a_shipped_font(qapp):
    raw = [QRawFont(str(resource("fonts", name)), 16) for name in FONT_FILES]
    texts = [p.read_text(encoding="utf-8") for p in sorted(resource("demo").glob("*.txt"))]
    from pathlib import Path

    texts.append((Path(__file__).parents[1] / "data" / "tricky.txt").read_text(encoding="utf-8"))
    missing = set()
    for ch in set("".join(texts)):
        if unicodedata.category(ch) in ("Cc", "Cf") or ch in "\ufe0f\ufe0e":
            continue  # controls, joiners, direction marks and variation selectors are not drawn
        if not any(font.supportsCharacter(ord(ch)) for font in raw):
            missing.add(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}")
    assert not missing
