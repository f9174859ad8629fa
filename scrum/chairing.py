"""Who chairs a schedule's meeting on a day, and why (Rules p.46, Appendix 4 p.99).

The chair of the schedule chairs; in the chair's absence (an org Absence covering the day) the deputy chair does
(p.46: the head of the project office holds the operational meetings in the chairman's absence); when both are
away, whoever the substitution scheme names for the level's chair role at the schedule's node
(`org.substitution.acting_holders`, nearest first), the first of them who is present. The meetings part calls
`acting_chair` when a meeting starts and stores the answer in `Meeting.chair` and `Meeting.chair_note`.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from org.models import Absence, Person, Role
from org.scopes import Scope
from org.substitution import absences_on, acting_holders, nearest_first
from pmis.core.nodes import node_model

from .choices import CHAIR_ROLES


def _substitute(schedule, day: dt.date, away: set[int]) -> tuple[Person | None, str]:
    """The first present person the substitution scheme names for the level's chair role at the node."""
    role_code = CHAIR_ROLES[schedule.level][0]
    role = Role.objects.filter(code=role_code).first()
    node = node_model(schedule.node_kind).objects.filter(pk=schedule.node_id).first()
    if role is None or node is None:
        return None, _("Nobody can chair: the chair and the deputy chair are absent.")
    answer = nearest_first(acting_holders(role, Scope.of(node), on=day))
    for holder in answer.holders:
        if holder.person.pk in away:
            continue
        if holder.kind == "assignee":
            return holder.person, _(
                "Holds the role “%(role)s”: the chair and the deputy chair are absent."
            ) % {"role": role.name}
        return holder.person, _(
            "Stands in for the role “%(role)s” under the substitution scheme (Rules Appendix 4): the chair and "
            "the deputy chair are absent."
        ) % {"role": role.name}
    return None, _(
        "Nobody can chair: the chair and the deputy chair are absent and the substitution scheme names nobody "
        "who is present."
    )


def acting_chair(schedule, day: dt.date) -> tuple[Person | None, str]:
    """Who chairs the schedule's meeting on `day`, and a note saying why (in the active language).

    A fixed number of queries: one for the absences of the chair and the deputy chair, and, only when both are
    away, the role, the node and the substitution scheme's reads.
    """
    chair, deputy = schedule.chair, schedule.deputy_chair
    absent = set(absences_on(day, [person.pk for person in (chair, deputy) if person is not None]))
    known = acting_chair_known(schedule, absent_ids=absent)
    if known is not None:
        return known
    return _substitute(schedule, day, {person.pk for person in (chair, deputy) if person is not None})


def acting_chair_known(schedule, *, absent_ids: set[int]) -> tuple[Person | None, str] | None:
    """The chair or the deputy chair when one of them is present (the absent ones' ids given); None when the
    substitution scheme must be asked."""
    chair, deputy = schedule.chair, schedule.deputy_chair
    if chair is not None and chair.pk not in absent_ids:
        return chair, _("The chair of the schedule.")
    if deputy is not None and deputy.pk not in absent_ids:
        if chair is None:
            return deputy, _("The deputy chair: the schedule names no chair.")
        return deputy, _("The deputy chair (Rules p.46): the chair %(name)s is absent.") % {
            "name": chair.full_name
        }
    return None


def acting_chairs(schedules, day_of) -> dict[int, tuple[Person | None, str]]:
    """`acting_chair` for many schedules at once, each on its own day `day_of(schedule)`: one query for the
    absences of all their chairs and deputy chairs, and the substitution scheme's reads only for a schedule
    whose chair and deputy are both away (a rare week)."""
    schedules = list(schedules)
    if not schedules:
        return {}
    days = {schedule.pk: day_of(schedule) for schedule in schedules}
    people = {pk for schedule in schedules for pk in (schedule.chair_id, schedule.deputy_chair_id) if pk}
    away: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for person_id, starts_on, ends_on in Absence.objects.filter(
        person__in=people, starts_on__lte=max(days.values()), ends_on__gte=min(days.values())
    ).values_list("person_id", "starts_on", "ends_on"):
        away.setdefault(person_id, []).append((starts_on, ends_on))

    def absent(person, day) -> bool:
        return person is not None and any(start <= day <= end for start, end in away.get(person.pk, ()))

    answers = {}
    for schedule in schedules:
        day = days[schedule.pk]
        people_here = [person for person in (schedule.chair, schedule.deputy_chair) if person is not None]
        known = acting_chair_known(
            schedule, absent_ids={person.pk for person in people_here if absent(person, day)}
        )
        if known is None:
            known = _substitute(schedule, day, {person.pk for person in people_here})
        answers[schedule.pk] = known
    return answers
