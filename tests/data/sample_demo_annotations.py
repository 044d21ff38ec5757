"""The two sample annotators of the demo project, sample-a and sample-b, and what writes them to
resources/demo/sample_annotations.jsonl (interchange JSONL, imported by `build_demo`):
`python tests/data/sample_demo_annotations.py`. tests/core/test_demo_samples.py checks that the file is
what this script writes.

sample-a is the hand annotation of tests/data/gold_demo_annotations.py (its guidelines hold: names without
titles, a proclitic chain outside the span, every direct quotation with its cue and speaker), plus:
- names it left out: the sites and apps علم and تليغرام (ORG, as كتاكيت and إكس are), and the weapons
  MK84, MK82, F-35A and F-15 (MISC);
- a selection of indirect quotations (kind indirect): the reported clause after the complementiser
  (إن، أن، أنه، بأن), its cue and its speaker (the nearest mention before the quotation);
- each article's stance toward the demo's two targets.

sample-b is sample-a with six planted disagreements (SAMPLE_B_CHANGES), one of each kind, so Tools ›
Agreement and Tools › Curation have something to show. Every offset here is found in the text by a
search, never counted by hand.
"""

from __future__ import annotations

import copy
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "resources" / "demo" / "sample_annotations.jsonl"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import gold_demo_annotations as gold  # noqa: E402

SAMPLE_A, SAMPLE_B = "sample-a", "sample-b"

# (a unique stretch of text around the name, the name, its label)
MORE_ENTITIES = {
    "01": [("تطبيق تليغرام", "تليغرام", "ORG"), ("من موقع علم", "علم", "ORG")],
    "05": [
        ("قنبلة MK84", "MK84", "MISC"),
        ("قنبلة MK82", "MK82", "MISC"),
        ("طراز F-35A", "F-35A", "MISC"),
        ("طراز F-15", "F-15", "MISC"),
    ],
}

# Indirect quotations: (first words of the reported clause, its last words, the cue verb as written, the
# speaker's surface: its nearest mention before the quotation)
INDIRECT = {
    "01": [
        ("لن يرسل وفدا", "مع مسؤولين أمريكيين", "قال", "بنيامين نتنياهو"),
        ("لم يحدث أي تغيير", "في الموقف الأمريكي", "أصر", "جون كيربي"),
        ("القرار يجب أن يدفع", "بدلا من تخفيفها", "قال", "إيتامار بن جفير"),
    ],
    "02": [("اجتماعاته في واشنطن ستركز", "وتزودها بالأسلحة", "أفاد", "غالانت")],
    "03": [
        ("مسؤولين بارزين من الولايات", "في جنوب قطاع غزة", "صرح", "البيت الأبيض"),
        ("مستشار الأمن القومي للبيت", "من الجانب الأمريكي", "قالت", "كارين جان-بيير"),
        ("إسرائيل بحاجة لاجتياح", "ألوية حماس المتبقية", "يصر", "نتنياهو"),
    ],
    "04": [
        ("قوات بلاده ستدخل", "موافقة الولايات المتحدة", "أكد", "نتنياهو"),
        ("غزو رفح يهدد", "في العالم", "قال", "بلينكن"),
    ],
    "05": [
        ("غاضب لأن القرار", "لم يدين حماس", "قال", "نتنياهو"),
        ("إدارة بايدن وافقت بهدوء", "خلال الشهر الماضي", "ذكرت", "واشنطن بوست"),
    ],
}

TARGETS = ("إسرائيل", "الولايات المتحدة")  # core/demo.py's DEMO_TARGETS
# Each article's stance toward Israel and toward the United States (sample-a).
STANCES = {
    "01": ("NEUTRAL", "NEUTRAL"),  # a translated news report
    "02": ("NEUTRAL", "NEUTRAL"),  # an aggregator's repost of a news report
    "03": ("FAVOR", "NEUTRAL"),  # Israeli framing: "Israel at war", Israeli figures, Gaza's figures doubted
    "04": ("AGAINST", "NEUTRAL"),  # "Israel the biggest loser", "the obvious Israeli intransigence"
    "05": ("NEUTRAL", "NEUTRAL"),  # a wire-style report
}

# sample-b's disagreements with sample-a: (article, what, details). Tests read this list.
SAMPLE_B_CHANGES = [
    ("02", "missing", {"text": "تور وينسلاند"}),  # an entity left out
    ("01", "boundaries", {"text": "لويد جيه أوستن الثالث", "to": "لويد جيه أوستن"}),  # a span cut short
    ("04", "label", {"text": "الشرق الأوسط", "from": "LOC", "to": "GPE"}),  # a region taken for a state
    ("02", "speaker", {"quote": "كرّر دعم", "to": "بلينكن"}),  # the statement's subject, not its spokesman
    ("04", "kind", {"quote": "أخبرته أنني آمل", "to": "indirect"}),  # no opening quotation mark: not seen
    ("03", "stance", {"target": "إسرائيل", "to": "NEUTRAL"}),
]

