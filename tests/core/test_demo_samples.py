"""The demo project's two sample annotators: both layers are there, every span is its text, and Agreement and
Curation find exactly the disagreements planted in sample-b (tests/data/sample_demo_annotations.py)."""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from pathlib import Path

import pytest

from annotator.core import curation, demo
from annotator.core.agreement import compute
from annotator.core.demo import DEMO_TARGETS, SAMPLE_ANNOTATORS, build_demo, demo_documents
from annotator.core.errors import InputError
from annotator.core.model import GOLD
from annotator.core.project import Project
from annotator.core.resources import resource

ROOT = Path(__file__).resolve().parents[2]
A, B = SAMPLE_ANNOTATORS
ENTITY_LABELS = {"PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "MISC"}


def load_script():
    path = ROOT / "tests" / "data" / "sample_demo_annotations.py"
    spec = importlib.util.spec_from_file_location("sample_demo_annotations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory):
    with build_demo(tmp_path_factory.mktemp("demo") / "demo.annotator") as project:
        yield project


def test_the_demo_project_holds_both_sample_layers(demo_project):
    assert A.startswith("sample") and B.startswith("sample") and A != B
    assert set(demo_project.annotators.human()) == {A, B}
    assert demo_project.schema.get().targets == DEMO_TARGETS
    per_annotator = demo_project.stats()["per_annotator"]
    for who in (A, B):
        assert per_annotator[who]["done"] == 5 and per_annotator[who]["doc_labels"] == 10
        assert per_annotator[who]["spans"] > 400 and per_annotator[who]["relations"] > 100
    for summary in demo_project.documents.list():
        for who in (A, B):
            spans = demo_project.spans.for_document(summary.id, who)
            labels = {s.label for s in spans}
            assert {"PER", "GPE", "QUOTE", "CUE"} <= labels, (summary.name, who)
            quotes = [s for s in spans if s.label == "QUOTE"]
            assert all(s.attributes.get("kind") in ("direct", "indirect") for s in quotes)
            assert {d.target for d in demo_project.doc_labels.for_document(summary.id, who)} == set(DEMO_TARGETS)
    assert demo_project.check() == [] and demo_project.warnings() == []


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def test_every_sample_span_is_its_text_and_names_start_after_a_clitic_at_most(demo_project):
    names = 0
    for summary in demo_project.documents.list():
        text = demo_project.documents.get(summary.id).text
        for who in (A, B):
            for span in demo_project.spans.for_document(summary.id, who):
                assert span.text == text[span.start : span.end], (summary.name, span)
                assert span.text == span.text.strip() and "\n" not in span.text
                if span.label not in ENTITY_LABELS:
                    continue
                names += 1
                word = span.start
                while word > 0 and _letter(text[word - 1]):
                    word -= 1
                # the name starts a word, or follows a proclitic chain (و، ف، ب، ل، ك; ل+ال keeps its ل)
                assert set(text[word : span.start]) <= set("وفبلك") and len(text[word : span.start]) <= 2, span
                assert span.end == len(text) or not _letter(text[span.end]), span  # it ends a word
    assert names > 700


def test_quotations_link_their_cue_and_speaker(demo_project):
    for summary in demo_project.documents.list():
        for who in (A, B):
            spans = {s.id: s for s in demo_project.spans.for_document(summary.id, who)}
            links = {}
            for relation in demo_project.relations.for_document(summary.id, who):
                assert spans[relation.source].label == "QUOTE"
                links.setdefault(relation.source, {})[relation.type] = spans[relation.target].label
            for span in spans.values():
                if span.label == "QUOTE":
                    assert links[span.id]["CUE"] == "CUE"
                    assert links[span.id].get("SPEAKER", "PER") in ("PER", "ORG")


def test_the_sample_file_is_what_the_script_writes():
    path = resource("demo", demo.SAMPLES_FILE)
    assert path.read_text(encoding="utf-8") == load_script().lines(), (
        "run `python tests/data/sample_demo_annotations.py` after changing it"
    )
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["name"], r["text"]) for r in records] == [(d.name, d.text) for d in demo_documents()]


EXPECTED = {  # (document number, layer, what) of each planted disagreement
    ("01", "entity", "boundaries"),
    ("02", "entity", "only_a"),
    ("02", "quotation", "speaker"),
    ("03", "stance", "value"),
    ("04", "entity", "label"),
    ("04", "quotation", "kind"),
}


