"""The `annotator` command: thin, each subcommand opens a Project, calls the core, prints.

Errors are one line on stderr, `annotator: error: ...`: exit 2 for bad input, 1 for anything else; a
traceback only with --debug.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .core.errors import AnnotatorError, InputError
from .core.model import GOLD

if TYPE_CHECKING:
    from .core.agreement.results import AgreementReport
    from .core.formats.splits import ExportOptions
    from .core.project import Project


def _err(message: str) -> None:
    """One line on stderr; control characters (of a file name, say) shown escaped, never sent to the terminal."""
    from .core.errors import shown

    print(f"annotator: error: {shown(message)}", file=sys.stderr)


def _note(message: str) -> None:
    from .core.errors import shown

    print(f"annotator: {shown(message)}", file=sys.stderr)


class StderrProgress:
    """The core's `Progress` (core/progress.py) for the command line: a one-line bar on stderr, drawn only
    when stderr is a terminal (not TERM=dumb) and the work has run for DELAY seconds; nothing at all into
    a pipe or a file, so what a command prints stays the same. Never cancels (Ctrl+C stops a command). As a
    context manager it wipes its line at the end, before the command prints its result."""

    DELAY = 0.5  # seconds: quicker work draws no bar
    WIDTH = 24  # characters of the bar itself

    def __init__(self, stream: TextIO | None = None, *, clock=time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.started = clock()
        self.shown = 0  # characters on the line now
        self.drawn_at = -1.0
        self.on = bool(getattr(self.stream, "isatty", lambda: False)()) and os.environ.get("TERM", "") != "dumb"

    def report(self, done: int, total: int, what: str) -> None:
        now = self.clock()
        if not self.on or now - self.started < self.DELAY or (now - self.drawn_at < 0.1 and done < total):
            return
        from .core.errors import shown

        share = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
        filled = round(share * self.WIDTH)
        line = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {share:4.0%} {done}/{total} {shown(what)}"
        line = line[: max(shutil.get_terminal_size((80, 24)).columns - 1, 10)]
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown, self.drawn_at = len(line), now

    def cancelled(self) -> bool:
        return False

    def __enter__(self) -> StderrProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


# ---- commands ---------------------------------------------------------------------------------------


def _start_window(project: str | Path | None, language: str | None = None) -> int:
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
    return run(project, language)


def cmd_gui(args: argparse.Namespace) -> int:
    from .core.project import is_server

    project = args.project if args.project and is_server(args.project) else Path(args.project) if args.project else None
    return _start_window(project, getattr(args, "lang", None))


def cmd_demo(args: argparse.Namespace) -> int:
    from .core.demo import build_demo, default_demo_path, is_demo_project, start_afresh

    path = Path(args.project) if args.project else default_demo_path()
    if args.fresh:
        kept = start_afresh(path)
        if kept is not None:
            _note(f"the demo project as it was is kept in {kept}")
    elif path.exists() and not is_demo_project(path):
        raise InputError(
            "this is not the demo project; `demo` builds its project only where there is none, or "
            "opens the demo project: choose another --project",
            file=str(path),
        )
    created = not path.exists()
    if created:
        from .core.files import refuse_unsafe_output

        refuse_unsafe_output(path, "file")
        path.parent.mkdir(parents=True, exist_ok=True)
    with build_demo(path) as project:
        _note_upgrade(project)
        print(f"demo project: {path} ({project.documents.count()} documents)")
    if args.no_gui:
        return 0
    return _start_window(path, args.lang)


def cmd_import(args: argparse.Namespace) -> int:
    from .core.importing import expand_inputs, import_files
    from .core.project import Project, is_server

    project_path: str | Path = args.project if is_server(args.project) else Path(args.project)

    bar = StderrProgress()

    @contextlib.contextmanager
    def opened() -> Iterator[Project]:  # once every file was read
        created = not is_server(project_path) and not Path(project_path).exists()
        try:
            with Project(project_path, progress=bar) as project:  # an older project is brought up to date
                _note_upgrade(project)
                if not created:
                    from .core.backups import create_if_due

                    create_if_due(project)
                yield project
        except BaseException:
            if created:
                _remove_project_file(Path(project_path))
            raise

    with bar as progress:
        report = import_files(
            expand_inputs(args.files, args.format),
            opened,
            args.format,
            args.encoding,
            args.annotator,
            progress=progress,
        )
    for notice in report.notices:
        _note(notice)
    from .core.plural import count

    print(
        f"imported {count(report.documents_added, 'new document')}"
        + (f" ({report.documents_existing} already in the project)" if report.documents_existing else "")
        + f", {report.spans_added} spans, {report.relations_added} relations, "
        f"{report.doc_labels_set} document labels into {project_path}"
    )
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from .core.merging import merge, parse_renames
    from .core.project import Project, is_server

    renames = parse_renames(args.rename or [])
    project_path: str | Path = args.project if is_server(args.project) else Path(args.project)
    created = not is_server(project_path) and not Path(project_path).exists()
    try:
        with StderrProgress() as progress, Project(project_path, progress=progress) as project:
            _note_upgrade(project)
            if not created:
                from .core.backups import create_if_due

                create_if_due(project)
            report = merge(project, [Path(p) for p in args.others], renames, progress)
    except BaseException:
        if created:
            _remove_project_file(Path(project_path))
        raise
    for notice in report.notices:
        _note(notice)
    print(
        f"merged {', '.join(report.annotators_merged) or 'no new annotator'} into {project_path}: "
        f"{_count(report.documents_added, 'new document')}, {_count(report.documents_matched, 'matched document')}, "
        f"{_count(report.spans_added, 'span')}, {_count(report.relations_added, 'relation')}"
        + (
            f"; already here with the same work: {', '.join(report.annotators_already_here)}"
            if report.annotators_already_here
            else ""
        )
    )
    return 0


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _remove_project_file(path: Path) -> None:
    """A failed command leaves no new, empty project behind."""
    from .core.project import remove_project_files

    remove_project_files(path)


def _open_existing(path: str, *, read_only: bool = False, uses: tuple[str, ...] = ()):
    """An existing project; `read_only`: for a command that only reads (its file and `-wal` stay
    byte-identical, and it works from read-only media). Opened to write, a project made by an older annotator
    may first count its tokens again and build its search index: a bar on stderr meanwhile. Opened to read, a
    note says what of it is out of date and costs this command time (`uses`: the parts of
    `Project.out_of_date` it reads besides the file's format) and how to bring it up to date."""
    from .core.project import Project

    if read_only:
        project = Project(path, create=False, read_only=True)
        stale = list(project.out_of_date(("format", *uses)).values())
        if stale:
            shown = project.display_name  # a server's URL without its password
            _note(
                f"note: {shown} is out of date: {'; '.join(stale)}. This works, more slowly; "
                f"`annotator upgrade {shown}` brings it up to date once (the window does when it opens it)"
            )
        return project
    with StderrProgress() as progress:
        project = Project(path, create=False, progress=progress)
    _note_upgrade(project)
    return project


def _note_upgrade(project: Project) -> None:
    """Said once, when opening to write upgraded a project file of an older annotator's format."""
    if project.kept_before_upgrade is not None:
        _note(
            f"note: {project.display_name} was of an older annotator's format and is now of this one's, which "
            f"the older annotator cannot open; the project as it was is kept in {project.kept_before_upgrade}"
        )


def cmd_upgrade(args: argparse.Namespace) -> int:
    from .core.errors import StorageError
    from .core.project import Project

    with Project(args.project, create=False, read_only=True) as project:
        stale = project.out_of_date()
        shown = project.display_name  # a server's URL without its password
    if not stale:
        print(f"{shown}: up to date; nothing to do")
        return 0
    with _open_existing(args.project) as project:  # opening it to write brings it up to date (a bar on stderr)
        left = project.out_of_date()
        refused = project.only_reads()  # a server's reader: the database refuses its every write
    if left:  # else another program held the project: it could not be written now
        why = refused or "another program may be writing it: try again once it is done"
        raise StorageError(f"{shown}: not brought up to date ({'; '.join(left.values())}); {why}")
    print(f"{shown}: brought up to date ({', '.join(stale)})")
    return 0


def _chosen_annotators(args: argparse.Namespace) -> list[str] | None:
    if getattr(args, "gold", False):
        return [GOLD]
    if getattr(args, "annotator", None):
        return [args.annotator]
    return None


def cmd_export(args: argparse.Namespace) -> int:
    from .core.exporting import export

    with _open_existing(args.project, read_only=True) as project, StderrProgress() as progress:
        result = export(
            project,
            args.format,
            Path(args.out),
            annotators=_chosen_annotators(args),
            document_names=args.docs,
            force=args.force,
            options=_export_options(args, project),
            progress=progress,
        )
    print(f"wrote {', '.join(result.paths)}: {result.documents} documents, {result.spans} spans")
    for note in result.notes:
        _note(note)
    return 0


def _export_options(args: argparse.Namespace, project: Project) -> ExportOptions:
    """--split / --seed / --max-tokens / --with-text / --include-unlabelled / --as (export_options.OPTIONS),
    checked by the core against the format that has them."""
    from .core.export_options import OPTIONS, export_options

    return export_options(
        project, args.format, {option.name: getattr(args, option.name) for option in OPTIONS}, document_names=args.docs
    )


def cmd_stats(args: argparse.Namespace) -> int:
    with _open_existing(args.project, read_only=True) as project:
        stats = project.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"{stats['documents']} documents, {stats['characters']} characters")
    print(
        f"{stats['spans']} spans, {stats['relations']} relations, {stats['doc_labels']} document labels, "
        f"{stats['annotators']} annotators"
    )
    for label, n in stats["labels"].items():
        print(f"  {label:<10} {n}")
    for name, counts in stats["per_annotator"].items():
        print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


