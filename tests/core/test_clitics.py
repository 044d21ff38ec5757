"""Clitic segmentation: a proclitic is cut only where what remains is a word (core/clitics.py)."""

from pathlib import Path

import pytest

from annotator.core.clitics import cuts
from annotator.core.errors import InputError
from annotator.core.tokens import names_of, tokenize

WORDS = [
    line.strip()
    for line in (Path(__file__).resolve().parents[1] / "data" / "clitic_words.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]


def pieces(text):
    return [text[s:e] for s, e in tokenize(text)]


def test_the_issues_words_stay_whole_and_their_clitic_forms_are_cut_once():
    for word in ("بيروت", "فلسطين", "واشنطن", "وكالة", "لبنان", "بغداد"):
        assert pieces(word) == [word]
    assert pieces("وبيروت لواشنطن وبغداد ولبنان وفلسطين") == [
        "و",
        "بيروت",
        "ل",
        "واشنطن",
        "و",
        "بغداد",
        "و",
        "لبنان",
        "و",
        "فلسطين",
    ]
    assert pieces("وكالة والحكومة بالقاهرة للحكومة وقال") == [
        "وكالة",
        "و",
        "الحكومة",
        "ب",
        "القاهرة",
        "ل",
        "لحكومة",
        "و",
        "قال",
    ]


def test_short_cases_follow_the_closed_lists():
    assert pieces("له بها وفي فإن و2006 لما كما كل بل وهل وتم بليون والده") == [
        "ل",
        "ه",
        "ب",
        "ها",
        "و",
        "في",
        "ف",
        "إن",
        "و",
        "2006",
        "ل",
        "ما",
        "كما",
        "كل",
        "بل",
        "و",
        "هل",
        "و",
        "تم",
        "بليون",
        "والده",
    ]


def test_a_conjunction_before_a_hamza_word_a_bi_article_form_or_lakin_is_cut():
    # news' commonest misses before v5: "and he added" is 3 times commoner than "he added"
    assert pieces("وأضاف وأضافت فإنه فإنها وإيابا وبالتالي ولكن") == [
        *("و", "أضاف", "و", "أضافت", "ف", "إنه", "ف", "إنها", "و", "إيابا"),
        *("و", "ب", "التالي", "و", "لكن"),
    ]
    # words whose first letter is their own, where the remainder is a word too, stay whole
    for word in ("واحد", "وحدة", "وجهات", "وطن", "وعد", "فأر", "بالغ", "وكالة"):
        assert pieces(word) == [word]


def test_at_least_98_percent_of_words_whose_first_letter_is_their_own_stay_whole():
    # The list reaches 99.2%: باسم also reads as ب + اسم ("in the name of"), as common as the whole. A project
    # that labels باسم keeps it whole (names).
    whole = [word for word in WORDS if not cuts(word)]
    assert len(whole) >= 0.98 * len(WORDS), sorted(set(WORDS) - set(whole))


def test_a_word_that_takes_the_article_itself_stays_whole_and_is_cut_after_a_clitic():
    # ال + the whole word is a word (اللجان, البنود, البحيرة, البالغة, الفلكي): no clitic form takes the
    # article in front of its clitic, so the first letter is the word's own, though لجان also reads ل + جان
    for word in ("لجان", "بنود", "بحيرة", "بالغة", "فلكي", "بسام", "بطاقة"):
        assert pieces(word) == [word]
    assert pieces("ولجان ببحيرة وبنود") == ["و", "لجان", "ب", "بحيرة", "و", "بنود"]
    # unless that definite form is rare beside the clitic reading's remainder: الوبيل ("the baneful") is
    # 400 times rarer than بيل, and وبيل كلينتون is "and Bill Clinton"
    assert pieces("وبيل كلينتون") == ["و", "بيل", "كلينتون"]
    # clitic forms stay cut: the article is never written in front of them (no البموجب, الوالحكومة)
    assert pieces("والحكومة بالقاهرة بشكل وقال") == ["و", "الحكومة", "ب", "القاهرة", "ب", "شكل", "و", "قال"]


def test_because_is_one_word_as_in_the_newswire_treebank():
    assert pieces("لأنه لأنها لأن ولأنهم") == ["لأنه", "لأنها", "لأن", "و", "لأنهم"]


def test_at_least_95_percent_of_clitic_forms_are_cut_exactly():
    forms = [
        (clitic + word, expected)
        for word in WORDS
        for clitic, expected in (("و", (1,)), ("ف", (1,)), ("ب", (1,)), ("ل", (1,)), ("وب", (1, 2)))
    ]
    wrong = [(form, cuts(form)) for form, expected in forms if cuts(form) != expected]
    assert len(wrong) <= 0.05 * len(forms), wrong


def test_tashkeel_and_tatweel_go_with_the_clitic_and_do_not_change_the_decision():
    assert pieces("وَبَيروت لـواشنطن بِالقاهرة") == ["وَ", "بَيروت", "لـ", "واشنطن", "بِ", "القاهرة"]


def test_a_pipeline_of_the_retired_letter_rule_tokenizer_is_refused_with_the_fix():
    spacy = pytest.importorskip("spacy")
    with pytest.raises(InputError, match="export the project again and retrain"):
        spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "annotator.arabic_clitics.v1"}}})
    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "annotator.arabic_clitics.v2"}}})
    assert [t.text for t in nlp("وصل لواشنطن")] == ["وصل", "ل", "واشنطن"]