def test_agreement_is_high_but_lists_the_planted_disagreements(demo_project):
    report = compute(demo_project, [A, B])
    pair = report.pair(A, B)
    assert 0.98 < pair.entity.exact.f1 < 1 and 0.98 < pair.entity.overlap.f1 < 1
    assert pair.quotation.exact.f1 == 1 and 0.9 < pair.speaker_agreement.value < 1
    assert 0.9 < pair.kind.value < 1 and 0.5 < pair.doc_label("stance").value < 1
    found = {(d.document[:2], d.layer, d.what): d for d in report.disagreements}
    assert len(report.disagreements) == len(EXPECTED) == len(load_script().SAMPLE_B_CHANGES)
    assert set(found) == EXPECTED
    text = {s.name[:2]: demo_project.documents.get(s.id).text for s in demo_project.documents.list()}
    label = found["04", "entity", "label"]
    assert (text["04"][label.start : label.end], label.a_has[2], label.b_has[2]) == ("الشرق الأوسط", "LOC", "GPE")
    cut = found["01", "entity", "boundaries"]
    assert text["01"][cut.a_has[0] : cut.a_has[1]] == "لويد جيه أوستن الثالث"
    assert text["01"][cut.b_has[0] : cut.b_has[1]] == "لويد جيه أوستن"
    missing = found["02", "entity", "only_a"]
    assert text["02"][missing.start : missing.end] == "تور وينسلاند" and missing.b_has is None
    speaker = found["02", "quotation", "speaker"]
    assert [text["02"][has[0] : has[1]] for has in (speaker.a_has, speaker.b_has)] == ["ماثيو ميلر", "بلينكن"]
    assert (found["04", "quotation", "kind"].a_has, found["04", "quotation", "kind"].b_has) == ("direct", "indirect")
    stance = found["03", "stance", "value"]
    assert (stance.target, stance.a_has, stance.b_has) == ("إسرائيل", "FAVOR", "NEUTRAL")


def _layer(project: Project, document_id: int, who: str) -> tuple[set, set, set]:
    spans = {s.id: s for s in project.spans.for_document(document_id, who)}
    key = {i: (s.start, s.end, s.label, json.dumps(s.attributes, sort_keys=True)) for i, s in spans.items()}
    relations = {(r.type, key[r.source], key[r.target]) for r in project.relations.for_document(document_id, who)}
    stances = {(d.target, d.value) for d in project.doc_labels.for_document(document_id, who)}
    return set(key.values()), relations, stances


def test_curation_leaves_the_disagreements_and_sample_a_versions_make_gold_sample_a(tmp_path):
    with build_demo(tmp_path / "demo.annotator") as project:
        left = 0
        for summary in project.documents.list():
            assert curation.accept_agreed(project, summary.id, [A, B]) > 0
            settled, units = curation.progress(project, summary.id, [A, B])
            left += units - settled
            for unit in curation.units(project, summary.id, [A, B]):
                if not unit.settled:
                    curation.accept(project, summary.id, unit, A)
            assert curation.progress(project, summary.id, [A, B])[0] == units
            assert _layer(project, summary.id, GOLD) == _layer(project, summary.id, A), summary.name
        assert left == len(EXPECTED)


def test_a_sample_file_that_does_not_fit_leaves_no_demo_behind(tmp_path, monkeypatch):
    lines = resource("demo", demo.SAMPLES_FILE).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    span = records[-1]["annotations"][1]["spans"][-1]
    span["text"] += "x"  # the last layer's last span no longer matches its offsets
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    real = demo.resource
    monkeypatch.setattr(demo, "resource", lambda *parts: broken if parts[-1] == demo.SAMPLES_FILE else real(*parts))
    path = tmp_path / "demo.annotator"
    with pytest.raises(InputError):
        build_demo(path)
    with Project(path, read_only=True) as project:  # all or nothing: no half-built demo
        assert project.documents.count() == 0 and project.schema.get().targets == []
    monkeypatch.setattr(demo, "resource", real)
    with build_demo(path) as project:  # the next start builds it whole
        assert project.documents.count() == 5 and set(project.annotators.human()) == {A, B}


def test_a_demo_without_the_samples_is_still_there_for_the_pictures(tmp_path):
    with build_demo(tmp_path / "demo.annotator", samples=False) as project:
        assert project.documents.count() == 5 and project.stats()["spans"] == 0
        assert project.get_setting(demo.DEMO_SETTING) is True