MAX_WARNINGS = 50  # check lists this many warnings, then counts the rest


def cmd_check(args: argparse.Namespace) -> int:
    from .core.progress import Within
    from .core.project import Project

    with Project.for_check(args.project) as project, StderrProgress() as progress:  # one bar: check, warnings
        problems = project.check(Within(progress, 0, 1, 2))
        counts = project.counts() if not problems else {}
        warnings = project.warnings(Within(progress, 1, 2, 2)) if not problems else []
    for problem in problems:
        print(problem)
    for warning in warnings[:MAX_WARNINGS]:
        print(f"warning: {warning}")
    if len(warnings) > MAX_WARNINGS:
        print(f"warning: ... and {len(warnings) - MAX_WARNINGS} more spans like these")
    if problems:
        _err(f"{args.project}: {len(problems)} problems found (listed above, each with how to recover)")
        return 1
    print(
        f"ok: {counts['documents']} documents, {counts['spans']} spans, {counts['relations']} relations checked"
        + (f"; {len(warnings)} warnings (listed above; the project is sound)" if warnings else "")
    )
    return 0


def cmd_rescue(args: argparse.Namespace) -> int:
    from .core.project import Project

    with StderrProgress() as progress:
        report = Project.rescue(Path(args.damaged), Path(args.out), progress)
    for table in report.tables:
        print(table.line())
    how = " (through SQLite's own recovery)" if report.used_sqlite_recover else ""
    lost = any(t.unreadable or t.left_out or t.missing for t in report.tables)
    print(
        f"rescued into {args.out}{how}; {args.damaged} was only read"
        + (
            f"; what was lost is listed above: restore a backup to get it back (`annotator backups {args.damaged}`)"
            if lost
            else "; nothing was lost"
        )
    )
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from .core.copying import copy_project

    with StderrProgress() as progress:
        report = copy_project(args.source, args.target, progress)
    print(
        f"copied {args.source} into {args.target}: {_count(report.documents, 'document')}, "
        f"{_count(report.records, 'annotation record')}, {_count(report.events, 'history event')}"
    )
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    from .core import server_users

    server_users.require_server(args.project)
    shown = server_users.shown(args.project)
    with _open_existing(args.project, read_only=args.action == "list") as project:
        if args.action == "list":
            users = server_users.list_users(project)
            for user in users:
                print(f"{user.kind:<9}  {user.name}")
            if not users:
                print(f"no users yet: `annotator users {shown} add NAME` makes one")
            return 0
        if args.action == "remove":
            dropped = server_users.remove_user(project, args.name)
            print(f"{args.name} is no longer a user of {shown}" + (" (its role was dropped)" if dropped else ""))
            return 0
        kind = "curator" if args.curator else "reader" if args.reader else "annotator"
        created = server_users.add_user(project, args.name, kind)
        hint = server_users.password_hint(project, args.name) if created else ""
    print(f"{args.name} is a{'n' if kind == 'annotator' else ''} {kind} of {shown}")
    if hint:
        print(f"an administrator gives the new role a password on the server: {hint}")
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


