"""The export options (--split, --seed, --include-unlabelled, --as, --max-tokens, --with-text): each described
once, and turned into a checked `ExportOptions` by one function that the CLI and the window both call.

Which formats take an option is their registry entry's (`Format.options`); this module says what each option
is: its command-line flag and help, its name and tooltip in the window (translated there: the GUI marks these
strings for translation, and a test keeps its list equal to this one), and the kind of value it takes. The
CLI builds its export arguments from `OPTIONS` and the Export dialog its widgets (only those of the chosen
format); both pass what was given to `export_options`, which refuses with one line naming the flag (the
window says its own controls' names instead).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InputError
from .formats.registry import MAX_TOKENS, ROLE, SPLIT, UNLABELLED, WITH_TEXT, with_option
from .formats.spacy_config import ROLES, check_role
from .formats.splits import ExportOptions, assign_splits, parse_split

if TYPE_CHECKING:
    from .project import Project

# What an option takes: a split description (NAME=SHARE,...), a whole number, yes / no, or one of `choices`.
SPLIT_SPEC, NUMBER, FLAG, CHOICE = "split spec", "number", "flag", "choice"
SEED = "seed"  # of SPLIT: offered with it, never refused on its own (as --seed always was)


@dataclass(frozen=True)
class ExportOption:
    name: str  # the registry's name (Format.options), the ExportOptions field and argparse dest
    flag: str  # on the command line
    kind: str  # SPLIT_SPEC, NUMBER, FLAG or CHOICE
    help: str  # the command line's help; {formats} is replaced by the formats that take it
    label: str  # the window's name of its control (the checkbox's text for a FLAG)
    tip: str = ""  # the window's tooltip
    unset: str = ""  # the window's words for "not given" (NUMBER, CHOICE)
    example: str = ""  # the window's placeholder (SPLIT_SPEC)
    choices: tuple[str, ...] = ()
    metavar: str | None = None
    default: object = None  # what not giving it means (False for a FLAG)
    of: str | None = None  # the option this one qualifies (SEED: SPLIT); offered with it

    @property
    def formats(self) -> list[str]:
        """The formats that take this option, in the registry's order."""
        return with_option(self.of or self.name)

    @property
    def cli_help(self) -> str:
        return self.help.format(formats=", ".join(self.formats))

    def given(self, value: object) -> bool:
        return bool(value) and value != self.default


OPTIONS: tuple[ExportOption, ...] = (
    ExportOption(
        SPLIT,
        "--split",
        SPLIT_SPEC,
        metavar="NAME=SHARE,...",
        help="{formats}: split by document, e.g. train=0.8,validation=0.1,test=0.1 (one file per split: "
        "OUT.train.conll, OUT.train.spacy, hf: tokens/train.jsonl); a document's split follows from "
        "its text and --seed, so adding documents moves none; a split left empty is refused",
        label="Split by document",
        tip="one file per split; a document's split follows from its text and the seed, so adding "
        "documents moves none; a split left empty is refused",
        example="e.g. train=0.8,dev=0.1,test=0.1",
    ),
    ExportOption(
        SEED,
        "--seed",
        NUMBER,
        default=0,
        of=SPLIT,
        help="seed of --split: the same seed gives the same split (default 0)",
        label="Seed of the split",
        tip="the same seed gives the same split",
    ),
    ExportOption(
        UNLABELLED,
        "--include-unlabelled",
        FLAG,
        default=False,
        help="{formats}: also write the documents the chosen annotators never worked on, as documents "
        "without entities (left out by default, and counted)",
        label="Include the documents nobody worked on",
        tip="write the documents the chosen annotators never worked on as documents without entities "
        "(left out by default, and counted)",
    ),
    ExportOption(
        ROLE,
        "--as",
        CHOICE,
        choices=ROLES,
        help="{formats} without --split: the file's role in config.cfg (without it, the file's name "
        "says: train.spacy, news.dev.spacy; else it has none)",
        label="Role in config.cfg",
        tip="without a split: what spaCy's config.cfg uses the file for",
        unset="as the file's name says",
    ),
    ExportOption(
        MAX_TOKENS,
        "--max-tokens",
        NUMBER,
        metavar="N",
        help="{formats}: cut sentences longer than N tokens at token boundaries, never inside an entity",
        label="Longest row in tokens",
        tip="cut longer sentences at token boundaries, never inside an entity",
        unset="no limit",
    ),
    ExportOption(
        WITH_TEXT,
        "--with-text",
        FLAG,
        default=False,
        help="{formats}: add the document's text to every row",
        label="Add the document's text to every row",
    ),
)


def offered(fmt: str) -> list[ExportOption]:
    """The options format `fmt` takes, in the order the CLI lists them."""
    return [option for option in OPTIONS if fmt in option.formats]


def export_options(
    project: Project, fmt: str, values: Mapping[str, object], *, document_names: list[str] | None = None
) -> ExportOptions:
    """The `ExportOptions` of an export of `fmt` from what was given (option name -> value; a missing one is not
    given), checked: an option `fmt` does not take, a number below 1, a role that is none, a split that is not
    NAME=SHARE pairs adding up to 1 are refused. A split puts each of the exported documents (`document_names`,
    or all) in one by its text's hash in the project and the seed."""
    value = {option.name: values.get(option.name, option.default) for option in OPTIONS}
    for option in OPTIONS:
        if option.of is None and option.given(value[option.name]) and fmt not in option.formats:
            raise InputError(f"{option.flag} is for --format {' / '.join(option.formats)}, not {fmt}")
    max_tokens, role, split = value[MAX_TOKENS], value[ROLE], value[SPLIT]
    if max_tokens is not None and not (isinstance(max_tokens, int) and max_tokens >= 1):
        raise InputError("--max-tokens must be a positive number of tokens")
    check_role(str(role) if role else None)
    options = ExportOptions(
        max_tokens=max_tokens,
        with_text=bool(value[WITH_TEXT]),
        include_unlabelled=bool(value[UNLABELLED]),
        role=str(role) if role else None,
    )
    if split:
        shares = parse_split(str(split))
        fingerprints = project.documents.fingerprints()  # the split follows each text, not the names around it
        names = document_names or list(fingerprints)
        seed = value[SEED]
        options.split_of = assign_splits(
            {name: fingerprints[name][1] for name in names if name in fingerprints},
            shares,
            seed if isinstance(seed, int) else 0,
        )
        options.split_names = list(shares)
        options.split_spec = str(split)
    return options
