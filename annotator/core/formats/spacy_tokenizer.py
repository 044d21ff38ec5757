"""The spaCy tokenizer of this package, registered as `annotator.arabic_clitics.v2`.

A spaCy pipeline trained on the spaCy export must cut the raw text exactly where the export cut it, or
every entity after a clitic (و+بيروت, ل+واشنطن) is "misaligned" and silently skipped in training. So the
tokenizer is `core.tokens.tokenize` itself, and the export's DocBin is built from the same words and
spaces (`words_and_spaces`), so the two cannot drift apart.

pyproject.toml registers `create_tokenizer` in spaCy's `spacy_tokenizers` entry point group, so a config
with

    [nlp.tokenizer]
    @tokenizers = "annotator.arabic_clitics.v2"

finds it once this package is installed, in `spacy train` and when a trained pipeline is loaded. spaCy is
imported inside the functions: the core imports without it.

v1 was the letter rule that cut every ب ل و ف ك before three letters (بيروت as ب يروت). A pipeline
trained with it expects those pieces; this package no longer makes them, so loading one refuses with
the fix (export again and retrain) rather than feeding it tokens it never saw.

The cutting rules change between versions of this package (core/tokens.py VERSION, with the Unicode
database they class characters by): a pipeline keeps the fingerprint of the rules it was trained with,
and loading it under other rules warns once, naming the fix, since it would now see some words cut where
its training text was not (or the reverse) — small drift, not refused, but never silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..tokens import Token, fingerprint, tokenize

NAME = "annotator.arabic_clitics.v2"
RETIRED_NAME = "annotator.arabic_clitics.v1"


def words_and_spaces(
    text: str, tokens: Sequence[Token]
) -> tuple[list[str], list[bool], dict[int, int], dict[int, int]]:
    """spaCy's words and trailing-space flags for tokens of `text`, white space kept as spaCy keeps it: one
    plain space after a word is its flag, any other white space is a token of its own. Also where each
    token starts and ends: character offset -> word index (start), and -> the index after it (end).

    Built list by list rather than token by token (it runs for every token of an export): the words of
    the tokens, the gap before each token and after the last, and the few gaps that become words."""
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    piece = text.__getitem__
    token_words = list(map(piece, map(slice, starts, ends)))
    gaps = list(map(piece, map(slice, [0, *ends], [*starts, len(text)])))  # gaps[i]: before token i
    flags = [gap == " " for gap in gaps[1:]]  # token i is followed by one plain space
    odd = [i for i, gap in enumerate(gaps) if gap and (gap != " " or i == 0)]  # gaps that are words
    words: list[str] = []
    spaces: list[bool] = []
    index: list[int] = []  # the word index of each token
    done = 0
    for i in [*odd, None]:
        stop = len(tokens) if i is None else i
        index.extend(range(len(words), len(words) + stop - done))
        words.extend(token_words[done:stop])
        spaces.extend(flags[done:stop])
        done = stop
        if i is not None:
            words.append(gaps[i])
            spaces.append(False)
    return words, spaces, dict(zip(starts, index, strict=False)), dict(zip(ends, [k + 1 for k in index], strict=False))


class CliticTokenizer:
    """Makes a Doc of `core.tokens` tokens. Its one state is the project's names (words of its labelled
    entities, which core.clitics takes as words), given by the config and kept in its serialisation, so
    a trained pipeline cuts new text as the export cut its training text."""

    def __init__(self, vocab: Any, names: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.names = frozenset(names)

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        words, spaces, _, _ = words_and_spaces(text, tokenize(text, names=self.names))
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Any]:
        for text in texts:
            yield self(text)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        import srsly

        state = {"tokenizer": NAME, "names": sorted(self.names), "rules": fingerprint()}
        data: bytes = srsly.msgpack_dumps(state)
        return data

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> CliticTokenizer:
        import srsly

        state = srsly.msgpack_loads(data)
        self.names = frozenset(state.get("names", ()))
        warn_if_other_rules(state.get("rules"))
        return self

    def to_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> None:
        from pathlib import Path

        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> CliticTokenizer:
        from pathlib import Path

        return self.from_bytes(Path(path).read_bytes())


class OtherRulesWarning(UserWarning):
    """A pipeline trained with other cutting rules than this package's."""


def warn_if_other_rules(trained_with: str | None) -> None:
    """Warn when a pipeline's tokenizer was saved under other cutting rules (None: saved before the
    rules were recorded, by the v4 rules' predecessors or by them)."""
    if trained_with == fingerprint():
        return
    import warnings

    warnings.warn(
        f"this spaCy pipeline was trained with clitic rules {trained_with or '4 or older'}; this annotator "
        f"cuts with rules {fingerprint()}, so some words are cut differently from its training text: export the "
        "project again and retrain the pipeline",
        OtherRulesWarning,
        stacklevel=2,
    )


def create_tokenizer(names: list[str] | None = None) -> Callable[[Any], CliticTokenizer]:
    """What spaCy's registry calls for `@tokenizers = "annotator.arabic_clitics.v2"` (with the config's
    `names = [...]`, the project's names that the export wrote)."""

    def make(nlp: Any) -> CliticTokenizer:
        return CliticTokenizer(nlp.vocab, names or ())

    return make


def refuse_retired_tokenizer() -> Callable[[Any], CliticTokenizer]:
    """What spaCy's registry calls for the retired v1 name: a clear refusal, not other tokens."""
    from ..errors import InputError

    raise InputError(
        f"this spaCy pipeline was trained with {RETIRED_NAME}, which cut names after their first "
        f"letter (بيروت as ب يروت); this annotator tokenizes with {NAME}: export the project "
        "again and retrain the pipeline"
    )
