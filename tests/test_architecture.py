"""The shape of the package: the core stays Qt-free, and every package ships in the wheel."""

import json
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


# Modules outside core/store/ that may import SQLite's modules, and why; the list may shrink, never grow.
SQLITE_OUTSIDE_THE_STORE = {
    # backups are copies of the project file through SQLite's backup API (the store's FileBackups area, which
    # only a backend kept in one file offers), checked as SQLite files: it catches sqlite3.DatabaseError
    "annotator.core.backups",
    # `annotator check` reports a damaged file instead of crashing: it catches sqlite3.DatabaseError, which the
    # store's check reads let through on purpose (each check names what it could not read)
    "annotator.core.checking",
}


def test_only_the_store_imports_sqlite():
    """The store's contract (core/store_protocols.py) is a second backend's too (PostgreSQL, issue 25): nothing
    outside core/store/ knows SQLite, but for the few listed above (imports inside functions and for type
    checking count too)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("annotator", include_external_packages=True, cache_dir=None)
    importers: set[str] = set()
    for library in ("sqlite3", "sqlite_utils"):
        if library in graph.modules:
            importers |= graph.find_modules_that_directly_import(library)
    outside = {m for m in importers if m != "annotator.core.store" and not m.startswith("annotator.core.store.")}
    assert sorted(outside - SQLITE_OUTSIDE_THE_STORE) == []
    assert "annotator.core.store.library" in importers  # the scan sees sqlite-utils where the store takes it


def import_cycles(package: str, *, exclude_type_checking_imports: bool) -> list[str]:
    """The import cycles among the modules of `package`, each once (from its smallest module)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("annotator", exclude_type_checking_imports=exclude_type_checking_imports, cache_dir=None)
    modules = {m for m in graph.modules if m.startswith(package)}
    edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    cycles = []

    def visit(module, path):
        for nxt in edges[module]:
            if nxt == path[0]:
                cycles.append(" -> ".join([*path, nxt]))
            elif nxt not in path and nxt > path[0]:
                visit(nxt, [*path, nxt])

    for module in sorted(modules):
        visit(module, [module])
    return cycles


def test_no_import_cycles_in_the_core():
    """Imports inside functions count; imports for type checking only do not (they never run)."""
    assert import_cycles("annotator.core", exclude_type_checking_imports=True) == []


