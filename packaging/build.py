"""Build the one-folder bundle (dist/annotator/) with PyInstaller and smoke-test it.

    python packaging/build.py              # clean venv, build, smoke test, print size and start-up times
    python packaging/build.py --test-only  # smoke-test the bundle already in dist/annotator/

The build runs in its own venv (build/packaging-venv) holding only `pip install '.[packaging]'`, so test and
optional extras (spaCy, datasets) can never end up in the bundle. The smoke test runs the bundled program from
an empty folder with a throwaway HOME and no display (QT_QPA_PLATFORM=offscreen): `--version`, `demo --no-gui`
builds the demo project from the bundled articles, `export` writes JSONL and UIMA XMI (the latter needs
cassis' data files), `render` draws the first article to a PNG, which must not be blank and must equal,
pixel for pixel, what the pip-installed package draws (so the bundle found the shipped fonts). Any failure
exits 1 with what went wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
BUILD_VENV = BUILD / "packaging-venv"
DIST = ROOT / "dist"
BUNDLE = DIST / "annotator"
PROGRAM = BUNDLE / ("annotator.exe" if os.name == "nt" else "annotator")
TIMED_RUNS = 5

# Run by the build venv's Python (it has PySide6): prints the share of dark pixels of a PNG and whether a
# second PNG has the same pixels.
PNG_CHECK = """
import json, sys
from PySide6.QtGui import QImage
bundled, installed = QImage(sys.argv[1]), QImage(sys.argv[2])
dark = sum(1 for y in range(0, bundled.height(), 2) for x in range(0, bundled.width(), 2)
           if bundled.pixelColor(x, y).lightness() < 128)
print(json.dumps({"width": bundled.width(), "height": bundled.height(),
                  "dark_share": dark / max(1, (bundled.width() // 2) * (bundled.height() // 2)),
                  "same_as_installed": bundled == installed}))
"""


class SmokeFailure(Exception):
    pass


# The demo holds two sample annotators' work: XMI and a rendered page show one layer.
ONE_LAYER = ["--annotator", "sample-a"]


def venv_bin(name: str) -> Path:
    return BUILD_VENV / ("Scripts" if os.name == "nt" else "bin") / name


def build() -> float:
    """Install the project into the build venv and run PyInstaller; returns the seconds it took."""
    started = time.perf_counter()
    if not venv_bin("python").exists():
        venv.create(BUILD_VENV, with_pip=True)
    subprocess.run([str(venv_bin("python")), "-m", "pip", "install", "-q", f"{ROOT}[packaging]"], check=True)
    subprocess.run(
        [
            str(venv_bin("pyinstaller")),
            str(ROOT / "packaging" / "annotator.spec"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD / "pyinstaller"),
        ],
        check=True,
    )
    return time.perf_counter() - started


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[str, float]:
    """Run one command; its stdout and seconds, or SmokeFailure with what it printed."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SmokeFailure(f"{' '.join(command[1:])} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout, seconds


def smoke_env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    return env


def version() -> str:
    return re.search(r'__version__ = "(.+)"', (ROOT / "annotator" / "__init__.py").read_text()).group(1)


def smoke_test() -> dict[str, float]:
    """Run the bundled program as a user would; returns the median seconds of the timed commands."""
    if not PROGRAM.exists():
        raise SmokeFailure(f"no bundle at {PROGRAM}; run python packaging/build.py first")
    with tempfile.TemporaryDirectory(prefix="annotator-smoke-") as tmp:
        work = Path(tmp)
        env = smoke_env(work)
        program = str(PROGRAM)
        project = work / "demo.annotator"

        shown, _ = run([program, "--version"], work, env)
        if shown.strip() != f"annotator {version()}":
            raise SmokeFailure(f"--version printed {shown.strip()!r}, expected 'annotator {version()}'")
        built, _ = run([program, "demo", "--no-gui", "--project", str(project)], work, env)
        if "(5 documents)" not in built:
            raise SmokeFailure(f"the demo project does not hold the 5 bundled articles: {built.strip()}")
        run([program, "export", str(project), "--format", "jsonl", "--out", str(work / "demo.jsonl")], work, env)
        first = json.loads((work / "demo.jsonl").read_text(encoding="utf-8").splitlines()[0])["name"]
        run([program, "export", str(project), "--format", "xmi", "--out", str(work / "xmi"), *ONE_LAYER], work, env)
        if not (work / "xmi" / "TypeSystem.xml").exists():
            raise SmokeFailure("export --format xmi wrote no TypeSystem.xml")

        bundled_png, installed_png = work / "bundled.png", work / "installed.png"
        run([program, "render", str(project), "--doc", first, "--out", str(bundled_png), *ONE_LAYER], work, env)
        if not bundled_png.exists():
            raise SmokeFailure("render exited 0 but wrote no PNG")
        run(
            [
                str(venv_bin("annotator")),
                "render",
                str(project),
                "--doc",
                first,
                "--out",
                str(installed_png),
                *ONE_LAYER,
            ],
            work,
            env,
        )
        picture, _ = run([str(venv_bin("python")), "-c", PNG_CHECK, str(bundled_png), str(installed_png)], work, env)
        facts = json.loads(picture)
        if facts["dark_share"] < 0.01:
            raise SmokeFailure(f"the rendered PNG is blank ({facts})")
        if not facts["same_as_installed"]:
            raise SmokeFailure(
                "the bundle draws the article differently from the installed package: "
                "it did not find the shipped fonts?"
            )

        timings = {"--version": [], "render": []}
        for _ in range(TIMED_RUNS):
            timings["--version"].append(run([program, "--version"], work, env)[1])
            timings["render"].append(
                run(
                    [program, "render", str(project), "--doc", first, "--out", str(work / "timed.png"), *ONE_LAYER],
                    work,
                    env,
                )[1]
            )
        return {name: statistics.median(seconds) for name, seconds in timings.items()}


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test-only", action="store_true", help="smoke-test the existing dist/annotator/")
    args = parser.parse_args()
    if not args.test_only:
        if BUNDLE.exists():
            shutil.rmtree(BUNDLE)
        print(f"built {BUNDLE} in {build():.0f} s")
    try:
        medians = smoke_test()
    except SmokeFailure as failure:
        print(f"smoke test FAILED: {failure}", file=sys.stderr)
        return 1
    print(
        "smoke test passed: --version, demo --no-gui, export jsonl and xmi, render to a PNG that is not blank "
        "and equals the installed package's"
    )
    print(f"bundle size: {folder_size(BUNDLE) / 2**20:.0f} MiB in {BUNDLE}")
    print(
        f"start-up (median of {TIMED_RUNS}): annotator --version {medians['--version']:.2f} s; "
        f"annotator render (Qt, fonts, project, one page) {medians['render']:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
