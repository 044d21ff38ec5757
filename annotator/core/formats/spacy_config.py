"""The `config.cfg` the spaCy export writes beside its DocBin: a blank Arabic NER pipeline whose tokenizer
is this package's (`annotator.arabic_clitics.v2`), so `python -m spacy train config.cfg` trains on the
export as it is, with no edits and no misaligned entity after a clitic.

spaCy's own quickstart (`spacy init config --lang ar --pipeline ner --optimize efficiency`) makes the
rest of the config, so it stays what the installed spaCy expects. The corpus paths are absolute: spaCy
resolves relative ones against the current folder, not the config's, and the config should work from
anywhere (after moving the folder, give `--paths.train` and `--paths.dev`).
"""
from __future__ import annotations

from pathlib import Path

from ..model import Schema
from .spacy_tokenizer import NAME

DEV_NAMES = ("dev", "validation", "valid", "val", "test")


def corpus_paths(docbin_paths: dict[str, Path]) -> tuple[Path, Path, list[str]]:
    """(train, dev, notes) among the DocBins of the splits ("" when the export was not split)."""
    if list(docbin_paths) == [""]:
        only = docbin_paths[""]
        return only, only, ["config.cfg evaluates on the training data (no --split given): export with "
                            "--split train=0.8,dev=0.2 for a held-out dev set"]
    names = list(docbin_paths)
    train = "train" if "train" in names else names[0]
    dev = next((n for n in DEV_NAMES if n in names and n != train), None)
    dev = dev or next((n for n in names if n != train), train)
    notes = [] if dev != train else ["config.cfg evaluates on the training data: --split has no dev split"]
    return docbin_paths[train], docbin_paths[dev], notes


def training_config(schema: Schema, docbin_paths: dict[str, Path]) -> tuple[str, list[str]]:
    """The config text, and notes on how its dev set was chosen."""
    from spacy.cli.init_config import init_config

    train, dev, notes = corpus_paths(docbin_paths)
    config = init_config(lang="ar", pipeline=["ner"], optimize="efficiency", gpu=False, silent=True)
    config["nlp"]["tokenizer"] = {"@tokenizers": NAME}
    config["paths"]["train"] = str(train.resolve())
    config["paths"]["dev"] = str(dev.resolve())
    header = ("# written by `annotator export --format spacy`: a blank Arabic NER pipeline whose tokenizer\n"
              f"# ({NAME}, installed with annotator) cuts clitics exactly as the export did.\n"
              "# Train: python -m spacy train config.cfg --output MODEL_DIR\n"
              f"# Entity labels: {', '.join(schema.entity_labels)}\n")
    return header + config.to_str(), notes
