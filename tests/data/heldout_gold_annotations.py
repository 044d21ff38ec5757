"""The hand annotation of the held-out news articles (tests/data/heldout_news/*.txt), and what turns it into
the gold fixture tests/data/heldout_gold.jsonl (interchange JSONL, annotator `gold`):
`python tests/data/heldout_gold_annotations.py`.

The four articles (economy, sport, health, a diplomatic visit) were written after the suggestion rules, in
the register of Arabic wire news, and were never used to tune them; the people quoted are invented, the
institutions and places real. They were annotated here before any suggestion code was run on them.

Guidelines: those of tests/data/gold_demo_annotations.py, and the same label set (PER, ORG, GPE, LOC, FAC):
- entities: names without titles or functions (وزير الخارجية, المهاجم); nationality adjectives (البرتغالي,
  التونسي) are no entities unless part of an institution's name (البنك المركزي العراقي, وزارة الصحة
  السودانية); a proclitic chain stays outside the span (لواشنطن -> واشنطن, وبغداد -> بغداد); generic back
  references (الصندوق, الوزارة, التحالف) are no entities; names inside quotations are annotated too; a
  newspaper or channel in guillemets («وول ستريت جورنال», «الأهرام») is an ORG, the word صحيفة / قناة outside;
  competitions (دوري أبطال أفريقيا) are no entity of this label set.
- quotations, kind direct: the text inside quotation marks of what someone said, attributed by a reporting
  verb before or after it; when reported speech holds words in marks (أكد أن الوضع "تحت السيطرة"), the
  marked words are the QUOTE, as in the demo gold. Scare quotes, titles ("المادة الرابعة", "نادي القرن",
  "العراق بين واشنطن وطهران") and names in marks are no quotations.
- quotations, kind indirect (the demo gold has none): reported speech without marks, a verb of saying (قال,
  أضاف, أكد, أوضح, أشار, ذكر, أعلن, حذر, اعتبر, نقل, also as participle: مشيرا, محذرا, معتبرا) followed by
  إن / أن: the QUOTE is the clause after إن / أن up to the end of what is reported (without the final stop).
  Verbs of forecast or belief (توقع) are not verbs of saying.
- CUE: the reporting verb as written, without و / ف. SPEAKER: the named mention of who speaks (the nearest
  before the quotation; for a quotation before its cue, the one after the cue); none for an unnamed source.

Each entity is written `surface|LABEL` and located at the next occurrence after the previous one, as a whole
word or after a proclitic chain; each quotation by its first words (which occur once in the article) and
its last words (their first occurrence after them, on the same line), its kind, its cue (a whole word, the
nearest before the quotation on its line, else the first after it on its line) and its speaker surface.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gold_demo_annotations import _letter, _split_entries, locate  # noqa: E402  (the demo gold's rules)

TEXTS = HERE / "heldout_news"

ENTITIES = {
    "1": """
صندوق النقد|ORG
بغداد|GPE صندوق النقد الدولي|ORG أوبك+|ORG
العراق|GPE كريستوفر مارتن|PER بغداد|GPE أربيل|GPE العراق|GPE
مارتن|PER
البنك المركزي العراقي|ORG سالم الجبوري|PER
الجبوري|PER بغداد|GPE
وول ستريت جورنال|ORG وزارة الخزانة الأمريكية|ORG واشنطن|GPE إيران|GPE
أربيل|GPE حكومة إقليم كردستان|ORG ريبوار عثمان|PER بغداد|GPE
العراق|GPE أوبك|ORG
""",
    "2": """
الأهلي|ORG الترجي|ORG
القاهرة|GPE النادي الأهلي|ORG الترجي|ORG استاد القاهرة الدولي|FAC
يوسف الشاذلي|PER الأهلي|ORG أيمن بن سالم|PER الترجي|ORG رادس|GPE
الأهلي|ORG باولو فيريرا|PER
الترجي|ORG منير الزواري|PER الترجي|ORG
الشاذلي|PER أون تايم سبورتس|ORG
الأهرام|ORG
الأهلي|ORG ماميلودي صنداونز|ORG الوداد|ORG بريتوريا|GPE
الاتحاد الأفريقي لكرة القدم|ORG كاف|ORG
الأهلي|ORG الاتحاد الأفريقي|ORG
""",
    "3": """
