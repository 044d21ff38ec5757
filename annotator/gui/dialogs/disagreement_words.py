"""The Agreement window's disagreements in words: the text of the place, each annotator's name and what they
marked, in plain language ("A: PER «جو بايدن» — B: nothing", "A and B differ on the stance toward إسرائيل:
AGAINST / FAVOR"), in the interface's language.

The core's `Disagreement` stays as it is (codes and offsets: what `annotator agreement --json` writes); only
the window's wording is here. User data (names, words, targets) sits inside isolates, so an Arabic word cannot
turn the sentence around it, nor a Latin name an Arabic sentence.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject

from ...core.agreement.spans import Disagreement, Has
from ...core.model import CUE, ENTITY, QUOTATION
from ..terms import category_name, kind_name, label_name

QUOTATION_STANCE = "quotation_stance"  # core.agreement's layer of a quoted speaker's stance
SPAN_LAYERS = (ENTITY, QUOTATION, CUE)
ATTACHED = ("speaker", "cue", "kind")  # what a quotation's attachments differ on (the span is the same)
SHOWN_CHARACTERS = 60  # a quotation can be a paragraph: its words are shortened in the middle
TEXTS_KEPT = 64  # documents' texts kept for the words of their disagreements (scrolling through 10,000s)


def isolate(text: str) -> str:
    return f"\u2068{text}\u2069"


def excerpt(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text` on one line, shortened in the middle with … when longer than `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half].rstrip()} … {text[-half:].lstrip()}"


class DisagreementWords(QObject):
    """Says a disagreement in words. `text_of(name)` gives a document's text (None: no such document)."""

    def __init__(self, text_of: Callable[[str], str | None], parent: QObject | None = None):
        super().__init__(parent)
        self._text_of = text_of
        self._texts: OrderedDict[str, str] = OrderedDict()  # the documents last read, newest last

    def _words(self, document: str, start: int, end: int, limit: int = SHOWN_CHARACTERS) -> str:
        text = self._texts.get(document)
        if text is None:
            text = self._texts[document] = self._text_of(document) or ""
            if len(self._texts) > TEXTS_KEPT:  # the rows shown come from a few documents at a time
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(document)
        return excerpt(text[start:end], limit)

    def kind(self, d: Disagreement) -> str:
        """What sort of annotation: entity, quotation, cue, stance, speaker's stance."""
        return self.tr("speaker's stance") if d.layer == QUOTATION_STANCE else category_name(d.layer)

    def place(self, d: Disagreement, limit: int = SHOWN_CHARACTERS) -> str:
        """The words where the two differ (both extents), or for a document's stance its target."""
        if d.start is None or d.end is None:
            return d.target or ""
        return self._words(d.document, d.start, d.end, limit)

    def has(self, d: Disagreement, has: Has) -> str:
        """What one annotator has there: «PER «جو بايدن»» (in Arabic «شخص (PER) «جو بايدن»»), a quotation kind,
        a stance value, or nothing."""
        if has is None:
            return self.tr("nothing")
        if isinstance(has, tuple):
            return f"{label_name(has[2])} «{isolate(self._words(d.document, has[0], has[1]))}»"
        return kind_name(has) if d.what == "kind" else label_name(has)  # a stance value

    def sentence(self, d: Disagreement) -> str:
        """The disagreement in one plain sentence naming both annotators and what each has."""
        # Each side in an isolate too: in an Arabic sentence "PER «…» — B: ORG" would otherwise run together
        # left to right, and A's value is the first in the reading direction whatever script it is in.
        a, b = isolate(d.a), isolate(d.b)
        x, y = isolate(self.has(d, d.a_has)), isolate(self.has(d, d.b_has))
        if d.layer in SPAN_LAYERS and d.what not in ATTACHED:
            return self.tr("{a}: {a_has} — {b}: {b_has}").format(a=a, a_has=x, b=b, b_has=y)
        if d.what == "speaker":
            text = self.tr("{a} and {b} differ on who says it: {a_has} / {b_has}")
        elif d.what == "cue":
            text = self.tr("{a} and {b} differ on the cue: {a_has} / {b_has}")
        elif d.what == "kind":
            text = self.tr("{a} and {b} differ on the kind of quotation: {a_has} / {b_has}")
        else:
            return self._stance(d, a, b, x, y)
        return text.format(a=a, b=b, a_has=x, b_has=y)

    def _stance(self, d: Disagreement, a: str, b: str, x: str, y: str) -> str:
        """A document's stance toward a target, or a quoted speaker's (whose target may be unset)."""
        only = {"only_a": (a, x), "only_b": (b, y)}.get(d.what)
        target = isolate(d.target) if d.target else ""
        if d.layer != QUOTATION_STANCE:
            if only:
                return self.tr("only {name} set a stance toward {target}: {value}").format(
                    name=only[0], target=target, value=only[1]
                )
            return self.tr("{a} and {b} differ on the stance toward {target}: {a_has} / {b_has}").format(
                a=a, b=b, target=target, a_has=x, b_has=y
            )
        if only and target:
            return self.tr("only {name} set the speaker's stance toward {target}: {value}").format(
                name=only[0], target=target, value=only[1]
            )
        if only:
            return self.tr("only {name} set the speaker's stance: {value}").format(name=only[0], value=only[1])
        if target:
            return self.tr("{a} and {b} differ on the speaker's stance toward {target}: {a_has} / {b_has}").format(
                a=a, b=b, target=target, a_has=x, b_has=y
            )
        return self.tr("{a} and {b} differ on the speaker's stance: {a_has} / {b_has}").format(
            a=a, b=b, a_has=x, b_has=y
        )

    def message(self, d: Disagreement) -> str:
        """The status bar's line after jumping to the place: kind, words and the sentence."""
        return self.tr("{kind} «{words}»: {sentence}").format(
            kind=self.kind(d), words=isolate(self.place(d)), sentence=self.sentence(d)
        )
