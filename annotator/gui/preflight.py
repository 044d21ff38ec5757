"""Before Qt starts on Linux: are the system libraries it loads there, and is there a display?

Without them Qt aborts with a core dump or an ImportError traceback that names a .so file, not what to
install. This module imports no Qt, so the check runs before anything can crash, and its answer is one
line with the apt-get command (Debian / Ubuntu package names; the README has the same list).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

# Qt's own libraries (libQt6Gui, libQt6Widgets, libQt6DBus) load these whatever the platform plugin.
QT_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
}
# The X11 (xcb) platform plugin, the one a Linux desktop without Wayland uses, loads these too.
XCB_LIBRARIES = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)  # the dynamic loader's own search, exactly as Qt's libraries will be resolved
    except OSError:
        return False
    return True


def problem(
    environ: dict[str, str] | None = None, platform: str = sys.platform, loadable: Callable[[str], bool] = _loadable
) -> str | None:
    """What stops the window from starting, as one line with the fix; None when nothing does."""
    if platform != "linux":
        return None
    env = os.environ if environ is None else environ
    qpa = env.get("QT_QPA_PLATFORM", "")
    needed = dict(QT_LIBRARIES)
    if qpa in ("", "xcb"):
        if not env.get("DISPLAY") and not (qpa == "" and env.get("WAYLAND_DISPLAY")):
            return (
                "there is no display to open the window on (DISPLAY is not set): start it from a desktop "
                "session; `annotator render` draws an article to a PNG without one"
            )
        if qpa == "xcb" or not env.get("WAYLAND_DISPLAY"):
            needed.update(XCB_LIBRARIES)
    missing = sorted({package for soname, package in needed.items() if not loadable(soname)})
    if not missing:
        return None
    return (
        f"the window needs system libraries that are missing ({', '.join(missing)}); install them: "
        f"sudo apt-get install {' '.join(missing)}"
    )
