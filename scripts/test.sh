#!/usr/bin/env bash
# The whole gate of `make test`, run by `python -m pmis.embedded` with DATABASE_URL and REDIS_URL set.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=pmis.settings.test
V=.venv/bin

echo "== ruff check";            $V/ruff check .
echo "== ruff format --check";   $V/ruff format --check .
echo "== manage.py check";       $V/python manage.py check --fail-level WARNING
echo "== makemigrations --check"; $V/python manage.py makemigrations --check --dry-run
echo "== pytest";                $V/pytest -n 2 --dist loadfile -m "not e2e" -q "$@"
echo "== browser tests";         $V/pytest -m e2e -q -p no:xdist tests/e2e
