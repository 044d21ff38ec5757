"""annotator.core.platforms: every branch (Linux, macOS, Windows) by patching `platforms.SYSTEM` and the OS
call the branch makes, and the real calls on this machine (the suite runs on Linux)."""

import contextlib
import ctypes
import errno
import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from annotator.core import platforms

on_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="real Linux calls (/proc, prctl)")


@pytest.fixture
def system(monkeypatch):
    """system("darwin"): the functions take the macOS branch from now on."""
    return lambda name: monkeypatch.setattr(platforms, "SYSTEM", name)


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def _children(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return kids


def _wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


@contextlib.contextmanager
def child(code="import time; time.sleep(60)"):
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def zombie():
    """The pid of a child that has ended and is not reaped yet."""
    with child("pass") as proc:
        assert _wait_until(lambda: _state(proc.pid) == "Z", 10)
        yield proc.pid


# pid_alive


@on_linux
def test_pid_alive_for_real_processes():
    assert platforms.pid_alive(os.getpid())
    with child() as proc:
        assert platforms.pid_alive(proc.pid)
    assert not platforms.pid_alive(proc.pid)  # killed and reaped
    assert not platforms.pid_alive(0) and not platforms.pid_alive(-1)  # process groups, not processes
    assert not platforms.pid_alive(2**40)  # no pid_t is that large


@on_linux
def test_a_zombie_is_dead_on_linux_only(system, zombie):
    system("linux")
    assert not platforms.pid_alive(zombie)
    system("darwin")  # signal 0 reaches a zombie, and macOS has no /proc to tell
    assert platforms.pid_alive(zombie)


@pytest.mark.parametrize("name", ["linux", "darwin"])
def test_posix_branches_ask_kill_with_signal_zero(system, monkeypatch, name):
    system(name)
    calls = []

    def kill(pid, sig, outcome=None):
        calls.append((pid, sig))
        if outcome:
            raise outcome

    monkeypatch.setattr(os, "kill", lambda pid, sig: kill(pid, sig, ProcessLookupError()))
    assert not platforms.pid_alive(4242)
    monkeypatch.setattr(os, "kill", lambda pid, sig: kill(pid, sig, PermissionError()))
    assert platforms.pid_alive(4242)  # another user's process
    assert calls == [(4242, 0), (4242, 0)]


class FakeKernel32:
    """OpenProcess / GetExitCodeProcess / CloseHandle as Windows answers them, for one process."""

    def __init__(self, exit_code=259, refuse_with=None):
        self.exit_code, self.refuse_with, self.calls = exit_code, refuse_with, []

    def OpenProcess(self, access, inherit, pid):  # noqa: N802 (Windows' name)
        self.calls.append(("OpenProcess", access, inherit, pid))
        return 0 if self.refuse_with else 0x42

    def GetExitCodeProcess(self, handle, code):  # noqa: N802
        self.calls.append(("GetExitCodeProcess", handle))
        code.contents.value = self.exit_code
        return 1

    def CloseHandle(self, handle):  # noqa: N802
        self.calls.append(("CloseHandle", handle))
        return 1


@pytest.fixture
def windows(system, monkeypatch):
    """The Windows branch, with a fake kernel32 (returned); os.kill must not be called there."""
    system("win32")

    def no_kill(pid, sig):
        raise AssertionError("os.kill on Windows sends Ctrl+C")

    monkeypatch.setattr(os, "kill", no_kill)

    def use(kernel32):
        monkeypatch.setattr(platforms, "_kernel32", lambda: kernel32)
        monkeypatch.setattr(platforms, "_last_error", lambda: kernel32.refuse_with)
        return kernel32

    return use


def test_windows_running_process_is_alive_and_its_handle_closed(windows):
    kernel32 = windows(FakeKernel32(exit_code=259))  # STILL_ACTIVE
    assert platforms.pid_alive(4242)
    assert kernel32.calls == [("OpenProcess", 0x1000, False, 4242), ("GetExitCodeProcess", 0x42), ("CloseHandle", 0x42)]


def test_windows_ended_process_is_dead(windows):
    kernel32 = windows(FakeKernel32(exit_code=0))
    assert not platforms.pid_alive(4242)
    assert kernel32.calls[-1] == ("CloseHandle", 0x42)


def test_windows_access_denied_means_alive_any_other_refusal_dead(windows):
    windows(FakeKernel32(refuse_with=5))  # ERROR_ACCESS_DENIED: a protected process
    assert platforms.pid_alive(4242)
    kernel32 = windows(FakeKernel32(refuse_with=87))  # ERROR_INVALID_PARAMETER: no such process
    assert not platforms.pid_alive(4242)
    assert [c[0] for c in kernel32.calls] == ["OpenProcess"]  # nothing to close


# set_file_mode


@pytest.mark.parametrize("name", ["linux", "darwin", "win32"])
def test_set_file_mode_changes_the_mode(system, tmp_path, name):
    system(name)
    fd, path = tempfile.mkstemp(dir=tmp_path)
    try:
        platforms.set_file_mode(fd, path, 0o640)
    finally:
        os.close(fd)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_posix_sets_the_mode_through_the_descriptor(system, monkeypatch, tmp_path):
    system("darwin")
    monkeypatch.setattr(os, "chmod", None)  # the path is never used: it may name another file by now
    fd, path = tempfile.mkstemp(dir=tmp_path)
    try:
        platforms.set_file_mode(fd, tmp_path / "elsewhere", 0o604)
    finally:
        os.close(fd)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o604


def test_windows_sets_the_mode_by_path_without_fchmod(system, monkeypatch, tmp_path):
    system("win32")
    monkeypatch.delattr(os, "fchmod")  # Python before 3.13 on Windows
    fd, path = tempfile.mkstemp(dir=tmp_path)
    try:
        platforms.set_file_mode(fd, path, 0o600)
    finally:
        os.close(fd)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


# current_umask


@pytest.fixture
def umask():
    set_umask = os.umask  # a test may take os.umask away before this is torn down
    old = set_umask(0o027)
    yield
    set_umask(old)


@on_linux
def test_linux_reads_the_umask_without_setting_it(system, monkeypatch, umask):
    system("linux")
    monkeypatch.setattr(os, "umask", None)  # /proc/self/status tells: the umask is never set
    assert platforms.current_umask() == 0o027


def test_linux_without_the_proc_line_sets_it_back(system, monkeypatch, umask):
    system("linux")

    def no_proc(*args, **kwargs):
        raise FileNotFoundError("/proc/self/status")

    monkeypatch.setattr(platforms, "open", no_proc, raising=False)
    assert platforms.current_umask() == 0o027
    assert os.umask(0o027) == 0o027  # left as it was


@pytest.mark.parametrize("name", ["darwin", "win32"])
def test_elsewhere_the_umask_is_set_and_set_back(system, monkeypatch, umask, name):
    system(name)
    calls = []
    real = os.umask
    monkeypatch.setattr(os, "umask", lambda mask: calls.append(mask) or real(mask))
    assert platforms.current_umask() == 0o027
    assert calls == [0o022, 0o027]


# die_with_parent


class FakeLibc:
    def __init__(self, prctl_result=0):
        self.prctl_result, self.calls = prctl_result, []

    def prctl(self, option, value):
        self.calls.append((option, value))
        return self.prctl_result


class Exited(Exception):
    pass


@pytest.fixture
def worker(monkeypatch):
    """A worker whose parent is 100: os.getppid answers from `ppids` (then 1: adopted), os._exit raises
    Exited, and threads are recorded instead of started."""
    state = {"ppids": [100], "threads": []}

    def getppid():
        return state["ppids"].pop(0) if state["ppids"] else 1

    def exit_(code):
        raise Exited(code)

    class Thread:
        def __init__(self, target, name, daemon):
            self.target, self.daemon = target, daemon

        def start(self):
            state["threads"].append(self)

    monkeypatch.setattr(os, "getppid", getppid)
    monkeypatch.setattr(os, "_exit", exit_)
    monkeypatch.setattr(platforms.threading, "Thread", Thread)
    monkeypatch.setattr(platforms.time, "sleep", lambda seconds: None)
    return state


def test_linux_asks_for_sigkill_at_the_parents_death(system, monkeypatch, worker):
    system("linux")
    libc = FakeLibc()
    monkeypatch.setattr(platforms, "_libc", lambda: libc)
    platforms.die_with_parent(100)
    assert libc.calls == [(1, signal.SIGKILL)]  # PR_SET_PDEATHSIG
    assert worker["threads"] == []


def test_linux_exits_when_the_parent_died_before_the_request(system, monkeypatch, worker):
    system("linux")
    monkeypatch.setattr(platforms, "_libc", lambda: FakeLibc())
    worker["ppids"] = [1]
    with pytest.raises(Exited) as exited:
        platforms.die_with_parent(100)
    assert exited.value.args == (1,)


def test_linux_watches_when_prctl_is_refused(system, monkeypatch, worker):
    system("linux")
    monkeypatch.setattr(platforms, "_libc", lambda: FakeLibc(prctl_result=-1))
    platforms.die_with_parent(100)
    assert len(worker["threads"]) == 1


@pytest.mark.parametrize("name", ["darwin", "freebsd14"])
def test_macos_and_other_posix_watch_the_parent_id(system, monkeypatch, worker, name):
    system(name)

    def no_libc():
        raise AssertionError("no prctl outside Linux")

    monkeypatch.setattr(platforms, "_libc", no_libc)
    platforms.die_with_parent(100)
    [thread] = worker["threads"]
    assert thread.daemon
    worker["ppids"] = [100, 100, 1]  # the parent dies; launchd adopts the worker
    with pytest.raises(Exited) as exited:
        thread.target()
    assert exited.value.args == (1,) and worker["ppids"] == []


def test_windows_does_nothing(system, monkeypatch, worker):
    system("win32")
    monkeypatch.setattr(platforms, "_libc", None)
    assert platforms.die_with_parent(100) is None
    assert worker["threads"] == []


# die_with: a fork server's worker ends with the process that started it


def test_a_worker_whose_starter_is_gone_exits_at_once(system, monkeypatch, worker):
    system("linux")
    monkeypatch.setattr(platforms, "pid_alive", lambda pid: False)
    with pytest.raises(Exited) as exited:
        platforms.die_with(4242)
    assert exited.value.args == (1,) and worker["threads"] == []


@pytest.mark.parametrize("name", ["linux", "darwin"])
def test_a_worker_waits_on_its_starter_and_exits_when_it_ends(system, monkeypatch, worker, name):
    """Linux waits on a process descriptor; without one (macOS) the starter is looked at every half second."""
    system(name)
    alive = [True, True, True, False]
    monkeypatch.setattr(platforms, "pid_alive", lambda pid: alive.pop(0))
    waited = []
    if name == "linux":
        read, write = os.pipe()  # stands for the process descriptor: readable once the process ends
        monkeypatch.setattr(os, "pidfd_open", lambda pid: waited.append(pid) or read, raising=False)
        os.close(write)
    else:
        monkeypatch.delattr(os, "pidfd_open", raising=False)
    platforms.die_with(4242)
    [thread] = worker["threads"]
    assert thread.daemon
    with pytest.raises(Exited) as exited:
        thread.target()
    assert exited.value.args == (1,)
    if name == "linux":
        assert waited == [4242] and alive == [True, True, False]  # (no polling)
        os.close(read)
    else:
        assert alive == []  # looked at until it was gone


def test_windows_has_no_fork_server_to_watch(system, monkeypatch, worker):
    system("win32")
    assert platforms.die_with(4242) is None and worker["threads"] == []


ORPHAN = textwrap.dedent("""
    import os, sys, time
    from annotator.core import platforms
    platforms.SYSTEM = sys.argv[1]
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        platforms.die_with_parent(parent)
        time.sleep(60)
        os._exit(0)
    print(pid, flush=True)
    time.sleep(60)
""")


@on_linux
@pytest.mark.parametrize("name", ["linux", "darwin"])  # prctl, and the watching thread (run here on Linux)
def test_a_forked_child_dies_with_its_killed_parent(name):
    proc = subprocess.Popen([sys.executable, "-c", ORPHAN, name], stdout=subprocess.PIPE, text=True)
    try:
        kid = int(proc.stdout.readline())
        time.sleep(0.2)  # let the child make its request (or start its thread)
        assert platforms.pid_alive(kid)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert _wait_until(lambda: not platforms.pid_alive(kid), 5)


# exchange_paths


@on_linux
def test_exchange_swaps_two_folders_for_real(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "old.txt").write_text("old")
    (b / "new.txt").write_text("new")
    (b / "sub").mkdir()
    assert platforms.exchange_paths(a, b)
    assert sorted(p.name for p in a.iterdir()) == ["new.txt", "sub"]
    assert [p.name for p in b.iterdir()] == ["old.txt"]


@on_linux
def test_exchange_of_a_missing_path_is_an_error(tmp_path):
    (tmp_path / "a").mkdir()
    with pytest.raises(FileNotFoundError):
        platforms.exchange_paths(tmp_path / "a", tmp_path / "missing")
    assert (tmp_path / "a").is_dir()


class FakeSwap:
    """A libc whose renameat2 or renamex_np (`name`) fails with `error` (0: succeeds)."""

    def __init__(self, name, error=0):
        self.calls = []

        def call(*args):
            self.calls.append(args)
            ctypes.set_errno(error)
            return -1 if error else 0

        setattr(self, name, call)


@pytest.fixture
def libc(monkeypatch):
    def use(fake):
        monkeypatch.setattr(platforms, "_libc", lambda: fake)
        return fake

    return use


def test_linux_calls_renameat2_with_rename_exchange(system, libc):
    system("linux")
    fake = libc(FakeSwap("renameat2"))
    assert platforms.exchange_paths("/x/a", "/x/b")
    assert fake.calls == [(-100, b"/x/a", -100, b"/x/b", 2)]  # AT_FDCWD, RENAME_EXCHANGE


def test_macos_calls_renamex_np_with_rename_swap(system, libc):
    system("darwin")
    fake = libc(FakeSwap("renamex_np"))
    assert platforms.exchange_paths("/x/a", "/x/b")
    assert fake.calls == [(b"/x/a", b"/x/b", 2)]  # RENAME_SWAP


@pytest.mark.parametrize("name, function", [("linux", "renameat2"), ("darwin", "renamex_np")])
@pytest.mark.parametrize("error", [errno.ENOSYS, errno.EINVAL, errno.ENOTSUP])
def test_unsupported_exchange_is_false(system, libc, name, function, error):
    system(name)
    libc(FakeSwap(function, error))
    assert platforms.exchange_paths("/x/a", "/x/b") is False


@pytest.mark.parametrize("name, function", [("linux", "renameat2"), ("darwin", "renamex_np")])
def test_missing_function_is_false(system, libc, name, function):
    system(name)
    libc(FakeSwap("something_else"))  # an older C library
    assert platforms.exchange_paths("/x/a", "/x/b") is False


@pytest.mark.parametrize("name, function", [("linux", "renameat2"), ("darwin", "renamex_np")])
def test_a_real_failure_is_raised(system, libc, name, function):
    system(name)
    libc(FakeSwap(function, errno.EXDEV))
    with pytest.raises(OSError) as raised:
        platforms.exchange_paths("/x/a", "/y/b")
    assert (raised.value.errno, raised.value.filename, raised.value.filename2) == (errno.EXDEV, "/x/a", "/y/b")


@pytest.mark.parametrize("name", ["win32", "freebsd14"])
def test_no_exchange_elsewhere(system, libc, name):
    system(name)
    fake = libc(FakeSwap("renameat2"))
    assert platforms.exchange_paths("/x/a", "/x/b") is False
    assert fake.calls == []


# a killed `annotator agreement` leaves no worker behind


def _team(n_docs):
    from annotator.core.model import AnnotatedDocument, Layer, SpanRecord

    rng = random.Random(7)
    words = ["قال", "الوزير", "إن", "غزة", "واشنطن", "لبحث", "المحادثات", "الأمم", "المتحدة", "وأكد", "رفح"]
    docs = []
    for d in range(n_docs):
        tokens = [rng.choice(words) for _ in range(40)]
        starts = [sum(len(t) + 1 for t in tokens[:i]) for i in range(len(tokens))]
        layers = [
            Layer(
                name,
                spans=[
                    SpanRecord(f"T{i}", starts[i], starts[i] + len(tokens[i]), rng.choice(["PER", "GPE", "ORG"]))
                    for i in range(0, 40, 3)
                ],
            )
            for name in "AB"
        ]
        docs.append(AnnotatedDocument(f"doc-{d:05d}", " ".join(tokens), layers=layers))
    return docs


@on_linux
def test_killed_agreement_leaves_no_worker(tmp_path):
    import multiprocessing

    from annotator.core.agreement.parallel import PARALLEL_FROM, worker_count
    from annotator.core.project import Project

    # the command runs in a process of its own (no other thread there): this test process's threads (Qt's,
    # earlier tests') do not matter, only whether the machine can fork and has more than one core
    if worker_count() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("one core or no fork here: agreement starts no worker")
    path = tmp_path / "team.annotator"
    with Project(path) as project:  # 4 x PARALLEL_FROM: the workers run for about a second
        project.import_documents(_team(4 * PARALLEL_FROM))
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "agreement", str(path), "--json"], stdout=subprocess.DEVNULL
    )
    _killed_leaves_none_of(proc, lambda: _children(proc.pid), worker_count())


