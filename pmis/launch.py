"""`make run`: prepare the database and start the web server, a Celery worker and Celery beat together.

Runs inside `python -m pmis.embedded`, which has already set DATABASE_URL and REDIS_URL. Ctrl-C stops all three
processes; the data stays in the data folder for the next run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def main() -> int:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "pmis.settings.local")
    port = env.get("PMIS_PORT", "8000")
    host = env.get("PMIS_HOST", "127.0.0.1")
    data = Path(env.get("PMIS_DATA_DIR") or ROOT / "var")
    data.mkdir(parents=True, exist_ok=True)

    manage("migrate", "--no-input", env=env)
    manage("demo_data", env=env)

    commands = {
        "web": [sys.executable, "-m", "uvicorn", "pmis.asgi:application", "--host", host, "--port", port,
                "--lifespan", "off", "--no-access-log"],
        "worker": [sys.executable, "-m", "celery", "-A", "pmis", "worker", "--loglevel", "INFO",
                   "--concurrency", "2", "--without-gossip", "--without-mingle"],
        "beat": [sys.executable, "-m", "celery", "-A", "pmis", "beat", "--loglevel", "INFO",
                 "--schedule", str(data / "celerybeat-schedule")],
    }  # fmt: skip
    children = {name: subprocess.Popen(command, env=env, cwd=ROOT) for name, command in commands.items()}
    print(f"\nPMIS is running at http://{host}:{port}/  (Ctrl-C stops it)\n", flush=True)

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                print(f"{name} exited with code {child.returncode}; stopping the others.", flush=True)
                code = child.returncode or 1
                stopping = True
                break
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    for child in children.values():
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
