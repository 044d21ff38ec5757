"""`annotator check` warns (exit 0) about entity spans that begin or end with punctuation or white space."""

from annotator.cli import main
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project

TEXT = "قال «الأمم المتحدة،» إن رفح مهددة"


def test_check_warns_about_ragged_entity_spans_but_calls_the_project_sound(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    un = TEXT.index("الأمم")
    quote_start = TEXT.index("«")
    rafah = TEXT.index("رفح")
    with Project(path) as project:
        project.import_documents(
            [
                AnnotatedDocument(
                    "d",
                    TEXT,
                    layers=[
                        Layer(
                            "B",
                            [
                                SpanRecord("T1", un, un + len("الأمم المتحدة،"), "ORG"),  # ends with the comma
                                SpanRecord("T2", quote_start, un + 5, "ORG"),  # begins with «
                                SpanRecord("T3", rafah - 1, rafah + 3, "GPE"),  # begins with a space
                                SpanRecord("T4", rafah, rafah + 3, "GPE"),  # clean
                                SpanRecord(
                                    "Q1", quote_start, TEXT.index("»") + 1, "QUOTE"
                                ),  # quotations may hold their marks
                            ],
                        )
                    ],
                )
            ]
        )
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    warnings = [line for line in out if line.startswith("warning: ")]
    assert len(warnings) == 3
    assert any("'الأمم المتحدة،'" in w and "ends with '،'" in w and "B's ORG" in w for w in warnings)
    assert any("begins with '«'" in w for w in warnings)
    assert any("begins with white space" in w for w in warnings)
    assert out[-1].startswith("ok: 1 documents, 5 spans") and "3 warnings" in out[-1]


def test_a_clean_project_has_no_warnings(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents(
            [
                AnnotatedDocument(
                    "d", TEXT, layers=[Layer("B", [SpanRecord("T1", TEXT.index("رفح"), TEXT.index("رفح") + 3, "GPE")])]
                )
            ]
        )
        assert project.warnings() == []
    assert main(["check", str(path)]) == 0
    assert "warning" not in capsys.readouterr().out
