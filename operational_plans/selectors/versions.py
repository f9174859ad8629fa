"""Reads of the approved versions of a plan and their comparison (OP Rules p.6, p.18; Methodology App.6).

`version_compare` answers as a comparative table of amendments does: for each element (heading or activity) that
was added, removed or changed, the field, its wording in the older version and in the newer one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.core import authorization
from pmis.core.models import in_reader_language
from pmis.core.workdays import short_date

from ..models import OperationalPlan, PlanVersion
from ..services.versions import snapshot

CURRENT = "current"

#: The fields compared, with their labels, per element.
HEADING_LABELS = {
    "number": gettext_lazy("number"),
    "name_kk": gettext_lazy("name (Kazakh)"),
    "name_ru": gettext_lazy("name (Russian)"),
    "indicator_code": gettext_lazy("indicator of the goal map"),
    "parent": gettext_lazy("under"),
}
ACTIVITY_LABELS = {
    "heading": gettext_lazy("heading"),
    "name_kk": gettext_lazy("name (Kazakh)"),
    "name_ru": gettext_lazy("name (Russian)"),
    "budget_program": gettext_lazy("budget program code"),
    "unit": gettext_lazy("responsible executor"),
    "deadline": gettext_lazy("term of execution"),
    "term_kk": gettext_lazy("term as worded (Kazakh)"),
    "term_ru": gettext_lazy("term as worded (Russian)"),
    "completion_form_kk": gettext_lazy("form of completion (Kazakh)"),
    "completion_form_ru": gettext_lazy("form of completion (Russian)"),
    "projects": gettext_lazy("linked projects"),
    "tasks": gettext_lazy("linked tasks"),
}


def version_list(user, plan: OperationalPlan) -> QuerySet[PlanVersion]:
    """The approved versions of the plan that `user` may see, first to last (without their snapshots)."""
    return authorization.restrict(
        PlanVersion.objects.filter(plan=plan)
        .select_related("approved_by")
        .defer("snapshot")
        .order_by("number"),
        user,
    )


@dataclass(frozen=True)
class Change:
    """One line of the comparative table: an element, what happened to it, and the field's two wordings."""

    element: str  # "heading" or "activity"
    id: int
    label: str
    change: str  # "added", "removed" or "changed"
    field: str = ""
    field_label: str = ""
    old: str = ""
    new: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def old_shown(self) -> str:
        return self._shown(self.old)

    @property
    def new_shown(self) -> str:
        return self._shown(self.new)

    def _shown(self, value: str) -> str:
        """A wording as the page shows it: a term as the reader writes dates (the API keeps ISO 8601)."""
        if self.field == "deadline" and value:
            try:
                return short_date(dt.date.fromisoformat(value))
            except ValueError:
                return value
        return value


def _snapshot_of(plan: OperationalPlan, which) -> dict:
    if str(which) == CURRENT:
        return snapshot(plan)
    try:
        number = int(which)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Name a version by its number or as “current”.")) from error
    version = PlanVersion.objects.filter(plan=plan, number=number).first()
    if version is None:
        raise ValidationError(_("The plan has no version %(number)s.") % {"number": number})
    return version.snapshot or {}


def _name(item: dict) -> str:
    return in_reader_language({"kk": item.get("name_kk", ""), "ru": item.get("name_ru", "")})


def _heading_label(item: dict) -> str:
    name = _name(item) or in_reader_language(
        {"kk": item.get("indicator_name_kk", ""), "ru": item.get("indicator_name_ru", "")}
    )
    code = item.get("indicator_code")
    return " ".join(part for part in (item.get("number", ""), code and f"[{code}]", name) if part)


def _shown(field: str, value, headings: dict[int, dict]) -> str:
    if value in (None, ""):
        return ""
    if field in ("heading", "parent"):
        heading = headings.get(value)
        return _heading_label(heading) if heading else str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _unit_shown(item: dict) -> str:
    return in_reader_language({"kk": item.get("unit_name_kk", ""), "ru": item.get("unit_name_ru", "")})


def version_compare(plan: OperationalPlan, a, b) -> list[Change]:
    """What changed from version `a` to version `b` (numbers, or "current": the live structure)."""
    old, new = _snapshot_of(plan, a), _snapshot_of(plan, b)
    changes: list[Change] = []
    old_headings = {item["id"]: item for item in old.get("headings", [])}
    new_headings = {item["id"]: item for item in new.get("headings", [])}
    for element, labels, label_of, key in (
        ("heading", HEADING_LABELS, _heading_label, "headings"),
        ("activity", ACTIVITY_LABELS, _name, "activities"),
    ):
        before = {item["id"]: item for item in old.get(key, [])}
        after = {item["id"]: item for item in new.get(key, [])}
        for pk, item in after.items():
            if pk not in before:
                changes.append(Change(element, pk, label_of(item), "added"))
                continue
            previous = before[pk]
            for name, field_label in labels.items():
                if previous.get(name) == item.get(name):
                    continue
                if name == "unit":
                    was, now = _unit_shown(previous), _unit_shown(item)
                else:
                    was = _shown(name, previous.get(name), old_headings)
                    now = _shown(name, item.get(name), new_headings)
                if was == now:
                    continue
                changes.append(
                    Change(element, pk, label_of(item), "changed", name, str(field_label), was, now)
                )
        for pk, item in before.items():
            if pk not in after:
                changes.append(Change(element, pk, label_of(item), "removed"))
    return changes
