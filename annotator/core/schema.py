"""The project's label set, stored in the project file and editable (labels, keys, colours, targets)."""
from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .domain import STANCE_TASK, free_key, spare_colour
from .errors import InputError
from .model import CATEGORIES, ENTITY, LabelDef, RelationTypeDef, Schema, default_schema
from .names import check_identifier, check_name

if TYPE_CHECKING:
    from .project import Project



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
    for what, values in (("stance value", schema.stance_values), ("stance target", schema.targets),
                         ("task", schema.tasks)):
        for value in values:
            check_name(value, what)
        if len(set(values)) != len(values):
            raise InputError(f"duplicate entries in {values}")


class SchemaManager:
    def __init__(self, project: Project):
        self._project = project
        self._store = project.store

    def get(self) -> Schema:
        """The project's schema, read afresh (no cache that a rolled-back import could leave stale)."""
        data = self._store.get_setting("schema")
        if data is None:
            with self._store.transaction():
                self._store.set_setting("schema", schema_to_dict(default_schema()))
            data = self._store.get_setting("schema")
        return schema_from_dict(data)

    def save(self, schema: Schema, *, annotator: str = "") -> None:
        validate(schema)
        with self._store.transaction():
            self._store.set_setting("schema", schema_to_dict(schema))
            self._project.history.record(annotator, "schema.save", None, "changed the schema", [], undoable=False)

    def add_label(self, label: LabelDef) -> None:
        schema = self.get()
        schema.labels.append(label)
        self.save(schema)

    def update_label(self, name: str, *, new_name: str | None = None, colour: str | None = None,
                     key: str | None = None) -> None:
        """Rename, recolour or rebind a label; a rename also renames the spans that carry it."""
        schema = self.get()
        label = schema.label(name)
        if label is None:
            raise InputError(f"no label {name!r} in the schema")
        if colour is not None:
            label.colour = colour
        if key is not None:
            label.key = key
        with self._store.transaction():
            if new_name and new_name != name:
                if schema.label(new_name) is not None:
                    raise InputError(f"a label {new_name!r} already exists")
                label.name = new_name
                for rtype in schema.relation_types:
                    rtype.from_labels = [new_name if x == name else x for x in rtype.from_labels]
                    rtype.to_labels = [new_name if x == name else x for x in rtype.to_labels]
                self._store.rename_span_label(name, new_name)
            self.save(schema)

    def add_target(self, target: str) -> None:
        target = target.strip()
        if not target:
            raise InputError("a stance target needs a name")
        schema = self.get()
        if target not in schema.targets:
            schema.targets.append(target)
            self.save(schema)

    def rename_target(self, old: str, new: str) -> None:
        schema = self.get()
        if old not in schema.targets:
            raise InputError(f"no target {old!r}")
        if new in schema.targets:
            raise InputError(f"a target {new!r} already exists")
        schema.targets[schema.targets.index(old)] = new
        with self._store.transaction():
            self._store.rename_doc_label_target(old, new)
            self.save(schema)

    def merge_from(self, other: Schema) -> list[str]:
        """Add what another project's schema has and this one lacks, as it is defined there (category,
        colour, attributes; its key when free here). Returns one notice per addition."""
        schema = self.get()
        notices = []
        used_keys = {lab.key for lab in schema.labels if lab.key}
        for label in other.labels:
            if schema.label(label.name) is None:
                key = label.key if label.key and label.key not in used_keys else ""
                used_keys.add(key)
                schema.labels.append(LabelDef(label.name, label.category, label.colour, key,
                                              dict(label.attributes)))
                notices.append(f"added label {label.name} ({label.category}) to the schema")
        for rtype in other.relation_types:
            if schema.relation_type(rtype.name) is None:
                schema.relation_types.append(RelationTypeDef(rtype.name, list(rtype.from_labels),
                                                             list(rtype.to_labels)))
                notices.append(f"added relation type {rtype.name} to the schema")
        for mine, theirs, what in ((schema.tasks, other.tasks, "document task"),
                                   (schema.stance_values, other.stance_values, "stance value"),
                                   (schema.targets, other.targets, "stance target")):
            for name in theirs:
                if name not in mine:
                    mine.append(name)
                    notices.append(f"added {what} {name} to the schema")
        if notices:
            self.save(schema)
        return notices

    def ensure(self, *, labels=(), relation_types=(), tasks=(), stance_values=(), targets=()) -> list[str]:
        """Add what the schema lacks (imported data); returns one notice per addition."""
        schema = self.get()
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
        if notices:
            self.save(schema)
        return notices