_PROCLITICS = ("", "و", "ف")


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _once(text: str, needle: str, after: int = 0) -> int:
    at = text.find(needle, after)
    if at < 0:
        raise ValueError(f"{needle!r} not found after {after}")
    return at


def _unique(text: str, needle: str) -> int:
    at = _once(text, needle)
    if text.find(needle, at + 1) >= 0:
        raise ValueError(f"{needle!r} is not unique")
    return at


def _cue_before(text: str, cue: str, before: int) -> int:
    """The nearest occurrence of the verb `cue` before `before`, as a word (after و or ف at most)."""
    at = text.rfind(cue, 0, before)
    while at >= 0:
        word = at
        while word > 0 and _letter(text[word - 1]):
            word -= 1
        end = at + len(cue)
        if text[word:at] in _PROCLITICS and (end == len(text) or not _letter(text[end])):
            return at
        at = text.rfind(cue, 0, at)
    raise ValueError(f"no cue {cue!r} before {before}")


def _next_id(spans: list[dict]) -> str:
    return f"T{max(int(s['id'][1:]) for s in spans) + 1}"


def sample_a(text: str, key: str) -> dict:
    layer = gold.annotate(text, key)
    spans, relations = layer["spans"], layer["relations"]
    for context, surface, label in MORE_ENTITIES.get(key, []):
        start = _unique(text, context) + context.index(surface)
        spans.append(
            {"id": _next_id(spans), "start": start, "end": start + len(surface), "label": label, "attributes": {}}
        )
    for first, last, cue, speaker in INDIRECT[key]:
        start = _unique(text, first)
        end = _once(text, last, start) + len(last)
        if "\n" in text[start:end]:
            raise ValueError(f"the quotation {first!r} runs over a paragraph")
        quote_id = _next_id(spans)
        spans.append({"id": quote_id, "start": start, "end": end, "label": "QUOTE", "attributes": {"kind": "indirect"}})
        cue_start = _cue_before(text, cue, start)
        cue_span = next((s for s in spans if s["label"] == "CUE" and s["start"] == cue_start), None)
        if cue_span is None:
            cue_span = {
                "id": _next_id(spans),
                "start": cue_start,
                "end": cue_start + len(cue),
                "label": "CUE",
                "attributes": {},
            }
            spans.append(cue_span)
        relations.append({"type": "CUE", "from": quote_id, "to": cue_span["id"]})
        mentions = [
            s
            for s in spans
            if s["label"] in ("PER", "ORG") and s["end"] <= start and text[s["start"] : s["end"]] == speaker
        ]
        relations.append({"type": "SPEAKER", "from": quote_id, "to": max(mentions, key=lambda s: s["end"])["id"]})
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    layer["doc_labels"] = [
        {"task": "stance", "target": target, "value": value}
        for target, value in zip(TARGETS, STANCES[key], strict=True)
    ]
    layer["annotator"], layer["status"] = SAMPLE_A, "done"
    return layer


def _quote(text: str, spans: list[dict], first: str) -> dict:
    return next(s for s in spans if s["label"] == "QUOTE" and text[s["start"] :].startswith(first))


def sample_b(text: str, key: str, a: dict) -> dict:
    layer = copy.deepcopy(a)
    layer["annotator"] = SAMPLE_B
    spans = layer["spans"]
    for article, what, change in SAMPLE_B_CHANGES:
        if article != key:
            continue
        if what in ("missing", "boundaries", "label"):
            span = next(
                s for s in spans if s["label"] not in ("QUOTE", "CUE") and text[s["start"] : s["end"]] == change["text"]
            )
            if what == "missing":
                assert not any(span["id"] in (r["from"], r["to"]) for r in layer["relations"])
                spans.remove(span)
            elif what == "boundaries":
                assert change["text"].startswith(change["to"])
                span["end"] = span["start"] + len(change["to"])
            else:
                assert span["label"] == change["from"]
                span["label"] = change["to"]
        elif what == "speaker":
            quote = _quote(text, spans, change["quote"])
            mentions = [s for s in spans if text[s["start"] : s["end"]] == change["to"] and s["end"] <= quote["start"]]
            link = next(r for r in layer["relations"] if r["type"] == "SPEAKER" and r["from"] == quote["id"])
            link["to"] = max(mentions, key=lambda s: s["end"])["id"]
        elif what == "kind":
            _quote(text, spans, change["quote"])["attributes"]["kind"] = change["to"]
        elif what == "stance":
            label = next(d for d in layer["doc_labels"] if d["target"] == change["target"])
            label["value"] = change["to"]
    return layer


def build() -> list[dict]:
    from annotator.core.demo import demo_documents

    records = []
    for document in demo_documents():
        key, text = document.name[:2], document.text
        a = sample_a(text, key)
        b = sample_b(text, key, a)
        for layer in (a, b):
            for span in layer["spans"]:
                span["text"] = text[span["start"] : span["end"]]
        records.append({"name": document.name, "text": text, "meta": document.meta, "annotations": [a, b]})
    return records


def lines() -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in build())


if __name__ == "__main__":
    OUT.write_text(lines(), encoding="utf-8")
    print(f"wrote {OUT}")
