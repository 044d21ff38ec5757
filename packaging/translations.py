"""Refresh the interface translations: `python packaging/translations.py`.

1. pyside6-lupdate reads every tr() / QCoreApplication.translate() of annotator/gui and updates
   resources/i18n/annotator_<lang>.ts (new strings appear as unfinished; vanished ones are dropped);
2. pyside6-lrelease compiles each .ts into the .qm the program loads (resources/i18n/annotator_<lang>.qm).

Translators edit the .ts (Qt Linguist: `pyside6-linguist resources/i18n/annotator_ar.ts`, or any text editor),
then run this script again. Both .ts and .qm are checked in, so `pip install .` and the PyInstaller bundle
ship the compiled file with no build step; tests/gui/test_translations.py fails when the .qm is older
than its .ts. `--compile-only` skips lupdate (what the test does to compare).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
SOURCES = ROOT / "annotator" / "gui"
LANGUAGES = ("ar",)


def tool(name: str) -> str:
    """A Qt tool of the PySide6 installed beside this Python (PySide6-Essentials ships both)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"translations: error: {name} not found; install PySide6-Essentials in this Python")
    return found


def ts_file(language: str) -> Path:
    return I18N / f"annotator_{language}.ts"


def update_sources(language: str) -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(ts_file(language).relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )


def compile_ts(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Update the .ts files from the GUI sources and compile them.")
    parser.add_argument("--compile-only", action="store_true", help="only compile the .ts files to .qm")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        if not args.compile_only:
            update_sources(language)
        compile_ts(ts_file(language), ts_file(language).with_suffix(".qm"))
        print(f"{ts_file(language).with_suffix('.qm').relative_to(ROOT)} compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
