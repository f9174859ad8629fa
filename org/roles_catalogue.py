"""The role catalogue and substitution scheme shipped with the PMIS, read from ``org/data``.

``roles.csv`` is the catalogue of Rules p.2 and Appendix 1, extended with the columns the system needs: where a
role is assigned (`scopes`), what it allows (`powers`), Appendix 1's number of units (`max_holders`) and
employment, and the flags of p.79 (`one_active_project`) and p.77 (`charter_required`). Lists inside a cell are
space-separated. ``role_substitution.csv`` is Appendix 4, one "+" cell a line.
"""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CATALOGUE = DATA / "roles.csv"
SUBSTITUTION = DATA / "role_substitution.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return [row for row in csv.DictReader(lines) if any(row.values())]


def read_catalogue(path: Path = CATALOGUE) -> list[dict[str, str]]:
    return [row for row in _rows(path) if row.get("code")]


def role_values(row: dict[str, str]) -> dict:
    """The Role fields of one catalogue line; absent columns keep the model's defaults."""
    values = {key: row.get(key, "") or "" for key in ("level", "name_en", "name_ru", "name_kk", "source")}
    if "scopes" in row:
        values["scopes"] = (row["scopes"] or row["level"]).split()
    if "powers" in row:
        values["powers"] = (row["powers"] or "").split()
    if "max_holders" in row:
        values["max_holders"] = int(row["max_holders"]) if (row["max_holders"] or "").strip() else None
    if "employment" in row:
        values["employment"] = row["employment"] or ""
    for flag in ("one_active_project", "charter_required"):
        if flag in row:
            values[flag] = (row[flag] or "").strip().lower() in ("yes", "true", "1")
    return values


def read_substitution(path: Path = SUBSTITUTION) -> list[tuple[str, str]]:
    """Appendix 4 as (substitute role code, substituted role code) pairs."""
    return [(row["substitute"].strip(), row["substituted"].strip()) for row in _rows(path)]
