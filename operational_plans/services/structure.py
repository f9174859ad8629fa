"""Writes of the plan's structure: the headings of section I and the activities (OP Rules p.3–5, Appendix 1).

Section I: a strategic direction holds its macro-indicators and goals, a goal its target indicators; a
macro-indicator or target indicator heading is an indicator of the goal map (never a second copy), each once per
plan. Activities sit under an indicator heading or, for the body's other tasks, in section II. The structure
changes only while the plan is a draft or being adjusted (p.18); links to the project work that carries an
activity out are not part of the official form and change at any time. An activity already reported on is not
deleted: it leaves the plan (`is_active` False) and the reported quarters keep it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kpi_maps.models import Indicator
from org.models import Person, Unit
from pmis.core import authorization
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded
from projects.models import Project, Task

from ..choices import HEADING_PARENT, INDICATOR_HEADINGS, HeadingKind, PlanStatus
from ..models import Activity, Heading, OperationalPlan

HEADING_FIELDS = ("number", "name_kk", "name_ru", "indicator", "position")
ACTIVITY_FIELDS = (
    "heading",
    "name_kk",
    "name_ru",
    "budget_program",
    "unit",
    "deadline",
    "term_kk",
    "term_ru",
    "completion_form_kk",
    "completion_form_ru",
)
LINK_FIELDS = ("projects", "tasks")
#: Which kinds of goal-map indicator each indicator heading takes.
INDICATOR_KINDS = {HeadingKind.MACRO: ("macro",), HeadingKind.TARGET: ("target", "kni")}


def structure_locked_message() -> str:
    return _("Start an adjustment of the approved plan first (OP Rules p.18).")


def _editable(plan: OperationalPlan) -> None:
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.ADJUSTING):
        raise ValidationError(structure_locked_message())


def _locked_plan(plan_id: int) -> OperationalPlan:
    return OperationalPlan.objects.select_for_update(of=("self",)).select_related("body").get(pk=plan_id)


# --- headings --------------------------------------------------------------------------------------------


def _check_indicator(actor: Person, heading: Heading) -> None:
    kind = heading.kind
    indicator: Indicator | None = heading.indicator
    if kind not in INDICATOR_HEADINGS:
        if indicator is not None:
            raise ValidationError(
                {
                    "indicator": _(
                        "A strategic direction or a goal is named, not an indicator of the goal map."
                    )
                }
            )
        if not (heading.name_kk.strip() or heading.name_ru.strip()):
            raise ValidationError({"name_ru": _("Give the name in Kazakh or Russian.")})
        return
    if indicator is None:
        raise ValidationError(
            {"indicator": _("Choose the indicator of the goal map this heading is (no second copy of it).")}
        )
    if not authorization.can(actor, authorization.VIEW, indicator):
        raise ValidationError({"indicator": _("There is no such indicator that you may see.")})
    if indicator.kind not in INDICATOR_KINDS[kind]:
        expected = (
            _("a macro-indicator")
            if kind == HeadingKind.MACRO
            else _("a target indicator or a key indicator")
        )
        raise ValidationError(
            {
                "indicator": _("%(code)s is %(kind)s; this heading needs %(expected)s.")
                % {"code": indicator.code, "kind": indicator.get_kind_display().lower(), "expected": expected}
            }
        )
    taken = Heading.objects.filter(plan_id=heading.plan_id, indicator=indicator).exclude(pk=heading.pk)
    if taken.exists():
        raise ValidationError(
            {"indicator": _("%(code)s is already in this plan.") % {"code": indicator.code}}
        )


def _next_number(heading: Heading) -> str:
    siblings = Heading.objects.filter(plan_id=heading.plan_id, parent=heading.parent, kind=heading.kind)
    taken = set(siblings.exclude(pk=heading.pk).values_list("number", flat=True))
    prefix = f"{heading.parent.number}." if heading.kind == HeadingKind.GOAL and heading.parent else ""
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _last_position(model, plan: OperationalPlan) -> int:
    return (model.objects.filter(plan=plan).aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def heading_create(
    *,
    actor: Person,
    plan: OperationalPlan,
    kind: str,
    parent: Heading | None = None,
    number: str = "",
    name_kk: str = "",
    name_ru: str = "",
    indicator: Indicator | None = None,
    position: int | None = None,
) -> Heading:
    """Add a heading of section I; blank `number`: the next in its parent ("1", "2" … ; goals "1.1")."""
    plan = _locked_plan(plan.pk)
    authorization.require(actor, authorization.ADD, Heading(plan=plan))
    _editable(plan)
    if kind not in HeadingKind.values:
        raise ValidationError(
            {"kind": _("Choose a strategic direction, macro-indicator, goal or target indicator.")}
        )
    expected = HEADING_PARENT[HeadingKind(kind)]
    if expected is None and parent is not None:
        raise ValidationError({"parent": _("A strategic direction stands at the top of section I.")})
    if expected is not None and (parent is None or parent.plan_id != plan.pk or parent.kind != expected):
        raise ValidationError(
            {
                "parent": _("A %(kind)s sits under a %(parent)s of this plan.")
                % {
                    "kind": HeadingKind(kind).label.lower(),
                    "parent": HeadingKind(expected).label.lower(),
                }
            }
        )
    heading = Heading(
        plan=plan,
        kind=kind,
        parent=parent,
        number=(number or "").strip(),
        name_kk=(name_kk or "").strip(),
        name_ru=(name_ru or "").strip(),
        indicator=indicator,
        position=position if position is not None else _last_position(Heading, plan),
    )
    _check_indicator(actor, heading)
    if not heading.number:
        heading.number = _next_number(heading)
    return save_recorded(heading, actor, "added")


@transaction.atomic
def heading_update(*, actor: Person, heading: Heading, **fields) -> Heading:
    """Change a heading's number, names, indicator or position (its kind and place stay; delete and add instead)."""
    refuse_unknown(fields, HEADING_FIELDS)
    plan = _locked_plan(heading.plan_id)
    current = Heading.objects.select_related("parent", "indicator").get(pk=heading.pk)
    authorization.require(actor, authorization.CHANGE, current)
    _editable(plan)
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(current, name, value)
    _check_indicator(actor, current)
    if not current.number:
        current.number = _next_number(current)
    return save_recorded(current, actor, "changed: " + ", ".join(sorted(fields)))


