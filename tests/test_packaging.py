"""The desktop entry, AppStream metainfo and icon in packaging/ agree with the package and with each other."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import pytest

from annotator import __version__
from annotator.cli import main
from annotator.core.resources import resource

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.annotator"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_version_is_the_installed_packages(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"annotator {__version__}"
    assert metadata.version("annotator") == __version__  # pyproject takes its version from __version__


def test_the_desktop_entry_starts_the_installed_command_with_the_project_icon():
    entry = desktop_entry()
    scripts = re.search(r"\[project\.scripts\]\n(.+?)\n\n", (ROOT / "pyproject.toml").read_text(), re.S).group(1)
    command = entry["Exec"].split()[0]
    assert re.search(rf"^{command} = ", scripts, re.M), f"Exec runs {command!r}, which pip does not install"
    assert entry["Icon"] == APP_ID
    assert resource("icons", "annotator.svg").exists()
    mime = ET.parse(PACKAGING / f"{APP_ID}.mime.xml").getroot()
    types = [t.get("type") for t in mime.iter("{http://www.freedesktop.org/standards/shared-mime-info}mime-type")]
    assert entry["MimeType"].rstrip(";").split(";") == types


def test_the_metainfo_names_the_desktop_entry_the_licence_and_this_release():
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("project_license") == metadata.metadata("annotator")["License"]
    assert component.find("releases/release").get("version") == __version__, "add the new release to the metainfo"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed (Debian: appstream)")
def test_appstreamcli_validates_the_metainfo():
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (Debian: desktop-file-utils)",
)
def test_desktop_file_validate_accepts_the_entry():
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout + done.stderr
