"""Memory before refusal (issue 22, item 4): the peak resident memory of `annotator import` on oversized
inputs, each run in its own process, with the one line it ends with. Prints; asserts nothing.

    python benchmarks/bench_intake_memory.py [--code DIR] [--only NAME ...] [--keep DIR]

--code DIR runs another checkout's `annotator` package (a worktree of an earlier commit, for the "before"
column). The inputs are made in a temporary folder (about 2.7 GB of disk, most of it sparse):

- jsonl-2gb: a 2 GB .jsonl with no newline (over the file limit of 512 MB);
- jsonl-500mb: a 500 MB .jsonl with no newline (under the file limit: the line limit of 64 MB decides);
- conll-5m: a CoNLL file of one 5,000,000-token sentence (59 MB, 26M characters: within the limits, so
  it is imported; the figure is the whole import);
- conll-over: one 5,000,000-token sentence of 100M characters (twice the document limit of 50M);
- json-deep: a .jsonl whose first line nests 50,000 deep.

Peak memory is the child's maximum resident set size (getrusage of a process that waits for it alone).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = HERE.parent
MB = 1024 * 1024

# waits for the one command it is given, then prints that child's peak resident memory in bytes
_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(f"{done.returncode}\\n{peak * (1 if sys.platform == 'darwin' else 1024)}\\n{done.stderr}")
"""


def sparse(path: Path, head: bytes, size: int) -> Path:
    """`head`, then zero bytes up to `size` (NUL is valid UTF-8: a reader sees one endless line)."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def one_sentence(path: Path, tokens: int, word: str) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("-DOCSTART- O\n\n")
        block = "".join("واشنطن B-GPE\n" if i % 10 == 0 else f"{word} O\n" for i in range(10_000))
        for _ in range(tokens // 10_000):
            handle.write(block)
    return path


INPUTS = {
    "jsonl-2gb": lambda tmp: (sparse(tmp / "big.jsonl", b'{"name": "a", "text": "', 2048 * MB), []),
    "jsonl-500mb": lambda tmp: (sparse(tmp / "mid.jsonl", b'{"name": "a", "text": "', 500 * MB), []),
    "conll-5m": lambda tmp: (one_sentence(tmp / "sentence.conll", 5_000_000, "كلمة"), ["--annotator", "A"]),
    "conll-over": lambda tmp: (
        one_sentence(tmp / "over.conll", 5_000_000, "كلمةطويلةجداجداجداجدا"),
        ["--annotator", "A"],
    ),
    "json-deep": lambda tmp: (write(tmp / "deep.jsonl", "[" * 50_000 + "]" * 50_000 + "\n"), []),
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def measure(code: Path, tmp: Path, path: Path, extra: list[str]) -> tuple[str, float, float, str]:
    project = tmp / "p.annotator"
    project.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(code), "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURE,
            sys.executable,
            "-m",
            "annotator.cli",
            "import",
            str(project),
            str(path),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
    )
    seconds = time.perf_counter() - start
    code_line, peak, *err = done.stdout.split("\n")
    message = next((line for line in reversed(err) if line.strip()), "")
    project.unlink(missing_ok=True)
    return code_line, int(peak) / MB, seconds, message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=CODE, help="the checkout whose annotator to run")
    parser.add_argument("--only", nargs="*", choices=sorted(INPUTS), help="run only these inputs")
    parser.add_argument("--keep", type=Path, help="make (or reuse) the inputs in this folder and keep them")
    args = parser.parse_args()
    code = args.code.resolve()
    print(f"code: {code}")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep.resolve() if args.keep else Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        for name in args.only or INPUTS:
            path, extra = INPUTS[name](tmp)
            exit_code, peak, seconds, message = measure(code, tmp, path, extra)
            print(
                f"{name:12} {path.stat().st_size / MB:8.0f} MB file   peak {peak:7.0f} MB   {seconds:5.1f} s   "
                f"exit {exit_code}: {message[:150]}",
                flush=True,
            )
            if not args.keep:
                path.unlink()


if __name__ == "__main__":
    main()
