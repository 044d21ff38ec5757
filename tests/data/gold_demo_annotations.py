"""The hand annotation of the five demo articles, in reading order, and what turns it into the gold fixture
tests/data/gold_demo.jsonl (interchange JSONL, annotator `gold`): `python tests/data/gold_demo_annotations.py`.

Guidelines followed (see docs/reference.md, "Search and suggestions"):
- entities: PER (names, without titles such as السيد or الرئيس), ORG, GPE, LOC, FAC; nationality adjectives
  (الإسرائيلي، الأمريكية) are no entities. A proclitic chain stays outside the span (لواشنطن -> واشنطن); the
  article is inside where the word has it, so ل + ال (للأمم) gives لأمم المتحدة.
- quotations: direct speech in quotation marks attributed by a reporting verb (QUOTE, kind direct, the text
  inside the marks), its CUE (the verb, without و/ف) and SPEAKER (the nearest named mention of who speaks;
  none for an unnamed source). Scare quotes, titles in «» and quoted names are no quotations.

Each entity is written `surface|LABEL` and located at the next occurrence after the previous one, as a
whole word or after a proclitic chain; each quotation by the first words of its text, its cue (the nearest
occurrence before the quotation, else after it) and its speaker (the nearest gold mention before it).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

ENTITIES = {
    "01": """
الأمم المتحدة|ORG إسرائيل|GPE الولايات المتحدة|GPE رفح|GPE
الأمم المتحدة|ORG بنيامين نتنياهو|PER واشنطن|GPE
بايدن|PER رفح|GPE غزة|GPE
الولايات المتحدة|GPE مجلس الأمن|ORG لأمم المتحدة|ORG غزة|GPE إسرائيل|GPE حماس|ORG إسرائيل|GPE حماس|ORG إسرائيل|GPE
مجلس الأمن|ORG الولايات المتحدة|GPE
نتنياهو|PER حماس|ORG
رفح|GPE واشنطن|GPE نتنياهو|PER البيت الأبيض|ORG إسرائيل|GPE
البيت الأبيض|FAC جون كيربي|PER مجلس الأمن القومي|ORG الولايات المتحدة|GPE الأمم المتحدة|ORG الولايات المتحدة|GPE
الأمم المتحدة|ORG حماس|ORG
واشنطن|GPE رفح|GPE
كيربي|PER يوآف جالانت|PER واشنطن|GPE بايدن|PER جيك سوليفان|PER أنتوني بلينكن|PER لويد جيه أوستن الثالث|PER
جالانت|PER سوليفان|PER إسرائيل|GPE حماس|ORG غزة|GPE
الأمم المتحدة|ORG إيتامار بن جفير|PER بايدن|PER إسرائيل|GPE إسرائيل|GPE
إسرائيل|GPE غزة|GPE
بايدن|PER إسرائيل|GPE غزة|GPE
حماس|ORG إسرائيل|GPE الأمم المتحدة|ORG
حماس|ORG مجلس الأمن الدولي|ORG
حماس|ORG مجلس الأمن|ORG إسرائيل|GPE
ديفيد إي سانجر|PER كاساندرا فينوغراد|PER
""",
    "02": """
