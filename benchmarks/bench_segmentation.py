"""How well the tokenizer cuts Arabic proclitics, against a gold segmentation of news text.

    python benchmarks/bench_segmentation.py --conllu ar_padt-ud-test.conllu [--conllu ar_pud-ud-test.conllu]
    python benchmarks/bench_segmentation.py --padt-ud1 ar-ud-test.conllu    # PADT as UD 1.3 released it
    python benchmarks/bench_segmentation.py --words tests/data/clitic_words.txt

A CoNLL-U file gives the gold cuts: a multi-word token (PADT: `4-5 وللحكومة`) or words written without
a space between them (PUD: `SpaceAfter=No`) form one written word, and each leading syntactic word that
is a single ب ل و ف ك is a proclitic, cut after it. Only proclitic cuts are scored (this tokenizer keeps
suffixes such as the pronoun in كتابه on their word). The treebanks' licences keep them out of the
repository: pass their paths. `--half first|second` scores one half of the written words (PUD's factors
were chosen on the first half). Reported, now and for the letter rule this package used before ("a
clitic letter before three letters is a clitic"):

- precision, recall and F1 of the proclitic cuts;
- of words that begin with a clitic letter but have no proclitic (4 letters or more), the share kept whole;
- of clitic + word forms whose remainder has 3 letters or more, the share cut exactly;
- the same with the file's proper nouns (UPOS PROPN) given as the project's names, as an export of a
  project whose entities are labelled passes them (`clitics.cuts(word, names)`).

`--words FILE` scores a list of words whose first letter is their own: kept whole, and each cut exactly
once after و ف ب ل and وب written onto it.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from padt_ud1 import as_multiword_conllu  # noqa: E402

from annotator.core.clitics import CLITIC_LETTERS, CONJUNCTIONS, PREPOSITIONS, cuts  # noqa: E402

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]")
_WORD = re.compile(r"\w+")


def bare(text: str) -> str:
    return _MARKS.sub("", text)


def letter_rule(word: str) -> tuple[int, ...]:
    """The rule before clitics.py: a conjunction, then a preposition, each cut when 3 letters follow."""
    out: list[int] = []
    at = 0
    if word[:1] in CONJUNCTIONS and len(word) - 1 >= 3:
        at = 1
        out.append(1)
    if word[at : at + 1] in PREPOSITIONS and len(word) - at - 1 >= 3:
        out.append(at + 1)
    return tuple(out)


def written_words(path: Path) -> list[tuple[str, tuple[int, ...]]]:
    """(written word in bare letters, its gold proclitic cuts) for each word of the file."""
    out: list[tuple[str, tuple[int, ...]]] = []
    group: list[str] = []  # the syntactic words written together so far
    skip = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            if group:
                out.extend(_words_of(group))
                group = []
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue
        if "-" in cols[0]:  # a multi-word token: its parts follow; the space after it is on this line
            first, last = map(int, cols[0].split("-"))
            skip = last - first + 1
            parts: list[str] = []
            written = bare(cols[1])
            nospace = "SpaceAfter=No" in cols[9]
            continue
        if skip:
            parts.append(cols[1])
            skip -= 1
            if skip:
                continue
            group.extend(_as_written(parts, written))
        else:
            group.append(cols[1])
            nospace = "SpaceAfter=No" in cols[9]
        if not nospace:
            out.extend(_words_of(group))
            group = []
    if group:
        out.extend(_words_of(group))
    return out


def _as_written(parts: list[str], written: str) -> list[str]:
    """A multi-word token's parts as it is written: ل before ال drops the alef (للحكومة), a pronoun after ة
    writes it ت (حكومته). The leading proclitics are kept and the rest is the written form's."""
    if "".join(bare(p) for p in parts) == written:
        return parts
    lead = 0
    while lead < len(parts) - 1 and len(bare(parts[lead])) == 1 and bare(parts[lead]) in CLITIC_LETTERS:
        lead += 1
    return [*parts[:lead], written[lead:]]


def propn_names(path: Path) -> frozenset[str]:
    """The syntactic words tagged PROPN, in bare letters: the names a labelled project would know."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 3 and cols[0].isdigit() and cols[3] == "PROPN":
            names.add(bare(cols[1]))
    return frozenset(names)


def _words_of(group: list[str]) -> list[tuple[str, tuple[int, ...]]]:
    # Runs of word parts written together; punctuation in between ends a run (the tokenizer cuts it anyway).
    out = []
    run: list[str] = []
    for part in [*group, "."]:
        if _WORD.fullmatch(bare(part)):
            run.append(bare(part))
            continue
        if run:
            gold: list[int] = []
            for piece in run[:-1]:
                if len(piece) == 1 and piece in CLITIC_LETTERS:
                    gold.append(len(gold) + 1)
                else:
                    break
            out.append(("".join(run), tuple(gold)))
        run = []
    return out


def score(words: list[tuple[str, tuple[int, ...]]], segment) -> dict[str, float]:
    tp = fp = fn = whole = whole_ok = forms = forms_ok = 0
    for word, gold in words:
        if len(word) < 2:
            continue
        found = set(segment(word))
        tp += len(found & set(gold))
        fp += len(found - set(gold))
        fn += len(set(gold) - found)
        if not gold and word[0] in CLITIC_LETTERS and len(word) >= 4:
            whole += 1
            whole_ok += not found
        if gold and len(word) - gold[-1] >= 3:
            forms += 1
            forms_ok += found == set(gold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "cuts": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "kept whole": whole_ok / whole if whole else 0.0,
        "whole words": whole,
        "cut exactly": forms_ok / forms if forms else 0.0,
        "clitic forms": forms,
    }


def word_list(path: Path, segment) -> dict[str, float]:
    words = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    whole = sum(not segment(w) for w in words)
    forms = [
        (c + w, want) for w in words for c, want in (("و", (1,)), ("ف", (1,)), ("ب", (1,)), ("ل", (1,)), ("وب", (1, 2)))
    ]
    exact = sum(tuple(segment(f)) == want for f, want in forms)
    return {
        "words": len(words),
        "kept whole": whole / len(words),
        "clitic forms": len(forms),
        "cut exactly": exact / len(forms),
    }


def show(name: str, figures: dict[str, float]) -> None:
    print(
        f"  {name:<12}" + "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conllu", type=Path, action="append", default=[], help="a gold CoNLL-U file")
    parser.add_argument(
        "--padt-ud1", type=Path, action="append", default=[], help="PADT as UD 1.3 released it (benchmarks/padt_ud1.py)"
    )
    parser.add_argument("--half", choices=["first", "second"], help="score one half of each file's words")
    parser.add_argument("--words", type=Path, help="a list of words whose first letter is their own")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rebuilt = [as_multiword_conllu(path, Path(folder) / path.name) for path in args.padt_ud1]
        report(args, [*args.conllu, *rebuilt])


def report(args: argparse.Namespace, paths: list[Path]) -> None:
    for path in paths:
        words = written_words(path)
        if args.half:
            middle = len(words) // 2
            words = words[:middle] if args.half == "first" else words[middle:]
        print(f"{path.name}{' (' + args.half + ' half)' if args.half else ''}: {len(words)} written words")
        show("now", score(words, cuts))
        names = propn_names(path)
        show("+ names", score(words, functools.partial(cuts, names=names)))
        show("letter rule", score(words, letter_rule))
    if args.words:
        print(f"{args.words}:")
        show("now", word_list(args.words, cuts))
        show("letter rule", word_list(args.words, letter_rule))


if __name__ == "__main__":
    main()
