"""The store's contract (core/store_protocols.py) holds every backend: each backend is an instance of every
area, has no public method outside them (so the contract cannot drift from the store unnoticed), and keeps
the protocols' signatures. mypy checks the types (the end of core/store/__init__.py); these check the rest,
at run time, for every backend of the `store_backend` fixture (tests/core/conftest.py)."""

from __future__ import annotations

import inspect
from typing import Protocol

import pytest

from annotator.core import store_protocols
from annotator.core.store_protocols import AREAS, FileBackups, ProjectStore, ServerRoles, Transactions

# Areas a backend may lack (a server's database has no file to copy); every other area is ProjectStore's.
OPTIONAL = {FileBackups: {"sqlite"}, ServerRoles: {"postgresql"}}  # the area -> the backends that offer it
# The areas that declare methods of their own (the others only combine them).
LEAVES = [area for area in AREAS if any(not n.startswith("_") for n in vars(area)) or area.__annotations__]


def members(protocol: type) -> set[str]:
    """The names a protocol asks for: its own and those of the protocols it extends."""
    found: set[str] = set()
    for klass in protocol.__mro__:
        if klass in (Protocol, object) or not getattr(klass, "_is_protocol", False):
            continue
        found |= {n for n in [*vars(klass), *getattr(klass, "__annotations__", {})] if not n.startswith("_")}
    return found


def public(store_class: type) -> set[str]:
    return {n for n in dir(store_class) if not n.startswith("_")}


@pytest.mark.parametrize("area", AREAS, ids=lambda area: area.__name__)
def test_the_store_is_an_instance_of_every_area(project_store, store_backend, area):
    offered = area not in OPTIONAL or store_backend.name in OPTIONAL[area]
    assert isinstance(project_store, area) == offered
    assert isinstance(project_store, store_backend.store_class)


def test_every_public_method_of_the_store_belongs_to_an_area(store_backend):
    """A method added to a backend and not to a protocol (or the reverse) fails here: put it in the area it
    serves (core/store_protocols.py), or make it private."""
    contract = members(ProjectStore).union(*(members(a) for a in OPTIONAL if store_backend.name in OPTIONAL[a]))
    assert sorted(public(store_backend.store_class) - contract) == []
    # attributes (read_only_reason) are set per connection, not on the class: isinstance above sees them
    attributes = set().union(*(getattr(area, "__annotations__", {}) for area in AREAS))
    assert sorted(contract - attributes - public(store_backend.store_class)) == []


def test_the_protocols_keep_the_store_s_signatures(store_backend):
    """Parameter names, kinds and defaults as the backend has them (mypy compares the types)."""
    differ = []
    for area in AREAS:
        for name, declared in vars(area).items():
            if name.startswith("_") or not inspect.isfunction(declared) or not hasattr(store_backend.store_class, name):
                continue
            ours = [(p.name, p.kind, p.default) for p in inspect.signature(declared).parameters.values()]
            theirs = [
                (p.name, p.kind, p.default)
                for p in inspect.signature(getattr(store_backend.store_class, name)).parameters.values()
            ]
            if ours != theirs:
                differ.append(f"{area.__name__}.{name}: {ours} != {theirs}")
    assert differ == []


def test_each_method_is_declared_in_one_area_and_project_store_has_them_all():
    declared: dict[str, list[str]] = {}
    for area in LEAVES:
        for name in members(area) - (members(Transactions) if area is not Transactions else set()):
            declared.setdefault(name, []).append(area.__name__)
    assert {name: areas for name, areas in declared.items() if len(areas) > 1} == {}
    optional = set().union(*(members(a) for a in OPTIONAL))
    assert members(ProjectStore) == set(declared) - optional
    assert len(LEAVES) >= 8 and {"DocumentStore", "SpanStore", "HistoryStore", "SettingsStore", "SessionStore"} <= {
        a.__name__ for a in LEAVES
    }


def test_the_contract_names_nothing_of_sqlite():
    """The protocols are a PostgreSQL backend's too: no connection, no SQL, no rowid in them."""
    source = inspect.getsource(store_protocols)
    code = source[source.index("from __future__") :]  # the docstring may say what is left out, and why
    for word in ("sqlite3", "sqlite_utils", "Connection", "Cursor", "rowid", "PRAGMA"):
        assert word not in code
