"""`annotator export --format FMT` for every format, and `annotator import` of other tools' files."""

import json

import pytest
from format_fixtures import with_annotator

from annotator.cli import main
from annotator.core.files import MANIFEST
from annotator.core.formats import jsonl
from annotator.core.project import Project

OUTS = {
    "jsonl": "out.jsonl",
    "conll": "out.conll",
    "spacy": "out.jsonl",
    "hf": "hf",
    "brat": "brat",
    "xmi": "xmi",
    "stance": "stance.csv",
    "quotes": "quotes.jsonl",
}


@pytest.fixture
def project_file(tmp_path, all_docs):
    source = tmp_path / "source.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        jsonl.write_lines(all_docs, handle)
    path = tmp_path / "p.annotator"
    assert main(["import", str(path), str(source)]) == 0
    return path


@pytest.mark.parametrize("fmt", list(OUTS))
def test_export_writes_and_says_what(tmp_path, capsys, project_file, all_docs, fmt):
    capsys.readouterr()
    out = tmp_path / "exports" / OUTS[fmt]
    assert main(["export", str(project_file), "--format", fmt, "--out", str(out)]) == 0
    printed = capsys.readouterr()
    n_spans = sum(len(d.layers[0].spans) for d in all_docs)
    if fmt == "conll":  # counts what it wrote: the entities, not the 6 QUOTE and 6 CUE spans
        n_spans -= 12
    assert f"wrote {out}" in printed.out and f": {len(all_docs)} documents, {n_spans} spans" in printed.out
    assert out.exists()
    expected_files = {
        "hf": {"README.md", "tokens/train.jsonl", "spans/train.jsonl"},
        "brat": {"annotation.conf", "visual.conf", "documents.json"},
        "xmi": {"TypeSystem.xml"},
    }
    if fmt in expected_files:
        files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {MANIFEST}
        assert expected_files[fmt] <= files
        per_doc = {"brat": 2 * len(all_docs), "xmi": len(all_docs)}.get(fmt, 0)
        assert len(files - expected_files[fmt]) == per_doc
    if fmt == "conll":
        assert "annotator: 12 quotation, cue and other non-entity spans" in printed.err
    if fmt == "quotes":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == len(all_docs) and "annotator: 6 rows, one per quotation" in printed.err
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_single_layer_formats_ask_for_one_annotator(tmp_path, capsys, project_file, all_docs):
    other = tmp_path / "b.jsonl"
    with other.open("w", encoding="utf-8") as handle:
        jsonl.write_lines(with_annotator(all_docs[:2], "B"), handle)
    assert main(["import", str(project_file), str(other)]) == 0
    capsys.readouterr()
    out = tmp_path / "x.conll"
    assert main(["export", str(project_file), "--format", "conll", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: conll holds one annotation layer per document") and err.count("\n") == 1
    assert not out.exists()
    assert main(["export", str(project_file), "--format", "conll", "--out", str(out), "--annotator", "B"]) == 0
    printed = capsys.readouterr()
    assert ": 2 documents" in printed.out and "4 documents that the chosen annotators never worked on" in printed.err
    assert (
        main(
            [
                "export",
                str(project_file),
                "--format",
                "conll",
                "--out",
                str(out),
                "--annotator",
                "B",
                "--include-unlabelled",
            ]
        )
        == 0
    )
    assert "4 documents have no annotations in the chosen layer" in capsys.readouterr().err
    assert main(["export", str(project_file), "--format", "stance", "--out", str(tmp_path / "s.csv")]) == 0


@pytest.mark.parametrize("fmt", ["conll", "spacy", "brat", "xmi"])
def test_import_of_other_tools_files(tmp_path, capsys, project_file, all_docs, fmt):
    out = tmp_path / OUTS[fmt]
    assert main(["export", str(project_file), "--format", fmt, "--out", str(out)]) == 0
    target = tmp_path / "new.annotator"
    assert main(["import", str(target), str(out), "--annotator", "C"]) == 0
    assert f"imported {len(all_docs)} new documents" in capsys.readouterr().out
    with Project(target, create=False) as project:
        assert project.annotators.list() == ["C"]
        stats = project.stats()
    expected = {"conll": 254}.get(fmt, sum(len(d.layers[0].spans) for d in all_docs))
    assert stats["spans"] == expected


def test_import_of_a_broken_brat_folder_changes_nothing(tmp_path, capsys, project_file):
    out = tmp_path / "brat"
    assert main(["export", str(project_file), "--format", "brat", "--out", str(out)]) == 0
    ann = sorted(out.glob("*.ann"))[-1]
    ann.write_text(ann.read_text(encoding="utf-8") + "T999\tPER 0 999999\tx\n", encoding="utf-8")
    target = tmp_path / "new.annotator"
    capsys.readouterr()
    assert main(["import", str(target), str(out), "--annotator", "C"]) == 2
    assert "outside the text" in capsys.readouterr().err and not target.exists()


def test_import_format_overrides_the_file_name(tmp_path, capsys, project_file, all_docs):
    """CoNLL files are often called train.txt: --format conll reads them as CoNLL, not as an article."""
    out = tmp_path / "conll-out"
    assert main(["export", str(project_file), "--format", "conll", "--out", str(out / "train.txt")]) == 0
    (out / "dev.iob").write_bytes((out / "train.txt").read_bytes())
    target = tmp_path / "new.annotator"
    capsys.readouterr()
    assert main(["import", str(target), str(out / "train.txt"), "--format", "conll", "--annotator", "C"]) == 0
    assert f"imported {len(all_docs)} new documents" in capsys.readouterr().out
    with Project(target, create=False) as project:
        assert project.stats()["spans"] == 254
    folder = tmp_path / "folder.annotator"
    assert main(["import", str(folder), str(out), "--format", "conll", "--annotator", "C"]) == 0  # both files
    with Project(folder, create=False) as project:
        assert project.documents.count() == 2 * len(all_docs) and project.stats()["spans"] == 2 * 254
    assert main(["import", str(tmp_path / "plain.annotator"), str(out / "train.txt")]) == 0  # no --format: text
    with Project(tmp_path / "plain.annotator", create=False) as project:
        assert project.documents.count() == 1 and project.stats()["spans"] == 0


def test_split_writes_one_conll_file_per_split_the_same_for_the_same_seed(tmp_path, capsys, project_file, all_docs):
    def export(folder, seed):
        out = tmp_path / folder / "news.conll"
        assert (
            main(
                [
                    "export",
                    str(project_file),
                    "--format",
                    "conll",
                    "--out",
                    str(out),
                    "--split",
                    "train=0.5,dev=0.25,test=0.25",
                    "--seed",
                    str(seed),
                ]
            )
            == 0
        )
        return {
            split: (tmp_path / folder / f"news.{split}.conll").read_text(encoding="utf-8")
            for split in ("train", "dev", "test")
        }

    first, again = export("a", 1), export("b", 1)
    assert first == again and not (tmp_path / "a" / "news.conll").exists()
    assert sum(part.count("-DOCSTART-") for part in first.values()) == len(all_docs)
    assert all(part.count("-DOCSTART-") >= 1 for part in first.values())
    assert any(export(f"s{seed}", seed) != first for seed in range(2, 8))


@pytest.mark.parametrize(
    "args, words",
    [
        (["--format", "jsonl", "--split", "train=1"], "--split is for --format conll / spacy / hf"),
        (["--format", "conll", "--split", "train=0.8,dev=0.1"], "add up to 0.9"),
        (["--format", "conll", "--split", "train:0.8"], "NAME=SHARE"),
        (["--format", "conll", "--max-tokens", "5"], "--max-tokens is for --format hf"),
        (["--format", "hf", "--max-tokens", "0"], "positive"),
        (["--format", "quotes", "--with-text"], "--with-text is for --format stance"),
    ],
)
def test_export_options_are_checked(tmp_path, capsys, project_file, args, words):
    assert main(["export", str(project_file), "--out", str(tmp_path / "x"), *args]) == 2
    assert words in capsys.readouterr().err
