"""The `annotator` command: thin, each subcommand opens a Project, calls the core, prints.

Errors are one line on stderr, `annotator: error: ...`: exit 2 for bad input, 1 for anything else; a
traceback only with --debug.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .core.errors import AnnotatorError, InputError
from .core.model import GOLD


def _err(message: str) -> None:
    print(f"annotator: error: {message}", file=sys.stderr)


def _note(message: str) -> None:
    print(f"annotator: {message}", file=sys.stderr)


# ---- commands ---------------------------------------------------------------------------------------

def _start_window(project: Path | None) -> int:
    """Open the window, after checking that Qt can start here (a missing system library would otherwise
    abort Qt with a core dump instead of a message)."""
    from .gui import preflight
    problem = preflight.problem()
    if problem:
        raise AnnotatorError(problem)
    try:
        from .gui.app import run
    except ImportError as exc:  # a library the check does not know of
        raise AnnotatorError(f"Qt cannot start: {exc}; the README lists the system libraries it needs") from None
    return run(project)


def cmd_gui(args: argparse.Namespace) -> int:
    return _start_window(Path(args.project) if args.project else None)


def cmd_demo(args: argparse.Namespace) -> int:
    from .core.demo import build_demo, default_demo_path
    path = Path(args.project) if args.project else default_demo_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.fresh and path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    with build_demo(path) as project:
        print(f"demo project: {path} ({project.documents.count()} documents)")
    if args.no_gui:
        return 0
    return _start_window(path)


def cmd_import(args: argparse.Namespace) -> int:
    from .core.importing import expand_inputs, read_inputs
    from .core.project import Project

    documents = list(read_inputs(expand_inputs(args.files, args.format), args.format, args.encoding,
                                 args.annotator))
    project_path = Path(args.project)
    created = not project_path.exists()
    try:
        with Project(project_path) as project:
            if not created:
                from .core.backups import create_if_due
                create_if_due(project)
            report = project.import_documents(documents)
    except BaseException:
        if created:  # a failed import leaves no new, empty project behind
            for suffix in ("", "-wal", "-shm"):
                Path(str(project_path) + suffix).unlink(missing_ok=True)
        raise
    for notice in report.notices:
        _note(notice)
    from .core.plural import count
    print(f"imported {count(report.documents_added, 'new document')}"
          + (f" ({report.documents_existing} already in the project)" if report.documents_existing else "")
          + f", {report.spans_added} spans, {report.relations_added} relations, "
            f"{report.doc_labels_set} document labels into {project_path}")
    return 0


def _open_existing(path: str):
    from .core.project import Project
    return Project(path, create=False)


def _chosen_annotators(args: argparse.Namespace) -> list[str] | None:
    if getattr(args, "gold", False):
        return [GOLD]
    if getattr(args, "annotator", None):
        return [args.annotator]
    return None


def cmd_export(args: argparse.Namespace) -> int:
    from .core.exporting import export
    with _open_existing(args.project) as project:
        result = export(project, args.format, Path(args.out), annotators=_chosen_annotators(args),
                        document_names=args.docs, force=args.force)
    print(f"wrote {', '.join(result.paths)}: {result.documents} documents, {result.spans} spans")
    for note in result.notes:
        _note(note)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open_existing(args.project) as project:
        stats = project.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"{stats['documents']} documents, {stats['characters']} characters")
    print(f"{stats['spans']} spans, {stats['relations']} relations, {stats['doc_labels']} document labels, "
          f"{stats['annotators']} annotators")
    for label, n in stats["labels"].items():
        print(f"  {label:<10} {n}")
    for name, counts in stats["per_annotator"].items():
        print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


MAX_WARNINGS = 50  # check lists this many warnings, then counts the rest


def cmd_check(args: argparse.Namespace) -> int:
    from .core.project import Project
    with Project.for_check(args.project) as project:
        problems = project.check()
        counts = project.stats() if not problems else None
        warnings = project.warnings() if not problems else []
    for problem in problems:
        print(problem)
    for warning in warnings[:MAX_WARNINGS]:
        print(f"warning: {warning}")
    if len(warnings) > MAX_WARNINGS:
        print(f"warning: ... and {len(warnings) - MAX_WARNINGS} more spans like these")
    if problems:
        _err(f"{args.project}: {len(problems)} problems found (listed above, each with how to recover)")
        return 1
    print(f"ok: {counts['documents']} documents, {counts['spans']} spans, {counts['relations']} relations checked"
          + (f"; {len(warnings)} warnings (listed above; the project is sound)" if warnings else ""))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from .core import backups
    found = backups.list_backups(Path(args.project))
    if not found:
        print(f"no backups of {args.project} yet (the window makes one when it opens the project)")
        return 0
    for backup in found:
        print(f"{backup.made.astimezone():%Y-%m-%d %H:%M:%S}  {backup.size / 1e6:8.1f} MB  {backup.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .core import backups
    kept = backups.restore(Path(args.project), Path(args.source))
    print(f"restored {args.project} from {args.source}; the file as it was is kept in {kept}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .gui.render import render_to_png
    with _open_existing(args.project) as project:
        annotators = _chosen_annotators(args)
        path = render_to_png(project, args.doc, Path(args.out), annotator=annotators[0] if annotators else None,
                             width=args.width)
    print(f"wrote {path}")
    return 0


def _os_problem(exc: OSError) -> str:
    import errno
    where = f"{exc.filename}: " if exc.filename else ""
    fix = {errno.ENOSPC: "free some disk space and try again", errno.EACCES: "check the file's permissions",
           errno.EPERM: "check the file's permissions", errno.EROFS: "the disk is read-only: write elsewhere",
           errno.ENOENT: "check the path"}.get(exc.errno or 0, "check the path and try again")
    return f"{where}{exc.strerror or exc}; {fix}"


# ---- parser -----------------------------------------------------------------------------------------

def _add_layer_choice(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--annotator", metavar="NAME", help="only this annotator's work")
    group.add_argument("--gold", action="store_true", help="only the adjudicated gold layer")


def build_parser() -> argparse.ArgumentParser:
    from .core.formats import EXPORTERS, IMPORTERS

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Label Arabic news articles: entities, quotations, stances. Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="open the window (the last project, or a start page)",
                       description="Open the annotation window.")
    p.add_argument("project", nargs="?", help="a project file to open")
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("demo", help="build the demo project from the bundled articles and open it",
                       description="Build the demo project (five Arabic news articles on one story) and open it.")
    p.add_argument("--project", metavar="PATH", help="where to put it (default: your data folder)")
    p.add_argument("--fresh", action="store_true", help="start the demo project again from scratch")
    p.add_argument("--no-gui", action="store_true", help="only build it; do not open the window")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="add documents (.txt) or annotated documents (.jsonl, CoNLL, spaCy, brat, "
                                      "XMI) to a project",
                       description="Import files into PROJECT (created if missing). All files or none.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("files", metavar="FILE", nargs="+",
                   help=".txt, .jsonl (interchange or spaCy), .conll, .xmi, a brat or XMI folder, or a folder of "
                        ".txt and .jsonl files")
    p.add_argument("--format", choices=["txt", *IMPORTERS], metavar="FMT",
                   help=f"read every FILE as this format, whatever its name: txt, {', '.join(IMPORTERS)} "
                        "(e.g. a CoNLL file called train.txt)")
    p.add_argument("--encoding", metavar="ENC", help="encoding of .txt files that are not UTF-8, e.g. cp1256")
    p.add_argument("--annotator", metavar="NAME", help="annotator of formats that name none "
                                                       "(renames the single annotator of a .jsonl)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write the project's documents and annotations in a format",
                       description="Export documents and annotations. Files are written whole or not at all.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--format", required=True, choices=list(EXPORTERS), metavar="FMT",
                   help=f"one of: {', '.join(EXPORTERS)}")
    p.add_argument("--out", required=True, metavar="PATH",
                   help="file or folder to write: a file for jsonl, conll, spacy (.jsonl, plus .spacy beside it "
                        "when spaCy is installed), stance and quotes (.csv, or .jsonl by suffix); a folder for "
                        "hf, brat and xmi")
    p.add_argument("--docs", nargs="+", metavar="NAME", help="only these documents")
    p.add_argument("--force", action="store_true",
                   help="write even where --out is a file or a non-empty folder that is not an earlier export of "
                        "this format (a folder's other files are kept; the project file is never written over)")
    _add_layer_choice(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="counts of documents, spans, labels and annotators",
                       description="Print counts of a project.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("check", help="integrity check: SQLite, offsets, surface texts, hashes, orphans, duplicates",
                       description="Check the file with SQLite's integrity and foreign-key checks, then that every "
                                   "span's text equals the document text at its offsets, that relations link "
                                   "existing spans, that texts are unchanged and no span is there twice. Writes "
                                   "nothing; each problem says how to recover. Warns (exit 0) about entity spans "
                                   "that begin or end with punctuation or white space.")
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backups", help="list the project's automatic backups, newest first",
                       description="List the rolling backups kept beside the project (PROJECT.backups/).")
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("restore", help="put a backup back in place of the project (the current file is kept)",
                       description="Restore a backup into PROJECT; the current file is first kept as a backup.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--from", dest="source", required=True, metavar="BACKUP", help="a file `backups` lists")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("render", help="draw an annotated article to a PNG, as the window shows it",
                       description="Render an annotated document to a PNG without a display.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--doc", required=True, metavar="NAME",
                   help="the document: its name, a unique start of its name, or its number (1 = the first)")
    p.add_argument("--out", required=True, metavar="FILE.png", help="the picture to write")
    p.add_argument("--width", type=int, default=900, metavar="PX", help="picture width in pixels (default 900)")
    _add_layer_choice(p)
    p.set_defaults(func=cmd_render)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func, args.project = cmd_gui, None
    try:
        return args.func(args)
    except AnnotatorError as exc:
        if args.debug:
            raise
        _err(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _err("interrupted")
        return 1
    except OSError as exc:  # disk full, permissions, a missing folder: what and where, and the fix
        if args.debug:
            raise
        _err(_os_problem(exc))
        return 1
    except Exception as exc:  # never a traceback for users; --debug shows it
        if args.debug:
            raise
        _err(f"{type(exc).__name__}: {exc} (run with --debug for details)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
