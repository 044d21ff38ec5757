"""A throwaway PostgreSQL server for the tests of the PostgreSQL backend (issue 25).

    python tests/postgres_server.py start DIR    # prints the server's URL (postgresql://...) and returns
    python tests/postgres_server.py stop DIR     # stops it (DIR may then be removed)
    python tests/postgres_server.py restart DIR  # restarts it (every connection is cut), same port

It uses the distribution's server (`apt-get install postgresql`: `$(pg_config --bindir)/initdb`, `pg_ctl`):
`initdb` into DIR, a server listening on 127.0.0.1 only, on a free port, with its socket in DIR, trust
authentication (nobody but this machine's users can reach it, and it holds test data only). As root it runs
the server as the unprivileged `postgres` user (PostgreSQL refuses to run as root). Then

    ANNOTATOR_TEST_POSTGRES=$(python tests/postgres_server.py start /tmp/pg) python -m pytest tests/core

runs the PostgreSQL tests; without ANNOTATOR_TEST_POSTGRES they are skipped. Each test makes a database of
its own on that server (tests/core/conftest.py) and drops it afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

USER = "postgres"


def bindir() -> Path:
    """Where initdb and pg_ctl are: pg_config's bindir, or the newest /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise SystemExit("no PostgreSQL server found: apt-get install -y postgresql")
    return versions[-1].parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    # runuser is in /usr/sbin, which a root shell's PATH may lack (env -i, su without -)
    runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin") or "runuser"
    return [runuser, "-u", USER, "--", *command]


def _run(command: list[str]) -> None:
    result = subprocess.run(_as_server_user(command), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def start(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, USER, USER)
    bin_ = bindir()
    if not (data / "PG_VERSION").exists():
        _run(
            [
                str(bin_ / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=100"
    _run([str(bin_ / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start"])
    url = f"postgresql://{USER}@127.0.0.1:{port}/postgres"
    (folder / "url").write_text(url + "\n", encoding="utf-8")
    return url


def stop(folder: Path) -> None:
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        _run([str(bindir() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])


def restart(data: Path) -> None:
    """Restart the server whose data folder is `data` (`SHOW data_directory`), as an administrator would: every
    connection to it is cut (the fault tests, tests/core/test_postgres_faults.py); it listens on the same port."""
    log = data.parent / "server.log"
    _run([str(bindir() / "pg_ctl"), "-D", str(data), "-l", str(log), "-m", "fast", "-w", "restart"])


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop", "restart"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1]).resolve()
    if argv[0] == "start":
        print(start(folder))
    elif argv[0] == "restart":
        restart(folder / "data")
    else:
        stop(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
