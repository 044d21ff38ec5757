"""Written words from the Prague Arabic Dependency Treebank as UD 1.3 released it (UD_Arabic 1.3: AFP, Ummah and
other newswire), for benchmarks/bench_segmentation.py.

That release has syntactic words only: no multi-word tokens, no SpaceAfter. Arabic writes a one-letter
proclitic (و ف ب ل ك, and the future marker س) onto the word after it and a pronoun suffix onto the word before,
always, so the written words are rebuilt so: a CONJ/ADP/PART/SCONJ token that is one of those letters joins
the next Arabic word; a personal pronoun in the genitive or accusative (XPOS SP, case 2 or 4: -ه، -ها، -هم)
joins the previous one. Spelling at the joins: ل before ال drops the alef (للحكومة), ة before a suffix is
written ت (حكومته), ى is written ي after a preposition (عليه) and ا otherwise (مستواه). Tokens the treebank did
not analyse (XPOS U---------, repeated as they stand) have no gold cut and are left out. The result is the
CoNLL-U with multi-word tokens that `written_words` reads. The treebank's licence (CC BY-NC-SA) keeps it out of
the repository: pass its path (`--padt-ud1 ar-ud-test.conllu`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC = re.compile("[\u0621-\u064a]")
PROCLITICS = frozenset("وفبلكس")
UNANALYSED = "U---------"


def _bare(text: str) -> str:
    return _MARKS.sub("", text)


def _sentences(path: Path) -> Iterator[list[list[str]]]:
    sentence: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            if sentence:
                yield sentence
            sentence = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                sentence.append(cols)
    if sentence:
        yield sentence


def _proclitic(cols: list[str]) -> bool:
    return _bare(cols[1]) in PROCLITICS and cols[3] in {"CONJ", "ADP", "PART", "SCONJ"}


def _suffix(cols: list[str]) -> bool:
    return cols[3] == "PRON" and cols[4].startswith("SP") and len(cols[4]) > 8 and cols[4][8] in "24"


def _written(group: list[list[str]]) -> str:
    out = ""
    for k, cols in enumerate(group):
        word = _bare(cols[1])
        if k and _suffix(cols):
            if out.endswith("ة"):
                out = out[:-1] + "ت"
            elif out.endswith("ى"):
                out = out[:-1] + ("ي" if group[k - 1][3] == "ADP" else "ا")
        if k and _bare(group[k - 1][1]) == "ل" and _proclitic(group[k - 1]) and word.startswith("ال"):
            word = word[1:]
        out += word
    return out


def _groups(sentence: list[list[str]]) -> list[list[list[str]]]:
    groups: list[list[list[str]]] = []
    current: list[list[str]] = []
    for k, cols in enumerate(sentence):
        if cols[4] == UNANALYSED:
            if current:
                groups.append(current)
            current = []
            continue
        joins = _suffix(cols) or (_proclitic(sentence[k - 1]) and _ARABIC.match(_bare(cols[1]) or " "))
        if current and joins:
            current.append(cols)
        else:
            if current:
                groups.append(current)
            current = [cols]
    if current:
        groups.append(current)
    return groups


def as_multiword_conllu(path: Path, out: Path) -> Path:
    """Write `path` (UD 1.3 Arabic) to `out` as CoNLL-U with a multi-word token line per written word."""
    lines: list[str] = []
    for sentence in _sentences(path):
        n = 0
        for group in _groups(sentence):
            if len(group) > 1:
                lines.append(f"{n + 1}-{n + len(group)}\t{_written(group)}" + "\t_" * 8)
            for cols in group:
                n += 1
                lines.append("\t".join([str(n), _bare(cols[1]), *cols[2:]]))
        lines.append("")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
