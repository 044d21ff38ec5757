"""A model in the loop (issue 26): train a spaCy entity recogniser (and stance classifiers) on a layer of
the project, let it suggest entities with a probability, and rank the undone documents by how unsure it is.

- folder.py: the model folder (spacy.load-able, written whole or not at all; the window's is
  `default_model_dir`, beside the project), loading it, the one-line error when spaCy is missing
  (`pip install 'annotator[model]'`);
- training.py: `train` (held-out precision / recall / F1 per label; stances from 50 decisions on);
- scoring.py: beam-search entity probabilities and a document's uncertainty (why these: its docstring);
- loop.py: `suggest_with_model`, `rank_documents`, `stance_suggestions`.

CPU only, nothing downloaded: the pipeline starts blank (spacy.blank("ar")). This package imports without
spaCy; spaCy is imported when a model is trained or loaded. Long work takes a `progress` (core/progress.py)
and, cancelled, stops at its next step having written nothing.
"""

from __future__ import annotations

from ..progress import NO_PROGRESS, Cancelled, Progress
from .folder import INSTALL_FIX, default_model_dir, load, require_spacy
from .loop import (
    Ranked,
    StanceSuggestion,
    rank_documents,
    stance_status,
    stance_suggestions,
    suggest_with_model,
)
from .scoring import MIN_SCORE
from .training import MIN_STANCE_DECISIONS, Figures, TrainReport, train

__all__ = [
    "INSTALL_FIX",
    "MIN_SCORE",
    "MIN_STANCE_DECISIONS",
    "NO_PROGRESS",
    "Cancelled",
    "Figures",
    "Progress",
    "Ranked",
    "StanceSuggestion",
    "TrainReport",
    "default_model_dir",
    "load",
    "rank_documents",
    "require_spacy",
    "stance_status",
    "stance_suggestions",
    "suggest_with_model",
    "train",
]
