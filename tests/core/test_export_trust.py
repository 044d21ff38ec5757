"""Exports that must not silently give the wrong rows (issue 23, section 2): a Hugging Face folder loads its
own rows, unlabelled documents stay out of training data, config.cfg names only files exported for a role,
splits never move a document when others are added, label ids do not follow a project's label order, a
split that cannot be honoured is refused, and tables keep an exact twin of their formula-escaped CSV."""

import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from annotator.cli import main
from annotator.core.formats.registry import FORMATS
from annotator.core.formats.splits import assign_splits
from annotator.core.model import ENTITY, AnnotatedDocument, LabelDef, Layer, Schema, SpanRecord, default_schema
from annotator.core.project import Project
from annotator.core.values import sha256

NAMES = {"بايدن": "PER", "واشنطن": "GPE", "الأمم المتحدة": "ORG"}


def news(i: int, annotator: str | None = "A", prefix: str = "") -> AnnotatedDocument:
    """One sentence with a person, a place and an organisation, annotated by `annotator` (None: not at all)."""
    text = f"{prefix}قال بايدن في واشنطن أمام الأمم المتحدة إن الاجتماع رقم {i} كان مثمرا."
    spans = [
        SpanRecord(f"T{k}", text.index(name), text.index(name) + len(name), label)
        for k, (name, label) in enumerate(NAMES.items(), 1)
    ]
    layers = [Layer(annotator, spans)] if annotator else []
    return AnnotatedDocument(f"{prefix}news-{i:04d}", text, {}, layers)


def project_of(path, docs) -> str:
    with Project(path) as project:
        project.import_documents(docs)
    return str(path)


def export(project, fmt, out, *args) -> int:
    return main(["export", project, "--format", fmt, "--out", str(out), *args])


# ---- a Hugging Face folder loads its own rows ----------------------------------------------------------


@pytest.fixture
def datasets(monkeypatch):
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return datasets


def test_hf_exports_into_one_folder_or_folders_of_one_name_each_load_their_own_rows(tmp_path, datasets, capsys):
    cache = str(tmp_path / "cache")  # one cache for all loads, as a user's ~/.cache/huggingface is
    five = project_of(tmp_path / "five.annotator", [news(i) for i in range(5)])
    ten = project_of(tmp_path / "ten.annotator", [news(i, prefix="ب") for i in range(10)])

    def rows(folder):
        return len(datasets.load_dataset(str(folder), split="train", cache_dir=cache))

    assert export(five, "hf", tmp_path / "x" / "hf") == 0
    assert rows(tmp_path / "x" / "hf") == 5
    assert export(ten, "hf", tmp_path / "x" / "hf") == 0  # over the earlier export
    assert rows(tmp_path / "x" / "hf") == 10
    assert export(five, "hf", tmp_path / "a" / "hf") == 0
    assert export(ten, "hf", tmp_path / "b" / "hf") == 0
    assert (rows(tmp_path / "a" / "hf"), rows(tmp_path / "b" / "hf")) == (5, 10)
    spans = datasets.load_dataset(str(tmp_path / "a" / "hf"), "spans", split="train", cache_dir=cache)
    assert len(spans) == 5


# ---- documents nobody worked on stay out of training data ---------------------------------------------


@pytest.fixture
def half_labelled(tmp_path):
    """A's two documents (one marked done without any entity), B's one, and two texts nobody touched."""
    done_empty = news(2)
    done_empty.layers[0].spans, done_empty.layers[0].status = [], "done"
    docs = [news(1), done_empty, news(3, "B"), news(4, None), news(5, None)]
    return project_of(tmp_path / "half.annotator", docs)


