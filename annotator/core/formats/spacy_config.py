"""The `config.cfg` the spaCy export writes beside its DocBin: a blank Arabic NER pipeline whose tokenizer
is this package's (`annotator.arabic_clitics.v2`), so `python -m spacy train config.cfg` trains on the
export as it is, with no edits and no misaligned entity after a clitic.

spaCy's own quickstart (`spacy init config --lang ar --pipeline ner --optimize efficiency`) makes the
rest of the config, so it stays what the installed spaCy expects. The corpus paths are absolute: spaCy
resolves relative ones against the current folder, not the config's, and the config should work from
anywhere (after moving the folder, give `--paths.train` and `--paths.dev`).

Roles: the config names a DocBin as train, dev or test only where the user said so, never by guessing
(a dev set that is the training file, or another project's file, scores nothing honestly). An export's
role comes from `--as ROLE`, else from its name (a split name with --split, or the file's stem):
`train`; `dev`, `validation`, `valid`, `val`; `test`, alone or as the last part of the name
(`news.dev.spacy`, `corpus-test.spacy`). The config's `# roles:` line records which file holds which role;
a later export into the same folder keeps the roles it does not set itself, if their files are still
there and it does not write over them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..clitics import NO_NAMES
from ..errors import InputError
from ..model import Schema
from .common import read_utf8
from .spacy_tokenizer import NAME

ROLES = ("train", "dev", "test")
_ROLE_OF_NAME = {"train": "train", "dev": "dev", "validation": "dev", "valid": "dev", "val": "dev", "test": "test"}
HEADER = "# written by `annotator export --format spacy`"
RECORD = "# roles: "  # then JSON: {"train": "/abs/news.train.spacy", ...}


def role_of_name(name: str) -> str | None:
    """The role a split name or a file stem names (its last part after . - or _), or None."""
    return _ROLE_OF_NAME.get(re.split(r"[._-]", name.lower())[-1])


def check_role(role: str | None) -> None:
    if role is not None and role not in ROLES:
        raise InputError(f"--as {role!r}: the role of a spaCy file is one of {', '.join(ROLES)}")


def split_roles(split_names: list[str]) -> dict[str, str]:
    """split name -> role, for the splits whose names say one; two splits saying the same role are refused."""
    roles: dict[str, str] = {}
    for split in split_names:
        role = role_of_name(split)
        if role is None:
            continue
        if role in roles.values():
            other = next(name for name, r in roles.items() if r == role)
            raise InputError(
                f"--split names two {role} sets ({other} and {split}); config.cfg takes one: rename or drop one"
            )
        roles[split] = role
    return roles


def recorded_roles(config: Path) -> dict[str, Path]:
    """role -> DocBin of an earlier export's config.cfg at `config` (its `# roles:` line), for the files that
    are still there beside it; empty for a config this module did not write (or wrote before roles were
    recorded: its paths were chosen by guessing)."""
    if not config.is_file():
        return {}
    try:
        text = read_utf8(config, "spaCy config", max_bytes=1 << 20)
    except InputError:
        return {}
    lines = text.splitlines()
    if not lines or not lines[0].startswith(HEADER):
        return {}
    line = next((line for line in lines[:20] if line.startswith(RECORD)), None)
    try:
        record = json.loads(line[len(RECORD) :]) if line else {}
    except ValueError:
        return {}
    folder = config.parent.resolve()
    kept = {}
    for role, where in record.items() if isinstance(record, dict) else ():
        if role in ROLES and isinstance(where, str):
            path = Path(where)
            if path.parent == folder and path.suffix == ".spacy" and path.is_file() and not path.is_symlink():
                kept[role] = path
    return kept


def training_config(schema: Schema, roles: dict[str, Path], names: frozenset[str] = NO_NAMES) -> str:
    """The config text; `roles` maps train / dev / test to the DocBins named for them (absolute paths);
    `names`: the project's names, which the tokenizer takes as words as the export did."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="ar", pipeline=["ner"], optimize="efficiency", gpu=False, silent=True)
    config["nlp"]["tokenizer"] = {"@tokenizers": NAME, "names": sorted(names)}
    for role, path in roles.items():
        config["paths"][role] = str(path)  # [paths] holds variables: an extra `test` is allowed
    header = (
        f"{HEADER}: a blank Arabic NER pipeline whose tokenizer\n"
        f"# ({NAME}, installed with annotator) cuts clitics exactly as the export did.\n"
        "# Train: python -m spacy train config.cfg --output MODEL_DIR\n"
        f"# Entity labels: {', '.join(schema.entity_labels)}\n"
        "# Files exported for each role (`annotator export --as`); later exports into this folder keep them:\n"
        f"{RECORD}{json.dumps({role: str(path) for role, path in roles.items()}, ensure_ascii=False)}\n"
    )
    return header + config.to_str()


def role_notes(roles: dict[str, Path], kept: set[str], unnamed: list[Path]) -> list[str]:
    """What config.cfg says and lacks, for the export's notes."""
    said = ", ".join(
        f"{role} = {roles[role].name}" + (" (kept from an earlier export)" if role in kept else "")
        for role in ROLES
        if role in roles
    )
    notes = [f"config.cfg: {said or 'no corpus paths'}"]
    for path in unnamed:
        notes.append(
            f"{path.name} has no role in config.cfg: neither --as nor its name says train, dev or test "
            "(export with --as train|dev|test)"
        )
    for role in ("train", "dev"):
        if role not in roles:
            notes.append(
                f"config.cfg names no {role} file: export one with --as {role} (or --split "
                f"train=0.8,dev=0.2), or give `spacy train` --paths.{role} FILE"
            )
    return notes