الصحة العالمية|ORG السودان|GPE
بورتسودان|GPE منظمة الصحة العالمية|ORG السودان|GPE
السودان|GPE أندرو كيمبي|PER بورتسودان|GPE كسلا|GPE القضارف|GPE
كيمبي|PER
وزارة الصحة السودانية|ORG الخرطوم|GPE
عوض الله بشير|PER الشرق الأوسط|ORG
بشير|PER منظمة الأمم المتحدة للطفولة|ORG يونيسف|ORG الجزيرة|GPE سنار|GPE النيل الأبيض|GPE
يونيسف|ORG السودان|GPE سارة أحمدي|PER
السودان|GPE قوات الدعم السريع|ORG المنظمة الدولية للهجرة|ORG
""",
    "4": """
واشنطن|GPE التحالف الدولي|ORG
واشنطن|GPE حازم الربيعي|PER واشنطن|GPE وزارة الخارجية الأمريكية|ORG البيت الأبيض|ORG الكونغرس|ORG
التحالف الدولي|ORG داعش|ORG
الربيعي|PER دانيال هيرست|PER العراق|GPE
هيرست|PER الولايات المتحدة|GPE العراق|GPE
بغداد|GPE
العراق|GPE الربيعي|PER
نيويورك تايمز|ORG العراق|GPE واشنطن|GPE طهران|GPE واشنطن|GPE بغداد|GPE
العراق|GPE قاعدة عين الأسد|FAC الأنبار|GPE أربيل|GPE
البرلمان العراقي|ORG فيلق القدس|ORG قاسم سليماني|PER مطار بغداد|FAC
""",
}

D, IND = "direct", "indirect"
# (first words, last words, kind, cue verb as written, speaker surface or None), in reading order
QUOTES = {
    "1": [
        ("يحتاج العراق", "لم تعد تكفي", D, "قال", "كريستوفر مارتن"),
        ("فاتورة الرواتب", "خلال ثلاث سنوات", IND, "أضاف", "مارتن"),
        ("عجز الموازنة", "دولارا للبرميل", IND, "محذرا", "مارتن"),
        ("لا تزال عند", "لأكثر من عام", D, "أكد", "سالم الجبوري"),
        ("سعر الصرف مستقر", "على الدينار", D, "قال", "الجبوري"),
        ("المنصة الإلكترونية", "خلال الشهر الماضي", IND, "مشيرا", "الجبوري"),
        ("وزارة الخزانة الأمريكية ستواصل", "العملة إلى إيران", IND, "ذكرت", "وول ستريت جورنال"),
        ("خطوة في الاتجاه", "لإنهاء الأزمة", D, "قال", "ريبوار عثمان"),
    ],
    "2": [
        ("لعبنا أمام", "في الشوط الثاني", D, "قال", "باولو فيريرا"),
        ("الآن نفكر", "تستحق اللقب", D, "أضاف", "باولو فيريرا"),
        ("دفع ثمن", "التمركز الدفاعي", D, "أوضح", "منير الزواري"),
        ("الحكم حرم", "في الشوط الأول", IND, "معتبرا", "منير الزواري"),
        ("أهدي الهدفين", "تسعين دقيقة", D, "قال", "الشاذلي"),
        ("مكافأة التأهل", "مباراة الذهاب", IND, "نقلت", None),
        ("مباراتي النهائي", "الأدوار السابقة", IND, "أعلن", "الاتحاد الأفريقي لكرة القدم"),
    ],
    "3": [
        ("موسم الأمطار قد", "النازحين بالسودان", IND, "حذرت", "منظمة الصحة العالمية"),
        ("نسابق الزمن", "كسلا والقضارف", D, "قال", "أندرو كيمبي"),
        ("نحو 70 في المئة", "منذ مطلع الشهر", IND, "أشار", "كيمبي"),
        ("تحت السيطرة", "تحت السيطرة", D, "أكدت", "وزارة الصحة السودانية"),
        ("لدينا فرق ميدانية", "وانعدام الوقود", D, "قال", "عوض الله بشير"),
        ("الوزارة أطلقت", "والنيل الأبيض", IND, "أضاف", "بشير"),
        ("الأطفال دون الخامسة", "الإصابات المسجلة", IND, "قالت", "سارة أحمدي"),
        ("كل يوم تأخير", "بين الأطفال", D, "مضيفة", "سارة أحمدي"),
    ],
    "4": [
        ("العراق اليوم شريك", "بين الآخرين", D, "قال", "الربيعي"),
        ("ملتزمة بشراكة", "الملف الأمني", D, "صرح", "هيرست"),
        ("الجانبين اتفقا", "الشهر المقبل", IND, "أضاف", "هيرست"),
        ("لن نطلب", "سيادة العراق", D, "أوضح", "الربيعي"),
        ("بلاده ترفض", "الوجود العسكري", IND, "قال", "الربيعي"),
    ],
}


def _once(text: str, words: str) -> int:
    at = text.find(words)
    if at < 0 or text.find(words, at + 1) >= 0:
        raise ValueError(f"{words!r} must occur exactly once in the article")
    return at


def _cue(text: str, cue: str, start: int, end: int) -> int:
    """The cue as a whole word (after و / ف at most): nearest before the quotation on its line, else the first
    after it on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end) if "\n" in text[end:] else len(text)
    places = []
    at = text.find(cue, line_start)
    while 0 <= at < line_end:
        word = at
        while word > 0 and _letter(text[word - 1]):
            word -= 1
        after = at + len(cue)
        if text[word:at] in ("", "و", "ف") and (after == len(text) or not _letter(text[after])):
            places.append(at)
        at = text.find(cue, at + 1)
    before = [p for p in places if p + len(cue) <= start]
    if before:
        return before[-1]
    after_quote = [p for p in places if p >= end]
    if not after_quote:
        raise ValueError(f"cue {cue!r} not found on the line of the quotation at {start}")
    return after_quote[0]