def cmd_agreement(args: argparse.Namespace) -> int:
    from .core.agreement import compute
    from .core.agreement.html import is_report, report_html
    from .core.agreement.table import format_report
    from .core.files import atomic_file, refuse_unsafe_output
    from .core.terminal import wants_visual_order

    annotators = [a.strip() for a in args.annotators.split(",") if a.strip()] if args.annotators else None
    html = Path(args.html) if args.html else None
    if html is not None:
        refuse_unsafe_output(html, "file")  # before the work, and again as it is written
    if html is not None and html.exists() and not is_report(html):
        raise InputError(
            "exists and is not an agreement report written by annotator; choose another file name", file=str(html)
        )
    with _open_existing(args.project, read_only=True, uses=("token counts",)) as project, StderrProgress() as progress:
        report = compute(project, annotators, args.docs, progress)
    if html is not None:
        with atomic_file(html) as handle:
            handle.write(report_html(report, f"Agreement: {Path(args.project).name}"))
        _note(f"wrote {html}")
    if args.json:
        _write_json(report)
        print()
    else:
        print(format_report(report, bidi=wants_visual_order(args.bidi)))
    return 0


def _write_json(report: AgreementReport) -> None:
    """The report's JSON on stdout, in pieces (a large report's text is 100s of MB): as bytes where stdout
    has them (its texts kept in a temporary file are copied from there as they are), else as text."""
    out = getattr(sys.stdout, "buffer", None)
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if out is None or encoding != "utf8":
        sys.stdout.writelines(report.json_parts())
        return
    sys.stdout.flush()
    report.write_json(out)
    out.flush()


