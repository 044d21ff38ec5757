"""The export options are described once (core/export_options.py), taken by the formats whose registry entry
names them, offered by the CLI from that description and checked by one core function that the window calls
too (the window's side: tests/gui/test_format_registry.py)."""

from __future__ import annotations

import argparse

import pytest

from annotator.cli import _export_options, build_parser
from annotator.core.errors import InputError
from annotator.core.export_options import CHOICE, FLAG, NUMBER, OPTIONS, SPLIT_SPEC, export_options, offered
from annotator.core.formats.registry import FORMATS, writable
from annotator.core.model import AnnotatedDocument

GIVEN = {SPLIT_SPEC: "train=1", NUMBER: 5, FLAG: True, CHOICE: "train"}


def export_parser() -> argparse.ArgumentParser:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices["export"]


@pytest.fixture
def news(project):
    project.import_documents(
        [AnnotatedDocument(f"news-{i}", f"قال المتحدث إن الاجتماع رقم {i} كان مثمرا.") for i in range(12)]
    )
    return project


def test_every_option_of_the_registry_is_described_once():
    named = set().union(*(fmt.options for fmt in FORMATS.values()))
    assert sorted(o.name for o in OPTIONS if o.of is None) == sorted(named)
    assert len({o.name for o in OPTIONS}) == len({o.flag for o in OPTIONS}) == len(OPTIONS)
    assert all(o.of in named for o in OPTIONS if o.of is not None)
    assert all(o.label and o.help for o in OPTIONS)


def test_the_export_parser_offers_each_described_option_naming_the_formats_that_take_it():
    actions = {a.option_strings[0]: a for a in export_parser()._actions if a.option_strings}
    for option in OPTIONS:
        action = actions[option.flag]
        assert action.dest == option.name and action.default == option.default
        assert (list(action.choices) if action.choices else []) == list(option.choices)
        if option.of is None:
            assert action.help.startswith(
                ", ".join(FORMATS[f].name for f in writable() if option.name in FORMATS[f].options)
            )
    assert [o.name for o in offered("hf")] == ["split", "seed", "include_unlabelled", "max_tokens"]
    assert [o.name for o in offered("spacy")] == ["split", "seed", "include_unlabelled", "role"]
    assert offered("jsonl") == [] and [o.name for o in offered("stance")] == ["with_text"]


@pytest.mark.parametrize("fmt", writable())
def test_each_format_takes_exactly_the_options_its_registry_entry_names(news, fmt):
    for option in OPTIONS:
        if option.of is not None:
            continue
        values = {option.name: GIVEN[option.kind]}
        if option.name in FORMATS[fmt].options:
            export_options(news, fmt, values)
        else:
            with pytest.raises(InputError, match=f"^{option.flag} is for --format .*, not {fmt}$"):
                export_options(news, fmt, values)


def test_the_cli_and_the_window_get_the_same_options_from_the_same_values(news):
    args = export_parser().parse_args(
        [
            str(news.path),
            "--format",
            "hf",
            "--out",
            "x",
            "--split",
            "a=0.5,b=0.5",
            "--seed",
            "3",
            "--max-tokens",
            "40",
            "--include-unlabelled",
            "--docs",
            "news-1",
            "news-2",
            "news-3",
        ]
    )
    args.format = "hf"  # the subparser alone: the top parser's defaults are not needed here
    from_cli = _export_options(args, news)
    from_window = export_options(
        news,
        "hf",
        {"split": "a=0.5,b=0.5", "seed": 3, "max_tokens": 40, "include_unlabelled": True},
        document_names=["news-1", "news-2", "news-3"],
    )
    assert from_cli == from_window
    assert sorted(from_window.split_of) == ["news-1", "news-2", "news-3"] and from_window.split_names == ["a", "b"]
    assert export_options(news, "hf", {}) == export_options(news, "hf", {"split": "", "max_tokens": None})


@pytest.mark.parametrize(
    "values, words",
    [
        ({"split": "train=0.8,dev=0.1"}, "--split 'train=0.8,dev=0.1': the shares add up to 0.9, not 1"),
        ({"split": "train:0.8"}, "--split 'train:0.8': write NAME=SHARE pairs"),
        ({"max_tokens": 0}, "--max-tokens must be a positive number of tokens"),
        ({"role": "validation"}, "--as 'validation': the role of a spaCy file is one of train, dev, test"),
    ],
)
def test_a_bad_value_is_refused_in_one_line_naming_the_flag(news, values, words):
    fmt = "hf" if "max_tokens" in values else "spacy"
    with pytest.raises(InputError) as info:
        export_options(news, fmt, values)
    assert str(info.value).startswith(words) and "\n" not in str(info.value)
