"""The core's words as the interface shows them: categories, quotation kinds, statuses, labels, and counts.

The core stores English values ("entity", "direct", "in_progress"); only their display is translated, so
what is saved never depends on the interface language. Counts use Qt's plural forms (%n) where a translation
has them (Arabic has six); without one they fall back to the English "1 span" / "2 spans" of core.plural.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from ..core.domain import (
    CUE_LABEL,
    DIRECT,
    INDIRECT,
    KIND_ATTRIBUTE,
    MIXED,
    QUOTE_LABEL,
    STANCE_ATTRIBUTE,
    STANCE_TASK,
    STANCE_VALUES,
    TARGET_ATTRIBUTE,
)
from ..core.model import CUE, ENTITY, QUOTATION
from ..core.plural import count

_CONTEXT = "Terms"

CATEGORY_NAMES = {
    ENTITY: str(QT_TRANSLATE_NOOP("Terms", "entity")),
    QUOTATION: str(QT_TRANSLATE_NOOP("Terms", "quotation")),
    CUE: str(QT_TRANSLATE_NOOP("Terms", "cue")),
    STANCE_TASK: str(QT_TRANSLATE_NOOP("Terms", "stance")),
}
KIND_NAMES = {
    DIRECT: str(QT_TRANSLATE_NOOP("Terms", "direct")),
    INDIRECT: str(QT_TRANSLATE_NOOP("Terms", "indirect")),
    MIXED: str(QT_TRANSLATE_NOOP("Terms", "mixed")),
}
STATUS_NAMES = {
    "new": str(QT_TRANSLATE_NOOP("Terms", "new")),
    "in_progress": str(QT_TRANSLATE_NOOP("Terms", "in progress")),
    "done": str(QT_TRANSLATE_NOOP("Terms", "done")),
}

SOURCE_NAMES = {  # where a suggestion comes from (core.suggestions.SOURCES)
    "project": str(QT_TRANSLATE_NOOP("Terms", "project")),
    "gazetteer": str(QT_TRANSLATE_NOOP("Terms", "gazetteer")),
    "quotation": str(QT_TRANSLATE_NOOP("Terms", "quotation")),
    "model": str(QT_TRANSLATE_NOOP("Terms", "model")),
}

# The default schema's labels and stance values, named in a translated interface beside their codes: "شخص (PER)"
# (resources/i18n/glossary.md). Files and exports keep the codes; a label the project added keeps its code.
LABEL_NAMES = {
    "PER": str(QT_TRANSLATE_NOOP("Terms", "person")),
    "ORG": str(QT_TRANSLATE_NOOP("Terms", "organisation")),
    "GPE": str(QT_TRANSLATE_NOOP("Terms", "geopolitical entity")),
    "LOC": str(QT_TRANSLATE_NOOP("Terms", "location")),
    "FAC": str(QT_TRANSLATE_NOOP("Terms", "facility")),
    "EVENT": str(QT_TRANSLATE_NOOP("Terms", "event")),
    "MISC": str(QT_TRANSLATE_NOOP("Terms", "miscellaneous")),
    "NORP": str(QT_TRANSLATE_NOOP("Terms", "group (nationality, religion, party)")),
    QUOTE_LABEL: str(QT_TRANSLATE_NOOP("Terms", "quotation")),
    CUE_LABEL: str(QT_TRANSLATE_NOOP("Terms", "cue")),
    # the stance values in domain.STANCE_VALUES's order: FAVOR, AGAINST, NEUTRAL, UNRELATED
    **dict(
        zip(
            STANCE_VALUES,
            (
                str(QT_TRANSLATE_NOOP("Terms", "in favour")),
                str(QT_TRANSLATE_NOOP("Terms", "against")),
                str(QT_TRANSLATE_NOOP("Terms", "neutral")),
                str(QT_TRANSLATE_NOOP("Terms", "unrelated")),
            ),
            strict=True,
        )
    ),
}

# The history's kinds of action (core Event.action), named in undo / redo messages of a translated interface.
EVENT_NAMES = {
    "span.add": str(QT_TRANSLATE_NOOP("Terms", "adding a span")),
    "span.update": str(QT_TRANSLATE_NOOP("Terms", "changing a span")),
    "span.delete": str(QT_TRANSLATE_NOOP("Terms", "deleting a span")),
    "span.label_all": str(QT_TRANSLATE_NOOP("Terms", "labelling every occurrence")),
    "relation.add": str(QT_TRANSLATE_NOOP("Terms", "linking two spans")),
    "relation.delete": str(QT_TRANSLATE_NOOP("Terms", "unlinking two spans")),
    "doc_label.set": str(QT_TRANSLATE_NOOP("Terms", "setting the document's stance")),
    "status.set": str(QT_TRANSLATE_NOOP("Terms", "changing the document's status")),
    "curation.accept": str(QT_TRANSLATE_NOOP("Terms", "taking a version into gold")),
    "curation.accept_agreed": str(QT_TRANSLATE_NOOP("Terms", "taking the agreed units into gold")),
    "curation.reject": str(QT_TRANSLATE_NOOP("Terms", "rejecting a unit")),
    "curation.unreject": str(QT_TRANSLATE_NOOP("Terms", "taking back a rejection")),
    "suggestion.accept": str(QT_TRANSLATE_NOOP("Terms", "accepting a suggestion")),
    "suggestion.accept_all": str(QT_TRANSLATE_NOOP("Terms", "accepting every suggestion")),
    "suggestion.reject": str(QT_TRANSLATE_NOOP("Terms", "rejecting a suggestion")),
}
ATTRIBUTE_NAMES = {
    KIND_ATTRIBUTE: str(QT_TRANSLATE_NOOP("Terms", "kind")),
    STANCE_ATTRIBUTE: str(QT_TRANSLATE_NOOP("Terms", "stance")),
    TARGET_ATTRIBUTE: str(QT_TRANSLATE_NOOP("Terms", "target")),
}


def ltr(text: str) -> str:
    """A path, URL or command shown inside a translated sentence, kept left to right as one unit (Unicode's
    left-to-right isolate): in an Arabic sentence, "/tmp/x.annotator" would otherwise be drawn as "tmp/x.annotator/"."""
    return "\u2066" + text + "\u2069"


def _term(names: dict[str, str], value: str | None) -> str:
    if value is None:
        return ""
    return QCoreApplication.translate(_CONTEXT, names[value]) if value in names else value


def category_name(category: str | None) -> str:
    return _term(CATEGORY_NAMES, category)


def kind_name(kind: str | None) -> str:
    return _term(KIND_NAMES, kind)


def status_name(status: str | None) -> str:
    return _term(STATUS_NAMES, status)


def event_name(action: str) -> str | None:
    """The action's name in the interface language; None in English (the core's own summary says more)."""
    source = EVENT_NAMES.get(action)
    if source is None:
        return None
    name = QCoreApplication.translate(_CONTEXT, source)
    return None if name == source else name


def attribute_name(name: str) -> str:
    return _term(ATTRIBUTE_NAMES, name)


def attribute_value(value: object) -> str:
    """An attribute's value as shown: a quotation kind translated, a stance value named, nothing as "unset"."""
    if value is None:
        return QCoreApplication.translate("Operations", "unset")
    if not isinstance(value, str):
        return str(value)
    return kind_name(value) if value in KIND_NAMES else label_name(value)


