"""Optimistic concurrency: an edit names the `version` it was made on, and a stale one is refused.

Two people may edit the same task, risk, charter or assignment at once; the second save must not silently
overwrite the first. A service calls `check_version(obj, version)` on the row it locked; `StaleVersion` carries
the row as it is now, so the API answers 409 with it (`pmis.core.api.viewsets.StaleVersionAs409`) and a page
shows it beside what the person typed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


class StaleVersion(Exception):
    """The object changed since the person read it; `current` is what is stored now."""

    def __init__(self, current, message: str | None = None):
        super().__init__(
            message or _("Someone else has changed this in the meantime. Review the current version.")
        )
        self.current = current


def check_version(obj, version: int | None) -> None:
    """Refuse an edit made on an older version than the stored one; no version given: nothing to compare."""
    if version is not None and int(version) != obj.version:
        raise StaleVersion(obj)
