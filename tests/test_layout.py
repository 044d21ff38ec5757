"""The Layout (docs/layout.md, linked from the README) matches the tree: every module it names exists, and
every module of the core, the formats and the GUI is named there (a new module gets its line)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "annotator"


def layout_block() -> str:
    """The code block of docs/layout.md's Layout section."""
    layout = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    section = layout.split("# Layout\n", 1)[1]
    return section.split("```", 2)[1]


def named_modules(block: str) -> set[str]:
    return set(re.findall(r"\b([a-z0-9_]+\.py)\b", block))


def test_every_module_the_layout_names_exists():
    existing = {path.name for path in PACKAGE.rglob("*.py")}
    assert named_modules(layout_block()) - existing == set()


def test_every_module_of_core_formats_and_gui_is_in_the_layout():
    named = named_modules(layout_block())
    modules = {
        path.name
        for folder in ("core", "core/formats", "gui")
        for path in (PACKAGE / folder).glob("*.py")
        if path.name != "__init__.py"
    }
    assert modules - named == set()
    folders = {
        f"{path.name}/"
        for folder in ("core", "gui")
        for path in (PACKAGE / folder).iterdir()
        if path.is_dir() and (path / "__init__.py").exists()
    }
    assert {folder for folder in folders if folder not in layout_block()} == set()
