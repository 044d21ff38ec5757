"""Plain-text intake: the two allowed changes, and clear refusals that leave the project unchanged."""

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.project import Project
from annotator.core.text_files import read_text_file

ARABIC = "قال المتحدث: «لا تعليق»."


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_text_is_kept_exactly_but_bom_and_crlf(tmp_path):
    text = "  " + ARABIC + "\u200f\u0640\u064e\r\nسطر\rآخر\n\n"
    doc = read_text_file(write(tmp_path / "a.txt", b"\xef\xbb\xbf" + text.encode()))
    assert doc.text == "  " + ARABIC + "\u200f\u0640\u064e\nسطر\nآخر\n\n"
    assert doc.name == "a"
    assert doc.meta["source_file"] == "a.txt"


def test_bom_only_at_start_is_removed(tmp_path):
    doc = read_text_file(write(tmp_path / "a.txt", ("x\ufeffy").encode()))
    assert doc.text == "x\ufeffy"


def test_invalid_utf8_names_byte_line_and_fix(tmp_path):
    data = "سطر أول\nسطر ثان ".encode() + "قال".encode("cp1256")
    path = write(tmp_path / "legacy.txt", data)
    with pytest.raises(InputError) as info:
        read_text_file(path)
    message = str(info.value)
    bad = len("سطر أول\nسطر ثان ".encode())
    assert str(path) in message and f"byte {bad}" in message and "line 2" in message
    assert "--encoding cp1256" in message


def test_legacy_encoding_is_decoded(tmp_path):
    path = write(tmp_path / "legacy.txt", ARABIC.encode("cp1256"))
    assert read_text_file(path, "cp1256").text == ARABIC
    path = write(tmp_path / "iso.txt", "قال المتحدث".encode("iso-8859-6"))
    assert read_text_file(path, "iso-8859-6").text == "قال المتحدث"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b" \n\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("سلام".encode("utf-16"), "binary"),
    ],
)
def test_empty_and_binary_files_are_refused(tmp_path, data, words):
    with pytest.raises(InputError, match=words):
        read_text_file(write(tmp_path / "bad.txt", data))


def test_cli_refusal_is_one_line_exit_2_and_project_unchanged(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    good = write(tmp_path / "good.txt", ARABIC.encode())
    assert main(["import", str(project), str(good)]) == 0
    bad = write(tmp_path / "bad.txt", b"\xff\xfe\x00garbage")
    other = write(tmp_path / "other.txt", "نص آخر".encode())
    capsys.readouterr()
    assert main(["import", str(project), str(other), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert str(bad) in err
    with Project(project) as p:  # the good file of the failed import was not added
        assert [d.name for d in p.documents.list()] == ["good"]


def test_duplicate_name_with_other_text_is_refused(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = write(tmp_path / "one" / "article.txt", ARABIC.encode())
    same = write(tmp_path / "two" / "article.txt", ARABIC.encode())
    assert main(["import", str(project), str(first)]) == 0
    assert main(["import", str(project), str(same)]) == 0  # same text: nothing new, no error
    assert "1 already in the project" in capsys.readouterr().out
    write(tmp_path / "two" / "article.txt", "نص مختلف".encode())
    assert main(["import", str(project), str(same)]) == 2
    assert "already has a document named 'article' with a different text" in capsys.readouterr().err


def test_failed_import_into_new_project_leaves_no_file(tmp_path):
    project = tmp_path / "new.annotator"
    bad = write(tmp_path / "bad.txt", b"")
    assert main(["import", str(project), str(bad)]) == 2
    assert not project.exists()


def test_unknown_encoding_is_refused(tmp_path, capsys):
    good = write(tmp_path / "good.txt", ARABIC.encode())
    assert main(["import", str(tmp_path / "p.annotator"), str(good), "--encoding", "klingon"]) == 2
    assert "unknown encoding 'klingon'" in capsys.readouterr().err


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    from annotator.core.intake_policy import LIMITS

    monkeypatch.setattr(LIMITS, "text_file_bytes", 10)
    with pytest.raises(InputError, match="more than the limit of 10 bytes"):
        read_text_file(write(tmp_path / "big.txt", ARABIC.encode()))