كتاكيت|ORG واشنطن|GPE إسرائيل|GPE
مجلس الأمن|ORG غزة|GPE الولايات المتحدة|GPE إسرائيل|GPE رفح|GPE يوآف غالانت|PER بنيامين نتنياهو|PER جو بايدن|PER
نيويورك تايمز|ORG واشنطن بوست|ORG غزة|GPE بايدن|PER غزة|GPE بايدن|PER غزة|GPE
نتنياهو|PER إيتمار بن غفير|PER بتسلئيل سموتريتش|PER واشنطن|GPE رفح|GPE نيويورك تايمز|ORG نتنياهو|PER غالانت|PER
واشنطن|GPE بايدن|PER الأمم المتحدة|ORG إسرائيل|GPE إسرائيل|GPE حماس|ORG رفح|GPE الولايات المتحدة|GPE
نتنياهو|PER باراك أوباما|PER بيل كلينتون|PER إسرائيل|GPE إيران|GPE
غالانت|PER
أنتوني بلينكن|PER جيك سوليفان|PER غالانت|PER لويد أوستن|PER وكالة الاستخبارات المركزية|ORG سي آي إيه|ORG
ويليام بيرنز|PER قطر|GPE إسرائيل|GPE حماس|ORG غزة|GPE
أوستن|PER غالانت|PER وزارة الدفاع الأميركية|ORG ساشا بيكر|PER وزارة الدفاع الإسرائيلية|ORG إيال زمير|PER
البنتاغون|ORG ديفيد هيرندون|PER الولايات المتحدة|GPE إسرائيل|GPE بيكر|PER زمير|PER غزة|GPE حماس|ORG غزة|GPE
بيكر|PER الولايات المتحدة|GPE إسرائيل|GPE إسرائيل|GPE
حماس|ORG
بلينكن|PER غالانت|PER وزارة الخارجية الأميركية|ORG ماثيو ميلر|PER بلينكن|PER الولايات المتّحدة|GPE حماس|ORG
رفح|GPE إسرائيل|GPE
نتنياهو|PER واشنطن|GPE واشنطن|GPE
إسرائيل|GPE
غالانت|PER إكس|ORG بلينكن|PER رفح|GPE
غالانت|PER واشنطن|GPE الولايات المتحدة|GPE
أوستن|PER غالانت|PER بلينكن|PER سوليفان|PER
وزارة الدفاع الأميركية|ORG البنتاغون|ORG بات رايدر|PER أوستن|PER غالانت|PER إسرائيل|GPE واشنطن|GPE رفح|GPE
مجلس الأمن|ORG
نيويورك|GPE مجلس الأمن|ORG باراك أوباما|PER غزة|GPE لأمم المتحدة|ORG الشرق الأوسط|LOC تور وينسلاند|PER
الأمم المتحدة|ORG روبرت وود|PER الولايات المتحدة|GPE مجلس الأمن|ORG حماس|ORG الولايات المتحدة|GPE رفح|GPE
إسرائيل|GPE حماس|ORG
إسرائيل|GPE غزة|GPE إسرائيل|GPE إسرائيل|GPE لسلطة الفلسطينية|ORG
كتاكيت|ORG واشنطن|GPE إسرائيل|GPE كتاكيت|ORG
""",
    "03": """
إسرائيل|GPE رفح|GPE
نتنياهو|PER واشنطن|GPE الولايات المتحدة|GPE مجلس الأمن الدولي|ORG
جو بايدن|PER مطار رالي دورهام الدولي|FAC موريسفيل|GPE كارولاينا الشمالية|GPE AP|ORG Carolyn Kaster|PER
بنيامين نتنياهو|PER القدس|GPE Abir Sultan|PER AP|ORG
جو بايدن|PER مطار رالي دورهام الدولي|FAC موريسفيل|GPE كارولاينا الشمالية|GPE AP|ORG Carolyn Kaster|PER
بنيامين نتنياهو|PER القدس|GPE Abir Sultan|PER AP|ORG
البيت الأبيض|ORG الولايات المتحدة|GPE إسرائيل|GPE بايدن|PER رفح|GPE قطاع غزة|GPE
بنيامين نتنياهو|PER واشنطن|GPE الولايات المتحدة|GPE غزة|GPE الأمم المتحدة|ORG جو بايدن|PER
نتنياهو|PER الولايات المتحدة|GPE مجلس الأمن|ORG
إسرائيل|GPE البيت الأبيض|ORG رفح|GPE قطاع غزة|GPE
البيت الأبيض|ORG كارين جان-بيير|PER لبيت الأبيض|ORG جيك سوليفان|PER
رفح|GPE قطاع غزة|GPE AP|ORG Fatima Shbair|PER
الولايات المتحدة|GPE غزة|GPE إسرائيل|GPE رفح|GPE
نتنياهو|PER إسرائيل|GPE حماس|ORG حماس|ORG
""",
    "04": """
بلينكن|PER الشرق الأوسط|LOC إسرائيل|GPE رفح|GPE
إسلام فليفل|PER
أنتوني بلينكن|PER بنيامين نتنياهو|PER
رفح|GPE غزة|GPE
بلينكن|PER إسرائيل|GPE نتنياهو|PER حماس|ORG رفح|GPE
واشنطن|GPE إسرائيل|GPE
نتنياهو|PER إسرائيل|GPE لبينكن|PER
نتنياهو|PER حماس|ORG
إسرائيل|GPE رفح|GPE الولايات المتحدة|GPE
رفح|GPE الولايات المتحدة|GPE حماس|ORG رفح|GPE حماس|ORG
الولايات المتحدة|GPE إسرائيل|GPE غزة|GPE
آرون ديفيد ميلر|PER الشرق الأوسط|LOC وزارة الخارجية|ORG
غزة|GPE إسرائيل|GPE قطاع غزة|GPE
واشنطن|GPE نتنياهو|PER
ميلر|PER
مطار تل أبيب|FAC واشنطن|GPE بلينكن|PER رفح|GPE
رفح|GPE واشنطن|GPE
بلينكن|PER رفح|GPE إسرائيل|GPE
إسرائيل|GPE الدوحة|GPE
بلينكن|PER
الصين|GPE روسيا|GPE مجلس الأمن|ORG
بلينكن|PER
""",
    "05": """