def label_name(code: str | None) -> str:
    """A label or stance value as the interface shows it: in Arabic its name and code, "شخص (PER)"; in English
    (and for a code without a name) the code itself. What is saved stays the code."""
    if not code:
        return code or ""
    source = LABEL_NAMES.get(code)
    name = QCoreApplication.translate(_CONTEXT, source) if source is not None else source
    return code if name is None or name == source else f"{name} ({code})"


def source_name(source: str | None) -> str:
    return _term(SOURCE_NAMES, source)


def _counted(source: str, translated: str, n: int, noun: str) -> str:
    """The translation's plural form, or English when no translation has the phrase."""
    if translated == source.replace("%n", str(n)):
        return count(n, noun, grouped=True)
    return translated


class Counts(QObject):
    """A number and its noun, translated with the plural forms of the language (%n)."""

    def spans(self, n: int) -> str:
        return _counted("%n span(s)", self.tr("%n span(s)", "", n), n, "span")

    def documents(self, n: int) -> str:
        return _counted("%n document(s)", self.tr("%n document(s)", "", n), n, "document")

    def new_documents(self, n: int) -> str:
        return _counted("%n new document(s)", self.tr("%n new document(s)", "", n), n, "new document")

    def relations(self, n: int) -> str:
        return _counted("%n relation(s)", self.tr("%n relation(s)", "", n), n, "relation")

    def problems(self, n: int) -> str:
        return _counted("%n problem(s)", self.tr("%n problem(s)", "", n), n, "problem")

    def warnings(self, n: int) -> str:
        return _counted("%n warning(s)", self.tr("%n warning(s)", "", n), n, "warning")

    def hits(self, n: int) -> str:
        return _counted("%n hit(s)", self.tr("%n hit(s)", "", n), n, "hit")

    def occurrences(self, n: int) -> str:
        return _counted("%n occurrence(s)", self.tr("%n occurrence(s)", "", n), n, "occurrence")

    def cues(self, n: int) -> str:
        return _counted("%n cue(s)", self.tr("%n cue(s)", "", n), n, "cue")


_counts = Counts()
spans, documents, new_documents, relations = _counts.spans, _counts.documents, _counts.new_documents, _counts.relations
problems, warnings, hits, occurrences, cues = (
    _counts.problems,
    _counts.warnings,
    _counts.hits,
    _counts.occurrences,
    _counts.cues,
)