def written_documents(fmt, out) -> int:
    if fmt == "conll":
        return out.read_text(encoding="utf-8").count("-DOCSTART-")
    if fmt == "spacy":
        return len(out.read_text(encoding="utf-8").splitlines())
    return len((out / "spans" / "train.jsonl").read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("fmt,out", [("conll", "x.conll"), ("spacy", "x.jsonl"), ("hf", "hf")])
def test_unlabelled_documents_are_left_out_and_counted_unless_asked_for(tmp_path, capsys, half_labelled, fmt, out):
    out = tmp_path / out
    assert export(half_labelled, fmt, out, "--annotator", "A") == 0
    printed = capsys.readouterr()
    assert written_documents(fmt, out) == 2 and ": 2 documents" in printed.out  # the one marked done is in
    assert "3 documents that the chosen annotators never worked on" in printed.err
    assert "--include-unlabelled" in printed.err
    assert export(half_labelled, fmt, out, "--annotator", "A", "--include-unlabelled") == 0
    assert written_documents(fmt, out) == 5 and "never worked on" not in capsys.readouterr().err


def test_include_unlabelled_is_refused_where_nothing_is_left_out(tmp_path, capsys, half_labelled):
    assert export(half_labelled, "jsonl", tmp_path / "all.jsonl", "--include-unlabelled") == 2
    assert "--include-unlabelled is for --format conll / spacy / hf" in capsys.readouterr().err


# ---- config.cfg names a file only for the role it was exported for ------------------------------------


def config_paths(folder) -> dict:
    from thinc.api import Config

    text = (folder / "config.cfg").read_text(encoding="utf-8")
    return {
        k: v for k, v in Config().from_str(text, interpolate=False)["paths"].items() if k in ("train", "dev", "test")
    }


def test_a_second_spacy_export_into_the_folder_never_makes_config_train_on_the_dev_file(tmp_path, capsys):
    pytest.importorskip("spacy")
    one = project_of(tmp_path / "one.annotator", [news(i) for i in range(3)])
    two = project_of(tmp_path / "two.annotator", [news(i, prefix="ب") for i in range(2)])
    corpus = tmp_path / "corpus"
    assert export(one, "spacy", corpus / "train.spacy") == 0  # the file's name says its role
    assert export(two, "spacy", corpus / "dev.spacy") == 0
    train, dev = str((corpus / "train.spacy").resolve()), str((corpus / "dev.spacy").resolve())
    assert config_paths(corpus) == {"train": train, "dev": dev}
    assert "train = train.spacy (kept from an earlier export), dev = dev.spacy" in capsys.readouterr().err

    # --as names the role whatever the name; writing over a file drops the role it had
    assert export(one, "spacy", corpus / "a.spacy", "--as", "test") == 0
    assert config_paths(corpus) == {"train": train, "dev": dev, "test": str((corpus / "a.spacy").resolve())}
    assert export(two, "spacy", corpus / "train.spacy", "--as", "dev") == 0
    assert config_paths(corpus) == {"train": None, "dev": train, "test": str((corpus / "a.spacy").resolve())}
    assert "config.cfg names no train file" in capsys.readouterr().err


def test_a_spacy_file_whose_name_says_no_role_is_in_no_role(tmp_path, capsys):
    pytest.importorskip("spacy")
    one = project_of(tmp_path / "one.annotator", [news(i) for i in range(3)])
    assert export(one, "spacy", tmp_path / "out" / "news.spacy") == 0
    assert config_paths(tmp_path / "out") == {"train": None, "dev": None}  # not the training file as dev set
    err = capsys.readouterr().err
    assert "news.spacy has no role in config.cfg" in err and "--as train|dev|test" in err
    assert export(one, "spacy", tmp_path / "out" / "news.spacy", "--split", "train=0.5,dev=0.5", "--as", "train") == 2
    assert "with --split the split names give the roles" in capsys.readouterr().err


def test_spacy_split_names_give_roles_and_test_is_never_the_dev_set(tmp_path, capsys):
    pytest.importorskip("spacy")
    many = project_of(tmp_path / "many.annotator", [news(i) for i in range(40)])
    out = tmp_path / "out"
    assert export(many, "spacy", out / "news.spacy", "--split", "train=0.7,test=0.3") == 0
    assert config_paths(out) == {
        "train": str((out / "news.train.spacy").resolve()),
        "dev": None,
        "test": str((out / "news.test.spacy").resolve()),
    }
    assert "config.cfg names no dev file" in capsys.readouterr().err


# ---- splits follow each document's text ----------------------------------------------------------------

SHARES = {"train": 0.8, "dev": 0.1, "test": 0.1}


def test_adding_documents_moves_no_document_between_splits():
    digests = {f"doc-{i:05d}": sha256(f"نص الخبر رقم {i}") for i in range(1990)}
    before = assign_splits(digests, SHARES, seed=1)
    added = dict(digests, **{f"added-{i}": sha256(f"خبر جديد {i}") for i in range(10)})
    after = assign_splits(added, SHARES, seed=1)
    assert [name for name in before if after[name] != before[name]] == []
    counts = Counter(before.values())
    for split, share in SHARES.items():
        assert abs(counts[split] / len(before) - share) < 0.03, counts


def test_a_split_follows_the_text_not_the_name_and_is_the_same_in_every_process():
    digests = {f"doc-{i}": sha256(f"نص {i}") for i in range(200)}
    plan = assign_splits(digests, SHARES, seed=5)
    renamed = assign_splits({f"renamed-{name}": d for name, d in digests.items()}, SHARES, seed=5)
    assert [renamed[f"renamed-{name}"] for name in digests] == list(plan.values())
    code = (
        "import json, sys; from annotator.core.formats.splits import assign_splits; "
        "print(json.dumps(assign_splits(json.loads(sys.stdin.read()), "
        f"{SHARES!r}, seed=5)))"
    )
    for hash_seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(digests),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert json.loads(run.stdout) == plan


def split_documents(folder) -> dict[str, str]:
    found = {}
    for path in (folder / "spans").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            found[json.loads(line)["id"]] = path.stem
    return found


def test_exporting_again_after_adding_documents_keeps_every_split(tmp_path, capsys):
    path = tmp_path / "grow.annotator"
    project = project_of(path, [news(i) for i in range(60)])
    assert export(project, "hf", tmp_path / "before", "--split", "train=0.6,dev=0.2,test=0.2", "--seed", "3") == 0
    with Project(path) as grown:
        grown.import_documents([news(i, prefix="و") for i in range(15)])
    assert export(project, "hf", tmp_path / "after", "--split", "train=0.6,dev=0.2,test=0.2", "--seed", "3") == 0
    before, after = split_documents(tmp_path / "before"), split_documents(tmp_path / "after")
    assert len(before) == 60 and len(after) == 75
    assert {name: after[name] for name in before} == before


# ---- label ids do not follow the project's label order -------------------------------------------------


def schema_of(*labels) -> Schema:
    schema = default_schema()
    schema.labels = [LabelDef(name, ENTITY) for name in labels] + [
        lab for lab in schema.labels if lab.category != ENTITY
    ]
    return schema


def card_names(folder) -> list[str]:
    card = (folder / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"^ +'(\d+)': (\".*\")$", card, re.MULTILINE)
    assert [int(i) for i, _ in found] == list(range(len(found)))
    return [json.loads(name) for _, name in found]


def tags_of(folder) -> list[list[int]]:
    lines = (folder / "tokens" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["ner_tags"] for line in lines]


def test_projects_with_the_same_labels_give_the_same_ids_and_a_new_label_never_moves_old_ones(tmp_path):
    docs = [news(i) for i in range(3)]
    FORMATS["hf"].write(docs, schema_of("PER", "GPE", "ORG"), tmp_path / "one")
    FORMATS["hf"].write(docs, schema_of("ORG", "PER", "GPE"), tmp_path / "two")
    assert card_names(tmp_path / "one") == card_names(tmp_path / "two")
    assert tags_of(tmp_path / "one") == tags_of(tmp_path / "two")

    first = card_names(tmp_path / "one")
    FORMATS["hf"].write(docs, schema_of("PER", "GPE", "ORG", "AAA"), tmp_path / "one")  # sorts first
    again = card_names(tmp_path / "one")
    assert again[: len(first)] == first and again[len(first) :] == ["B-AAA", "I-AAA"]
    assert tags_of(tmp_path / "one") == tags_of(tmp_path / "two")


# ---- a --split that cannot be honoured is refused -----------------------------------------------------


@pytest.mark.parametrize("fmt,out", [("conll", "x.conll"), ("spacy", "x.jsonl"), ("hf", "hf")])
def test_a_split_left_empty_is_refused_and_nothing_is_written(tmp_path, capsys, fmt, out):
    single = project_of(tmp_path / "one.annotator", [news(1)])
    capsys.readouterr()
    assert export(single, fmt, tmp_path / out, "--split", "train=0.5,dev=0.5") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--split train=0.5,dev=0.5 cannot be honoured" in err
    assert "would get no document of the 1 exported" in err
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("one.annotator")] == []


