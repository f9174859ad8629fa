"""The role catalogue shipped with the PMIS (org/data/roles.csv, taken from Rules p.2 and Appendix 1)."""

import csv
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent / "data" / "roles.csv"


def read_catalogue(path: Path = CATALOGUE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row.get("code")]
