"""The lines of the official forms: a plan (or a report) as Appendix 1 and Appendix 2 lay it out.

Section I lists each strategic direction, under it its macro-indicators (each followed by its activities) and
its goals, under each goal its target indicators (each followed by its activities); section II lists the
activities for the body's other tasks. Activities are numbered in one run through the whole form ("Р/с №").
Every page, export and frozen report reads the same lines, so the forms on screen, in XLSX and in PDF agree.

A `Line` holds text only (no model instances): it is what an issued report freezes and what exports write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from pmis.core.workdays import short_date

from .choices import HeadingKind
from .models import Activity, Heading, OperationalPlan

SECTION = "section"
ACTIVITY = "activity"


@dataclass
class Line:
    """One line of a form: a section title, a heading, or an activity with its columns."""

    kind: str  # SECTION, one of HeadingKind, or ACTIVITY
    number: str = ""
    text: str = ""
    depth: int = 0
    activity_id: int | None = None
    heading_id: int | None = None
    indicator_id: int | None = None
    budget_program: str = ""
    unit: str = ""
    unit_id: int | None = None
    term: str = ""
    completion_form: str = ""
    # Appendix 2 columns, filled by the report's selector for activity lines.
    status: str = ""
    status_label: str = ""
    actual: str = ""
    reasons: str = ""
    recommendation: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def is_activity(self) -> bool:
        return self.kind == ACTIVITY

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Line:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def heading_text(heading: Heading) -> str:
    """A heading as the form writes it, in the active language: "Strategic direction 1. …", "Goal 1.1. …"."""
    labels = {
        HeadingKind.DIRECTION: _("Strategic direction %(number)s"),
        HeadingKind.MACRO: _("Macro-indicator %(number)s"),
        HeadingKind.GOAL: _("Goal %(number)s"),
        HeadingKind.TARGET: _("Target indicator %(number)s"),
    }
    label = (
        labels[heading.kind] % {"number": heading.number} if heading.number else heading.get_kind_display()
    )
    name = heading.name
    return f"{label}. {name}" if name else label


def activity_term(activity: Activity) -> str:
    return activity.term or short_date(activity.deadline, "")


def _activity_line(activity: Activity, number: int, depth: int) -> Line:
    return Line(
        kind=ACTIVITY,
        number=str(number),
        text=activity.name,
        depth=depth,
        activity_id=activity.pk,
        heading_id=activity.heading_id,
        budget_program=activity.budget_program,
        unit=activity.unit.name,
        unit_id=activity.unit_id,
        term=activity_term(activity),
        completion_form=activity.completion_form,
    )


def plan_lines(
    plan: OperationalPlan,
    *,
    activities: Iterable[Activity] | None = None,
    language: str | None = None,
    prune: bool = False,
) -> list[Line]:
    """The form's lines of `plan`, in `language` (the active one by default).

    `activities` are the activities to show (by default every activity in the plan; pass a restricted, ordered
    list for a unit that sees only its own), each with its `unit` loaded. With `prune`, indicator headings
    without any of them, and goals and directions left empty, are left out. Two queries when `activities` is
    given (headings with their indicators), three otherwise.
    """
    with translation.override(language or translation.get_language()):
        return _lines(plan, activities, prune)


def _lines(plan: OperationalPlan, activities, prune: bool) -> list[Line]:
    if activities is None:
        activities = Activity.objects.filter(plan=plan, is_active=True).select_related("unit")
    headings = list(Heading.objects.filter(plan=plan).select_related("indicator").order_by("position", "id"))
    children: dict[int | None, list[Heading]] = {}
    for heading in headings:
        children.setdefault(heading.parent_id, []).append(heading)
    under: dict[int | None, list[Activity]] = {}
    for activity in sorted(activities, key=lambda item: (item.position, item.pk)):
        under.setdefault(activity.heading_id, []).append(activity)

    lines: list[Line] = []
    counter = 0

    def add_activities(heading_id, depth) -> None:
        nonlocal counter
        for activity in under.get(heading_id, ()):
            counter += 1
            lines.append(_activity_line(activity, counter, depth))

    def walk(heading: Heading, depth: int) -> bool:
        """Append the heading and what lies under it; False (and nothing appended) when pruned empty."""
        start = len(lines)
        lines.append(
            Line(
                kind=heading.kind,
                number=heading.number,
                text=heading_text(heading),
                depth=depth,
                heading_id=heading.pk,
                indicator_id=heading.indicator_id,
            )
        )
        has_content = bool(under.get(heading.pk))
        add_activities(heading.pk, depth + 1)
        # Macro-indicators come before goals under a direction, as in the form.
        kids = sorted(
            children.get(heading.pk, ()), key=lambda h: (h.kind != HeadingKind.MACRO, h.position, h.pk)
        )
        for child in kids:
            has_content = walk(child, depth + 1) or has_content
        if prune and not has_content:
            del lines[start:]
            return False
        return True

    lines.append(
        Line(
            kind=SECTION,
            number="I",
            text=_("Actions to achieve the goals and target indicators of the strategic plan"),
        )
    )
    section_one = len(lines)
    for heading in children.get(None, ()):
        walk(heading, 0)
    if prune and len(lines) == section_one:
        lines.pop()
    other = under.get(None, ())
    if other or not prune:
        lines.append(
            Line(
                kind=SECTION,
                number="II",
                text=_("Actions to solve other tasks defined by the regulation of the state body"),
            )
        )
        add_activities(None, 0)
    return lines
