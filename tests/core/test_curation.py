"""Curation into gold: units of agreement and disagreement, accept / reject / accept-all-agreed, undo."""

import pytest

from annotator.core import curation
from annotator.core.errors import InputError
from annotator.core.model import GOLD

TEXT = "قال الرئيس جو بايدن إن إسرائيل وافقت على الهدنة في غزة"


def at(word):
    i = TEXT.index(word)
    return i, i + len(word)


@pytest.fixture
def doc(project):
    d = project.documents.add("d", TEXT)
    for who in "AB":
        project.spans.add(d.id, who, *at("جو بايدن"), "PER")  # agreed
        project.spans.add(d.id, who, *at("غزة"), "GPE")  # agreed
    project.spans.add(d.id, "A", *at("إسرائيل"), "GPE")  # disagreement on the label
    project.spans.add(d.id, "B", *at("إسرائيل"), "ORG")
    quote = project.spans.add(d.id, "A", *at("إسرائيل وافقت على الهدنة"), "QUOTE", {"kind": "indirect"})
    cue = project.spans.add(d.id, "A", *at("قال"), "CUE")
    speaker = project.spans.get(project.spans.for_document(d.id, "A")[1].id)
    project.relations.add("CUE", quote.id, cue.id)
    project.relations.add(
        "SPEAKER", quote.id, [s for s in project.spans.for_document(d.id, "A") if s.label == "PER"][0].id
    )
    project.doc_labels.set(d.id, "A", "stance", "إسرائيل", "AGAINST")
    project.doc_labels.set(d.id, "B", "stance", "إسرائيل", "AGAINST")
    del speaker
    return d


def _gold(project, doc):
    return sorted((s.start, s.end, s.label) for s in project.spans.for_document(doc.id, GOLD))


def test_units_tell_agreement_from_disagreement(project, doc):
    found = curation.units(project, doc.id, ["A", "B"])
    kinds = [
        (u.category, TEXT[u.start : u.end] if u.category != "stance" else u.target, u.agreed(["A", "B"])) for u in found
    ]
    assert kinds == [
        ("cue", "قال", False),
        ("entity", "جو بايدن", True),
        ("entity", "إسرائيل", False),
        ("quotation", "إسرائيل وافقت على الهدنة", False),
        ("entity", "غزة", True),
        ("stance", "إسرائيل", True),
    ]
    assert curation.progress(project, doc.id, ["A", "B"]) == (0, 6)


def test_accept_all_agreed_then_settle_each_disagreement_and_undo(project, doc):
    assert curation.accept_agreed(project, doc.id, ["A", "B"]) == 3
    assert _gold(project, doc) == [(*at("جو بايدن"), "PER"), (*at("غزة"), "GPE")]
    assert project.doc_labels.get(doc.id, GOLD, "stance", "إسرائيل") == "AGAINST"
    assert curation.accept_agreed(project, doc.id, ["A", "B"]) == 0  # settled ones are left alone
    units = {(u.category, u.start): u for u in curation.units(project, doc.id, ["A", "B"])}
    israel = units[("entity", at("إسرائيل")[0])]
    curation.accept(project, doc.id, israel, "B")
    assert (*at("إسرائيل"), "ORG") in _gold(project, doc)
    israel = {(u.category, u.start): u for u in curation.units(project, doc.id, ["A", "B"])}[("entity", israel.start)]
    curation.accept(project, doc.id, israel, "A")  # changing one's mind replaces gold's version
    assert (*at("إسرائيل"), "GPE") in _gold(project, doc) and (*at("إسرائيل"), "ORG") not in _gold(project, doc)
    quote = units[("quotation", at("إسرائيل")[0])]
    curation.accept(project, doc.id, quote, "A")  # the quotation comes with its cue and its speaker link
    gold_quote = next(s for s in project.spans.for_document(doc.id, GOLD) if s.label == "QUOTE")
    assert gold_quote.attributes == {"kind": "indirect"}
    links = {r.type: project.spans.get(r.target) for r in project.relations.from_span(gold_quote.id)}
    assert (links["CUE"].annotator, links["CUE"].label) == (GOLD, "CUE")
    assert (links["SPEAKER"].start, links["SPEAKER"].end) == at("جو بايدن")
    cue_unit = units[("cue", 0)]
    assert curation.units(project, doc.id, ["A", "B"])[0].settled  # the cue came with its quotation
    assert curation.progress(project, doc.id, ["A", "B"]) == (6, 6)
    # one undo step each: the quotation with its cue and links goes at once
    project.history.undo(GOLD)
    assert not any(s.label in ("QUOTE", "CUE") for s in project.spans.for_document(doc.id, GOLD))
    project.history.undo(GOLD)
    assert (*at("إسرائيل"), "ORG") in _gold(project, doc)
    del cue_unit


