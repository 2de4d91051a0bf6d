"""A throwaway PostgreSQL server (tests, ``make bench-scale``): ``initdb`` in a
temporary folder, started on 127.0.0.1 with its own free port and a socket
folder in /tmp, stopped and deleted at the end of the block.

    with pg_local.running() as server:       # PostgresUnavailable if it cannot start
        url = server.create_db("t1")         # postgresql+psycopg://postgres@127.0.0.1:PORT/t1

PostgreSQL refuses to run as root: as root, the server's files are given to
an unprivileged user (``nobody``) and its programs run through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from recoupe.errors import RecoupeError

SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin", "/usr/bin")
RUN_AS = "nobody"  # when we are root
START_TIMEOUT_S = 30


class PostgresUnavailable(RecoupeError):
    """No PostgreSQL server could be started here; the message says why."""


@dataclass(frozen=True, slots=True)
class Server:
    bindir: Path
    port: int
    socket_dir: Path
    user_prefix: tuple[str, ...]

    def url(self, db: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def create_db(self, name: str) -> str:
        """A new empty database with the C collation (byte order, as SQLite); returns its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "-T", "template0", "-E", "UTF8", "--locale=C", name)
        return self.url(name)

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [*self.user_prefix, str(self.bindir / program), *args]
        return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=START_TIMEOUT_S)


def find_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl`` (newest version first), or None."""
    for pattern in SEARCH:
        for d in sorted(glob.glob(pattern), reverse=True):
            if os.access(Path(d) / "initdb", os.X_OK) and os.access(Path(d) / "pg_ctl", os.X_OK):
                return Path(d)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _user_prefix(owned: list[Path]) -> tuple[str, ...]:
    if os.geteuid() != 0:
        return ()
    if not shutil.which("runuser"):
        raise PostgresUnavailable("PostgreSQL refuses to run as root and runuser is not available")
    for p in owned:
        shutil.chown(p, user=RUN_AS)
    return ("runuser", "-u", RUN_AS, "--")


@contextmanager
def running() -> Iterator[Server]:
    """Start a server for the duration of the block; PostgresUnavailable when impossible."""
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable("PostgreSQL is not installed (no initdb/pg_ctl; Debian: apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="recoupe-pg-"))
    root.chmod(0o755)
    data, sockets = root / "data", root / "sock"
    data.mkdir()
    sockets.mkdir()
    prefix = _user_prefix([root, data, sockets])
    server = Server(bindir, free_port(), sockets, prefix)
    try:
        _start(server, data, root / "log")
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        log = root / "log"
        tail = log.read_text(errors="replace")[-500:] if log.is_file() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL could not start: {exc} {detail.strip()[-300:]} {tail}") from exc
    try:
        yield server
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=START_TIMEOUT_S, check=False)
        shutil.rmtree(root, ignore_errors=True)


def _start(server: Server, data: Path, log: Path) -> None:
    server._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C",
                "--no-sync")
    opts = (f"-c listen_addresses=127.0.0.1 -p {server.port} -c unix_socket_directories={server.socket_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
    if server.user_prefix:
        log.touch()
        shutil.chown(log, user=RUN_AS)
    server._run("pg_ctl", "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", str(START_TIMEOUT_S), "start")
