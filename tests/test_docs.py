"""The README stays a short manual, and the documentation's links lead somewhere: README.md is at most 300
lines, every relative link (and picture) in README.md and docs/*.md names a file that exists, and every
link to a heading (`file.md#anchor`, `#anchor`) names a heading of that file. The README's test command is
the one `.ci/run` runs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
MAX_README_LINES = 300


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, letters, marks, digits, - and _ kept, spaces to -."""
    kept = "".join(c for c in heading.lower().strip() if unicodedata.category(c)[0] in "LMN" or c in "-_ ")
    return kept.replace(" ", "-")


def outside_code(text: str) -> list[str]:
    """The lines of a Markdown text that are not inside a fenced code block."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def anchors(page: Path) -> set[str]:
    return {
        heading_anchor(line.lstrip("#"))
        for line in outside_code(page.read_text(encoding="utf-8"))
        if line.startswith("#")
    }


def links(page: Path) -> list[str]:
    return [target for line in outside_code(page.read_text(encoding="utf-8")) for target in LINK.findall(line)]


def test_the_readme_is_a_short_manual():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; move reference material to docs/"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_a_file_and_heading(page):
    broken = []
    for target in links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...: not a file of the tree
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no such heading in {file.relative_to(ROOT).as_posix()}")
    assert broken == []


def test_every_document_is_linked_from_the_readme():
    readme_links = {target.partition("#")[0] for target in links(README)}
    unlinked = [
        page.relative_to(ROOT).as_posix() for page in PAGES[1:] if page.relative_to(ROOT).as_posix() not in readme_links
    ]
    assert unlinked == []


def test_the_readme_test_command_is_the_one_ci_runs():
    ci = [
        line
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if "pytest" in line and not line.startswith("#")
    ]
    assert ci == ["python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"]
    first_block = README.read_text(encoding="utf-8").split("```sh\n", 1)[1].split("```", 1)[0]
    assert ci[0] in first_block.splitlines()