# ---- tables: formula-escaped CSV for spreadsheets, an exact JSONL twin for code -------------------------


@pytest.fixture
def quoted(tmp_path):
    text = "قال المتحدث: -الحرب لن تنتهي قريبا- ثم غادر، وكتب =1+1 على اللوح."
    quote = SpanRecord("T1", text.index("-الحرب"), text.index("قريبا-") + len("قريبا-"), "QUOTE")
    formula = SpanRecord("T2", text.index("=1+1"), text.index("=1+1") + 4, "QUOTE")
    doc = AnnotatedDocument("d", text, {}, [Layer("A", [quote, formula])])
    return text, project_of(tmp_path / "q.annotator", [doc])


def test_csv_tables_have_an_exact_jsonl_twin_for_training_code(tmp_path, capsys, quoted):
    pandas = pytest.importorskip("pandas")
    text, project = quoted
    assert export(project, "quotes", tmp_path / "q.csv") == 0
    printed = capsys.readouterr()
    assert str(tmp_path / "q.jsonl") in printed.out
    assert "q.csv is for spreadsheets" in printed.err and "q.jsonl has the same rows exactly" in printed.err
    csv_rows = pandas.read_csv(tmp_path / "q.csv", keep_default_na=False)
    assert all(q.startswith("'") for q in csv_rows["quote"])  # escaped for spreadsheets
    rows = pandas.read_json(tmp_path / "q.jsonl", lines=True, dtype=False)
    assert [text[s:e] for s, e in zip(rows["start"], rows["end"], strict=True)] == list(rows["quote"])
    assert rows["stance"].dtype != "float64" and list(rows["stance"]) == ["", ""]  # empty throughout
    assert rows["start"].dtype == "int64"


def test_a_csv_twin_never_replaces_a_file_that_is_not_a_table(tmp_path, capsys, quoted):
    _, project = quoted
    (tmp_path / "q.jsonl").write_text("my notes\n", encoding="utf-8")
    assert export(project, "quotes", tmp_path / "q.csv") == 2
    assert "not an earlier quotes export" in capsys.readouterr().err
    assert (tmp_path / "q.jsonl").read_text(encoding="utf-8") == "my notes\n" and not (tmp_path / "q.csv").exists()
