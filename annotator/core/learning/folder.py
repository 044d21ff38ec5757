"""A model folder: what `annotator train` writes and `suggest --model` / `next` read.

It is a spaCy pipeline folder (`spacy.load(MODEL_DIR)` loads it, with this package's clitic tokenizer)
plus the manifest every folder the program writes carries (core/files.py). Written the way folder exports
are: into a temporary sibling, swapped in whole when training ends, so a cancelled, failed or killed
training leaves the previous model exactly as it was (the next write clears what a killed one left).

spaCy is an optional extra: it is imported inside the functions, and a missing spaCy is one line with the
fix (`require_spacy`). Training, suggesting and ranking report to the core's progress protocol
(core/progress.py) and stop at their next step when it says so, writing nothing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import AnnotatorError, InputError
from ..files import atomic_folder, clean_stale_temporaries, guard_output, read_manifest
from ..formats.spacy_tokenizer import OtherRulesWarning

__all__ = [
    "FORMAT",
    "INSTALL_FIX",
    "default_model_dir",
    "guard_model_output",
    "load",
    "model_writer",
    "require_spacy",
    "trained_meta",
]

FORMAT = "model"  # the manifest's format: a folder `annotator train` wrote
META_KEY = "annotator"  # nlp.meta[META_KEY]: what the model was trained on, and its held-out scores
INSTALL_FIX = "pip install 'annotator[model]'"
MIN_SPACY = (3, 5)
MODELS_SUFFIX = ".models"  # the window's models: <project>.models/<annotator>, beside the project file
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]|^\.+$')


def default_model_dir(project_path: Path, annotator: str) -> Path:
    """Where the window keeps an annotator's model: `news.annotator.models/A` beside `news.annotator`.
    A project on a server has no folder beside it: one line saying so."""
    if str(project_path).startswith(("postgresql:", "postgres:")):
        raise InputError(
            "a project on a server has no folder beside it for a model; train from the command line with --out"
        )
    project_path = Path(project_path)
    safe = _UNSAFE.sub("_", annotator) or "_"
    return project_path.parent / f"{project_path.name}{MODELS_SUFFIX}" / safe


def require_spacy() -> Any:
    """spaCy, or one line saying how to install it."""
    try:
        import spacy
    except ImportError:
        raise AnnotatorError(f"a model needs spaCy, which is not installed: {INSTALL_FIX}") from None
    from spacy.about import __version__ as spacy_version

    version = tuple(int(part) for part in spacy_version.split(".")[:2] if part.isdigit())
    if version < MIN_SPACY:
        raise AnnotatorError(
            f"a model needs spaCy {'.'.join(map(str, MIN_SPACY))} or newer (this is "
            f"{spacy_version}): {INSTALL_FIX} --upgrade"
        )
    _register_tokenizer(spacy)
    return spacy


def _register_tokenizer(spacy: Any) -> None:
    """The clitic tokenizer by its config name, also where this package runs from a checkout that was
    never installed (its entry point, pyproject.toml, is how other programs find it)."""
    from ..formats.spacy_tokenizer import NAME, create_tokenizer

    try:
        spacy.registry.tokenizers.get(NAME)
    except Exception:  # catalogue's RegistryError: not registered (no entry point)
        spacy.registry.tokenizers.register(NAME, func=create_tokenizer)


def is_model_folder(path: Path) -> bool:
    manifest = read_manifest(path)
    return manifest is not None and manifest.get("format") == FORMAT


def guard_model_output(out: Path) -> None:
    """Refuse, before any training, an --out that exists and is not an earlier model (its files are kept)."""
    guard_output(FORMAT, "folder", [out], recognise=is_model_folder)


@contextmanager
def model_writer(out: Path) -> Iterator[Path]:
    """A temporary folder to save the model into; on success it becomes `out` (the previous model is
    replaced whole), on any error or kill `out` is untouched."""
    guard_model_output(out)
    with atomic_folder(out, FORMAT) as folder:
        yield folder


def load(model_dir: Path) -> Any:
    """The spaCy pipeline in `model_dir`, which `annotator train` wrote."""
    spacy = require_spacy()
    if not model_dir.exists():
        clean_stale_temporaries(model_dir)  # a swap interrupted between its two renames puts the model back
    if not model_dir.is_dir():
        raise InputError(
            "no model here; train one with `annotator train PROJECT --from NAME --out MODEL_DIR`", file=str(model_dir)
        )
    if not is_model_folder(model_dir) or not (model_dir / "config.cfg").is_file():
        raise InputError(
            "this folder is not a model `annotator train` wrote; give the --out of a training", file=str(model_dir)
        )
    try:
        with warnings.catch_warnings():
            # a model of other cutting rules would suggest from tokens it never saw: train it again
            warnings.simplefilter("error", OtherRulesWarning)
            nlp = spacy.load(model_dir)
    except AnnotatorError:
        raise
    except OtherRulesWarning as exc:
        rules = str(exc).split(";")[0].removeprefix("this spaCy pipeline was ")
        raise InputError(f"the model was {rules}, not this annotator's; train it again", file=str(model_dir)) from None
    except Exception as exc:  # spaCy's errors: a damaged file, a model of an incompatible version
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"the model cannot be loaded ({first}); train it again", file=str(model_dir)) from None
    if "ner" not in nlp.pipe_names:
        raise InputError("this model has no entity recogniser; train it again", file=str(model_dir))
    return nlp


def trained_meta(nlp: Any) -> dict[str, Any]:
    """What the model says it was trained on (`train` records it in meta.json)."""
    meta = nlp.meta.get(META_KEY)
    return meta if isinstance(meta, dict) else {}
