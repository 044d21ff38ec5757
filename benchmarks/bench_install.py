"""Figure of the packaging issue, printed (not asserted): from a fresh install of this checkout to the window.

    python benchmarks/bench_install.py [--tool pipx|pip] [--runs 3]

Into a new temporary folder it installs the checkout the way a user would:
- pipx: `pipx install .` (pipx itself is first installed into a throwaway venv, not timed), or
- pip: `python -m venv` + `pip install .` (both timed),
then times `annotator demo --no-gui` (the first start: builds the demo project from the bundled articles)
and the time to the window: a fresh process of the installed Python that opens the demo project in the main
window and waits until it is shown (offscreen), median of RUNS. Packages come from the configured index, so
the install figure depends on it (a local mirror here; a real download adds its time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = "Scripts" if os.name == "nt" else "bin"

# A fresh process that opens the demo project in the main window and quits once the window is on screen.
TO_WINDOW = """
import sys
from PySide6.QtTest import QTest
from annotator.gui import settings
from annotator.gui.app import application
from annotator.gui.main_window import MainWindow
app = application()
settings.set_annotator_name("bench")
window = MainWindow()
window.open_project(sys.argv[1])
window.show()
if not QTest.qWaitForWindowExposed(window, 10000) or window.session is None:
    sys.exit("the window did not show the demo project")
window.close()  # releases the project, or the next run's window would ask about a second window
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def install_with_pipx(folder: Path, env: dict[str, str]) -> tuple[float, Path, Path]:
    """pipx install .; returns the seconds, the `annotator` command and the Python of its venv."""
    tools = folder / "pipx-tool"
    venv.create(tools, with_pip=True)
    subprocess.run([str(tools / BIN / "pip"), "install", "-q", "pipx"], check=True, env=env)
    env.update(PIPX_HOME=str(folder / "pipx-home"), PIPX_BIN_DIR=str(folder / "pipx-bin"))
    seconds = timed([str(tools / BIN / "pipx"), "install", str(ROOT)], env)
    return seconds, folder / "pipx-bin" / "annotator", folder / "pipx-home" / "venvs" / "annotator" / BIN / "python"


def install_with_pip(folder: Path, env: dict[str, str]) -> tuple[float, Path, Path]:
    """python -m venv + pip install .; returns the seconds, the `annotator` command and the venv's Python."""
    target = folder / "venv"
    started = time.perf_counter()
    venv.create(target, with_pip=True)
    subprocess.run([str(target / BIN / "pip"), "install", "-q", str(ROOT)], check=True, env=env)
    return time.perf_counter() - started, target / BIN / "annotator", target / BIN / "python"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", choices=["pipx", "pip"], default="pipx")
    parser.add_argument("--runs", type=int, default=3, help="runs of the time to the window (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="annotator-install-") as tmp:
        folder = Path(tmp)
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env.update(
            QT_QPA_PLATFORM="offscreen",
            HOME=str(folder / "home"),
            XDG_DATA_HOME=str(folder / "data"),
            XDG_CONFIG_HOME=str(folder / "config"),
        )
        install = install_with_pipx if args.tool == "pipx" else install_with_pip
        installed, command, python = install(folder, env)
        project = folder / "demo.annotator"
        first_start = timed([str(command), "demo", "--no-gui", "--project", str(project)], env)
        to_window = statistics.median(
            timed([str(python), "-c", TO_WINDOW, str(project)], env) for _ in range(args.runs)
        )
    what = "pipx install ." if args.tool == "pipx" else "python -m venv + pip install ."
    print(f"{what}: {installed:.1f} s")
    print(f"annotator demo --no-gui (first start, builds the demo project): {first_start:.2f} s")
    print(f"a fresh process to the main window showing the demo project (median of {args.runs}): {to_window:.2f} s")
    print(f"fresh install to the window: {installed + first_start + to_window:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