def test_ruff_finds_nothing():
    """The rules of [tool.ruff] in pyproject.toml (E, F, B, I, UP, SIM) hold for the whole tree."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert ruff, "ruff is part of the test extra"
    run = subprocess.run(
        [ruff, "check", "annotator", "tests", "benchmarks", "packaging"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_format_changes_nothing():
    """The tree is as `ruff format` writes it (one style, no diff noise from editors' habits)."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert ruff, "ruff is part of the test extra"
    run = subprocess.run([ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, "run `ruff format .`:\n" + run.stdout + run.stderr


def test_no_block_of_the_core_above_radon_30():
    """Issue 28: no function of the core in radon's grades E/F (cyclomatic complexity above 30). ruff's C90
    gate counts nested functions but not boolean operators and comprehension conditions; radon counts them."""
    run = subprocess.run(
        [sys.executable, "-m", "radon", "cc", "--json", "-n", "E", "annotator/core"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    blocks = [
        f"{path}:{b['lineno']} {b['name']} ({b['complexity']})"
        for path, found in json.loads(run.stdout).items()
        for b in found
    ]
    assert blocks == [], "split these: " + ", ".join(blocks)


def test_mypy_finds_nothing():
    """[tool.mypy] in pyproject.toml (check_untyped_defs; third-party packages without types named one by one;
    the core, the session, the GUI operations and dialogs near --strict: every def annotated, generics given)
    holds for the whole package: a None not checked for, a wrong argument type, a misspelt attribute fail here."""
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_package_is_listed_in_pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "annotator").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"


# Parameters the core's long work once took instead of its one progress protocol (issue 28, item 4).
OLD_PROGRESS_CALLBACKS = {"before_each", "step", "on_progress", "progress_callback"}


def test_long_work_in_the_core_takes_the_one_progress_protocol():
    """Import, export, merge, agreement, check and rescue report to `core.progress.Progress` (report,
    cancelled) and stop with its `Cancelled`: no core function takes a progress callback of its own (a
    `before_each`, a `step`, a `progress` returning True to cancel), and a `progress` parameter is a `Progress`."""
    import ast

    found = []
    for path in sorted((ROOT / "annotator" / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
            found += [f"{where}({a.arg})" for a in arguments if a.arg in OLD_PROGRESS_CALLBACKS]
            found += [
                f"{where}(progress: {ast.unparse(a.annotation) if a.annotation else 'no annotation'})"
                for a in arguments
                if a.arg == "progress" and (a.annotation is None or ast.unparse(a.annotation) != "Progress")
            ]
    assert found == []


def test_no_import_cycles_in_the_gui():
    """Issue 28 item 3: the settings dialog <-> main window and i18n <-> settings cycles are gone, and no other
    comes. Stricter than the core's test: imports inside functions and for type checking count too (a dialog
    typed against the window is still tied to it)."""
    assert import_cycles("annotator.gui", exclude_type_checking_imports=False) == []


def test_dialogs_get_the_session_and_callbacks_not_the_window():
    """No class under gui/dialogs/ takes a `window` in its __init__, and no dialog module imports the main
    window (not even for type checking): dialogs get the session, the project and callbacks."""
    import ast

    grimp = pytest.importorskip("grimp")
    found = []
    for path in sorted((ROOT / "annotator" / "gui" / "dialogs").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for init in (n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"):
                    arguments = [*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs]
                    found += [f"{path.name}: {node.name}({a.arg})" for a in arguments if a.arg == "window"]
    assert found == []
    graph = grimp.build_graph("annotator", exclude_type_checking_imports=False, cache_dir=None)
    dialogs = {m for m in graph.modules if m.startswith("annotator.gui.dialogs")}
    assert sorted(m for m in dialogs if "annotator.gui.main_window" in graph.find_modules_directly_imported_by(m)) == []


def test_the_main_window_stays_small_and_calls_no_method_by_name():
    """Issue 28 item 3: the window was 782 lines; menus come from a typed table (gui/actions.py) whose callbacks
    are functions, never a method looked up by its name in a string."""
    import ast

    window = ROOT / "annotator" / "gui" / "main_window.py"
    assert len(window.read_text(encoding="utf-8").splitlines()) <= 400
    by_name = []
    for name in ("main_window.py", "actions.py", "dialog_opener.py"):
        tree = ast.parse((ROOT / "annotator" / "gui" / name).read_text(encoding="utf-8"))
        by_name += [
            f"{name}:{n.lineno}"
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("getattr", "methodcaller")
        ]
    assert by_name == []


def test_the_gui_calls_the_core_through_types(tmp_path):
    """Issue 28 item 2: the session's `project` is a `Project` and its operations are typed, so a call to the
    core with a wrong number of arguments fails mypy (it passed when `project` had no annotation); and every
    dialog's constructor has its parameters annotated (what the GUI hands a dialog is checked too)."""
    import ast

    wrong = tmp_path / "wrong_calls.py"
    wrong.write_text(
        "from annotator.gui.session import Session\n\n\n"
        "def add(session: Session) -> None:\n"
        "    session.project.spans.add(1, 'A', 0, 3)\n"  # the label is missing
        "    session.span_ops.add(1, 0, 3, 'PER', {}, 'x')\n",
        encoding="utf-8",
    )  # one too many
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", str(wrong)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert 'Missing positional argument "label" in call to "add" of "Spans"' in run.stdout, run.stdout
    assert 'Too many arguments for "add" of "SpanOps"' in run.stdout, run.stdout
    untyped = []
    for path in sorted((ROOT / "annotator" / "gui" / "dialogs").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for init in (n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"):
                    arguments = [*init.args.posonlyargs, *init.args.args[1:], *init.args.kwonlyargs]
                    untyped += [f"{path.name}: {node.name}({a.arg})" for a in arguments if a.annotation is None]
    assert untyped == []