def _killed_leaves_none_of(proc, processes, at_least):
    """Once `processes()` are `at_least` many, kill `proc`: they all end within 5 s (without the fix they
    would wait for work for ever)."""
    try:
        assert _wait_until(lambda: len(processes()) >= at_least or proc.poll() is not None, 60)
        seen = processes()
        assert len(seen) >= at_least, "agreement ended before its workers were seen"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    try:
        assert _wait_until(lambda: not any(platforms.pid_alive(p) for p in seen), 5), [
            (p, _state(p)) for p in seen if platforms.pid_alive(p)
        ]
    finally:
        for p in seen:
            with contextlib.suppress(OSError):
                os.kill(p, signal.SIGKILL)


FROM_A_THREAD = """
import sys, threading
from annotator.core.agreement import compute
from annotator.core.project import Project


def on_a_thread():
    with Project(sys.argv[1], create=False) as project:
        compute(project, fork_server=True)


if __name__ == "__main__":
    thread = threading.Thread(target=on_a_thread)
    thread.start()
    thread.join()
"""


def _descendants(pid):
    found, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        found += kids
        todo += kids
    return found


@on_linux
def test_killed_window_agreement_leaves_no_fork_server_nor_worker(tmp_path):
    """The window's agreement runs its workers from a fork server (core/agreement/parallel.py): killed, the
    window takes the server with it, and the server its workers."""
    import multiprocessing

    from annotator.core.agreement.parallel import PARALLEL_FROM, worker_count
    from annotator.core.project import Project

    if worker_count() < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("one core or no fork server here: agreement starts no worker")
    path = tmp_path / "team.annotator"
    with Project(path) as project:
        project.import_documents(_team(4 * PARALLEL_FROM))
    script = tmp_path / "from_a_thread.py"
    script.write_text(FROM_A_THREAD, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(path)])
    _killed_leaves_none_of(proc, lambda: _descendants(proc.pid), worker_count() + 1)  # the server and its workers


# users of pid_alive


@on_linux
def test_a_session_of_a_gone_process_of_this_machine_crashed(zombie):
    import socket

    from annotator.core.project import _crashed_here

    here = socket.gethostname()
    with child() as proc:
        assert not _crashed_here({"host": here, "pid": proc.pid})
    assert _crashed_here({"host": here, "pid": proc.pid})
    assert _crashed_here({"host": here, "pid": zombie})  # killed, not yet reaped
    assert not _crashed_here({"host": here, "pid": os.getpid()})
    assert not _crashed_here({"host": here + "-elsewhere", "pid": proc.pid})  # cannot tell for another machine