def test_reject_settles_without_gold_and_is_undoable(project, doc):
    unit = next(u for u in curation.units(project, doc.id, ["A", "B"]) if u.category == "quotation")
    curation.reject(project, doc.id, unit)
    again = next(u for u in curation.units(project, doc.id, ["A", "B"]) if u.category == "quotation")
    assert again.rejected and again.settled and _gold(project, doc) == []
    curation.accept(project, doc.id, again, "A")  # accepting after all clears the rejection
    again = next(u for u in curation.units(project, doc.id, ["A", "B"]) if u.category == "quotation")
    assert not again.rejected and again.gold
    project.history.undo(GOLD)
    again = next(u for u in curation.units(project, doc.id, ["A", "B"]) if u.category == "quotation")
    assert again.rejected and not again.gold


def test_nothing_to_accept_is_one_line(project, doc):
    unit = next(u for u in curation.units(project, doc.id, ["A", "B"]) if u.category == "quotation")
    with pytest.raises(InputError, match="B has nothing here"):
        curation.accept(project, doc.id, unit, "B")
    with pytest.raises(InputError, match="at least two annotators"):
        curation.accept_agreed(project, doc.id, ["A"])


def test_export_and_render_take_the_curated_gold_layer(project, doc, tmp_path, capsys):
    from annotator.cli import main
    from annotator.core.formats import jsonl

    curation.accept_agreed(project, doc.id, ["A", "B"])
    out = tmp_path / "gold.jsonl"
    assert main(["export", str(project.path), "--format", "jsonl", "--out", str(out), "--gold"]) == 0
    [exported] = list(jsonl.read(out))
    assert [layer.annotator for layer in exported.layers] == [GOLD]
    assert sorted((s.start, s.end, s.label) for s in exported.layers[0].spans) == _gold(project, doc)
    conll = tmp_path / "gold.conll"
    assert main(["export", str(project.path), "--format", "conll", "--out", str(conll), "--gold"]) == 0
    assert "B-PER" in conll.read_text(encoding="utf-8")


def _quotations(project, differ: str):
    """A and B mark the same quotation with its cue and speaker; they differ only in `differ`."""
    d = project.documents.add(f"q-{differ}", TEXT)
    for who in "AB":
        kind = "direct" if (who == "B" and differ == "kind") else "indirect"
        attributes = {"kind": kind}
        if differ != "stance" or who == "A":
            attributes.update({"stance": "AGAINST", "target": "إسرائيل"})
        quote = project.spans.add(d.id, who, *at("إسرائيل وافقت على الهدنة"), "QUOTE", attributes)
        cue_word = "قال" if (who == "A" or differ != "cue") else "إن"
        cue = project.spans.add(d.id, who, *at(cue_word), "CUE")
        speaker_word = "جو بايدن" if (who == "A" or differ != "speaker") else "الرئيس"
        speaker = project.spans.add(d.id, who, *at(speaker_word), "PER")
        project.relations.add("CUE", quote.id, cue.id)
        project.relations.add("SPEAKER", quote.id, speaker.id)
    return d


@pytest.mark.parametrize("differ", ["kind", "cue", "speaker", "stance"])
def test_a_quotation_the_annotators_differ_on_is_never_accepted_as_agreed(project, differ):
    """Accept all agreed (G) took one annotator's quotation kind and speaker into gold although the two
    differed on both: a quotation is agreed only when its span, label, kind, stance, cue and speaker are."""
    d = _quotations(project, differ)
    [quote] = [u for u in curation.units(project, d.id, ["A", "B"]) if u.category == "quotation"]
    assert not quote.agreed(["A", "B"])
    curation.accept_agreed(project, d.id, ["A", "B"])
    assert not [s for s in project.spans.for_document(d.id, GOLD) if s.label == "QUOTE"]


def test_a_quotation_agreed_in_every_part_is_accepted_whole(project):
    d = _quotations(project, "nothing")
    curation.accept_agreed(project, d.id, ["A", "B"])
    [quote] = [s for s in project.spans.for_document(d.id, GOLD) if s.label == "QUOTE"]
    assert quote.attributes == {"kind": "indirect", "stance": "AGAINST", "target": "إسرائيل"}
    assert sorted(r.type for r in project.relations.from_span(quote.id)) == ["CUE", "SPEAKER"]
