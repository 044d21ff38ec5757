"""The domain's names and defaults, spelled once: what the labels, relations, tasks and attributes of a
news-quotation project are called, and the colours and keys a new label gets.

These names are also a file contract (the interchange JSONL, brat, XMI and the tables carry them), so a
change here is a change of every export. tests/core/test_domain.py keeps the literals out of every other
module.
"""

from __future__ import annotations

from collections.abc import Iterable

# Relation types: a quotation's speaker (QUOTE -> an entity) and its cue (QUOTE -> a CUE span).
SPEAKER_RELATION = "SPEAKER"
CUE_RELATION = "CUE"

# Span labels of the default schema besides the entities.
QUOTE_LABEL = "QUOTE"
CUE_LABEL = "CUE"

# Document-label task: the article's stance toward a target.
STANCE_TASK = "stance"
STANCE_VALUES = ("FAVOR", "AGAINST", "NEUTRAL", "UNRELATED")

# Attributes of a quotation span: its kind, and the quoted speaker's stance toward a target.
KIND_ATTRIBUTE = "kind"
STANCE_ATTRIBUTE = "stance"
TARGET_ATTRIBUTE = "target"
DIRECT, INDIRECT, MIXED = "direct", "indirect", "mixed"
QUOTE_KINDS = (DIRECT, INDIRECT, MIXED)

# Label keys: the digits apply labels in the window (Q and C are quotation and cue).
LABEL_KEYS = "123456789"
QUOTE_KEY, CUE_KEY = "q", "c"

# Colours, light enough for dark text on top and distinguishable from each other.
ENTITY_COLOURS = {
    "PER": "#ffd28a",
    "ORG": "#a8d8ff",
    "GPE": "#b9f2a1",
    "LOC": "#d9c2ff",
    "FAC": "#ffc2d6",
    "EVENT": "#fff59a",
    "MISC": "#d6d6d6",
}
QUOTE_COLOUR = "#e0533d"
CUE_COLOUR = "#7a4bd1"
UNKNOWN_COLOUR = "#cccccc"  # a label the schema does not know (yet)
# For labels added later (imported data, the schema editor), in turn.
SPARE_COLOURS = ("#f4a6a6", "#9ee6d9", "#f7c59f", "#c5e1a5", "#b39ddb", "#ffe082", "#80deea", "#bcaaa4")


def free_key(used: Iterable[str]) -> str:
    """The first label key not in `used`; "" when all nine are taken."""
    taken = set(used)
    return next((key for key in LABEL_KEYS if key not in taken), "")


def spare_colour(n_labels: int) -> str:
    """The colour of a label added to a schema that has `n_labels` labels."""
    return SPARE_COLOURS[n_labels % len(SPARE_COLOURS)]
