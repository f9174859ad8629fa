"""Assigning people to project roles on nodes, and the rules of the Rules about who holds what.

Each write is one transaction that validates everything first and changes nothing when it refuses:
- the role is in use and is assigned on this kind of node (the catalogue's `scopes`);
- the period ends no earlier than it starts;
- the same person does not hold the same role on the same node twice in overlapping periods;
- no more holders at a time than Appendix 1's number of units (`max_holders`);
- a project manager manages one active project at a time (Rules p.79, `one_active_project`).
`check_charter_roles` is Rules p.77, called by the project services when a project leaves initiation.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core import grants
from pmis.core.choices import Status
from pmis.core.recording import delete_recorded, save_recorded
from pmis.core.workdays import short_date

from ..choices import Employment, ScopeKind
from ..models import Person, Role, RoleAssignment
from ..scopes import Scope, check_role_fits

EDITABLE = ("starts_on", "ends_on", "basis_kind", "basis_number", "basis_date", "employment", "note")


def _overlapping(starts_on: dt.date, ends_on: dt.date | None) -> Q:
    """Assignments whose period meets [starts_on, ends_on] (an open end is "for ever")."""
    condition = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        condition &= Q(starts_on__lte=ends_on)
    return condition


def _check(assignment: RoleAssignment) -> None:
    """Every rule an assignment must satisfy, against the others in the database (not itself)."""
    role: Role = assignment.role
    if not role.is_active:
        raise ValidationError({"role": _("The role “%(role)s” is no longer in use.") % {"role": role.name}})
    check_role_fits(role, Scope(assignment.scope_kind, assignment.scope))
    if assignment.starts_on is None:
        raise ValidationError({"starts_on": _("Give the first day of the assignment.")})
    if assignment.ends_on is not None and assignment.ends_on < assignment.starts_on:
        raise ValidationError({"ends_on": _("The end of the assignment must not be earlier than its start.")})
    others = RoleAssignment.objects.filter(_overlapping(assignment.starts_on, assignment.ends_on), role=role)
    if assignment.pk:
        others = others.exclude(pk=assignment.pk)
    same_node = others.filter(scope_path=assignment.scope_path, scope_kind=assignment.scope_kind)
    duplicate = same_node.filter(person=assignment.person).first()
    if duplicate is not None:
        raise ValidationError(
            _("%(person)s already holds the role “%(role)s” here from %(start)s to %(end)s.")
            % {
                "person": assignment.person.short_name,
                "role": role.name,
                "start": short_date(duplicate.starts_on),
                "end": short_date(duplicate.ends_on),
            }
        )
    if role.max_holders is not None:
        holders = list(same_node.select_related("person")[: role.max_holders])
        if len(holders) >= role.max_holders:
            raise ValidationError(
                _(
                    "The role “%(role)s” has at most %(count)s holder(s) on one node (Rules Appendix 1); "
                    "in this period it is held by %(people)s. End that assignment first."
                )
                % {
                    "role": role.name,
                    "count": role.max_holders,
                    "people": ", ".join(holder.person.short_name for holder in holders),
                }
            )
    if role.one_active_project and assignment.scope_kind == ScopeKind.PROJECT:
        _check_one_project(
            assignment.person, role, assignment.project, assignment.starts_on, assignment.ends_on, others
        )


def _check_one_project(
    person, role, project, starts_on, ends_on, others=None, *, becoming_active=False
) -> None:
    """Rules p.79: the person does not already hold `role` on another active project in this period."""
    if project.status != Status.ACTIVE and not becoming_active:
        return
    if others is None:
        others = RoleAssignment.objects.filter(_overlapping(starts_on, ends_on), role=role)
    other = (
        others.filter(person=person, scope_kind=ScopeKind.PROJECT, project__status=Status.ACTIVE)
        .exclude(project=project)
        .select_related("project")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _(
                "%(person)s already manages the active project %(code)s “%(name)s”; a project manager cannot "
                "manage two or more projects at the same time (Rules p.79)."
            )
            % {"person": person.short_name, "code": other.project.code, "name": other.project.name}
        )


def _save(assignment: RoleAssignment, actor, reason: str) -> RoleAssignment:
    save_recorded(assignment, actor, reason, exclude=["scope_path"])
    grants.changed()
    return assignment


@transaction.atomic
def assignment_create(
    *,
    actor: Person | None,
    person: Person,
    role: Role,
    scope: Scope,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    basis_kind: str,
    basis_number: str = "",
    basis_date: dt.date | None = None,
    employment: str = "",
    note: str = "",
) -> RoleAssignment:
    """Assign `person` the `role` on `scope` (the Office, a state body or a node) from `starts_on` (today)."""
    # One assignment of a person at a time: the checks below read the person's other assignments.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    assignment = RoleAssignment(
        person=person,
        role=role,
        scope_kind=scope.kind,
        scope_path=scope.path,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        basis_kind=basis_kind,
        basis_number=basis_number,
        basis_date=basis_date,
        employment=employment or role.employment or Employment.FULL_TIME,
        note=note,
        created_by=actor,
        **{scope.field: scope.obj},
    )
    _check(assignment)
    return _save(assignment, actor, _("Assigned"))


@transaction.atomic
def assignment_update(*, actor: Person | None, assignment: RoleAssignment, **values) -> RoleAssignment:
    """Change the period, basis, employment or note of an assignment; the person, role and node stay."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s. End the assignment and make a new one.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    Person.objects.select_for_update().filter(pk=assignment.person_id).first()
    assignment = RoleAssignment.objects.select_related("role", "person").get(pk=assignment.pk)
    for name, value in values.items():
        setattr(assignment, name, value)
    _check(assignment)
    return _save(assignment, actor, _("Changed"))


@transaction.atomic
def assignment_delete(*, actor: Person | None, assignment: RoleAssignment) -> None:
    """Remove an assignment made by mistake; one that was held is ended instead, to keep the record."""
    delete_recorded(assignment, actor, _("Deleted"))
    grants.changed()


def check_charter_roles(project, *, on: dt.date | None = None) -> None:
    """Rules p.77: a project leaves initiation only when its charter names every role the catalogue marks as
    required (initiator, sponsor, customer, manager), each held on the project from `on` (today) onwards."""
    day = on or timezone.localdate()
    required = list(Role.objects.filter(charter_required=True, is_active=True).order_by("code"))
    held = set(
        RoleAssignment.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
            scope_kind=ScopeKind.PROJECT,
            project=project,
            role__in=required,
        ).values_list("role_id", flat=True)
    )
    missing = [role.name for role in required if role.pk not in held]
    if missing:
        raise ValidationError(
            {
                "stage": _(
                    "The project cannot leave initiation until its charter names: %(roles)s (Rules p.77). "
                    "Assign them on the project's team first."
                )
                % {"roles": ", ".join(missing)}
            }
        )


def check_one_active_project(project, *, on: dt.date | None = None) -> None:
    """Rules p.79 when a project becomes active again: its manager must not manage another active project."""
    day = on or timezone.localdate()
    for assignment in RoleAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        scope_kind=ScopeKind.PROJECT,
        project=project,
        role__one_active_project=True,
    ).select_related("person", "role"):
        try:
            _check_one_project(
                assignment.person,
                assignment.role,
                project,
                assignment.starts_on,
                assignment.ends_on,
                becoming_active=True,
            )
        except ValidationError as error:
            raise ValidationError({"status": error.messages}) from error
