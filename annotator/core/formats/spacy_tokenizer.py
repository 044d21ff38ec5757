"""The spaCy tokenizer of this package, registered as `annotator.arabic_clitics.v1`.

A spaCy pipeline trained on the spaCy export must cut the raw text exactly where the export cut it, or
every entity after a clitic (و+بيروت, ل+واشنطن) is "misaligned" and silently skipped in training. So the
tokenizer is `core.tokens.tokenize` itself, and the export's DocBin is built from the same words and
spaces (`words_and_spaces`), so the two cannot drift apart.

pyproject.toml registers `create_tokenizer` in spaCy's `spacy_tokenizers` entry point group, so a config
with

    [nlp.tokenizer]
    @tokenizers = "annotator.arabic_clitics.v1"

finds it once this package is installed, in `spacy train` and when a trained pipeline is loaded. spaCy is
imported inside the functions: the core imports without it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..tokens import Token, tokenize

NAME = "annotator.arabic_clitics.v1"


def words_and_spaces(text: str, tokens: Sequence[Token]) -> tuple[list[str], list[bool], dict[int, int], dict[int, int]]:
    """spaCy's words and trailing-space flags for tokens of `text`, white space kept as spaCy keeps it: one
    plain space after a word is its flag, any other white space is a token of its own. Also where each
    token starts and ends: character offset -> word index (start), and -> the index after it (end)."""
    words: list[str] = []
    spaces: list[bool] = []
    token_at: dict[int, int] = {}
    token_until: dict[int, int] = {}
    pos = 0
    for start, end in [*tokens, (len(text), len(text))]:
        gap = text[pos:start]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:
            words.append(gap)
            spaces.append(False)
        if start < end:
            token_at[start] = len(words)
            words.append(text[start:end])
            spaces.append(False)
            token_until[end] = len(words)
        pos = end
    return words, spaces, token_at, token_until


class CliticTokenizer:
    """Makes a Doc of `core.tokens` tokens. Stateless: its serialisation (which spaCy calls when it saves
    or loads a pipeline) holds nothing but a format version."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        words, spaces, _, _ = words_and_spaces(text, tokenize(text))
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Any]:
        for text in texts:
            yield self(text)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        import srsly
        return srsly.msgpack_dumps({"tokenizer": NAME})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> CliticTokenizer:
        return self

    def to_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> None:
        from pathlib import Path
        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> CliticTokenizer:
        return self


def create_tokenizer() -> Callable[[Any], CliticTokenizer]:
    """What spaCy's registry calls for `@tokenizers = "annotator.arabic_clitics.v1"`."""
    def make(nlp: Any) -> CliticTokenizer:
        return CliticTokenizer(nlp.vocab)
    return make


def blank_arabic() -> Any:
    """A blank Arabic pipeline with this tokenizer (what the written config.cfg builds)."""
    import spacy
    return spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": NAME}}})
