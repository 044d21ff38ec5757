"""Exported files and folders follow the umask (not mkstemp's 0600 / mkdtemp's 0700)."""

import os
import stat

import pytest

from annotator.core.files import current_umask
from annotator.core.formats.registry import FORMATS

OUTS = {
    "jsonl": "out.jsonl",
    "conll": "out.conll",
    "spacy": "sp/out.spacy",
    "hf": "hf",
    "brat": "brat",
    "xmi": "xmi",
    "stance": "stance.csv",
    "quotes": "quotes.jsonl",
}


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o027])
@pytest.mark.parametrize("fmt", list(OUTS))
def test_every_export_follows_the_umask(tmp_path, corpus, schema, umask, fmt, mask):
    umask(mask)
    assert current_umask() == mask
    result = FORMATS[fmt].write(corpus, schema, tmp_path / OUTS[fmt])
    written = [p for path in result.paths for p in [tmp_path / path, *(tmp_path / path).rglob("*")]]
    assert written
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o777 if path.is_dir() else 0o666) & ~mask, (path, oct(mode))
