"""The shape of the package: the core stays Qt-free, and every package ships in the wheel."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_core_does_not_import_qt():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extra"
    run = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "KEPT" in run.stdout


def test_only_project_reaches_the_store():
    """DESIGN: store.py is the only module that knows SQLite, and only project.py uses it (imports inside
    functions count too)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("annotator")
    assert graph.find_modules_that_directly_import("annotator.core.store") <= {"annotator.core.project"}


def test_every_package_is_listed_in_pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "annotator").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"