واشنطن|GPE بايدن|PER رفح|GPE غزة|GPE بنيامين نتنياهو|PER الولايات المتحدة|GPE مجلس الأمن|ORG لأمم المتحدة|ORG
أنتوني بلينكن|PER جيك سوليفان|PER لمجموعة الاستشارية الاستراتيجية الأمريكية الإسرائيلية|ORG SCG|ORG
تساحي هنغبي|PER رون ديرمر|PER
البيت الأبيض|ORG رفح|GPE
حماس|ORG رفح|GPE رفح|GPE مجموعة التنسيق الخاصة|ORG
البيت الأبيض|ORG
نتنياهو|PER الولايات المتحدة|GPE مجلس الأمن|ORG إسرائيل|GPE
حماس|ORG غزة|GPE
يوآف غالانت|PER واشنطن|GPE بايدن|PER بلينكن|PER سوليفان|PER
حماس|ORG
إسرائيل|GPE الولايات المتحدة|GPE غزة|GPE إسرائيل|GPE
حماس|ORG نتنياهو|PER إسرائيل|GPE
بايدن|PER إسرائيل|GPE
إسرائيل|GPE بايدن|PER لبيت الأبيض|FAC
واشنطن بوست|ORG بايدن|PER إسرائيل|GPE
وزارة الخارجية|ORG
بايدن|PER إسرائيل|GPE
حماس|ORG قطاع غزة|GPE رفح|GPE مصر|GPE حماس|ORG
""",
}

# (first words of the quotation, cue verb as written, speaker surface or None)
QUOTES = {
    "01": [
        ("تراجعاً عن الموقف", "ندد", "نتنياهو"),
        ("يعطي حماس الأمل", "ندد", "نتنياهو"),
        ("نص القرار هذا", "أضاف", "جون كيربي"),
        ("كنا نتطلع", "أضاف", "جون كيربي"),
        ("شعرنا أن لدينا", "قال", "كيربي"),
        ("سنعمل ضد حماس", "قال", "جالانت"),
        ("ليس لدينا أي حق", "أضاف", "جالانت"),
        ("دليل على أن الرئيس", "وصف", "إيتامار بن جفير"),
        ("للانخراط على الفور", "مضيفة", "حماس"),
        ("حماس تدعو مجلس", "قالت", "حماس"),
    ],
    "02": [
        ("غضباً من مؤيديه", "عزت", "واشنطن بوست"),
        ("مع ذلك، سمح", "أضافت", "نيويورك تايمز"),
        ("دوافع سياسية", "نسبت", None),
        ("السياسة الأميركية لم", "مصرّين", None),
        ("لدى نتنياهو تاريخاً", "ذكرّت", "نيويورك تايمز"),
        ("ناقش الأولويات", "قال", "ديفيد هيرندون"),
        ("ناقشا الوضع", "مضيفاً", "ديفيد هيرندون"),
        ("التزام الولايات المتحدة", "كررت", "بيكر"),
        ("كرّر دعم", "قال", "ماثيو ميلر"),
        ("وجود حلول أخرى", "شدد", "بلينكن"),
        ("أنا واثق", "قال", "بلينكن"),
        ("هذا النوع من الغزو واسع", "مشدداً", "بلينكن"),
        ("هذا النوع من الغزو من", "مشدداً", "بلينكن"),
        ("يقوض مكانتها", "مشدداً", "بلينكن"),
        ("لا نهاية لهذه الحرب", "أكد", "غالانت"),
        ("لا يزال قائماً", "صرح", "بات رايدر"),
        ("كثيراً منها", "قال", "بات رايدر"),
        ("تغطي المحادثات", "متوقعاً", "بات رايدر"),
        ("لا عذر لفشل", "قائلاً", "روبرت وود"),
        ("تواصل تقديم", "أضاف", "روبرت وود"),
        ("أننا نشاطر", "أضاف", "روبرت وود"),
        ("هذه نصيحتنا", "قال", "روبرت وود"),
        ("لا يمكن استخدام غزة", "كرر", "روبرت وود"),
        ("هذا يتطلب الطريق", "مشدداً", "روبرت وود"),
    ],
    "03": [
        ("من المقرر عقد الاجتماع", "أكد", None),
    ],
    "04": [
        ("أخبرته أنني أقدر", "قال", "نتنياهو"),
        ("أخبرته أيضًا", "أضاف", "نتنياهو"),
        ("أخبرته أنني آمل", "تابع", "نتنياهو"),
        ("لدينا الآن شيء", "قال", "آرون ديفيد ميلر"),
        ("هناك أزمة ثقة", "أضاف", "آرون ديفيد ميلر"),
        ("إنهم غاضبون", "أكد", "ميلر"),
        ("في تفاصيل ما نراه", "قال", "بلينكن"),
        ("لقد أحرزنا تقدمًا", "قال", "بلينكن"),
        ("أعتقد أننا كنا", "قال", "بلينكن"),
    ],
    "05": [
        ("لقد أجرى الجانبان", "قال", "البيت الأبيض"),
        ("لقد اتفقوا", "قال", "البيت الأبيض"),
        ("في وقت مبكر من الأسبوع", "قال", "البيت الأبيض"),
    ],
}

_CLITIC_PREFIXES = {"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"}
_CLOSING = '»”"'


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM" or char == "-"


def locate(text: str, surface: str, after: int) -> int:
    """The next occurrence of `surface` at or after `after`, as a whole word or after a proclitic chain."""
    at = text.find(surface, after)
    while at >= 0:
        end = at + len(surface)
        word = at
        while word > 0 and _letter(text[word - 1]):
            word -= 1
        if (end == len(text) or not _letter(text[end])) and text[word:at] in _CLITIC_PREFIXES:
            return at
        at = text.find(surface, at + 1)
    raise ValueError(f"{surface!r} not found after {after}")


def annotate(text: str, key: str) -> dict:
    spans, relations, cursor = [], [], 0
    for surface, label in _split_entries(ENTITIES[key]):
        start = locate(text, surface, cursor)
        cursor = start + len(surface)
        spans.append({"id": f"T{len(spans) + 1}", "start": start, "end": cursor, "label": label, "attributes": {}})
    for prefix, cue, speaker in QUOTES[key]:
        start = text.index(prefix)
        closing = min((i for i in (text.find(c, start) for c in _CLOSING) if i >= 0), default=len(text))
        end = min(closing, text.find("\n", start) if "\n" in text[start:] else len(text))
        cue_start = text.rfind(cue, 0, start)
        if cue_start < 0 or "\n\n" in text[cue_start:start]:
            cue_start = text.index(cue, end)
        quote_id, cue_id = f"T{len(spans) + 1}", f"T{len(spans) + 2}"
        spans.append({"id": quote_id, "start": start, "end": end, "label": "QUOTE", "attributes": {"kind": "direct"}})
        existing_cue = next((s["id"] for s in spans if s["label"] == "CUE" and s["start"] == cue_start), None)
        if existing_cue is None:
            spans.append(
                {"id": cue_id, "start": cue_start, "end": cue_start + len(cue), "label": "CUE", "attributes": {}}
            )
        relations.append({"type": "CUE", "from": quote_id, "to": existing_cue or cue_id})
        if speaker:
            mentions = [
                s
                for s in spans
                if s["label"] in ("PER", "ORG") and text[s["start"] : s["end"]] == speaker and s["end"] <= start
            ]
            target = max(mentions, key=lambda s: s["end"])
            relations.append({"type": "SPEAKER", "from": quote_id, "to": target["id"]})
    return {"annotator": "gold", "spans": spans, "relations": relations, "doc_labels": []}


def _split_entries(block: str) -> list[tuple[str, str]]:
    """`surface|LABEL` items; a surface may hold spaces, a label never does."""
    out, words = [], []
    for word in block.split():
        if "|" in word:
            head, label = word.split("|")
            out.append((" ".join([*words, head]), label))
            words = []
        else:
            words.append(word)
    assert not words, words
    return out


def build() -> list[dict]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from annotator.core.demo import demo_documents

    records = []
    for document in demo_documents():
        key = document.name[:2]
        records.append(
            {
                "name": document.name,
                "text": document.text,
                "meta": document.meta,
                "annotations": [annotate(document.text, key)],
            }
        )
    return records


if __name__ == "__main__":
    out = Path(__file__).with_name("gold_demo.jsonl")
    with open(out, "w", encoding="utf-8") as handle:
        for record in build():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
