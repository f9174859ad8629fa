"""Production settings: secrets come from the environment and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "pmis.settings.production", **env}
    if "DJANGO_SECRET_KEY" not in env:
        environment.pop("DJANGO_SECRET_KEY", None)
    environment.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # a developer's shell may have it; production never does
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_for_production_settings():
    result = run_check(DJANGO_SECRET_KEY="x" * 20 + "-production-secret-from-the-environment-0123456789")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_no_demo_credentials_in_settings():
    for path in (ROOT / "pmis" / "settings").glob("*.py"):
        text = path.read_text()
        assert "demo" not in text.lower() or path.name == "local.py", path