def cmd_render(args: argparse.Namespace) -> int:
    from .gui.render import render_to_png

    with _open_existing(args.project, read_only=True) as project:
        annotators = _chosen_annotators(args)
        working = sorted(project.stats()["per_annotator"])
        if annotators is None and len(working) > 1:
            raise InputError(
                f"the project holds the work of {', '.join(working)}; choose whose to draw with "
                "--annotator NAME (or --gold)"
            )
        if annotators and annotators[0] not in project.annotators.list():
            raise InputError(
                f"no annotator {annotators[0]!r} in {args.project}; it has "
                f"{', '.join(project.annotators.list()) or 'none'}"
            )
        path = render_to_png(
            project, args.doc, Path(args.out), annotator=annotators[0] if annotators else None, width=args.width
        )
    print(f"wrote {path}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .core.search import context, hits_json, search_project
    from .core.terminal import for_terminal

    with _open_existing(args.project, read_only=True, uses=("search index",)) as project:
        hits = search_project(
            project, args.query, document_names=args.doc, inside_label=args.label, labelled=False
        )  # printed without what is labelled there: not read
        texts = {i: project.documents.get(i).text for i in {hit.document_id for hit in hits}} if not args.json else {}
    if args.json:
        print(hits_json(hits))  # json.dumps(..., ensure_ascii=False, indent=1), made faster
        return 0
    for hit in hits:
        before, found, after = context(texts[hit.document_id], hit.start, hit.end)
        line = f"…{before}[{found}]{after}…"
        print(for_terminal(f"{hit.document}  {hit.start}-{hit.end}  {line}", args.bidi))
    print(f"{_count(len(hits), 'hit')}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from .core.suggestion_sources import SOURCES, compute_suggestions, read_gazetteer

    gazetteer = read_gazetteer(Path(args.gazetteer)) if args.gazetteer else None
    if args.min_score is not None and not args.model:
        raise InputError("--min-score is for the model's suggestions: give --model MODEL_DIR too")
    if args.model:  # every input is read before the project is written: a refused model adds nothing
        from .core.learning import MIN_SCORE, load, stance_status, stance_suggestions, suggest_with_model

        nlp = load(Path(args.model))
    with _open_existing(args.project) as project:
        report = compute_suggestions(project, args.annotator, gazetteer=gazetteer)
        if args.model:
            min_score = MIN_SCORE if args.min_score is None else args.min_score
            with StderrProgress() as progress:
                report.added["model"] = suggest_with_model(
                    project, args.annotator, nlp=nlp, min_score=min_score, progress=progress
                )
            stances = stance_suggestions(project, args.annotator, nlp=nlp)
        decided = project.suggestions.counts(args.annotator)
    report.open["model"] = decided["model"]["open"]
    for source in SOURCES:
        figures = decided[source]
        precision = "" if figures["precision"] is None else f" (precision {figures['precision']:.2f})"
        print(
            f"{source:<10} {_count(report.added.get(source, 0), 'new suggestion')}, "
            f"{report.open.get(source, 0)} open, {figures['accepted']} accepted, {figures['rejected']} "
            f"rejected{precision}"
        )
    if args.model:
        print(
            f"stance     {_count(len(stances), 'suggestion')} for undecided targets, offered in the window's "
            f"stance panel (not stored)"
            if stances
            else f"stance     {stance_status(nlp)}"
        )
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from .core.learning import train

    with _open_existing(args.project, read_only=True) as project, StderrProgress() as progress:
        report = train(
            project,
            args.layer,
            Path(args.out),
            base=Path(args.base) if args.base else None,
            holdout=args.holdout,
            epochs=args.epochs,
            seed=args.seed,
            progress=progress,
        )
    print(
        f"trained on {_count(len(report.trained_on), 'document')} of {report.layer} "
        f"({_count(report.entities, 'entity')}), {len(report.held_out)} held out"
    )
    if report.scores:

        def shown(value: float | None) -> str:
            return "-" if value is None else f"{value:.2f}"

        print(f"{'label':<8} {'precision':>9} {'recall':>7} {'F1':>5} {'gold':>6}")
        for label in sorted(report.scores, key=lambda k: (k == "ALL", k)):
            f = report.scores[label]
            print(
                f"{'all' if label == 'ALL' else label:<8} {shown(f.precision):>9} {shown(f.recall):>7} "
                f"{shown(f.f1):>5} {f.gold:>6}"
            )
        if report.after_clitic.gold:
            print(
                f"held-out entities right after a proclitic (لواشنطن): {report.after_clitic.correct} of "
                f"{report.after_clitic.gold} found"
            )
        print(f"scores calibrated on the held-out documents (temperature {report.temperature:g})")
    for target, accuracy in report.stance_targets.items():
        print(
            f"stance toward {target}: "
            + ("nothing held out" if accuracy is None else f"held-out accuracy {accuracy:.2f}")
        )
    for note in report.notes:
        _note(note)
    print(f"wrote {report.model} in {report.seconds:.0f} s")
    return 0


def cmd_next(args: argparse.Namespace) -> int:
    from .core.learning import rank_documents

    with _open_existing(args.project, read_only=True) as project, StderrProgress() as progress:
        ranked = rank_documents(project, args.annotator, Path(args.model), progress=progress)
    ranked = ranked[: args.limit] if args.limit else ranked
    if args.json:
        print(json.dumps([r.as_json() for r in ranked], ensure_ascii=False, indent=1))
        return 0
    from .core.terminal import for_terminal

    for rank, r in enumerate(ranked, 1):
        print(
            for_terminal(
                f"{rank:>4}  {r.bits_per_100_words:6.2f} bits/100 words  {r.unsure:>4} unsure entities  {r.name}",
                args.bidi,
            )
        )
    if not ranked:
        print(f"{args.annotator} has no undone document")
    return 0


def _os_problem(exc: OSError) -> str:
    import errno

    where = f"{exc.filename}: " if exc.filename else ""
    fix = {
        errno.ENOSPC: "free some disk space and try again",
        errno.EACCES: "check the file's permissions",
        errno.EPERM: "check the file's permissions",
        errno.EROFS: "the disk is read-only: write elsewhere",
        errno.ENOENT: "check the path",
    }.get(exc.errno or 0, "check the path and try again")
    return f"{where}{exc.strerror or exc}; {fix}"


# ---- parser -----------------------------------------------------------------------------------------


def _add_layer_choice(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--annotator", metavar="NAME", help="only this annotator's work")
    group.add_argument("--gold", action="store_true", help="only the adjudicated gold layer")


def _add_export_options(parser: argparse.ArgumentParser) -> None:
    """The export options, as core/export_options.py describes them (the window's Export offers the same)."""
    from .core.export_options import CHOICE, FLAG, NUMBER, OPTIONS

    for option in OPTIONS:
        if option.kind == FLAG:
            parser.add_argument(option.flag, dest=option.name, action="store_true", help=option.cli_help)
        elif option.kind == CHOICE:
            parser.add_argument(option.flag, dest=option.name, choices=list(option.choices), help=option.cli_help)
        else:
            parser.add_argument(
                option.flag,
                dest=option.name,
                type=int if option.kind == NUMBER else str,
                default=option.default,
                metavar=option.metavar,
                help=option.cli_help,
            )


def _add_language_choice(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=("system", "en", "ar"),
        default=None,
        help="the interface language this time (default: ANNOTATOR_LANG, else the setting "
        "interface/language, else the system's); Arabic mirrors the window",
    )


def _add_bidi_option(parser: argparse.ArgumentParser) -> None:
    from .core.terminal import BIDI_MODES

    parser.add_argument(
        "--bidi",
        choices=BIDI_MODES,
        default="auto",
        help="show Arabic joined and right to left for a plain terminal that does not: on, off, "
        "auto (on when printing to a terminal other than TERM=dumb, off into a file or pipe)",
    )


def build_parser() -> argparse.ArgumentParser:
    from .core.formats.registry import FORMATS, readable, writable

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Label Arabic news articles: entities, quotations, stances. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    # `annotator --lang ar` as well as `annotator gui --lang ar` (its own dest: a command's default would
    # otherwise overwrite it)
    parser.add_argument(
        "--lang",
        dest="window_lang",
        choices=("system", "en", "ar"),
        default=None,
        help="the window's interface language this time, as `gui --lang` (for the window only)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "gui", help="open the window (the last project, or a start page)", description="Open the annotation window."
    )
    p.add_argument("project", nargs="?", help="a project file (or a postgresql:// URL) to open")
    _add_language_choice(p)
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser(
        "demo",
        help="build the demo project from the bundled articles and open it",
        description="Build the demo project (five Arabic news articles on one story) and open it.",
    )
    p.add_argument("--project", metavar="PATH", help="where to put it (default: your data folder)")
    p.add_argument("--fresh", action="store_true", help="start the demo project again from scratch")
    p.add_argument("--no-gui", action="store_true", help="only build it; do not open the window")
    _add_language_choice(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "import",
        help=f"add documents (.txt) or annotated documents ({', '.join(readable())}) to a project",
        description="Import files into PROJECT (created if missing). All files or none.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help=".txt, an annotated file ("
        + ", ".join(f"{fmt.name}: {' '.join(fmt.suffixes)}" for fmt in FORMATS.values() if fmt.reads)
        + "; a folder for "
        + ", ".join(fmt.name for fmt in FORMATS.values() if fmt.reads and fmt.folder)
        + "), or a folder of .txt and .jsonl files",
    )
    p.add_argument(
        "--format",
        choices=["txt", *readable()],
        metavar="FMT",
        help=f"read every FILE as this format, whatever its name: txt, {', '.join(readable())} "
        "(e.g. a CoNLL file called train.txt)",
    )
    p.add_argument("--encoding", metavar="ENC", help="encoding of .txt files that are not UTF-8, e.g. cp1256")
    p.add_argument(
        "--annotator",
        metavar="NAME",
        help="annotator of formats that name none (renames the single annotator of a .jsonl)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help="write the project's documents and annotations in a format",
        description="Export documents and annotations. Files are written whole or not at all.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--format",
        required=True,
        choices=writable(),
        metavar="FMT",
        help="; ".join(f"{name}: {FORMATS[name].description}" for name in writable()),
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="file or folder to write: a folder for "
        + ", ".join(name for name in writable() if FORMATS[name].folder)
        + "; a file for the others",
    )
    p.add_argument("--docs", nargs="+", metavar="NAME", help="only these documents")
    p.add_argument(
        "--force",
        action="store_true",
        help="write even where --out is a file or a non-empty folder that is not an earlier export of "
        "this format (a folder's other files are kept; the project file is never written over)",
    )
    _add_export_options(p)
    _add_layer_choice(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "merge",
        help="bring other annotators' project files into PROJECT (created if missing)",
        description="Merge the documents, annotations, history and schema of other project files "
        "into PROJECT, in one transaction. Documents are matched by their text; an "
        "annotator on both sides must have the same work there, or be renamed.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("others", metavar="OTHER.annotator", nargs="+", help="project files to bring in (never changed)")
    p.add_argument(
        "--rename",
        action="append",
        metavar="OLD=NEW",
        help="bring OLD's work in as NEW (repeatable), e.g. when both files have an annotator A",
    )
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "upgrade",
        help="bring a project made by an older annotator up to date (file format, search index, token counts)",
        description="Bring the project up to date with this version of annotator, as the window does when it "
        "opens it: the file's format, the search index and the stored token counts. Commands that only read "
        "work without it, more slowly (they say so). Writes only what is out of date; says what it did.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(func=cmd_upgrade)

    p = sub.add_parser(
        "stats", help="counts of documents, spans, labels and annotators", description="Print counts of a project."
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "check",
        help="integrity check: SQLite, offsets, surface texts, hashes, orphans, duplicates",
        description="Check the file with SQLite's integrity and foreign-key checks, then that every "
        "span's text equals the document text at its offsets, that relations link "
        "existing spans, that texts are unchanged and no span is there twice. Writes "
        "nothing; each problem says how to recover. Warns (exit 0) about entity spans "
        "that begin or end with punctuation or white space.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "agreement",
        help="inter-annotator agreement: F1, kappas, alphas, confusion, disagreements",
        description="Compare annotators: span F1 (exact and overlap) per label and document, token "
        "and stance kappas, Fleiss' kappa, Krippendorff's alpha and u-alpha, the label "
        "confusion and the list of disagreements. The gold layer is left out unless "
        "named in --annotators.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--annotators", metavar="A,B,...", help="compare these annotators (default: all but gold)")
    p.add_argument("--docs", nargs="+", metavar="NAME", help="only these documents")
    p.add_argument("--json", action="store_true", help="print one JSON object (every figure and disagreement)")
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report with charts")
    _add_bidi_option(p)
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser(
        "rescue",
        help="save what can still be read of a damaged project into a new one",
        description="Copy every document, span, relation, stance, status, history event and setting "
        "that can still be read from a damaged project into a new project, and say per "
        "table what was lost. The damaged file is only read.",
    )
    p.add_argument("damaged", metavar="DAMAGED", help="the damaged project file (never written)")
    p.add_argument("--out", required=True, metavar="NEW.annotator", help="the new project to make (must not exist)")
    p.set_defaults(func=cmd_rescue)

    p = sub.add_parser(
        "copy",
        help="copy a whole project into a new one: a file to a PostgreSQL server and back",
        description="Copy every document, annotation (under its own id), setting and history event of "
        "SRC into a new project DST. Each is a project file or a postgresql:// URL (a "
        "database on a server: pip install 'annotator[server]'). SRC is only read; DST "
        "must not exist (a file) or be empty (a database). All or nothing.",
    )
    p.add_argument("source", metavar="SRC", help="the project to copy: a file or a postgresql:// URL (only read)")
    p.add_argument(
        "target",
        metavar="DST",
        help="the new project: a file that does not exist, or an empty database's postgresql:// URL",
    )
    p.set_defaults(func=cmd_copy)

    p = sub.add_parser(
        "users",
        help="the users of a project on a PostgreSQL server: roles the server itself holds to their layer",
        description="Add, list or remove the users of a project on a PostgreSQL server (URL: postgresql://...). A "
        "user is a PostgreSQL role named as the annotator; the server's grants and row-level security let an "
        "annotator write only its own layer, a curator also gold and the schema, a reader nothing. Run as the "
        "project's owner (a role that may create roles). No password is set or stored: the administrator sets "
        "one on the server, users keep theirs in ~/.pgpass, a service file or PGPASSWORD.",
    )
    p.add_argument("project", metavar="URL", help="the project's postgresql:// URL, connecting as its owner")
    actions = p.add_subparsers(dest="action", required=True, metavar="add|list|remove")
    a = actions.add_parser("add", help="make NAME a user (an annotator unless told otherwise)")
    a.add_argument("name", metavar="NAME", help="the annotator's name, which is the role's name")
    kind = a.add_mutually_exclusive_group()
    kind.add_argument("--curator", action="store_true", help="also writes gold, the schema and the documents")
    kind.add_argument("--reader", action="store_true", help="only reads")
    actions.add_parser("list", help="the users and what each may do")
    r = actions.add_parser("remove", help="NAME is no longer a user (its annotations stay)")
    r.add_argument("name", metavar="NAME", help="the user to remove")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser(
        "backups",
        help="list the project's automatic backups, newest first",
        description="List the rolling backups kept beside the project (PROJECT.backups/).",
    )
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser(
        "restore",
        help="put a backup back in place of the project (the current file is kept)",
        description="Restore a backup into PROJECT; the current file is first kept as a backup.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--from", dest="source", required=True, metavar="BACKUP", help="a file `backups` lists")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "search",
        help="find a word or phrase: normalised (tashkeel, tatweel, alef/hamza forms) "
        "and proclitic-aware (و ف ب ك ل ال)",
        description="Search the documents. Tashkeel, tatweel, alef/hamza forms, ى/ي, ة/ه and "
        "digit scripts are ignored; a hit may follow a proclitic chain in its word "
        "(لواشنطن) and covers what the query names (واشنطن).",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("query", metavar="QUERY", help="a word or phrase")
    p.add_argument("--doc", action="append", metavar="NAME", help="only this document (repeatable)")
    p.add_argument("--label", metavar="L", help="only hits inside (or equal to) a span labelled L by any annotator")
    p.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array of {"doc", "start", "end", "text"}, text == the stored text[start:end]',
    )
    _add_bidi_option(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "suggest",
        help="compute suggestions for an annotator (stored as suggestions, not annotations)",
        description="Suggest spans for an annotator from what they labelled elsewhere, a "
        "gazetteer and quotation marks next to reporting verbs. Suggestions wait in "
        "the project until accepted or rejected in the window.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--annotator", required=True, metavar="NAME", help="whose work the suggestions are for")
    p.add_argument("--gazetteer", metavar="FILE", help="a TSV file: surface<TAB>label per line")
    p.add_argument(
        "--model",
        metavar="MODEL_DIR",
        help="also the entities a model `train` wrote finds in the "
        "undone documents (source `model`, each with a score)",
    )
    p.add_argument(
        "--min-score",
        type=float,
        metavar="S",
        help="with --model: only entities the model gives a probability of at least S (0-1; default 0.5)",
    )
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser(
        "train",
        help="train a spaCy entity recogniser (and stance classifiers) on a layer",
        description="Train a model on an annotator's finished documents (or gold), holding out a "
        "share of them to report precision, recall and F1 per label. The model "
        "loads with spacy.load(MODEL_DIR) and cuts text as the spaCy export does; "
        "an earlier model at MODEL_DIR is replaced only when training has finished. "
        "Needs spaCy: pip install 'annotator[model]'.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--from", dest="layer", required=True, metavar="NAME|gold", help="whose work to learn from")
    p.add_argument("--out", required=True, metavar="MODEL_DIR", help="the model folder to write")
    p.add_argument("--base", metavar="MODEL_DIR", help="go on training this model instead of starting afresh")
    p.add_argument(
        "--holdout",
        type=float,
        default=0.2,
        metavar="SHARE",
        help="share of the documents held out for the scores (default 0.2; 0: train on all)",
    )
    p.add_argument("--epochs", type=int, default=12, metavar="N", help="rounds over the documents (default 12)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="chooses the held-out documents (default 0)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "next",
        help="the undone documents, the one a model is least sure of first",
        description="List an annotator's documents not marked done, ordered by the model's "
        "uncertainty about their entities (the binary entropies of its candidate "
        "entities' probabilities, in bits per 100 words), most useful to label "
        "first. Reads only.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--annotator", required=True, metavar="NAME", help="whose undone documents")
    p.add_argument("--model", required=True, metavar="MODEL_DIR", help="a model `annotator train` wrote")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N (default: all)")
    p.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array of {"doc", "bits_per_100_words", "uncertainty_bits", '
        '"unsure_entities", "expected_entities"}',
    )
    _add_bidi_option(p)
    p.set_defaults(func=cmd_next)

    p = sub.add_parser(
        "render",
        help="draw an annotated article to a PNG, as the window shows it",
        description="Render an annotated document to a PNG without a display.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--doc",
        required=True,
        metavar="NAME",
        help="the document: its name, a unique start of its name, or its number (1 = the first)",
    )
    p.add_argument("--out", required=True, metavar="FILE.png", help="the picture to write")
    p.add_argument("--width", type=int, default=900, metavar="PX", help="picture width in pixels (default 900)")
    _add_layer_choice(p)
    p.set_defaults(func=cmd_render)
    return parser


def _quiet_stdout() -> None:
    """Point stdout at the null device, so Python's flush at exit does not fail again on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _utf8_streams() -> None:
    """The commands write UTF-8 whatever the locale: JSON is UTF-8 (RFC 8259), and Arabic has no place in a
    legacy code page. Windows writes a redirected stdout in its ANSI code page (cp1252): `agreement --json >
    report.json` stopped at the first Arabic letter, leaving half a file. (Windows' console itself, and
    Linux and macOS, are UTF-8 already: untouched.)"""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func, args.project, args.lang = cmd_gui, None, args.window_lang
    elif args.window_lang is not None and not hasattr(args, "lang"):
        parser.error(f"--lang chooses the window's language; `{args.command}` opens no window")
    elif args.window_lang is not None and args.lang is None:
        args.lang = args.window_lang
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
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
        _quiet_stdout()
        return 128 + 13  # what a shell reports for a program ended by SIGPIPE
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
