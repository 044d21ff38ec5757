"""Every difference between Linux, macOS and Windows that the program relies on, in one place.

Each function picks its branch when it is called, from `SYSTEM` (a `sys.platform` value: "linux",
"darwin", "win32"), so tests/core/test_platforms.py runs every branch on one machine by patching `SYSTEM`
and the OS call the branch makes. Anything else is treated like the nearest POSIX system.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

SYSTEM = sys.platform

# Failures that mean "this system or file system cannot swap two entries", not that something is wrong.
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}
_STILL_ACTIVE = 259  # GetExitCodeProcess' code for a process that has not ended
_ERROR_ACCESS_DENIED = 5
_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000  # the least right there is; granted for most processes


def _linux() -> bool:
    return SYSTEM.startswith("linux")


def _windows() -> bool:
    return SYSTEM == "win32"


def _libc() -> Any:
    """The C library of this process (Linux, macOS); errno is kept for `ctypes.get_errno`."""
    return ctypes.CDLL(None, use_errno=True)


def _kernel32() -> Any:
    """Windows' kernel32 with the prototypes we call: a HANDLE is pointer-sized, and ctypes' default
    (a C int) would cut it on 64-bit Windows."""
    from ctypes import wintypes

    # WinDLL exists only on Windows (stdcall on 32-bit Windows); mypy on Linux does not know it
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined, unused-ignore]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.GetExitCodeProcess.restype = wintypes.BOOL
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    return kernel32


def _last_error() -> int:
    """Windows' GetLastError of the last call through `_kernel32` (saved by ctypes right after it)."""
    error: int = ctypes.get_last_error()  # type: ignore[attr-defined, unused-ignore]
    return error


def pid_alive(pid: int) -> bool:
    """Whether process `pid` of this machine is still running (another user's counts too)."""
    if pid <= 0:  # 0 and negative numbers name process groups to kill(), never one process
        return False
    if _windows():
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except (ProcessLookupError, OverflowError):  # gone, or a number no process can have
        return False
    except PermissionError:  # another user's live process
        return True
    if _linux():  # killed but not yet reaped by its parent (a zombie): dead for every purpose of ours
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) must not be used here: on Windows it sends Ctrl+C to the process's console group.
    from ctypes import wintypes

    if pid > 0xFFFFFFFF:  # a process id is a DWORD
        return False
    kernel32 = _kernel32()
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:  # refused: it exists but is not ours to query (a protected or elevated process)
        return _last_error() == _ERROR_ACCESS_DENIED
    try:
        code = wintypes.DWORD()
        # an ended process whose handle someone still holds can be opened too: its exit code tells
        if not kernel32.GetExitCodeProcess(handle, ctypes.pointer(code)):
            return True  # cannot tell: better kept than taken for dead
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def set_file_mode(fd: int, path: str | Path, mode: int) -> None:
    """Give the open file `fd` (at `path`) the permission bits `mode`."""
    if _windows():  # no os.fchmod before Python 3.13; only the read-only bit means anything there
        os.chmod(path, mode)
    else:  # through the descriptor: what gets the mode is the file we opened, whatever `path` is now
        os.fchmod(fd, mode)


def current_umask() -> int:
    """The process's umask."""
    if _linux():  # /proc shows it without changing it (Linux 4.7+); setting it races other threads
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("Umask:"):
                        return int(line.split()[1], 8)
        except (OSError, ValueError):
            pass
    mask = os.umask(0o022)  # elsewhere it can only be read by setting it: set back at once
    os.umask(mask)
    return mask


def behind_the_parent() -> None:
    """In a forked worker whose results the parent waits for only now and then (an import's token counts
    and search index): run at a lower priority, so on a machine with fewer free cores than processes the
    parent, which does the import's own work, is never the one kept waiting for a core."""
    with contextlib.suppress(AttributeError, OSError):  # (no os.nice on Windows, where none is forked)
        os.nice(5)


def die_with(process: int) -> None:
    """In a worker that `process` had started but did not fork (a fork server forked it): end it when
    `process` ends (killed, crashed). Its parent, the server, outlives `process` while the worker lives (the
    worker holds the server's "still needed" pipe), so `die_with_parent` alone would keep both for ever."""
    if _windows():  # no fork server there
        return
    if not pid_alive(process):
        os._exit(1)

    def watch() -> None:
        try:  # Linux: a descriptor that becomes readable as the process ends, waited on without polling
            handle = os.pidfd_open(process)
        except (AttributeError, OSError):
            handle = None
        if handle is not None:
            import select

            select.select([handle], [], [])
        else:
            while pid_alive(process):
                time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-starter", daemon=True).start()


def die_with_parent(parent: int) -> None:
    """In a forked worker (a ProcessPoolExecutor initializer): end it when `parent`, the process that
    forked it, dies (killed, crashed), so no orphan keeps working and keeps the project open."""
    if _windows():  # workers are never forked there (no fork), and ours are never started otherwise
        return
    if _linux():
        import signal

        try:  # PR_SET_PDEATHSIG (1): the kernel sends SIGKILL when the forking thread ends
            asked = _libc().prctl(1, signal.SIGKILL) == 0
        except (OSError, AttributeError):
            asked = False
        if asked:
            if os.getppid() != parent:  # the parent died before the request took effect
                os._exit(1)
            return

    # macOS and other POSIX systems have no such request; an orphan is adopted by another process
    # (launchd, init), which changes its parent id: look every half second.
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def exchange_paths(a: str | Path, b: str | Path) -> bool:
    """Atomically swap the directory entries `a` and `b` (same file system; files or folders): at every
    moment each name holds one of the two. True when swapped; False when this system or file system
    cannot do it (the caller then does without); an OSError for a real failure (missing, denied...)."""
    if _windows():  # no such call on Windows
        return False
    if _linux():
        try:
            renameat2 = _libc().renameat2  # glibc 2.28+; kernel 3.15+, and not on every file system
        except (OSError, AttributeError):
            return False
        at_fdcwd, rename_exchange = -100, 2
        done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    elif SYSTEM == "darwin":
        try:
            renamex_np = _libc().renamex_np  # macOS 10.12+; APFS and HFS+ only
        except (OSError, AttributeError):
            return False
        rename_swap = 2
        done = renamex_np(os.fsencode(a), os.fsencode(b), rename_swap) == 0
    else:
        return False
    if done:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))