def test_the_projects_names_are_words_whatever_the_list_says():
    names = names_of(["بروس ويليس"])
    assert pieces("وصل بروس") == ["وصل", "ب", "روس"]  # the list reads ب + روس ("Russians")
    text = "وصل بروس ولبروس"
    assert [text[s:e] for s, e in tokenize(text, names=names)] == ["وصل", "بروس", "و", "ل", "بروس"]


def test_a_trained_pipeline_keeps_the_names_its_config_gave_its_tokenizer(tmp_path):
    spacy = pytest.importorskip("spacy")
    config = {"nlp": {"tokenizer": {"@tokenizers": "annotator.arabic_clitics.v2", "names": ["بروس"]}}}
    nlp = spacy.blank("ar", config=config)
    assert [t.text for t in nlp("وصل بروس")] == ["وصل", "بروس"]
    nlp.to_disk(tmp_path / "model")
    assert [t.text for t in spacy.load(tmp_path / "model")("وصل بروس")] == ["وصل", "بروس"]


def test_a_pipeline_saved_under_other_cutting_rules_warns_with_the_fix_when_loaded(tmp_path):
    import warnings

    spacy = pytest.importorskip("spacy")
    srsly = pytest.importorskip("srsly")
    from annotator.core.formats.spacy_tokenizer import OtherRulesWarning

    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "annotator.arabic_clitics.v2"}}})
    nlp.to_disk(tmp_path / "model")
    with warnings.catch_warnings():
        warnings.simplefilter("error", OtherRulesWarning)
        spacy.load(tmp_path / "model")  # the same rules: silent
    saved = tmp_path / "model" / "tokenizer"
    state = srsly.msgpack_loads(saved.read_bytes())
    saved.write_bytes(srsly.msgpack_dumps({**state, "rules": "3 unicode 15.0.0"}))
    with pytest.warns(OtherRulesWarning, match="rules 3 unicode 15.0.0.*export the project again and retrain"):
        spacy.load(tmp_path / "model")
    del state["rules"]  # saved before the rules were recorded
    saved.write_bytes(srsly.msgpack_dumps(state))
    with pytest.warns(OtherRulesWarning, match="rules 4 or older"):
        spacy.load(tmp_path / "model")


def test_exports_take_the_projects_labelled_names_as_words_and_the_spacy_config_carries_them(tmp_path):
    from annotator.cli import main
    from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
    from annotator.core.project import Project

    labelled = "وصل بروس إلى القاهرة."
    unlabelled = "قال بروس ولبروس رأي."  # the name where nobody labelled it: still one token
    name = labelled.index("بروس")
    docs = [
        AnnotatedDocument("a", labelled, {}, [Layer("A", [SpanRecord("T1", name, name + len("بروس"), "PER")])]),
        AnnotatedDocument("b", unlabelled, {}, [Layer("A", [])]),
    ]
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(docs)
    assert (
        main(
            [
                "export",
                str(tmp_path / "p.annotator"),
                "--format",
                "conll",
                "--out",
                str(tmp_path / "o.conll"),
                "--include-unlabelled",
            ]
        )
        == 0
    )
    words = [line.split()[0] for line in (tmp_path / "o.conll").read_text(encoding="utf-8").splitlines() if line]
    assert words.count("بروس") == 3 and "روس" not in words
    spacy = pytest.importorskip("spacy")
    out = tmp_path / "corpus" / "train.spacy"
    out.parent.mkdir()
    assert (
        main(["export", str(tmp_path / "p.annotator"), "--format", "spacy", "--out", str(out), "--include-unlabelled"])
        == 0
    )
    nlp = spacy.util.load_model_from_config(spacy.util.load_config(out.parent / "config.cfg"), auto_fill=True)
    assert [t.text for t in nlp.make_doc(unlabelled)] == ["قال", "بروس", "و", "ل", "بروس", "رأي", "."]


def test_bi_before_a_noun_is_cut_where_the_noun_has_a_definite_form():
    # ب + a noun is how many adverbs are written (السرعة, الشأن, الحلول, الوضوح are words); بيروت has no
    # such reading (اليروت is none) and stays whole.
    assert [cuts(word) for word in ("بسرعة", "بشأن", "بحلول", "بوضوح")] == [(1,)] * 4
    assert cuts("بيروت") == ()


def test_the_word_list_is_wordfreqs_and_releasing_it_lets_it_go():
    import gc
    import weakref

    import wordfreq

    from annotator.core import clitics

    clitics.release_word_list()
    words = clitics._frequencies()
    theirs = wordfreq.get_frequency_dict("ar", "large")
    assert list(words.items()) == list(theirs.items())  # the same words, frequencies and order
    wordfreq.get_frequency_dict.cache_clear()
    wordfreq.get_frequency_list.cache_clear()
    del theirs
    assert clitics.word_list_loaded()
    kept = weakref.ref(words)
    del words
    clitics.release_word_list()
    gc.collect()
    # nothing keeps it (wordfreq's own cache kept what `get_frequency_dict` returned: 110 MB never freed)
    assert kept() is None and not clitics.word_list_loaded()
    assert clitics.is_clitic("و", "الرئيس", "والرئيس")  # and it comes back when a word needs it
