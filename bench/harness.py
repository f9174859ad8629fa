"""What every benchmark shares: Django set up as in production (no query log), a throwaway database migrated
from scratch and dropped at the end, and the timing helpers. Import it first: it sets Django up."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmis.settings.local")
os.environ["DJANGO_DEBUG"] = "0"  # no query log, as in production

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402


def in_throwaway_database(report, options) -> None:
    """Run `report(options)` in ``bench_<name of DATABASE_URL's database>``, created now and dropped after."""
    setup_test_environment(debug=False)
    database = connections["default"].settings_dict
    database.setdefault("TEST", {})["NAME"] = f"bench_{database['NAME']}"
    print(f"creating the throwaway database {database['TEST']['NAME']} …", file=sys.stderr)
    old = setup_databases(verbosity=0, interactive=False)
    try:
        report(options)
    finally:
        connections.close_all()
        teardown_databases(old, verbosity=0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, runs: int) -> list[float]:
    """Milliseconds of each of `runs` calls (after two warm-up calls)."""
    for _ in range(2):
        function()
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        result.append((time.perf_counter() - start) * 1000)
    return result
