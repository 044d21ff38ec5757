"""Messages count in the right number: "imported 1 new document", "2 new documents"."""

from annotator.cli import main
from annotator.core.plural import count


def test_count():
    assert count(1, "span") == "1 span"
    assert count(0, "span") == "0 spans"
    assert count(18884, "span", grouped=True) == "18,884 spans"
    assert count(2, "entity", "entities") == "2 entities"


def test_importing_one_file_says_one_document(tmp_path, capsys):
    source = tmp_path / "one.txt"
    source.write_text("قال الرئيس", encoding="utf-8")
    assert main(["import", str(tmp_path / "p.annotator"), str(source)]) == 0
    assert "imported 1 new document, 0 spans" in capsys.readouterr().out
