"""Write resources/icons/annotator.svg: the letter ain (ع) over a highlighter stroke on a page.

The letter is drawn as a path taken from the shipped Noto Naskh Arabic (OFL), so the icon looks the same
whatever fonts the viewer has. Run it again after changing the design: python packaging/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPainterPath

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons" / "annotator.svg"
LETTER = "ع"
SIZE = 256


def glyph_path(letter: str) -> QPainterPath:
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "NotoNaskhArabic-Bold.ttf"))
    font = QFont(QFontDatabase.applicationFontFamilies(font_id)[0])
    font.setPixelSize(200)
    path = QPainterPath()
    path.addText(0, 0, font, letter)
    return path


def svg_path_data(path: QPainterPath, box: tuple[float, float, float, float]) -> str:
    """The path scaled to fit `box` (x, y, width, height), centred, as SVG path data."""
    bounds = path.boundingRect()
    x, y, width, height = box
    scale = min(width / bounds.width(), height / bounds.height())
    dx = x + (width - bounds.width() * scale) / 2 - bounds.left() * scale
    dy = y + (height - bounds.height() * scale) / 2 - bounds.top() * scale
    commands, index = [], 0
    while index < path.elementCount():
        element = path.elementAt(index)
        point = f"{element.x * scale + dx:.1f} {element.y * scale + dy:.1f}"
        if element.isMoveTo():
            commands.append(f"M{point}")
        elif element.isLineTo():
            commands.append(f"L{point}")
        else:  # a cubic curve: this control point and the next two elements
            c2, end = path.elementAt(index + 1), path.elementAt(index + 2)
            commands.append(
                f"C{point} {c2.x * scale + dx:.1f} {c2.y * scale + dy:.1f} "
                f"{end.x * scale + dx:.1f} {end.y * scale + dy:.1f}"
            )
            index += 2
        index += 1
    return "".join(commands) + "Z"


def icon_svg() -> str:
    letter = svg_path_data(glyph_path(LETTER), (64, 34, 128, 150))
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">
  <title>annotator</title>
  <!-- a page, a highlighter stroke across it and the letter ain marked by it; made by packaging/make_icon.py -->
  <rect x="12" y="12" width="232" height="232" rx="44" fill="#fbf8ef" stroke="#1f4e5f" stroke-width="12"/>
  <path d="M34 132 L226 118 L226 192 L34 206 Z" fill="#f5b82e" opacity="0.9"/>
  <path d="{letter}" fill="#1f4e5f" fill-rule="nonzero"/>
  <rect x="52" y="214" width="152" height="12" rx="6" fill="#1f4e5f"/>
</svg>
"""


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts need an application)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(icon_svg(), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
