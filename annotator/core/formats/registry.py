"""The formats the program reads and writes: one `Format` per format, in `FORMATS`.

Everything that offers or recognises a format asks this registry: the CLI's --format choices and help, the
window's Import / Export lists, which format an input file or folder is (`format_of`), and how an export
checks that it may write over an earlier one (exporting.py). A new format is one module in this package
with `read(path, *, annotator=None) -> list[AnnotatedDocument]` and/or `write(documents, schema, out, *,
options=None) -> ExportResult`, plus one entry below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..intake_policy import is_folder, list_folder
from ..model import AnnotatedDocument
from . import brat, conll, hf, jsonl, quotes, spacy, stance, xmi
from .common import ExportResult
from .splits import ExportOptions, split_outputs

Reader = Callable[..., list[AnnotatedDocument]]  # read(path, *, annotator=None)
Writer = Callable[..., ExportResult]  # write(documents, schema, out, *, options=None)

# Export options (ExportOptions fields) a format may honour; the CLI refuses the others for it.
SPLIT, MAX_TOKENS, WITH_TEXT = "split", "max_tokens", "with_text"
UNLABELLED = "include_unlabelled"  # training formats: documents nobody worked on are left out unless asked for
ROLE = "role"  # spacy: train / dev / test, the file's role in config.cfg


def _never(path: Path) -> bool:
    return False


def _only_out(out: Path, options: ExportOptions) -> list[Path]:
    return [out]


@dataclass(frozen=True)
class Format:
    name: str
    description: str  # one line, for --help and the window's lists
    read: Reader | None = None  # None: the format is write-only
    write: Writer | None = None  # None: the format is read-only
    folder: bool = False  # writes (and reads) a folder rather than a file
    # Input: file suffixes (lower case) of this format; for a folder format, the suffix of the files that
    # make a folder one of this format. `is_input` (content) decides between formats sharing a suffix.
    suffixes: tuple[str, ...] = ()
    is_input: Callable[[Path], bool] | None = None
    # Output: every path an export to `out` may write, and whether an existing file is an earlier export of
    # this format (so writing over it is expected). Folder exports carry a manifest instead (files.py).
    output_paths: Callable[[Path, ExportOptions], list[Path]] = _only_out
    is_earlier_export: Callable[[Path], bool] = _never
    options: frozenset[str] = frozenset()
    tokenized: bool = False  # written as core.tokens tokens: the export passes the project's names
    # `read` one document at a time (same arguments, an iterator): what an import uses when there is one
    stream: Callable[..., Iterator[AnnotatedDocument]] | None = None

    @property
    def reads(self) -> bool:
        return self.read is not None

    @property
    def writes(self) -> bool:
        return self.write is not None

    def recognises(self, path: Path) -> bool:
        """Whether `path` (a file, or a folder for a folder format) is an input of this format."""
        if not self.reads:
            return False
        if is_folder(path):
            return self.folder and bool(list_folder(path, self.suffixes))
        return path.suffix.lower() in self.suffixes and (self.is_input is None or self.is_input(path))


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "jsonl",
            "the lossless interchange JSONL, every layer",
            jsonl.read,
            jsonl.write,
            suffixes=(".jsonl", ".ndjson"),
            is_earlier_export=jsonl.looks_like_export,
            stream=jsonl.stream,
        ),
        Format(
            "conll",
            "CoNLL IOB2 tokens and tags, one layer",
            conll.read,
            conll.write,
            suffixes=(".conll", ".iob", ".bio", ".conll03", ".conllx"),
            output_paths=split_outputs,
            is_earlier_export=conll.looks_like_export,
            options=frozenset({SPLIT, UNLABELLED}),
            tokenized=True,
        ),
        Format(
            "spacy",
            "spaCy JSONL, plus a DocBin and config.cfg where spaCy is installed; one layer",
            spacy.read,
            spacy.write,
            suffixes=(".jsonl", ".ndjson"),
            is_input=spacy.looks_like_input,
            output_paths=spacy.output_paths,
            is_earlier_export=spacy.looks_like_export,
            options=frozenset({SPLIT, UNLABELLED, ROLE}),
            tokenized=True,
        ),
        Format(
            "hf",
            "a Hugging Face datasets folder, one layer",
            write=hf.write,
            folder=True,
            options=frozenset({SPLIT, MAX_TOKENS, UNLABELLED}),
            tokenized=True,
        ),
        Format(
            "brat",
            "a brat standoff folder of .txt and .ann files, one layer",
            brat.read,
            brat.write,
            folder=True,
            suffixes=(".ann",),
        ),
        Format(
            "xmi",
            "a UIMA CAS XMI folder for INCEpTION, one layer",
            xmi.read,
            xmi.write,
            folder=True,
            suffixes=(".xmi",),
        ),
        Format(
            "stance",
            "a table of stance labels: CSV (plus its exact JSONL twin) or JSONL by the suffix",
            write=stance.write,
            output_paths=stance.output_paths,
            is_earlier_export=stance.looks_like_export,
            options=frozenset({WITH_TEXT}),
        ),
        Format(
            "quotes",
            "a table of quotations with cues and speakers: CSV (plus its exact JSONL twin) or JSONL by the suffix",
            write=quotes.write,
            output_paths=quotes.output_paths,
            is_earlier_export=quotes.looks_like_export,
        ),
    )
}


def readable() -> list[str]:
    """Names of the formats `annotator import --format` takes (besides plain txt)."""
    return [name for name, fmt in FORMATS.items() if fmt.reads]


def writable() -> list[str]:
    """Names of the formats `annotator export --format` takes."""
    return [name for name, fmt in FORMATS.items() if fmt.writes]


def with_option(option: str) -> list[str]:
    """Names of the formats that honour an export option (SPLIT, MAX_TOKENS, WITH_TEXT, UNLABELLED, ROLE)."""
    return [name for name, fmt in FORMATS.items() if option in fmt.options]


def get(name: str, verb: str = "export") -> Format:
    """The format called `name`; refused naming the choices."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise InputError(
            f"unknown format {name!r}; choose one of {', '.join(writable() if verb == 'export' else readable())}"
        )
    return fmt


def annotated_folder_format(path: Path) -> Format | None:
    """The format of a folder that its reader takes whole (brat: .ann files, XMI: .xmi files); None for
    another folder."""
    return next((fmt for fmt in FORMATS.values() if fmt.folder and fmt.recognises(path)), None)


def format_of(path: Path) -> Format:
    """The format of an annotated input file or folder (plain .txt is intake's). Formats sharing a suffix
    are told apart by content: the one with a content check that accepts the file wins (spaCy JSONL has
    "text" and "spans" and no "name"; otherwise it is the interchange format)."""
    found = [fmt for fmt in FORMATS.values() if fmt.recognises(path)]
    if found:
        return min(found, key=lambda fmt: fmt.is_input is None)
    folders = [f"{fmt.suffixes[0]} ({fmt.name})" for fmt in FORMATS.values() if fmt.reads and fmt.folder]
    if is_folder(path):
        raise InputError(f"the folder holds no {' or '.join(folders)} files", file=str(path))
    suffixes = sorted({s for fmt in FORMATS.values() if fmt.reads and not fmt.folder for s in fmt.suffixes})
    raise InputError(
        f"unknown file type {path.suffix or '(none)'}; import .txt, {', '.join(suffixes)} files "
        f"or {', '.join(name for name, fmt in FORMATS.items() if fmt.reads and fmt.folder)} folders",
        file=str(path),
    )
