"""Figures of the "nothing a linguist saved is ever lost" issue: each case it names, run as a user would (the
command line, and a Python process standing for the window), with what happened. Prints; asserts nothing.

    python benchmarks/bench_safety_cases.py [--code DIR]

--code DIR runs another checkout's `annotator` package (e.g. a worktree of an earlier commit, for the
"before" column): only the command line and the `Project` API both versions have are used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = HERE.parent
TEXT = "قال الرئيس اللبناني في بيروت إن الاتفاق قريب. " * 20


def run(*args: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(CODE), "QT_QPA_PLATFORM": "offscreen"}
    try:
        return subprocess.run(
            [sys.executable, "-m", "annotator.cli", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=CODE,
            **kw,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, "hung", "", f"hung for {timeout:g} s")


def py(script: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(CODE), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=CODE
    )


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else None


def project(path: Path, spans: int = 1, annotators: str = "AB") -> None:
    script = (
        "import sys\nfrom annotator.core.project import Project\nwith Project(sys.argv[1]) as p:\n"
        f"    d = p.documents.add('d1', {TEXT!r})\n"
        f"    for who in {annotators!r}:\n        for i in range({spans}):\n"
        "            p.spans.add(d.id, who, 5 * i, 5 * i + 3, 'PER')\n"
    )
    done = py(script, str(path))
    assert done.returncode == 0, done.stderr


def outcome(done: subprocess.CompletedProcess) -> str:
    if done.returncode == "hung":
        return "hung"
    line = (done.stderr.strip().splitlines() or [""])[-1]
    return f"exit {done.returncode}" + (f" ({line[:90]})" if done.returncode else "")


# ---- the cases ---------------------------------------------------------------------------------------------


def lost_after_reopening(tmp: Path) -> str:
    path = tmp / "p.annotator"
    script = """
