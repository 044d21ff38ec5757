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
    graph = grimp.build_graph("annotator", cache_dir=None)
    store = {m for m in graph.modules if m == "annotator.core.store" or m.startswith("annotator.core.store.")}
    importers = set().union(*(graph.find_modules_that_directly_import(m) for m in store)) - store
    assert importers <= {"annotator.core.project"}


def test_no_import_cycles_in_the_core():
    """Imports inside functions count; imports for type checking only do not (they never run)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("annotator", exclude_type_checking_imports=True, cache_dir=None)
    core = {m for m in graph.modules if m.startswith("annotator.core")}
    edges = {m: graph.find_modules_directly_imported_by(m) & core for m in core}
    cycles = []

    def visit(module, path):
        for nxt in edges[module]:
            if nxt == path[0]:
                cycles.append(" -> ".join([*path, nxt]))
            elif nxt not in path and nxt > path[0]:  # each cycle once, from its smallest module
                visit(nxt, [*path, nxt])
    for module in sorted(core):
        visit(module, [module])
    assert cycles == []


def test_ruff_finds_nothing():
    """The rules of [tool.ruff] in pyproject.toml (E, F, B, I, UP, SIM) hold for the whole tree."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert ruff, "ruff is part of the test extra"
    run = subprocess.run([ruff, "check", "annotator", "tests", "benchmarks", "packaging"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_finds_nothing():
    """[tool.mypy] in pyproject.toml (check_untyped_defs; third-party packages without types named one by one)
    holds for the whole package: a None not checked for, a wrong argument type, a misspelt attribute fail here."""
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_package_is_listed_in_pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "annotator").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"
