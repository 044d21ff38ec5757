"""The user guides and their pictures: every picture a guide shows exists, none lies around unused, the
screenshot script's SHOTS is the list both guides follow, and the script still draws real pictures."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGS = ("en", "ar")
IMAGE_REF = re.compile(r"\]\((images/([a-z]{2})/([\w-]+)\.png)\)")
MAX_PNG_BYTES = 150 * 1024


def script():
    spec = importlib.util.spec_from_file_location("make_screenshots", DOCS / "make_screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def references(lang: str) -> list[tuple[str, str, str]]:
    """(path, language folder, shot name) of each picture guide.<lang>.md shows, in order."""
    return IMAGE_REF.findall((DOCS / f"guide.{lang}.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_picture_a_guide_shows_exists_in_its_language(lang):
    refs = references(lang)
    assert refs, f"guide.{lang}.md shows no pictures"
    assert {folder for _, folder, _ in refs} == {lang}, "a guide shows the pictures of its own language"
    missing = [path for path, _, _ in refs if not (DOCS / path).is_file()]
    assert not missing, f"guide.{lang}.md shows pictures that do not exist: {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_stale_pictures(lang):
    shown = {name for _, _, name in references(lang)}
    on_disk = {p.stem for p in (DOCS / "images" / lang).glob("*")}
    assert on_disk - shown == set(), f"docs/images/{lang} holds pictures no guide shows"


@pytest.mark.parametrize("lang", LANGS)
def test_the_guides_show_exactly_the_scripts_shots(lang):
    shots = [shot.name for shot in script().SHOTS]
    assert len(set(shots)) == len(shots)
    assert set(script().MAKERS) == set(shots), "each shot has one function that makes it"
    shown = [name for _, _, name in references(lang)]
    assert sorted(set(shown)) == sorted(shots), f"guide.{lang}.md and SHOTS in make_screenshots.py differ"


@pytest.mark.parametrize("lang", LANGS)
def test_pictures_stay_small(lang):
    big = {p.name: p.stat().st_size for p in (DOCS / "images" / lang).glob("*.png") if p.stat().st_size > MAX_PNG_BYTES}
    assert not big, f"optimise these (pip install -e '.[docs]' and regenerate): {big}"


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, letters, marks, digits, - and _ kept, spaces to -."""
    kept = "".join(c for c in heading.lower().strip() if unicodedata.category(c)[0] in "LMN" or c in "-_ ")
    return kept.replace(" ", "-")


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_links_lead_to_headings(lang):
    text = (DOCS / f"guide.{lang}.md").read_text(encoding="utf-8")
    anchors = {heading_anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links, f"guide.{lang}.md has no table of contents"
    assert [link for link in links if link not in anchors] == []


def test_the_readme_links_both_guides():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/guide.en.md" in readme and "docs/guide.ar.md" in readme
    assert "make_screenshots.py" in readme


def _near(color: tuple[int, int, int], wanted: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color, wanted, strict=True))


@pytest.mark.parametrize(("lang", "shots"), [("en", ("main-window", "narrow-window")), ("ar", ("main-window",))])
def test_the_script_draws_the_window_at_its_sizes_with_highlights(tmp_path, lang, shots):
    """Shots made as a user makes them (a separate process, offscreen), in both interface languages: right
    size, not blank, and the article's PER highlights are in the picture. The script itself stops when the
    window's keys no longer label what the guide shows."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, str(DOCS / "make_screenshots.py"), "--lang", lang, "--out", str(tmp_path), "--only", *shots],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    from PySide6.QtGui import QColor, QImage

    wanted = QColor("#ffd28a")
    per = (wanted.red(), wanted.green(), wanted.blue())
    sizes = {"main-window": (1280, 800), "narrow-window": (640, 800)}
    for name in shots:
        size = sizes[name]
        image = QImage(str(tmp_path / f"{name}.png"))
        assert (image.width(), image.height()) == size
        small = image.scaled(image.width() // 4, image.height() // 4)
        pixels = [small.pixelColor(x, y) for y in range(small.height()) for x in range(small.width())]
        colours = [(p.red(), p.green(), p.blue()) for p in pixels]
        assert len(set(colours)) > 50, f"{name}.png looks blank"
        # the legend's PER chip alone is ~55 of these pixels; the article's PER highlights add 300 or more
        assert sum(_near(c, per) for c in colours) > 150, f"{name}.png shows no PER highlights in the article"
