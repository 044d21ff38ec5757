"""The project's label set, stored in the project file and editable (labels, keys, colours, targets).

Every change is a read-modify-write of one stored value that other programs (a second window, an import,
a merge) change too: it reads the schema inside the write transaction, after the write lock is taken
(`SchemaManager._editing`), so two programs adding labels at once both keep theirs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any, TypeVar

from .domain import STANCE_TASK, free_key, spare_colour
from .errors import InputError
from .model import CATEGORIES, ENTITY, LabelDef, RelationTypeDef, Schema, default_schema
from .names import check_identifier, check_name

if TYPE_CHECKING:
    from .project import Project
    from .store_protocols import ProjectStore


def schema_to_dict(schema: Schema) -> dict[str, Any]:
    return asdict(schema)


def schema_from_dict(data: dict[str, Any]) -> Schema:
    return Schema(
        labels=[LabelDef(**lab) for lab in data.get("labels", [])],
        relation_types=[RelationTypeDef(**r) for r in data.get("relation_types", [])],
        tasks=list(data.get("tasks", [STANCE_TASK])),
        stance_values=list(data.get("stance_values", [])),
        targets=list(data.get("targets", [])),
    )


def validate(schema: Schema) -> None:
    names = [lab.name for lab in schema.labels]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise InputError(f"label names must be unique: {', '.join(sorted(dupes))}")
    keys = [lab.key for lab in schema.labels if lab.key]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise InputError(f"keys must be unique: {', '.join(sorted(dupes))} used twice")
    for lab in schema.labels:
        check_identifier(lab.name, "label")
        if lab.category not in CATEGORIES:
            raise InputError(f"label {lab.name}: category must be one of {', '.join(CATEGORIES)}")
        if len(lab.key) > 1:
            raise InputError(f"label {lab.name}: a key is one character, not {lab.key!r}")
    for rtype in schema.relation_types:
        check_identifier(rtype.name, "relation type")
    for what, values in (
        ("stance value", schema.stance_values),
        ("stance target", schema.targets),
        ("task", schema.tasks),
    ):
        for value in values:
            check_name(value, what)
        if len(set(values)) != len(values):
            raise InputError(f"duplicate entries in {values}")


def apply_edit(now: Schema, before: Schema, after: Schema) -> None:
    """Make in `now` (the schema as stored) the changes that turned `before` into `after` (an editor's
    copy and the user's edit of it): what the user added is added, removed is removed, and of a label or
    relation type the user changed, the fields they changed. The rest of `now`, such as what other programs
    added meanwhile, stays. A change to something no longer in `now` is refused."""
    _apply_named(now.labels, before.labels, after.labels, "label")
    _apply_named(now.relation_types, before.relation_types, after.relation_types, "relation type")
    for attr in ("tasks", "stance_values", "targets"):
        old_values, new_values = getattr(before, attr), getattr(after, attr)
        removed = set(old_values) - set(new_values)
        kept = [x for x in getattr(now, attr) if x not in removed]
        setattr(now, attr, kept + [x for x in new_values if x not in old_values and x not in kept])


Named = TypeVar("Named", LabelDef, RelationTypeDef)


def _apply_named(now: list[Named], before: list[Named], after: list[Named], what: str) -> None:
    old_by_name = {item.name: item for item in before}
    new_names = {item.name for item in after}
    now[:] = [item for item in now if item.name in new_names or item.name not in old_by_name]
    for item in after:
        was = old_by_name.get(item.name)
        current = next((x for x in now if x.name == item.name), None)
        if was is None and current is None:
            now.append(copy.deepcopy(item))
        elif was != item:
            if current is None:
                raise InputError(
                    f"{what} {item.name} is no longer in the schema (another program renamed or "
                    "removed it meanwhile); nothing was saved"
                )
            for f in fields(item):
                if was is None or getattr(was, f.name) != getattr(item, f.name):
                    setattr(current, f.name, copy.deepcopy(getattr(item, f.name)))


class SchemaManager:
    def __init__(self, project: Project):
        self._project = project
        self._store: ProjectStore = project.store

    def get(self) -> Schema:
        """The project's schema, read afresh (no cache that a rolled-back import could leave stale). Never
        writes: a writable project stored its default when it was opened (`store_default_if_missing`); a
        project opened read-only without one reads as the default."""
        data = self._store.get_setting("schema")
        return default_schema() if data is None else schema_from_dict(data)

    def store_default_if_missing(self) -> None:
        """Store the default schema in a project that has none (what opening a writable project does)."""
        if self._store.has_setting("schema"):
            return
        with self._store.transaction():  # the lock first: another program may write it first
            if not self._store.has_setting("schema"):
                self._store.set_setting("schema", schema_to_dict(default_schema()))

    @contextmanager
    def _editing(self, *, annotator: str = "") -> Iterator[Schema]:
        """The schema as stored, read after the write lock is taken (IMMEDIATE, or a savepoint inside the
        caller's transaction), to change in place; saved at the end of the block if it changed, in the
        same transaction. An exception in the block leaves the stored schema unchanged."""
        with self._store.transaction():
            stored = self.get()
            schema = copy.deepcopy(stored)
            yield schema
            if schema != stored:
                self._write(stored, schema, annotator)

    def _write(self, stored: Schema, schema: Schema, annotator: str) -> None:
        """Inside the write transaction: validate and store `schema` in place of `stored`."""
        validate(schema)
        self._refuse_dropping_used(stored, schema)
        self._store.set_setting("schema", schema_to_dict(schema))
        self._project.history.record(annotator, "schema.save", None, "changed the schema", [], undoable=False)

    def _refuse_dropping_used(self, stored: Schema, schema: Schema) -> None:
        """A label spans carry, a relation type relations have, or a task, stance value or target document
        labels use never leaves the schema (renames change the data first, in the same transaction).
        Looked up only when something leaves it, which is rare."""
        gone = {
            "label": [lab.name for lab in stored.labels if schema.label(lab.name) is None],
            "relation type": [r.name for r in stored.relation_types if schema.relation_type(r.name) is None],
            "task": [t for t in stored.tasks if t not in schema.tasks],
            "stance value": [v for v in stored.stance_values if v not in schema.stance_values],
            "stance target": [t for t in stored.targets if t not in schema.targets],
        }
        if not any(gone.values()):
            return
        used = self._store.names_in_use(STANCE_TASK)
        for what, names in gone.items():
            still = [name for name in names if name in used[what]]
            if still:
                raise InputError(
                    f"{what} {', '.join(still)} is still in use, so it stays in the schema "
                    "(relabel or delete what uses it first)"
                )

    def save(self, schema: Schema, *, annotator: str = "") -> None:
        """Store `schema` whole, in place of what is stored. For an editor's copy of the schema use
        `save_edited`, which keeps what other programs changed since the copy was read."""
        with self._store.transaction():
            stored = self.get()
            self._write(stored, schema, annotator)

    def save_edited(self, before: Schema, after: Schema, *, annotator: str = "") -> None:
        """Save an edited copy: `before` is the schema as the editor read it, `after` as the user left it.
        Only the user's changes are applied, to the schema as stored now, under the write lock."""
        with self._editing(annotator=annotator) as schema:
            apply_edit(schema, before, after)

    def add_label(self, label: LabelDef) -> None:
        with self._editing() as schema:
            schema.labels.append(copy.deepcopy(label))

    def update_label(
        self, name: str, *, new_name: str | None = None, colour: str | None = None, key: str | None = None
    ) -> None:
        """Rename, recolour or rebind a label; a rename also renames the spans that carry it."""
        with self._editing() as schema:
            label = schema.label(name)
            if label is None:
                raise InputError(f"no label {name!r} in the schema")
            if colour is not None:
                label.colour = colour
            if key is not None:
                label.key = key
            if new_name and new_name != name:
                if schema.label(new_name) is not None:
                    raise InputError(f"a label {new_name!r} already exists")
                label.name = new_name
                for rtype in schema.relation_types:
                    rtype.from_labels = [new_name if x == name else x for x in rtype.from_labels]
                    rtype.to_labels = [new_name if x == name else x for x in rtype.to_labels]
                self._store.rename_span_label(name, new_name)

    def _add_missing(self, add: Callable[[Schema], list[str]]) -> list[str]:
        """An edit that only adds what is missing: when the schema as read now lacks nothing, nothing is
        written (no write lock, no event; fine on a read-only project); otherwise `add` runs again on the
        schema read under the lock, and what it returns then is returned."""
        if not add(self.get()):
            return []
        with self._editing() as schema:
            return add(schema)

    def add_target(self, target: str) -> None:
        target = target.strip()
        if not target:
            raise InputError("a stance target needs a name")

        def add(schema: Schema) -> list[str]:
            if target in schema.targets:
                return []
            schema.targets.append(target)
            return [target]

        self._add_missing(add)

    def rename_target(self, old: str, new: str) -> None:
        with self._editing() as schema:
            if old not in schema.targets:
                raise InputError(f"no target {old!r}")
            if new in schema.targets:
                raise InputError(f"a target {new!r} already exists")
            schema.targets[schema.targets.index(old)] = new
            self._store.rename_doc_label_target(old, new)

    def merge_from(self, other: Schema) -> list[str]:
        """Add what another project's schema has and this one lacks, as it is defined there (category,
        colour, attributes; its key when free here). Returns one notice per addition."""

        def add(schema: Schema) -> list[str]:
            notices = []
            used_keys = {lab.key for lab in schema.labels if lab.key}
            for label in other.labels:
                if schema.label(label.name) is None:
                    key = label.key if label.key and label.key not in used_keys else ""
                    used_keys.add(key)
                    schema.labels.append(
                        LabelDef(label.name, label.category, label.colour, key, dict(label.attributes))
                    )
                    notices.append(f"added label {label.name} ({label.category}) to the schema")
            for rtype in other.relation_types:
                if schema.relation_type(rtype.name) is None:
                    schema.relation_types.append(
                        RelationTypeDef(rtype.name, list(rtype.from_labels), list(rtype.to_labels))
                    )
                    notices.append(f"added relation type {rtype.name} to the schema")
            for mine, theirs, what in (
                (schema.tasks, other.tasks, "document task"),
                (schema.stance_values, other.stance_values, "stance value"),
                (schema.targets, other.targets, "stance target"),
            ):
                for name in theirs:
                    if name not in mine:
                        mine.append(name)
                        notices.append(f"added {what} {name} to the schema")
            return notices

        return self._add_missing(add)

    def ensure(
        self,
        *,
        labels: Iterable[str] = (),
        relation_types: Iterable[str] = (),
        tasks: Iterable[str] = (),
        stance_values: Iterable[str] = (),
        targets: Iterable[str] = (),
    ) -> list[str]:
        """Add what the schema lacks (imported data); returns one notice per addition."""
        labels, relation_types, tasks = tuple(labels), tuple(relation_types), tuple(tasks)
        stance_values, targets = tuple(stance_values), tuple(targets)

        def add(schema: Schema) -> list[str]:
            notices = []
            used_keys = {lab.key for lab in schema.labels}
            for name in labels:
                if schema.label(name) is None:
                    colour = spare_colour(len(schema.labels))
                    key = free_key(used_keys)
                    used_keys.add(key)
                    schema.labels.append(LabelDef(name, ENTITY, colour, key))
                    notices.append(f"added label {name} to the schema (as an entity label)")
            for name in relation_types:
                if schema.relation_type(name) is None:
                    schema.relation_types.append(RelationTypeDef(name))
                    notices.append(f"added relation type {name} to the schema")
            for name in tasks:
                if name not in schema.tasks:
                    schema.tasks.append(name)
                    notices.append(f"added document task {name} to the schema")
            for name in stance_values:
                if name not in schema.stance_values:
                    schema.stance_values.append(name)
                    notices.append(f"added stance value {name} to the schema")
            for name in targets:
                if name not in schema.targets:
                    schema.targets.append(name)
                    notices.append(f"added stance target {name} to the schema")
            return notices

        return self._add_missing(add)