import os, subprocess, sys
from annotator.core.project import Project
p = Project(sys.argv[1]); d = p.documents.add("d1", "واشنطن تقول " * 50)
p.spans.add(d.id, "A", 0, 6, "GPE")
Project(sys.argv[1]).close()                     # what File › Export, Tools › Agreement, Switch annotator do
open(sys.argv[2], "w").write("خبر آخر")
subprocess.run([sys.executable, "-m", "annotator.cli", "import", sys.argv[1], sys.argv[2]], capture_output=True)
for i in range(10): p.spans.add(d.id, "A", 12 * i + 12, 12 * i + 18, "ORG")
os._exit(0)
"""
    py(script, str(path), str(tmp / "extra.txt"))
    stats = json.loads(run("stats", str(path), "--json").stdout)
    return f"{stats['per_annotator'].get('A', {}).get('spans', 0)} of 11 saved spans in the file after the kill"


def render_over_project(tmp: Path, through: str) -> str:
    path = tmp / "p.annotator"
    project(path)
    (tmp / "sub").mkdir()
    before = digest(path)
    out = path if through == "" else tmp / "sub" / ".." / "p.annotator"
    done = run("render", str(path), "--doc", "1", "--annotator", "A", "--out", str(out))
    return f"{outcome(done)}; project {'unchanged' if digest(path) == before else 'OVERWRITTEN'}"


def demo_fresh(tmp: Path, what: str) -> str:
    target = tmp / "x"
    if what == "project":
        project(target, spans=150, annotators="A")
    else:
        target.write_text("a user's text file", encoding="utf-8")
    before = digest(target)
    done = run("demo", "--fresh", "--project", str(target), "--no-gui")
    kept = list((tmp / "x.backups").glob("*")) if (tmp / "x.backups").exists() else []
    state = "unchanged" if digest(target) == before else ("replaced by the demo" if target.exists() else "DELETED")
    return f"{outcome(done)}; the {what}: {state}; backups kept: {len(kept)}"


def restores(tmp: Path) -> str:
    path = tmp / "p.annotator"
    project(path)
    script = (
        "import sys, time\nfrom annotator.core import backups\nfrom annotator.core.project import Project\n"
        "with Project(sys.argv[1]) as p:\n    for i in range(5):\n        backups.create(p, f'n{i}')\n"
        "        time.sleep(0.01)\n"
    )
    assert py(script, str(path)).returncode == 0
    made = sorted((tmp / "p.annotator.backups").glob("*-n*.annotator"))
    tried = 0
    for backup in reversed(made):  # newest -> oldest
        if not backup.exists():
            break
        run("restore", str(path), "--from", str(backup))
        tried += 1
    left = sum(1 for b in made if b.exists())
    return f"tried {tried} of 5 backups newest -> oldest; {left} of the 5 still there"


def crashed_window(tmp: Path) -> Path:
    path = tmp / "p.annotator"
    script = (
        "import os, sys\nfrom annotator.core.project import Project\np = Project(sys.argv[1])\n"
        "d = p.documents.add('d', 'قال الرئيس في بيروت')\np.spans.add(d.id, 'A', 4, 10, 'PER')\n"
        "p.spans.add(d.id, 'B', 4, 10, 'PER')\nos._exit(0)"
    )
    assert py(script, str(path)).returncode == 0
    return path


def read_only_command(tmp: Path, args: list[str]) -> str:
    path = crashed_window(tmp)
    wal = Path(f"{path}-wal")
    before = (digest(path), digest(wal))
    done = run(args[0], str(path), *[a.replace("OUT", str(tmp / "out")) for a in args[1:]])
    after = (digest(path), digest(wal))
    return f"{outcome(done)}; {'file and -wal byte-identical' if after == before else 'CHANGED ' + str(after)}"


def foreign_sqlite(tmp: Path, command: str) -> str:
    path = tmp / "theirs.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, text TEXT, sha256 TEXT)")
        conn.execute("PRAGMA user_version = 3")
    conn.close()
    before = path.read_bytes()
    done = run(command, str(path))
    mode = "WAL" if path.read_bytes()[18:20] == b"\x02\x02" else "rollback journal"
    return f"{outcome(done)}; file {'unchanged' if path.read_bytes() == before else 'CHANGED'} (now {mode})"


def hf_link(tmp: Path) -> str:
    path = tmp / "p.annotator"
    project(path, annotators="A")
    out = tmp / "hf"
    run("export", str(path), "--format", "hf", "--out", str(out))
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "train.jsonl").write_text("the user's file", encoding="utf-8")
    for old in (out / "tokens").iterdir():
        old.unlink()
    (out / "tokens").rmdir()
    os.symlink(outside, out / "tokens")
    (out / "mine.txt").write_text("notes", encoding="utf-8")
    done = run("export", str(path), "--format", "hf", "--out", str(out), "--force")
    kept = (outside / "train.jsonl").read_text(encoding="utf-8") == "the user's file"
    return f"{outcome(done)}; file outside the export {'untouched' if kept else 'OVERWRITTEN'}"


def special_out(tmp: Path, kind: str) -> str:
    path = tmp / "p.annotator"
    project(path, annotators="A")
    out = tmp / kind
    if kind == "fifo":
        os.mkfifo(out)
    else:
        try:
            os.mknod(out, 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            return "skipped (needs root)"
    done = run("export", str(path), "--format", "jsonl", "--out", str(out), "--force", timeout=10)
    still = out.is_fifo() if kind == "fifo" else out.is_char_device()
    return f"{outcome(done)}; {kind} {'still there' if still else 'REPLACED by a regular file'}"


def schema_race(tmp: Path) -> str:
    path = tmp / "p.annotator"
    project(path)
    start = tmp / "go"
    script = (
        "import sys, time\nfrom pathlib import Path\nfrom annotator.core.model import LabelDef\n"
        "from annotator.core.project import Project\np = Project(sys.argv[1])\nwho = sys.argv[2]\n"
        "while not Path(sys.argv[3]).exists():\n    time.sleep(0.005)\n"
        "for i in range(15):\n    p.schema.add_label(LabelDef(f'L{who}{i}', 'entity', '#101010', ''))\n"
        "    p.schema.add_target(f'T{who}{i}')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(CODE)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(path), w, str(start)], env=env, cwd=CODE) for w in "XYZ"
    ]
    time.sleep(2)
    start.touch()
    for p in procs:
        p.wait()
    schema = json.loads(
        sqlite3.connect(path).execute("SELECT value_json FROM settings WHERE key = 'schema'").fetchone()[0]
    )
    labels = sum(1 for lab in schema["labels"] if lab["name"][:2] in ("LX", "LY", "LZ"))
    targets = sum(1 for t in schema["targets"] if t[:2] in ("TX", "TY", "TZ"))
    return f"{labels + targets} of 90 labels and targets kept"


def refused_merge(tmp: Path) -> str:
    mine, fine, theirs = (tmp / f"{n}.annotator" for n in ("mine", "fine", "theirs"))
    project(mine, annotators="A")
    for other, who in ((fine, "B"), (theirs, "A")):
        script = (
            "import sys\nfrom annotator.core.model import LabelDef\nfrom annotator.core.project import "
            "Project\nwith Project(sys.argv[1]) as p:\n    p.schema.add_label(LabelDef('NORP', 'entity', "
            "'#123456', ''))\n    d = p.documents.add('x', 'نص آخر تماما')\n"
            f"    p.spans.add(d.id, {who!r}, 0, 2, 'NORP')\n"
        )
        assert py(script, str(other)).returncode == 0
    script2 = (
        "import sys\nfrom annotator.core.project import Project\nwith Project(sys.argv[1]) as p:\n"
        "    p.spans.add(1, 'A', 100, 103, 'ORG')\n"
    )
    py(script2, str(theirs))
    done = run("merge", str(mine), str(fine), str(theirs))
    schema = json.loads(
        sqlite3.connect(mine).execute("SELECT value_json FROM settings WHERE key = 'schema'").fetchone()[0]
    )
    added = any(lab["name"] == "NORP" for lab in schema["labels"])
    return f"{outcome(done)}; schema {'GOT the other files’ labels' if added else 'unchanged'}"


def killed_merges(tmp: Path, n: int = 5) -> str:
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("annotator-merge-*"))
    mine, theirs = tmp / "mine.annotator", tmp / "theirs.annotator"
    project(mine, annotators="A")
    project(theirs, spans=100, annotators="BCD")
    changed = 0
    env = {**os.environ, "PYTHONPATH": str(CODE)}
    for i in range(n):
        before_schema = digest(mine)
        proc = subprocess.Popen(
            [sys.executable, "-m", "annotator.cli", "merge", str(mine), str(theirs)],
            env=env,
            cwd=CODE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.45 + 0.05 * i)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        changed += json.loads(run("stats", str(mine), "--json").stdout)["spans"] != 1
        del before_schema
    left = set(temp.glob("annotator-merge-*")) - before
    for folder in left:
        subprocess.run(["rm", "-rf", str(folder)])
    return f"{n} merges killed: {len(left)} copies left in the temp folder"


def killed_agreement(tmp: Path) -> str:
    path = tmp / "p.annotator"
    script = (
        "import sys\nfrom annotator.core.project import Project\nfrom annotator.core.model import "
        "AnnotatedDocument, Layer, SpanRecord\nt = 'قال الرئيس في بيروت إن الاتفاق قريب جدا ' * 40\n"
        "docs = [AnnotatedDocument(f'd{i}', t, layers=[Layer(w, spans=[SpanRecord(f'T{j}', 4 * j, 4 * j + 3, "
        "'PER') for j in range(30)]) for w in 'AB']) for i in range(2000)]\n"
        "with Project(sys.argv[1]) as p:\n    p.import_documents(docs)\n"
    )
    done = py(script, str(path), timeout=600)
    if done.returncode:
        return f"could not build the project: {done.stderr[-200:]}"
    env = {**os.environ, "PYTHONPATH": str(CODE)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator.cli", "agreement", str(path), "--json"],
        env=env,
        cwd=CODE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(children) < 2:
        children = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == proc.pid]
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    alive = [c for c in children if Path(f"/proc/{c}").exists() and _state(c) != "Z"]
    for c in alive:
        os.kill(c, signal.SIGKILL)
    return f"{len(children)} workers; {len(alive)} still running 5 s after the kill"


def _ppid(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def read_only_media(tmp: Path) -> str:
    folder = tmp / "ro"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)]).returncode:
        return "skipped (cannot mount)"
    try:
        path = folder / "p.annotator"
        project(path)
        script = (
            "import sys\nfrom annotator.core import backups\nfrom annotator.core.project import Project\n"
            "with Project(sys.argv[1]) as p:\n    print(backups.create(p))\n"
        )
        backup = py(script, str(path)).stdout.strip()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        problem = py(
            "import sys\nfrom pathlib import Path\nfrom annotator.core.project import backup_problem\n"
            "print(backup_problem(Path(sys.argv[1])))",
            backup,
        ).stdout.strip()
        results = {
            "check": run("check", str(path)).returncode,
            "export": run("export", str(path), "--format", "jsonl", "--out", str(tmp / "o.jsonl")).returncode,
            "merge": run("merge", str(tmp / "m.annotator"), str(path)).returncode,
        }
        return f"backup: {'sound' if problem == 'None' else problem[:60]}; " + ", ".join(
            f"{k} exit {v}" for k, v in results.items()
        )
    finally:
        subprocess.run(["umount", str(folder)])


CASES = [
    ("§1 window re-opens its project, a CLI writer, a kill", lost_after_reopening),
    ("§2 render --out PROJECT", lambda t: render_over_project(t, "")),
    ("§2 render --out sub/../PROJECT", lambda t: render_over_project(t, "..")),
    ("§2 demo --fresh --project a real 150-span project", lambda t: demo_fresh(t, "project")),
    ("§2 demo --fresh --project a text file", lambda t: demo_fresh(t, "text file")),
    ("§2 restore each of 5 backups, newest first", restores),
    ("§2 check beside a crashed window's -wal", lambda t: read_only_command(t, ["check"])),
    ("§2 stats beside a crashed window's -wal", lambda t: read_only_command(t, ["stats"])),
    ("§2 search beside a crashed window's -wal", lambda t: read_only_command(t, ["search", "بيروت"])),
    ("§2 agreement beside a crashed window's -wal", lambda t: read_only_command(t, ["agreement", "--json"])),
    (
        "§2 render beside a crashed window's -wal",
        lambda t: read_only_command(t, ["render", "--doc", "d", "--annotator", "A", "--out", "OUT.png"]),
    ),
    ("§2 stats on another program's SQLite file", lambda t: foreign_sqlite(t, "stats")),
    ("§2 check on another program's SQLite file", lambda t: foreign_sqlite(t, "check")),
    ("§2 hf export whose tokens/ is a link", hf_link),
    ("§2 export --out a FIFO", lambda t: special_out(t, "fifo")),
    ("§2 export --out a device", lambda t: special_out(t, "device")),
    ("§3 3 programs x (15 labels + 15 targets)", schema_race),
    ("§3 a refused merge (exit 2)", refused_merge),
    ("§3 killed merges", killed_merges),
    ("§3 a killed agreement (2,000 articles)", killed_agreement),
    ("§3 a project on read-only media", read_only_media),
]


def main() -> None:
    global CODE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=CODE, help="the checkout whose annotator to run")
    parser.add_argument("--only", nargs="*", help="cases whose title contains one of these")
    args = parser.parse_args()
    CODE = args.code.resolve()
    print(f"annotator from {CODE}")
    for title, case in CASES:
        if args.only and not any(word in title for word in args.only):
            continue
        with tempfile.TemporaryDirectory(prefix="bench-safety-") as tmp:
            try:
                result = case(Path(tmp))
            except Exception as exc:  # noqa: BLE001 - a figure, not a test: say what broke
                result = f"failed: {type(exc).__name__}: {exc}"[:160]
        print(f"{title:<55} {result}", flush=True)


if __name__ == "__main__":
    main()
