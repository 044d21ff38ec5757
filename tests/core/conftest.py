from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.core.demo import demo_documents
from annotator.core.project import Project
from annotator.core.store_protocols import ProjectStore

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "p.annotator") as p:
        yield p


@pytest.fixture
def corpus_project(tmp_path):
    """A project holding the five demo articles and the tricky lines as documents."""
    with Project(tmp_path / "corpus.annotator") as p:
        docs = demo_documents()
        tricky = (DATA / "tricky.txt").read_text(encoding="utf-8")
        from annotator.core.model import AnnotatedDocument

        docs.append(AnnotatedDocument("tricky", tricky))
        p.import_documents(docs)
        yield p


# ---- storage backends: the store-level tests run against each (tests/core/test_store_*.py) ----------------
@dataclass(frozen=True)
class StoreBackend:
    """A storage backend as the store-level tests see it: its class, a new empty project's store, and another
    connection to the same project (another program). Tests use the contract only
    (core/store_protocols.py), never a backend's insides."""

    name: str
    store_class: type
    new: Callable[[], ProjectStore]
    again: Callable[[ProjectStore], ProjectStore]
    finish: Callable[[], None] = lambda: None  # after the test: what the backend made goes (a server's databases)


def _sqlite_backend(tmp_path: Path) -> StoreBackend:
    from annotator.core.store import Store

    paths: dict[int, Path] = {}

    def new() -> ProjectStore:
        path = tmp_path / f"store-{len(paths)}.annotator"
        store = Store(path)
        paths[id(store)] = path
        return store

    return StoreBackend("sqlite", Store, new, lambda store: Store(paths[id(store)]))


def _postgres_backend(tmp_path: Path) -> StoreBackend:
    """Each store a new database on the server ANNOTATOR_TEST_POSTGRES names (tests/postgres_server.py starts
    one), dropped when the test ends; skipped when no server is named."""
    from postgres_databases import drop_databases, new_database, server_or_skip

    server_or_skip()

    from annotator.core.store.postgres import PostgresStore

    urls: dict[int, str] = {}

    def new() -> ProjectStore:
        store = PostgresStore(new_database())
        urls[id(store)] = store.url
        return store

    return StoreBackend("postgresql", PostgresStore, new, lambda store: PostgresStore(urls[id(store)]), drop_databases)


# A backend is one param and one factory (skipping when it has no server to use).
STORE_BACKENDS: dict[str, Callable[[Path], StoreBackend]] = {"sqlite": _sqlite_backend, "postgresql": _postgres_backend}


@pytest.fixture(params=sorted(STORE_BACKENDS))
def store_backend(request, tmp_path) -> Iterator[StoreBackend]:
    backend = STORE_BACKENDS[request.param](tmp_path)
    yield backend
    backend.finish()


@pytest.fixture
def project_store(store_backend) -> Iterator[ProjectStore]:
    """A new, empty project's store of each backend (test ids name it: test_x[sqlite])."""
    store = store_backend.new()
    yield store
    store.close()


@pytest.fixture
def small_segments(monkeypatch):
    """Search index segments of 4 documents: many rows per word, documents added into half-full segments,
    an index built in several steps."""
    from annotator.core import search_index

    monkeypatch.setattr(search_index, "SEGMENT", 4)
    search_index.fingerprint.cache_clear()
    yield
    search_index.fingerprint.cache_clear()


@pytest.fixture
def url() -> Iterator[str]:
    """A new, empty database on the test server ANNOTATOR_TEST_POSTGRES names (skipped without one), dropped
    when the test ends."""
    from postgres_databases import drop_databases, new_database, server_or_skip

    server_or_skip()
    yield new_database()
    drop_databases()
