"""File formats: each module turns model objects into files and back, and never opens a project.

Every format module has the same verbs, `read(path, *, annotator=None)` and `write(documents, schema, out,
*, options=None) -> ExportResult`; registry.py lists them (`FORMATS`) for the CLI, the window and the
detection of input files.
"""
