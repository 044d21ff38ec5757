"""Whether the first letters of an Arabic word are proclitics that stand alone as tokens.

A word that begins with و / ف (conjunctions) or ب / ل / ك (prepositions) is either that clitic and a
word (وبيروت = و + بيروت, للحكومة = ل + الحكومة) or a word whose first letter is its own (بيروت, فلسطين,
واشنطن, وكالة, لبنان). A letter rule cannot tell them apart; word frequencies can: بيروت is common and
"يروت" is no word, while الحكومة is far more common than والحكومة. So a clitic is cut when what would remain is
a word at least about as common as the whole (wordfreq's Arabic list: web, news, subtitles and Wikipedia
text, shipped inside the package, never downloaded):

- before the article (و+الحكومة, ب+القاهرة, ل+اللجنة written للجنة): unless the whole is 100 times
  more common than the remainder;
- otherwise when remainder × FACTOR[clitic] ≥ whole: و ب ل 1, ف 0.1 and ك 0.03 (ف and ك begin many
  words: فكرة, كبير, so the remainder must be 10 and 33 times more common); ب and ل before a common word
  (frequency 1e-4 or more) are cut while the whole is at most 10 times more common (بشكل, بسبب, لمدة:
  fixed phrases written as one word); ب before a rarer remainder is cut when that remainder is a noun, its
  definite form in the list (بسرعة: السرعة; بوضوح: الوضوح), and a remainder without one (a name's piece:
  يونغ of بيونغ) must be 4 times the whole;
- و and ف are cut before a word that begins with a hamza on alif (وأضاف, فإنه, وإيابا: hardly a word
  begins with و or ف and then ء) while the whole is at most 10 times more common, before ب and the article
  when ب + the rest reads as a clitic form itself (وبالتالي = و + ب + التالي), and before لكن;
- a word that takes the article itself stays whole: ال + the whole word is in the list at least a tenth as
  often as the word (اللجان, البنود, البحيرة, البالغة: لجان, بنود, بحيرة, بالغة are words, not ل + جان), for
  no clitic form takes the article in front of its clitic, and at least a hundredth as often as the clitic
  reading's remainder (وبيل كلينتون is و + بيل, though الوبيل "the baneful" is in the list);
- closed lists decide the short cases: a preposition before a pronoun suffix (له، بها، لهم), a clitic
  (not ك) before a two-letter function word (وفي، ومن، فإن، وهل، وتم), any clitic before digits (و2006);
  كما, لأن ("because", one word in PADT) and the number word بليون stay whole.

The factors were chosen on the first half of a gold segmentation of news text (UD Arabic-PUD: its
syntactic words give the cuts; the data stays out of this package), on the development file of the
Prague Arabic Dependency Treebank's newswire (UD 1.3 Arabic) and on tests/data/clitic_words.txt
(names stay whole: ب and ل at 3 cut بكين, بسام, ليون), and measured on PUD's other half and PADT's test file:
`benchmarks/bench_segmentation.py` reports the figures and docs/benchmarks.md gives them. The decision depends on
the word alone, so a word is cut the same way in every text, export and spaCy run.

The project's names come first (`names`): the words of its labelled entities are words, so a name the
list lacks or misreads (بلينكن, newer than the list) stays whole and is cut after a clitic (لبلينكن).
Exports pass the names of the documents they write, and the spaCy config carries them to the tokenizer.

Fallback for words the list does not hold (names, mostly): an unknown remainder is no word, so the
word stays whole, except after و when the whole is unknown too (و + a rare name is likelier than a rare
name that starts with و); an unknown whole before a known remainder is cut; the article and digit rules
hold.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

CONJUNCTIONS = "وف"
PREPOSITIONS = "بلك"
CLITIC_LETTERS = CONJUNCTIONS + PREPOSITIONS
# Two-letter words a clitic is often written onto (وفي، ومن، فإن، بما): too short for frequencies alone.
SHORT_FUNCTION_WORDS = frozenset(
    [
        "من",
        "في",
        "قد",
        "لا",
        "ما",
        "لم",
        "لن",
        "ان",
        "أن",
        "إن",
        "عن",
        "هو",
        "هي",
        "هم",
        "مع",
        "لو",
        "أو",
        "او",
        "إذ",
        "اذ",
        "كل",
        "هل",  # وهل، فهل
        "تم",  # وتم (news: "and it was done")
        "أي",
        "اي",
    ]
)
# Pronoun suffixes a preposition carries (له، بها، لهم): the preposition is a word of its own.
PRONOUN_SUFFIXES = frozenset(["ه", "ها", "هم", "هما", "هن", "نا", "ك", "كم", "كما"])
# "as": one word, though ما follows a clitic letter (both treebanks keep كما whole and cut لما: ل + ما); the
# number word "billion", whose remainder ليون (Lyon, Leon) is a name more common than it
# "because" (لأن and its pronoun forms) is one word in PADT, the newswire treebank this is measured on (PUD
# cuts it: ل + أن); no name hides in it either way.
ALWAYS_WHOLE = frozenset(
    ("كما", "بليون", "بليونا", "بلايين")
    + ("لأن", "لأنه", "لأنها", "لأنهم", "لأنهما", "لأنهن", "لأننا", "لأني", "لأنني", "لأنك", "لأنكم")
    + ("لان", "لانه", "لانها", "لانهم")
)
_ARTICLE = "ال"
# Cut when remainder frequency × FACTOR[clitic] >= the whole's (see the module's text).
FACTOR = {"و": 1.0, "ف": 0.1, "ب": 1.0, "ل": 1.0, "ك": 0.03}
ARTICLE_FACTOR = 100.0  # 1,000 cut والده (his father) as و + "الده", a misspelling the list holds
# A word whose definite form (ال + the whole word: اللجان, البنود, الفلكي) is at least a tenth as common as
# itself stays whole: a clitic form never takes the article in front of its clitic (no البموجب, الوالحكومة).
DEFINITE_WHOLE_FACTOR = 10.0
DEFINITE_REST_FACTOR = 100.0
# ب and ل are written onto common words so often that the whole is common too (بشكل, بسبب, لمدة): before
# a remainder this common, the whole may be up to COMMON_FACTOR times more common and still be a clitic form.
COMMON = 1e-4
COMMON_FACTOR = 10.0
RARE = 1e-8  # a remainder rarer than this is noise in the list, not a word
# ب before a remainder whose definite form is a word (see _reads_as_bi): cut while the whole is at most 10
# times the remainder and 30 times its definite form; a remainder without a definite form must be 4 times the whole.
BI_NOUN_FACTOR = 10.0
BI_DEFINITE_FACTOR = 30.0
BI_BARE_FACTOR = 4.0
# و / ف before a word that begins with a hamza on alif: the remainder needs only be a word up to this many
# times rarer than the whole (in news وأضاف is 3 times أضاف, "and he added" more common than "he added").
HAMZA_FACTOR = 10.0
_HAMZA_ALIFS = "أإآ"
AFTER_CONJUNCTION = frozenset(("لكن", "لكنه", "لكنها", "لكنهم"))  # ولكن: both treebanks cut it


class _WordList(dict[str, float]):
    """Word -> frequency (a dict that can be weakly referenced: tests see it let go)."""

    __slots__ = ("__weakref__",)


@lru_cache(maxsize=1)
def _frequencies() -> _WordList:
    # Loaded on the first word that needs it (0.3 s, the one cost of the lexicon), never at import. Read from
    # wordfreq's file here rather than by `get_frequency_dict`, which keeps what it returns for the life of
    # the process (`release_word_list` could not let it go: 110 MB), and without importing wordfreq, whose
    # tokenizers, ftfy and langcodes took 0.1 s more. The same words, frequencies and order (its
    # `read_cBpack` and `cB_to_freq`, checked against it by tests/core/test_clitics.py), a bucket at a time in C.
    import gzip
    import importlib.util

    import msgpack

    spec = importlib.util.find_spec("wordfreq")  # (finds the package without importing it)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordfreq is not installed: reinstall annotator (pip install -e .)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "large_ar.msgpack.gz"
    with gzip.open(path, "rb") as packed:
        header, *buckets = msgpack.load(packed, raw=False)
    if header != {"format": "cB", "version": 1}:
        raise ImportError(f"{path}: not the word list format this annotator reads ({header!r})")
    words = _WordList()
    for index, bucket in enumerate(buckets):  # bucket k: the words of frequency 10 ** (-k / 100)
        if bucket:
            words.update(dict.fromkeys(bucket, 10 ** (-index / 100)))
    return words


def word_list_loaded() -> bool:
    return _frequencies.cache_info().currsize > 0


def release_word_list() -> None:
    """Let the word list go (about 110 MB); it is loaded again on the next word that needs it."""
    _frequencies.cache_clear()


def is_clitic(clitic: str, rest: str, whole: str) -> bool:
    """Whether `whole` (bare letters) reads as `clitic` + `rest`."""
    if whole in ALWAYS_WHOLE:
        return False
    if rest[:1].isdigit():
        return True
    if clitic in "بل" and rest in PRONOUN_SUFFIXES:
        return True
    if len(rest) < 3:
        return len(rest) == 2 and clitic != "ك" and rest in SHORT_FUNCTION_WORDS
    freq = _frequencies().get
    f_whole = freq(whole, 0.0)
    f_rest = freq(rest, 0.0)
    if _takes_the_article(freq(_ARTICLE + whole, 0.0), f_whole, f_rest):
        return False
    if clitic in CONJUNCTIONS and _conjunction_before_a_clear_word(rest, f_rest, f_whole):
        return True
    contracted = clitic == "ل" and rest.startswith("ل")  # ل + ال is written لل: للحكومة is ل + الحكومة
    if contracted:
        f_rest = max(f_rest, freq("ا" + rest, 0.0))
    if clitic == "و" and f_whole == 0 and f_rest == 0:  # a name the list lacks after "and", mostly (ومليدريد)
        return True
    if contracted or (len(rest) >= 4 and rest.startswith(_ARTICLE)):
        return f_whole == 0 or f_rest * ARTICLE_FACTOR >= f_whole
    if clitic in "بل" and f_rest >= COMMON:
        return f_rest * COMMON_FACTOR >= f_whole
    if f_rest < RARE:
        return False
    if clitic == "ب":
        return _reads_as_bi(f_rest, freq(_ARTICLE + rest, 0.0), f_whole)
    return f_rest * FACTOR[clitic] >= f_whole


def _conjunction_before_a_clear_word(rest: str, f_rest: float, f_whole: float) -> bool:
    # What a conjunction is written onto where frequencies alone hesitate: a hamza-initial word (no root
    # begins و ء or ف ء but a handful: وأد), a ب + article form, لكن. Measured on PADT's development file and
    # PUD's first half: 103 more words cut right, none wrong (benchmarks/bench_segmentation.py).
    if rest[0] in _HAMZA_ALIFS:
        return f_rest >= RARE and f_rest * HAMZA_FACTOR >= f_whole
    if rest in AFTER_CONJUNCTION:
        return True
    return len(rest) >= 4 and rest.startswith("ب" + _ARTICLE) and is_clitic("ب", rest[1:], rest)


def _takes_the_article(f_definite_whole: float, f_whole: float, f_rest: float) -> bool:
    # ال + the whole word is a word, and not a rare one beside the clitic reading's remainder: the definite
    # form of a rare word can be noise of the list, or another word (الوبيل "the baneful" beside وبيل, "and
    # Bill", whose بيل is 400 times more common)
    return (
        f_definite_whole >= RARE
        and f_definite_whole * DEFINITE_WHOLE_FACTOR >= f_whole
        and f_definite_whole * DEFINITE_REST_FACTOR >= f_rest
    )


def _reads_as_bi(f_rest: float, f_definite: float, f_whole: float) -> bool:
    # ب + a noun is how Arabic writes many adverbs (بسرعة, بوضوح, بشأن): the whole is about as common as the
    # noun, so the noun's definite form (السرعة) is the evidence that the remainder is a word. A remainder
    # with no definite form in the list is a name or a piece (يونغ of بيونغ) and must be clearly commoner.
    if f_definite > 0:
        return f_rest >= f_whole or (f_rest * BI_NOUN_FACTOR >= f_whole and f_definite * BI_DEFINITE_FACTOR >= f_whole)
    return f_rest >= f_whole * BI_BARE_FACTOR


NO_NAMES: frozenset[str] = frozenset()


def _reads_as_clitic(clitic: str, rest: str, whole: str, names: frozenset[str]) -> bool:
    # The project's own names outrank the list: a labelled name is a word (بلينكن stays whole, and
    # لبلينكن is ل + بلينكن), whatever the list says of it.
    if names:
        if whole in names:
            return False
        if rest in names or (clitic == "ل" and "ا" + rest in names):
            return True
    return is_clitic(clitic, rest, whole)


@lru_cache(maxsize=200_000)
def cuts(bare: str, names: frozenset[str] = NO_NAMES) -> tuple[int, ...]:
    """Where the proclitics of a word (bare letters: no tashkeel, tatweel or format characters) end: a
    conjunction at the start, then a preposition at the start or after it. () when none stands alone.
    `names`: words of the project's labelled entities (bare), which are words whatever the list says."""
    out: list[int] = []
    at = 0
    if bare[:1] in CONJUNCTIONS and len(bare) >= 3 and _reads_as_clitic(bare[0], bare[1:], bare, names):
        at = 1
        out.append(1)
    rest = bare[at:]
    if rest[:1] in PREPOSITIONS and len(rest) >= 2 and _reads_as_clitic(rest[0], rest[1:], rest, names):
        out.append(at + 1)
    return tuple(out)