@transaction.atomic
def heading_delete(*, actor: Person, heading: Heading) -> None:
    """Delete a heading with the headings under it; refused while activities sit under it or below."""
    plan = _locked_plan(heading.plan_id)
    current = Heading.objects.get(pk=heading.pk)
    authorization.require(actor, authorization.DELETE, current)
    _editable(plan)
    below = {current.pk}
    frontier = [current.pk]
    while frontier:
        frontier = list(Heading.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        below.update(frontier)
    count = Activity.objects.filter(heading_id__in=below).count()
    if count:
        raise ValidationError(
            _(
                "%(count)s activities sit under this heading or below (those dropped from the plan included): move "
                "or delete them first."
            )
            % {"count": count}
        )
    delete_recorded(current, actor, "deleted")


# --- activities ------------------------------------------------------------------------------------------


def _check_activity(activity: Activity, plan: OperationalPlan) -> None:
    errors = {}
    heading = activity.heading
    if heading is not None and (heading.plan_id != plan.pk or heading.kind not in INDICATOR_HEADINGS):
        errors["heading"] = _(
            "An activity sits under a macro-indicator or a target indicator of this plan, or in section II."
        )
    unit = activity.unit
    if unit is None:
        errors["unit"] = _("Choose the responsible executor.")
    elif unit.body_id != plan.body_id:
        errors["unit"] = _("The responsible executor is a unit or subordinate organisation of %(body)s.") % {
            "body": plan.body
        }
    deadline = activity.deadline
    if not isinstance(deadline, dt.date):
        errors["deadline"] = _("Give the term of execution.")
    elif deadline.year != plan.year:
        errors["deadline"] = _(
            "The term lies within %(year)s: the plan covers the current financial year (OP Rules p.3)."
        ) % {"year": plan.year}
    if not (activity.name_kk.strip() or activity.name_ru.strip()):
        errors["name_ru"] = _("Give the activity's name in Kazakh or Russian.")
    if errors:
        raise ValidationError(errors)


def _visible(actor: Person, model, items: Iterable, label: str) -> list:
    items = list(items or ())
    ids = {item.pk for item in items}
    if not ids:
        return []
    seen = set(authorization.restrict(model.objects.filter(pk__in=ids), actor).values_list("pk", flat=True))
    missing = ids - seen
    if missing:
        raise ValidationError(
            {
                label: _("There are no such items that you may see: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in sorted(missing))}
            }
        )
    return items


def _hidden(actor: Person, related) -> list[int]:
    """The linked items the actor may not see: they stay linked, whatever the actor chooses."""
    linked = set(related.values_list("pk", flat=True))
    seen = set(authorization.restrict(related.all(), actor).values_list("pk", flat=True)) if linked else set()
    return sorted(linked - seen)


def _set_links(actor: Person, activity: Activity, projects, tasks) -> None:
    if projects is not None:
        chosen = _visible(actor, Project, projects, "projects")
        activity.projects.set([*chosen, *_hidden(actor, activity.projects)])
    if tasks is not None:
        chosen = _visible(actor, Task, tasks, "tasks")
        activity.tasks.set([*chosen, *_hidden(actor, activity.tasks)])


def _strip(values: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


@transaction.atomic
def activity_create(
    *,
    actor: Person,
    plan: OperationalPlan,
    unit: Unit,
    deadline: dt.date,
    heading: Heading | None = None,
    name_kk: str = "",
    name_ru: str = "",
    budget_program: str = "",
    term_kk: str = "",
    term_ru: str = "",
    completion_form_kk: str = "",
    completion_form_ru: str = "",
    projects: Iterable[Project] | None = None,
    tasks: Iterable[Task] | None = None,
    position: int | None = None,
) -> Activity:
    """Add an activity under an indicator heading (or in section II, `heading` None); it goes last, or at
    `position` (1-based) among the activities of its heading."""
    plan = _locked_plan(plan.pk)
    authorization.require(actor, authorization.ADD, Activity(plan=plan, unit=unit))
    _editable(plan)
    activity = Activity(
        plan=plan,
        heading=heading,
        unit=unit,
        deadline=deadline,
        position=_last_position(Activity, plan),
        **_strip(
            {
                "name_kk": name_kk,
                "name_ru": name_ru,
                "budget_program": budget_program,
                "term_kk": term_kk,
                "term_ru": term_ru,
                "completion_form_kk": completion_form_kk,
                "completion_form_ru": completion_form_ru,
            }
        ),
    )
    _check_activity(activity, plan)
    save_recorded(activity, actor, "added")
    _set_links(actor, activity, projects, tasks)
    if position is not None:
        _place(activity, heading, position)
    return activity


def _current_activity(activity: Activity) -> Activity:
    return Activity.objects.select_related("unit", "heading").get(pk=activity.pk)


@transaction.atomic
def activity_update(*, actor: Person, activity: Activity, **fields) -> Activity:
    """Change an activity's fields (only while the plan is a draft or being adjusted), its links (at any time)
    and its position among the activities of its heading."""
    refuse_unknown(fields, (*ACTIVITY_FIELDS, *LINK_FIELDS, "position"))
    plan = _locked_plan(activity.plan_id)
    current = _current_activity(activity)
    authorization.require(actor, authorization.CHANGE, current)
    if not current.is_active:
        raise ValidationError(
            _("This activity was dropped from the plan; it is kept for the quarters reported.")
        )
    own = _strip({name: value for name, value in fields.items() if name in ACTIVITY_FIELDS})
    position = fields.get("position")
    if own or position is not None:
        _editable(plan)
    if own:
        for name, value in own.items():
            setattr(current, name, value)
        _check_activity(current, plan)
        save_recorded(current, actor, "changed: " + ", ".join(sorted(own)))
    if "projects" in fields or "tasks" in fields:
        _set_links(actor, current, fields.get("projects"), fields.get("tasks"))
    if position is not None:
        _place(current, current.heading, position)
    return current


@transaction.atomic
def activity_link(
    *, actor: Person, activity: Activity, projects: Iterable[Project], tasks: Iterable[Task]
) -> Activity:
    """Link the activity to the projects and tasks that carry it out (the person must see each of them); their
    state pre-fills the units' quarterly information. Links change whatever the plan's status."""
    current = _current_activity(activity)
    authorization.require(actor, authorization.CHANGE, current)
    if not current.is_active:
        raise ValidationError(
            _("This activity was dropped from the plan; it is kept for the quarters reported.")
        )
    _set_links(actor, current, projects, tasks)
    save_recorded(current, actor, "links changed", clean=False)
    return current


@transaction.atomic
def activity_delete(*, actor: Person, activity: Activity) -> Activity | None:
    """Delete the activity or, when quarters were reported on it, drop it from the plan (`is_active` False) so
    the reported quarters keep it. Returns the dropped activity, or None when it was deleted."""
    plan = _locked_plan(activity.plan_id)
    current = _current_activity(activity)
    authorization.require(actor, authorization.DELETE, current)
    _editable(plan)
    if not current.is_active:
        raise ValidationError(_("This activity was already dropped from the plan."))
    if current.rows.exists() or current.recommendations.exists():
        current.is_active = False
        return save_recorded(current, actor, "dropped from the plan (quarters reported on it)")
    current.projects.clear()
    current.tasks.clear()
    delete_recorded(current, actor, "deleted")
    return None


def _place(activity: Activity, heading: Heading | None, position: int) -> None:
    """Put `activity` at `position` (1-based, clamped) among the active activities of `heading`; renumber the
    plan's activities 1…n in their order."""
    if position < 1:
        raise ValidationError({"position": _("The position is 1 or more.")})
    ordered = list(
        Activity.objects.filter(plan_id=activity.plan_id)
        .exclude(pk=activity.pk)
        .order_by("position", "id")
        .only("id", "position", "heading_id", "is_active")
    )
    group = [
        item for item in ordered if item.heading_id == (heading.pk if heading else None) and item.is_active
    ]
    if not group:
        index = len(ordered)
    elif position <= len(group):
        index = ordered.index(group[position - 1])
    else:
        index = ordered.index(group[-1]) + 1
    ordered.insert(index, activity)
    changed = []
    for number, item in enumerate(ordered, start=1):
        if item.position != number:
            item.position = number
            changed.append(item)
    Activity.objects.bulk_update(changed, ["position"])


@transaction.atomic
def activity_move(*, actor: Person, activity: Activity, heading: Heading | None, position: int) -> Activity:
    """Move the activity under `heading` (None: section II), at `position` (1-based) among its activities."""
    plan = _locked_plan(activity.plan_id)
    current = _current_activity(activity)
    authorization.require(actor, authorization.CHANGE, current)
    _editable(plan)
    if not current.is_active:
        raise ValidationError(
            _("This activity was dropped from the plan; it is kept for the quarters reported.")
        )
    if current.heading_id != (heading.pk if heading else None):
        current.heading = heading
        _check_activity(current, plan)
        save_recorded(current, actor, "moved")
    _place(current, heading, position)
    current.refresh_from_db(fields=["position"])
    return current
