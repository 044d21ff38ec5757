"""Before Qt starts: a missing system library or display is one line with the fix, not a core dump."""

from annotator.cli import main
from annotator.gui import preflight

EVERYTHING = lambda soname: True  # noqa: E731


def test_a_desktop_with_every_library_passes():
    assert preflight.problem({"DISPLAY": ":0"}, "linux", EVERYTHING) is None
    assert preflight.problem({}, "win32", lambda s: False) is None  # Windows and macOS wheels bring their own


def test_missing_xcb_libraries_are_named_with_the_apt_get_line():
    missing = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    message = preflight.problem({"DISPLAY": ":0"}, "linux", lambda soname: soname not in missing)
    assert message.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert "\n" not in message


def test_offscreen_and_wayland_need_no_xcb_libraries_but_qt_itself_needs_egl():
    no_xcb = lambda soname: soname not in preflight.XCB_LIBRARIES  # noqa: E731
    assert preflight.problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", no_xcb) is None
    assert preflight.problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", no_xcb) is None
    message = preflight.problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", lambda s: s != "libEGL.so.1")
    assert message.endswith("sudo apt-get install libegl1")


def test_no_display_is_said_plainly():
    message = preflight.problem({}, "linux", EVERYTHING)
    assert "no display" in message and "annotator render" in message
    assert preflight.problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w"}, "linux", EVERYTHING) is not None


def test_the_loader_check_is_real():
    assert preflight._loadable("libc.so.6")
    assert not preflight._loadable("libannotator-no-such-library.so.1")


def test_the_command_stops_with_one_line_before_qt(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(preflight, "problem", lambda: "the window needs system libraries that are missing (x)")
    assert main(["gui"]) == 1
    assert main(["demo", "--project", str(tmp_path / "d.annotator")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["annotator: error: the window needs system libraries that are missing (x)"] * 2


def test_the_readme_lists_every_package_the_check_knows():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    packages = set(preflight.QT_LIBRARIES.values()) | set(preflight.XCB_LIBRARIES.values())
    assert {p for p in packages if f" {p}" not in readme} == set()
