"""The gold layer of the demo articles is sound, and the precision/recall pipeline of
benchmarks/bench_suggestions.py runs on it with figures in sane bounds (not exact values)."""

import importlib.util
from pathlib import Path

from annotator.core.demo import demo_documents
from annotator.core.formats import jsonl
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parents[2]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_suggestions", ROOT / "benchmarks" / "bench_suggestions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_fixture_is_the_demo_articles_annotated(tmp_path):
    gold = list(jsonl.read(ROOT / "tests" / "data" / "gold_demo.jsonl"))
    assert [(d.name, d.text) for d in gold] == [(d.name, d.text) for d in demo_documents()]
    with Project(tmp_path / "gold.annotator") as project:
        project.import_documents(gold)
        assert project.check() == []
        labels = project.stats()["labels"]
        assert labels["QUOTE"] >= 40 and labels["PER"] >= 100 and labels["GPE"] >= 150
        for summary in project.documents.list():
            for relation in project.relations.for_document(summary.id):
                assert project.spans.get(relation.source).label == "QUOTE"


def test_precision_and_recall_per_source_are_sane():
    results = load_bench().evaluate(first=2)
    assert set(results) == {"project", "gazetteer", "quotation"}
    for source, figures in results.items():
        assert figures["suggested"] > 0 and figures["gold"] > 0, source
        assert 0.7 <= figures["precision"] <= 1 and 0.4 <= figures["recall"] <= 1, (source, figures)
    assert results["quotation"]["cue_right"] >= 0.7
    assert 0.2 <= results["quotation"]["speaker_right"] <= 1
