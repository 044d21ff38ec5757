"""The store is narrow: only the store package (core/store/) knows tables, columns and SQL; the managers
call intention-named methods that take and return model objects (issue 9), so another backend can
implement the same methods. Those methods are the contract of core/store_protocols.py: the core's calls are
checked against it, and each backend's class (the `store_backend` fixture) against the table API."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.project import Project
from annotator.core.store_protocols import AREAS

CORE = Path(__file__).resolve().parents[2] / "annotator" / "core"
# The table API the managers used before: a call of any of these names the table it works on.
GENERIC = {"select", "insert", "insert_many", "update", "delete", "get", "count", "grouped_counts", "next_id"}
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN)\b")


def core_modules_but_the_store() -> list[Path]:
    modules = [p for p in CORE.rglob("*.py") if (CORE / "store") not in p.parents]
    assert len(modules) > 20  # the scan sees the whole core
    return modules


def is_store(node: ast.expr) -> bool:
    """`store`, `self._store`, `project.store`, ...: whatever names the store."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name in ("store", "_store")


def store_calls(path: Path) -> list[tuple[int, str, list[ast.expr]]]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_store(node.func.value):
            calls.append((node.lineno, node.func.attr, [*node.args, *(k.value for k in node.keywords)]))
    return calls


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    with Project(tmp_path_factory.mktemp("boundary") / "p.annotator") as project:
        rows = project.store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    names = {r[0] for r in rows if not r[0].startswith("sqlite_")}
    assert {"documents", "spans", "relations", "doc_labels", "status", "events", "suggestions"} <= names
    return names


def contract() -> set[str]:
    """Every name the store's protocols declare (ProjectStore's areas and the backend-specific ones)."""
    return {name for area in AREAS for klass in area.__mro__ for name in vars(klass) if not name.startswith("_")}


def test_the_store_offers_no_table_api(store_backend):
    assert sorted(GENERIC & {name for name in dir(store_backend.store_class) if not name.startswith("_")}) == []
    assert sorted(GENERIC & contract()) == []


def test_no_module_outside_the_store_calls_it_by_table_or_privately(tables):
    found = []
    for path in core_modules_but_the_store():
        for line, method, args in store_calls(path):
            where = f"{path.relative_to(CORE)}:{line}: store.{method}"
            if method.startswith("_") or method in GENERIC:
                found.append(f"{where}: not part of the store's typed interface")
            for arg in args:
                for const in ast.walk(arg):
                    if isinstance(const, ast.Constant) and const.value in tables:
                        found.append(f"{where}: names the table {const.value!r}")
    assert found == []


def test_every_store_call_of_the_core_is_a_method_of_the_store_s_contract():
    """The core asks the store only what every backend offers (core/store_protocols.py)."""
    declared = contract()
    assert len(declared) > 80
    unknown = [
        f"{path.relative_to(CORE)}:{line}: store.{method}"
        for path in core_modules_but_the_store()
        for line, method, _ in store_calls(path)
        if method not in declared
    ]
    assert unknown == []


def test_no_module_outside_the_store_writes_sql():
    found = []
    for path in core_modules_but_the_store():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
                found.append(f"{path.relative_to(CORE)}:{node.lineno}: {node.value[:40]!r}")
    assert found == []


def test_the_scan_finds_what_it_forbids(tmp_path, tables):
    """The checks above see a table API call, a table name and SQL where the managers would write them."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'def f(self):\n    self._store.select("spans", document_id=1)\n'
        '    project.store.span_count(table="relations")\n    sql = "SELECT * FROM spans"\n',
        encoding="utf-8",
    )
    calls = store_calls(sample)
    assert [(line, method) for line, method, _ in calls] == [(2, "select"), (3, "span_count")]
    assert [a.value for _, _, args in calls for a in args if isinstance(a, ast.Constant)] == ["spans", 1, "relations"]
    assert {"spans", "relations"} <= tables
    assert SQL.match("SELECT * FROM spans") and not SQL.match("selected spans")


def test_opening_a_project_does_not_import_pandas_or_numpy(tmp_path):
    """sqlite-utils would import both (0.6 s at every start) only for value types the store never inserts."""
    code = (
        "import sys; from annotator.core.project import Project; "
        f"Project({str(tmp_path / 'p.annotator')!r}).close(); "
        "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules)); "
        "import pandas, sqlite_utils.db; print(pandas.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "pandas"]
