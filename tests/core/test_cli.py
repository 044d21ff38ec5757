"""The command line: help on every command, one-line errors, stats and check."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import build_parser, main


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_has_help(name, capsys):
    parser = subcommands()[name]
    assert parser.description, f"{name} has no description"
    for action in parser._actions:
        if action.dest != "help" and action.option_strings:
            assert action.help, f"{name} {action.option_strings} has no help"
    with pytest.raises(SystemExit) as info:
        main([name, "--help"])
    assert info.value.code == 0
    assert "usage: annotator " + name in capsys.readouterr().out


ROOT = Path(__file__).resolve().parents[2]


def readme_commands():
    """The commands the README's command-line table lists, one row each (`| `annotator NAME ...` | ... |`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The command line\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("`")[1].split() for line in section.splitlines() if line.startswith("| `annotator")]
    names = [row[1] for row in rows if len(row) > 1]
    assert len(names) == len(set(names)), "a command has two rows in the README's table"
    return set(names)


def reference_commands():
    """The commands the full command-line block of docs/reference.md lists (`annotator NAME ...`)."""
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    block = reference.split("\n## The command line in full\n", 1)[1].split("```", 2)[1]
    return {
        line.split()[1] for line in block.splitlines() if line.startswith("annotator ") and line.split()[1] != "open"
    }


def test_contract_command_names():
    # what DESIGN.md's contract names and this version has; every one in the README, and nothing else
    assert {
        "gui",
        "demo",
        "import",
        "export",
        "merge",
        "stats",
        "check",
        "backups",
        "restore",
        "render",
        "agreement",
    } <= set(subcommands())
    assert readme_commands() == set(subcommands())
    assert reference_commands() == set(subcommands())


def test_missing_project_is_an_input_error(tmp_path, capsys):
    assert main(["stats", str(tmp_path / "nope.annotator")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and "no such project" in err
    assert not (tmp_path / "nope.annotator").exists()


def test_no_traceback_without_debug(tmp_path):
    bad = tmp_path / "bad.annotator"
    bad.write_text("not a database", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "annotator", "check", str(bad)], capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1
    run = subprocess.run(
        [sys.executable, "-m", "annotator", "--debug", "check", str(bad)], capture_output=True, text=True
    )
    assert "Traceback" in run.stderr


def test_demo_stats_and_check(tmp_path, capsys):
    path = tmp_path / "demo.annotator"
    assert main(["demo", "--project", str(path), "--no-gui"]) == 0
    capsys.readouterr()
    assert main(["stats", str(path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 5 and stats["schema_version"] >= 2
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.startswith("ok: 5 documents")


def test_demo_documents_have_readable_names_and_keep_the_file_name(tmp_path):
    from annotator.core.project import Project

    path = tmp_path / "demo.annotator"
    assert main(["demo", "--project", str(path), "--no-gui"]) == 0
    with Project(path) as project:
        docs = project.documents.list()
    assert docs[0].name.startswith("01 وبعد التصويت")
    assert docs[0].meta["source_file"] == "000_f8b2aaeb78f298cc.txt"
    assert all(d.meta["source_file"].endswith(".txt") for d in docs)


def test_export_of_unknown_annotator_is_refused(tmp_path, capsys):
    path = tmp_path / "demo.annotator"
    main(["demo", "--project", str(path), "--no-gui"])
    assert main(["export", str(path), "--format", "jsonl", "--out", str(tmp_path / "x.jsonl"), "--annotator", "Z"]) == 2
    assert "no annotator 'Z'" in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path):
    """`annotator search ... | head -1` printed "error: Broken pipe": stop quietly, as Unix tools do."""
    import subprocess
    import sys

    from annotator.core.project import Project

    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.documents.add("d", "قال الرئيس في بيروت " * 2000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator.cli", "search", str(path), "بيروت", "--bidi", "off"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == ""
    assert proc.returncode == 141


@pytest.mark.parametrize(
    "command", [["agreement", "{p}", "--json"], ["search", "{p}", "غزة", "--json"], ["agreement", "{p}"]]
)
def test_output_is_utf8_where_the_locale_is_a_legacy_code_page(tmp_path, command):
    """Windows writes a redirected stdout in its ANSI code page: `annotator agreement P --json > report.json`
    stopped at the first Arabic letter with half a file written (cp1252 cannot hold Arabic)."""
    import os

    path = tmp_path / "demo.annotator"
    assert main(["demo", "--project", str(path), "--no-gui"]) == 0
    run = subprocess.run(
        [sys.executable, "-m", "annotator", *(part.format(p=path) for part in command)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
    )
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    out = run.stdout.decode("utf-8")  # (strict: every byte UTF-8)
    assert any("\u0600" <= c <= "\u06ff" for c in out)
    if "--json" in command:
        json.loads(out)
