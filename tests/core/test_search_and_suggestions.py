"""`annotator search` and `annotator suggest`, and suggestions in the project: stored apart from the
annotations, accepted through the normal managers (undoable), rejected, counted per source."""

import json
import re

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, DocumentId, Span, SpanId
from annotator.core.search import label_all, search_project
from annotator.core.suggestion_sources import compute_suggestions, quotation_suggestions, read_gazetteer

TEXT = (
    "قال الرئيس 🇺🇸 بايدن لواشنطن: «سنعمل مع الأمم المتحدة».\n"
    "وزار بايدن واشنطن. وأكد الرئيس أن “لا شيء تغيّر” في البيت الأبيض.\n"
)


@pytest.fixture
def news(tmp_path):
    from annotator.core.project import Project

    path = tmp_path / "news.annotator"
    with Project(path) as project:
        project.import_documents([AnnotatedDocument("n1", TEXT), AnnotatedDocument("n2", "للأمم المتحدة ولواشنطن")])
    return path


def test_search_json_is_exact_slices(news, capsys):
    assert main(["search", str(news), "واشنطن", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(h["doc"], h["text"]) for h in found] == [("n1", "واشنطن"), ("n1", "واشنطن"), ("n2", "واشنطن")]
    for hit in found:
        stored = TEXT if hit["doc"] == "n1" else "للأمم المتحدة ولواشنطن"
        assert set(hit) == {"doc", "start", "end", "text"} and stored[hit["start"] : hit["end"]] == hit["text"]


def test_search_one_document_and_readable_output(news, capsys):
    assert main(["search", str(news), "الأمم", "--doc", "n2", "--bidi", "off"]) == 0
    out = capsys.readouterr().out
    assert "n2  1-5  …ل[لأمم] المتحدة ولواشنطن…" in out and "1 hit" in out
    assert main(["search", str(news), "الأمم", "--doc", "n2", "--bidi", "on"]) == 0
    shown = capsys.readouterr().out  # reshaped (joined presentation forms) and reordered for a plain terminal
    assert "[لأمم]" not in shown and "n2  1-5" in shown
    # joined letter forms in visual order, and (rule L4) the brackets mirrored so they still enclose the hit
    assert re.search("\\[[\ufe70-\ufeff]{3}\\]\ufedd", shown)


def test_search_inside_a_label(news):
    from annotator.core.project import Project

    with Project(news) as project:
        doc = project.documents.by_name("n1")
        quote = TEXT.index("سنعمل")
        project.spans.add(doc.id, "A", quote, TEXT.index("»"), "QUOTE")
        assert [h.start for h in search_project(project, "الأمم", inside_label="QUOTE")] == [TEXT.index("الأمم")]
        assert search_project(project, "بايدن", inside_label="QUOTE") == []
        with pytest.raises(InputError, match="not in the schema"):
            search_project(project, "بايدن", inside_label="NOPE")


def test_search_errors_are_one_line(news, capsys):
    assert main(["search", str(news), "بايدن", "--doc", "nope"]) == 2
    assert capsys.readouterr().err.startswith("annotator: error: no document named 'nope'")


def test_project_source_suggests_what_the_annotator_labelled_elsewhere(news):
    from annotator.core.project import Project

    with Project(news) as project:
        n1 = project.documents.by_name("n1")
        project.spans.add(n1.id, "A", TEXT.index("بايدن"), TEXT.index("بايدن") + 5, "PER")
        project.spans.add(n1.id, "A", TEXT.index("واشنطن"), TEXT.index("واشنطن") + 6, "GPE")  # in لواشنطن
        compute_suggestions(project, "A", sources=("project",))
        found = {
            (project.documents.get(s.document_id).name, s.text, s.label)
            for d in (n1.id, project.documents.by_name("n2").id)
            for s in project.suggestions.for_document(d, "A")
        }
        assert found == {("n1", "بايدن", "PER"), ("n1", "واشنطن", "GPE"), ("n2", "واشنطن", "GPE")}
        assert project.spans.for_document(n1.id, "B") == [] and len(project.spans.for_document(n1.id, "A")) == 2
        assert compute_suggestions(project, "A", sources=("project",)).added == {
            "project": 0,
            "gazetteer": 0,
            "quotation": 0,
        }  # not suggested twice


def test_gazetteer_source_and_its_errors(news, tmp_path):
    from annotator.core.project import Project

    good = tmp_path / "places.tsv"
    good.write_text("# places\nالأمم المتحدة\tORG\nالبيت الأبيض\tORG\n", encoding="utf-8")
    with Project(news) as project:
        compute_suggestions(project, "A", gazetteer=read_gazetteer(good), sources=("gazetteer",))
        texts = sorted(s.text for d in (1, 2) for s in project.suggestions.for_document(d, "A"))
        assert texts == ["الأمم المتحدة", "البيت الأبيض", "لأمم المتحدة"]
        bad_label = tmp_path / "bad.tsv"
        bad_label.write_text("بايدن\tPERSON\n", encoding="utf-8")
        with pytest.raises(InputError, match="bad.tsv:1: gazetteer label 'PERSON'"):
            compute_suggestions(project, "A", gazetteer=read_gazetteer(bad_label))
    no_tab = tmp_path / "notab.tsv"
    no_tab.write_text("الأمم المتحدة\tORG\nبايدن PER\n", encoding="utf-8")
    with pytest.raises(InputError, match="notab.tsv:2: a gazetteer line"):
        read_gazetteer(no_tab)


def test_quotation_source_with_cue_and_speaker_accept_and_undo(news):
    from annotator.core.project import Project

    with Project(news) as project:
        n1 = project.documents.by_name("n1").id
        biden = project.spans.add(n1, "A", TEXT.index("بايدن"), TEXT.index("بايدن") + 5, "PER")
        compute_suggestions(project, "A", sources=("quotation",))
        quotes = project.suggestions.for_document(n1, "A")
        assert [q.text for q in quotes] == ["سنعمل مع الأمم المتحدة", "لا شيء تغيّر"]
        first, second = quotes
        assert TEXT[first.extra["cue"]["start"] : first.extra["cue"]["end"]] == "قال"
        assert TEXT[second.extra["cue"]["start"] : second.extra["cue"]["end"]] == "أكد"
        assert first.extra["speaker"]["start"] == biden.start
        spans_before = project.spans.for_document(n1, "A")

        quote_id = project.suggestions.accept(first.id)
        quote = project.spans.get(quote_id)
        assert (quote.label, quote.text, quote.attributes) == ("QUOTE", first.text, {"kind": "direct"})
        links = {r.type: project.spans.get(r.target).text for r in project.relations.from_span(quote_id)}
        assert links == {"CUE": "قال", "SPEAKER": "بايدن"}
        assert project.suggestions.get(first.id).state == "accepted"
        project.suggestions.reject(second.id)
        assert project.suggestions.counts("A")["quotation"] == {
            "open": 0,
            "accepted": 1,
            "rejected": 1,
            "precision": 0.5,
        }
        project.history.undo("A")  # the rejection
        project.history.undo("A")  # the acceptance: spans, links and the state, in one step
        assert project.spans.for_document(n1, "A") == spans_before
        assert [s.state for s in project.suggestions.for_document(n1, "A", state=None)] == ["open", "open"]
        assert project.suggestions.accept_all(n1, "A") == 2
        assert {s.label for s in project.spans.for_document(n1, "A")} == {"PER", "QUOTE", "CUE"}
        project.history.undo("A")
        assert project.spans.for_document(n1, "A") == spans_before


def test_cue_lexicon_is_stored_in_the_project(news):
    from annotator.core.project import Project

    with Project(news) as project:
        assert "قال" in project.suggestions.cue_lexicon()
        project.suggestions.set_cue_lexicon(["أكد"])
    with Project(news) as project:
        assert project.suggestions.cue_lexicon() == ["أكد"]
        compute_suggestions(project, "A", sources=("quotation",))
        assert [q.text for q in project.suggestions.for_document(1, "A")] == ["لا شيء تغيّر"]


def test_suggest_command_prints_counts_per_source(news, tmp_path, capsys):
    gazetteer = tmp_path / "g.tsv"
    gazetteer.write_text("البيت الأبيض\tORG\n", encoding="utf-8")
    assert main(["suggest", str(news), "--annotator", "A", "--gazetteer", str(gazetteer)]) == 0
    out = capsys.readouterr().out
    assert "gazetteer  1 new suggestion, 1 open" in out and "quotation  2 new suggestions, 2 open" in out
    assert main(["stats", str(news), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["spans"] == 0  # suggestions are not annotations
    from annotator.core.project import Project

    with Project(news) as project:
        first, second = project.suggestions.for_document(1, "A", state=None)[:2]
        project.suggestions.accept(first.id)
        project.suggestions.reject(second.id)
    assert main(["suggest", str(news), "--annotator", "A"]) == 0
    assert "1 accepted, 1 rejected (precision 0.50)" in capsys.readouterr().out


def test_one_suggestion_per_place_whatever_the_source(news, tmp_path):
    from annotator.core.project import Project

    gazetteer = tmp_path / "g.tsv"
    gazetteer.write_text("بايدن\tPER\n", encoding="utf-8")
    with Project(news) as project:
        n1 = project.documents.by_name("n1").id
        project.spans.add(n1, "A", TEXT.index("بايدن"), TEXT.index("بايدن") + 5, "PER")
        report = compute_suggestions(
            project, "A", gazetteer=read_gazetteer(gazetteer), sources=("project", "gazetteer")
        )
        assert report.added == {"project": 1, "gazetteer": 0, "quotation": 0}  # the second بايدن, once
        [suggestion] = project.suggestions.for_document(n1, "A")
        project.suggestions.reject(suggestion.id)
        assert compute_suggestions(project, "A", gazetteer=read_gazetteer(gazetteer)).added["gazetteer"] == 0


def entity(text, surface, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Span(SpanId(start), DocumentId(1), "A", start, start + len(surface), label, surface)


def test_speaker_between_cue_and_quotation_and_names_in_marks_are_no_quotations():
    text = "التقى بايدن نتنياهو. وقال الناطق باسم «البنتاغون» ديفيد هيرندون إن الاجتماع «ناقش الأولويات كلها»."
    entities = [entity(text, "بايدن", "PER"), entity(text, "البنتاغون", "ORG"), entity(text, "ديفيد هيرندون", "PER")]
    [quote] = quotation_suggestions(text, ["قال"], entities)
    assert text[quote["start"] : quote["end"]] == "ناقش الأولويات كلها"
    speaker = quote["extra"]["speaker"]
    assert text[speaker["start"] : speaker["end"]] == "ديفيد هيرندون"
    # no entity between: the first of the cue's sentence, else the nearest person before
    text = "وصل كيربي. ورحبت حماس بالقرار، مضيفة أن «الجماعة مستعدة للتبادل»."
    [quote] = quotation_suggestions(text, ["مضيفة"], [entity(text, "كيربي", "PER"), entity(text, "حماس", "ORG")])
    assert text[quote["extra"]["speaker"]["start"] : quote["extra"]["speaker"]["end"]] == "حماس"
    text = "وصل كيربي إلى حماس. وأضاف أن «الجماعة مستعدة للتبادل»."
    [quote] = quotation_suggestions(text, ["أضاف"], [entity(text, "كيربي", "PER"), entity(text, "حماس", "ORG")])
    assert text[quote["extra"]["speaker"]["start"] : quote["extra"]["speaker"]["end"]] == "كيربي"


def test_a_quotation_labelled_by_hand_is_not_suggested(news):
    from annotator.core.project import Project

    with Project(news) as project:
        n1 = project.documents.by_name("n1").id
        start = TEXT.index("لا شيء")
        project.spans.add(n1, "A", start, start + len("لا شيء تغيّر"), "QUOTE")
        compute_suggestions(project, "A", sources=("quotation",))
        assert [q.text for q in project.suggestions.for_document(n1, "A")] == ["سنعمل مع الأمم المتحدة"]


def test_label_all_marks_what_is_labelled_and_is_one_undo_step(news):
    from annotator.core.project import Project

    with Project(news) as project:
        n1 = project.documents.by_name("n1").id
        first = TEXT.index("واشنطن")
        project.spans.add(n1, "A", first, first + 6, "GPE")
        preview = search_project(project, "واشنطن")
        assert [h.labelled for h in preview] == [(("A", "GPE"),), (), ()]  # already labelled: marked
        created = label_all(project, "A", preview, "GPE")
        assert len(created) == 2
        spans = [s for d in (n1, 2) for s in project.spans.for_document(d, "A")]
        assert sorted((s.document_id, s.text) for s in spans) == [(1, "واشنطن"), (1, "واشنطن"), (2, "واشنطن")]
        project.history.undo("A")  # the two new ones go, in one step; the earlier span stays
        assert [(s.start, s.label) for d in (n1, 2) for s in project.spans.for_document(d, "A")] == [(first, "GPE")]
        assert label_all(project, "A", search_project(project, "واشنطن")[:1], "GPE") == []


def test_marks_around_a_known_name_are_no_quotation():
    """«نيويورك تايمز» after a reporting verb was suggested as a QUOTE: a name of two words the project
    knows as an entity (labelled in another document, or in the gazetteer) is not a quotation."""
    from annotator.core.arabic import normalize_query

    text = "وقالت صحيفة «نيويورك تايمز» إن المحادثات «ستستأنف الأسبوع المقبل»."
    quotes = quotation_suggestions(text, ["قالت"], [], frozenset({normalize_query("نيويورك تايمز")}))
    assert [text[q["start"] : q["end"]] for q in quotes] == ["ستستأنف الأسبوع المقبل"]
    # without knowing the name it is taken for a quotation: the rule is what tells them apart
    assert len(quotation_suggestions(text, ["قالت"], [])) == 2


def test_a_name_labelled_in_another_document_is_not_suggested_as_a_quotation(tmp_path):
    from annotator.core.project import Project
    from annotator.core.suggestion_sources import compute_suggestions

    with Project(tmp_path / "p.annotator") as project:
        one = project.documents.add("one", "نشرت نيويورك تايمز تقريرا.")
        at = "نشرت نيويورك تايمز تقريرا.".index("نيويورك تايمز")
        project.spans.add(one.id, "A", at, at + len("نيويورك تايمز"), "ORG")
        two = project.documents.add("two", "وقالت صحيفة «نيويورك تايمز» إن الوفد وصل.")
        compute_suggestions(project, "A", sources=("quotation",))
        assert [s for s in project.suggestions.for_document(two.id, "A") if s.label == "QUOTE"] == []
