"""`annotator agreement`: the --json contract, the aligned table, --bidi, --html with its charts, errors."""

import json
import re
import subprocess
import sys

import pytest

from annotator.cli import main
from annotator.core.agreement.table import width
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, SpanRecord
from annotator.core.project import Project

TEXT = "قال بنيامين نتنياهو إن إسرائيل ستواصل العملية في رفح، وأكدت وزارة الخارجية أن واشنطن تعارض ذلك."
PERSON, COUNTRY, PLACE = "شخص", "دولة", "مكان"


def at(word):
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "team.annotator"
    spans_a = [
        SpanRecord("T1", *at("بنيامين نتنياهو"), PERSON),
        SpanRecord("T2", *at("إسرائيل"), COUNTRY),
        SpanRecord("T3", *at("رفح"), PLACE),
        SpanRecord("T4", *at("واشنطن"), COUNTRY),
    ]
    spans_b = [
        SpanRecord("T1", *at("بنيامين نتنياهو"), PERSON),
        SpanRecord("T2", *at("إسرائيل"), COUNTRY),
        SpanRecord("T3", *at("رفح"), COUNTRY),
    ]
    with Project(path) as project:  # the import adds the Arabic labels to the schema as entity labels
        project.import_documents(
            [
                AnnotatedDocument(
                    "مقال-1",
                    TEXT,
                    layers=[
                        Layer("A", spans=spans_a, doc_labels=[DocLabelRecord("stance", "إسرائيل", "AGAINST")]),
                        Layer("B", spans=spans_b, doc_labels=[DocLabelRecord("stance", "إسرائيل", "NEUTRAL")]),
                    ],
                )
            ]
        )
    return path


def run(capsys, *args):
    code = main(["agreement", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_has_the_contract_keys(project_path, capsys):
    code, out, _ = run(capsys, project_path, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["annotators"] == ["A", "B"]
    pair = data["pairs"][0]
    assert (pair["a"], pair["b"]) == ("A", "B")
    for key in ("tp", "only_a", "only_b", "precision", "recall", "f1"):
        assert key in pair["entity"]["exact"] and key in pair["entity"]["overlap"]
    assert "exact" in pair["entity"]["per_label"][PERSON]
    assert {"exact", "overlap", "speaker_agreement"} <= set(pair["quotation"])
    assert {"items", "observed", "cohen_kappa"} <= set(pair["doc_labels"]["stance"])
    assert {"fleiss_kappa", "krippendorff_alpha"} <= set(data["multi"]["stance"])
    # exact: PER, إسرائيل match; رفح differs in label; واشنطن only A -> tp 2, only_a 2, only_b 1
    exact = pair["entity"]["exact"]
    assert (exact["tp"], exact["only_a"], exact["only_b"]) == (2, 2, 1)
    assert exact["f1"] == pytest.approx(4 / 7, abs=1e-6)
    # undefined figures say why instead of 0
    assert pair["quotation"]["exact"]["f1"] is None and pair["quotation"]["exact"]["reason"]
    assert pair["entity"]["confusion"][PLACE] == {COUNTRY: 1}
    where = [d for d in data["disagreements"] if d["what"] == "label"][0]
    assert where["document"] == "مقال-1" and TEXT[where["start"] : where["end"]] == "رفح"


def test_table_is_aligned_and_bidi_chooses_the_order(project_path, capsys):
    _, logical, _ = run(capsys, project_path, "--bidi", "off")
    assert "دولة" in logical and "entities: exact F1" in logical
    assert re.search(r"entities: exact F1\s+0\.571 \(n=5\)", logical)
    _, visual, _ = run(capsys, project_path, "--bidi", "on")
    assert "دولة" not in visual  # reshaped into presentation forms, in visual order
    assert "ﺔﻟﻭﺩ" in visual  # دولة joined and reversed
    table = visual.split("Entity labels")[1].split("\n\n")[0].splitlines()[1:]
    assert len({width(line.rstrip()) for line in table[:2]}) == 1  # header and rule line up
    _, piped, _ = run(capsys, project_path)  # auto: not a terminal here, so logical order
    assert "دولة" in piped


def test_html_has_the_figures_and_svg_charts_with_arabic_labels(project_path, tmp_path, capsys):
    html = tmp_path / "report.html"
    code, _, err = run(capsys, project_path, "--html", html)
    assert code == 0 and "wrote" in err
    page = html.read_text(encoding="utf-8")
    assert page.count("<svg") >= 3
    assert 'id="pairs-matrix"' in page and 'id="label-f1"' in page and "confusion" in page
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert any(f">{PLACE}</text>" in chart for chart in charts)  # logical order: the browser shapes it
    assert "0.571 (n=5)" in page and "Fleiss" in page
    assert "مقال-1" in page  # the disagreements list names the document
    # written again over our own report; never over a file we did not write
    assert run(capsys, project_path, "--html", html)[0] == 0
    other = tmp_path / "notes.html"
    other.write_text("<p>my notes</p>", encoding="utf-8")
    code, _, err = run(capsys, project_path, "--html", other)
    assert code == 2 and "not an agreement report" in err
    assert other.read_text(encoding="utf-8") == "<p>my notes</p>"


def test_errors_are_one_line_exit_2(project_path, tmp_path):
    for args in (["--annotators", "A"], ["--annotators", "A,Z"]):
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "agreement", str(project_path), *args], capture_output=True, text=True
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("annotator: error: ") and result.stderr.count("\n") == 1
    missing = subprocess.run(
        [sys.executable, "-m", "annotator", "agreement", str(tmp_path / "none.annotator")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "no such project" in missing.stderr


def test_json_is_the_same_in_every_run(tmp_path):
    """Two runs print the same bytes (sets are iterated in an order that changes with the hash seed)."""
    import os

    from tests.core.test_agreement_fast_path import random_documents

    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents(random_documents(11, n_docs=12))
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.add(
            subprocess.run(
                [sys.executable, "-m", "annotator", "agreement", str(path), "--json"],
                env=env,
                capture_output=True,
                check=True,
            ).stdout
        )
    assert len(outputs) == 1 and b'"layer": "stance"' in outputs.pop()


def test_guillemets_and_brackets_around_arabic_read_right_in_the_visual_table(tmp_path, capsys):
    """A cell such as «حماس» (رفح) is put in visual order by the terminal helper, so a right-to-left reader
    sees each mark open and close its word: the Rust get_display left them the wrong way round."""
    import arabic_reshaper

    name = "بيان «حماس» (رفح)"
    path = tmp_path / "marks.annotator"
    spans = {"A": [SpanRecord("T1", *at("رفح"), PLACE)], "B": [SpanRecord("T1", *at("رفح"), COUNTRY)]}
    with Project(path) as project:
        project.import_documents(
            [AnnotatedDocument(name, TEXT, layers=[Layer(who, spans=found) for who, found in spans.items()])]
        )
    _, shown, _ = run(capsys, path, "--bidi", "on")

    def backwards(word):
        return arabic_reshaper.reshape(word)[::-1]

    expected = f"({backwards('رفح')}) «{backwards('حماس')}» {backwards('بيان')}"
    disagreements = shown.split("Disagreements")[1]
    assert expected in disagreements
    assert f"»{backwards('حماس')}«" not in shown and f"){backwards('رفح')}(" not in shown