def annotate(text: str, key: str) -> dict:
    spans, relations, cursor = [], [], 0
    for surface, label in _split_entries(ENTITIES[key]):
        start = locate(text, surface, cursor)
        cursor = start + len(surface)
        spans.append({"id": f"T{len(spans) + 1}", "start": start, "end": cursor, "label": label, "attributes": {}})
    for first, last, kind, cue, speaker in QUOTES[key]:
        start = _once(text, first)
        end = text.index(last, start) + len(last)
        assert "\n" not in text[start:end], (first, last)
        if kind == D:
            assert text[start - 1] in '«“"' and text[end] in '»”"', (first, text[start - 1], text[end])
        cue_start = _cue(text, cue, start, end)
        quote_id = f"T{len(spans) + 1}"
        spans.append({"id": quote_id, "start": start, "end": end, "label": "QUOTE", "attributes": {"kind": kind}})
        cue_id = next((s["id"] for s in spans if s["label"] == "CUE" and s["start"] == cue_start), None)
        if cue_id is None:
            cue_id = f"T{len(spans) + 1}"
            spans.append(
                {"id": cue_id, "start": cue_start, "end": cue_start + len(cue), "label": "CUE", "attributes": {}}
            )
        relations.append({"type": "CUE", "from": quote_id, "to": cue_id})
        if speaker:
            mentions = [s for s in spans if s["label"] in ("PER", "ORG") and text[s["start"] : s["end"]] == speaker]
            if cue_start >= end:  # «…»، قال فلان: the speaker follows the cue
                target = min((s for s in mentions if s["start"] >= cue_start), key=lambda s: s["start"])
            else:
                target = max((s for s in mentions if s["end"] <= start), key=lambda s: s["end"])
            relations.append({"type": "SPEAKER", "from": quote_id, "to": target["id"]})
    return {"annotator": "gold", "spans": spans, "relations": relations, "doc_labels": []}


def build() -> list[dict]:
    sys.path.insert(0, str(HERE.parents[1]))
    from annotator.core.demo import readable_name
    from annotator.core.text_files import read_text_file

    records = []
    for i, path in enumerate(sorted(TEXTS.glob("*.txt")), 1):
        document = read_text_file(path)
        key = path.stem.split("_")[0]
        records.append(
            {
                "name": "h" + readable_name(document.text, i),
                "text": document.text,
                "meta": document.meta,
                "annotations": [annotate(document.text, key)],
            }
        )
    return records


if __name__ == "__main__":
    out = HERE / "heldout_gold.jsonl"
    with open(out, "w", encoding="utf-8") as handle:
        for record in build():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
