"""Writes of public monitoring (Rules p.18): the project office of a state body forms a public monitoring group,
gives its members read-only access to the projects they monitor, and considers the results they file.

Powers: forming and keeping a group, its members and its results' consideration need "manage team" on the
group's state body (the head of its project office, its administrator and chief manager, the Office); granting a
project also needs "manage team" on that project. Access is an explicit django-guardian grant
(``projects.view_project``) on the project to the group's Django group, which `pmis.core.grants` reads: the
members see exactly the granted projects and their workspaces, read-only. Only a member of an active group files
results, and only on a project granted to the group; the project office hears of them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import GroupObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from org.models import Person, StateBody
from org.selectors import role_holders
from org.services.notifications import notify
from pmis.core import authorization, grants
from pmis.core.recording import refuse_unknown, save_recorded
from projects.models import Project

from ..choices import ResultStatus
from ..models import MonitoringGroup, MonitoringResult

#: The django-guardian permission a granted project gives the group: view it and its workspace, nothing else.
VIEW_PROJECT = "projects.view_project"

#: Who hears of a group's results: the project office of the group's state body (Appendix 1, 6)1–3).
PROJECT_OFFICE_ROLES = ("po_head", "po_chief_manager", "po_admin")

KIND_RESULT = "governance.monitoring_result"
KIND_CONSIDERED = "governance.monitoring_considered"
KIND_MEMBER = "governance.monitoring_member"
KIND_ACCESS = "governance.monitoring_access"

GROUP_FIELDS = ("name", "basis")


def auth_group_name(group: MonitoringGroup) -> str:
    return f"public-monitoring-{group.pk}"


def granted_project_ids(group: MonitoringGroup) -> set[int]:
    """The ids of the projects granted to `group` (one query)."""
    rows = GroupObjectPermission.objects.filter(
        group_id=group.auth_group_id,
        permission__codename="view_project",
        permission__content_type__app_label="projects",
        content_type__app_label="projects",
        content_type__model="project",
    ).values_list("object_pk", flat=True)
    return {int(pk) for pk in rows}


def is_member(person: Person, group: MonitoringGroup) -> bool:
    return person.groups.filter(pk=group.auth_group_id).exists()


def project_office(body: StateBody, on: dt.date | None = None) -> list[Person]:
    """The live holders of the project office's roles on `body` (head, chief manager, administrator)."""
    return role_holders(PROJECT_OFFICE_ROLES, path=f"body:{body.pk}/", on=on)


def _require_manager(actor: Person, body: StateBody) -> None:
    if not authorization.can(actor, authorization.MANAGE_TEAM, body):
        raise PermissionDenied(
            _("Only the project office of the state body may keep its public monitoring groups.")
        )


def _lock(group: MonitoringGroup) -> MonitoringGroup:
    return (
        MonitoringGroup.objects.select_for_update(of=("self",))
        .select_related("body", "auth_group")
        .get(pk=group.pk)
    )


def _require_active(group: MonitoringGroup) -> None:
    if not group.is_active:
        raise ValidationError(_("The group is no longer active."))


def _clean_name(body: StateBody, name: str, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the group.")})
    same = MonitoringGroup.objects.filter(body=body, name__iexact=name, is_active=True)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": _("The state body already has an active group of this name.")})
    return name


@transaction.atomic
def group_create(*, actor: Person, body: StateBody, name: str, basis: str = "") -> MonitoringGroup:
    """Form a public monitoring group of `body` with its own Django group (the holder of its grants)."""
    _require_manager(actor, body)
    name = _clean_name(body, name)
    auth_group = Group.objects.create(name=f"public-monitoring-new-{uuid.uuid4().hex}")
    group = MonitoringGroup(name=name, body=body, auth_group=auth_group, basis=(basis or "").strip())
    save_recorded(group, actor, _("Created"))
    auth_group.name = auth_group_name(group)
    auth_group.save(update_fields=["name"])
    return group


@transaction.atomic
def group_update(*, actor: Person, group: MonitoringGroup, **values) -> MonitoringGroup:
    """Rename the group or change its basis (the order or agreement it works under)."""
    refuse_unknown(values, GROUP_FIELDS)
    current = _lock(group)
    _require_manager(actor, current.body)
    _require_active(current)
    if "name" in values:
        current.name = _clean_name(current.body, values["name"], exclude_pk=current.pk)
    if "basis" in values:
        current.basis = (values["basis"] or "").strip()
    return save_recorded(current, actor, _("Changed"))


@transaction.atomic
def group_deactivate(*, actor: Person, group: MonitoringGroup, reason: str = "") -> MonitoringGroup:
    """The group's work is over: every project granted to it is revoked; its members and results stay on record."""
    current = _lock(group)
    _require_manager(actor, current.body)
    _require_active(current)
    GroupObjectPermission.objects.filter(group_id=current.auth_group_id).delete()
    current.is_active = False
    save_recorded(
        current,
        actor,
        (_("Work ended: %(reason)s") % {"reason": reason.strip()})[:100]
        if reason.strip()
        else _("Work ended"),
    )
    grants.changed()
    return current


@transaction.atomic
def member_add(*, actor: Person, group: MonitoringGroup, person: Person) -> MonitoringGroup:
    """`person` joins the group and from now on sees the projects granted to it, read-only."""
    current = _lock(group)
    _require_manager(actor, current.body)
    _require_active(current)
    if not person.is_active:
        raise ValidationError({"person": _("This person's account is not active.")})
    if is_member(person, current):
        raise ValidationError({"person": _("%(person)s is already a member.") % {"person": person.full_name}})
    person.groups.add(current.auth_group)
    save_recorded(
        current, actor, (_("Member added: %(person)s") % {"person": person.full_name})[:100], clean=False
    )
    grants.changed()
    notify(
        recipients=[person],
        actor=actor,
        kind=KIND_MEMBER,
        target=current,
        url=current.get_absolute_url(),
        params={"group": current.name, "body": str(current.body)},
    )
    return current


@transaction.atomic
def member_remove(*, actor: Person, group: MonitoringGroup, person: Person) -> MonitoringGroup:
    """`person` leaves the group and loses its access; the results they filed stay."""
    current = _lock(group)
    _require_manager(actor, current.body)
    if not is_member(person, current):
        raise ValidationError({"person": _("%(person)s is not a member.") % {"person": person.full_name}})
    person.groups.remove(current.auth_group)
    save_recorded(
        current, actor, (_("Member removed: %(person)s") % {"person": person.full_name})[:100], clean=False
    )
    grants.changed()
    return current


def _require_project_manager(actor: Person, project: Project) -> None:
    if not authorization.can(actor, authorization.MANAGE_TEAM, project):
        raise PermissionDenied(_("Only those who manage the project's team may give access to it."))


@transaction.atomic
def project_grant(*, actor: Person, group: MonitoringGroup, project: Project) -> MonitoringGroup:
    """Give the group read-only access to `project`, a project of a program (Rules p.18)."""
    current = _lock(group)
    _require_manager(actor, current.body)
    _require_project_manager(actor, project)
    _require_active(current)
    if not project.path.startswith("portfolio:"):
        raise ValidationError(
            {
                "project": _(
                    "Public monitoring covers the projects of programs and portfolios of national priorities "
                    "(Rules p.18): %(project)s is not in a program."
                )
                % {"project": project.code}
            }
        )
    if project.pk in granted_project_ids(current):
        raise ValidationError(
            {"project": _("The group already has access to %(project)s.") % {"project": project.code}}
        )
    assign_perm(VIEW_PROJECT, current.auth_group, project)
    save_recorded(
        current, actor, (_("Access granted: %(project)s") % {"project": project.code})[:100], clean=False
    )
    grants.changed()
    notify(
        recipients=current.auth_group.user_set.filter(is_active=True),
        actor=actor,
        kind=KIND_ACCESS,
        target=current,
        url=current.get_absolute_url(),
        params={"group": current.name, "project": project.code, "project_name": str(project.name)},
    )
    return current


@transaction.atomic
def project_revoke(*, actor: Person, group: MonitoringGroup, project: Project) -> MonitoringGroup:
    """Withdraw the group's access to `project`; results already filed on it stay."""
    current = _lock(group)
    _require_manager(actor, current.body)
    if project.pk not in granted_project_ids(current):
        raise ValidationError(
            {"project": _("The group has no access to %(project)s.") % {"project": project.code}}
        )
    remove_perm(VIEW_PROJECT, current.auth_group, project)
    save_recorded(
        current, actor, (_("Access revoked: %(project)s") % {"project": project.code})[:100], clean=False
    )
    grants.changed()
    return current


def result_params(result: MonitoringResult) -> dict:
    return {
        "group": result.group.name,
        "project": result.project.code,
        "project_name": str(result.project.name),
        "period_start": result.period_start.isoformat(),
        "period_end": result.period_end.isoformat(),
    }


@transaction.atomic
def result_submit(
    *,
    actor: Person,
    group: MonitoringGroup,
    project: Project,
    period_start: dt.date,
    period_end: dt.date,
    terms: str,
    quality: str,
    cost: str,
    social_results: str = "",
    findings: str,
) -> MonitoringResult:
    """A member files the group's results of monitoring `project` for a period to the project office (p.18)."""
    current = MonitoringGroup.objects.select_related("body").get(pk=group.pk)
    if not is_member(actor, current):
        raise PermissionDenied(_("Only the group's members file its results."))
    _require_active(current)
    if project.pk not in granted_project_ids(current):
        raise ValidationError({"project": _("The group has no access to this project.")})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    if period_start and period_start > timezone.localdate():
        raise ValidationError({"period_start": _("The period has not started yet.")})
    findings = (findings or "").strip()
    if not findings:
        raise ValidationError({"findings": _("Write the findings and proposals.")})
    result = MonitoringResult(
        group=current,
        project=project,
        period_start=period_start,
        period_end=period_end,
        terms=terms,
        quality=quality,
        cost=cost,
        social_results=(social_results or "").strip(),
        findings=findings,
        status=ResultStatus.SUBMITTED,
        submitted_by=actor,
    )
    save_recorded(result, actor, _("Filed"))
    notify(
        recipients=project_office(current.body),
        actor=actor,
        kind=KIND_RESULT,
        target=result,
        url=result.get_absolute_url(),
        params=result_params(result),
    )
    return result


@transaction.atomic
def result_consider(*, actor: Person, result: MonitoringResult, response: str) -> MonitoringResult:
    """The project office considers the results and answers the group; the submitter hears of it."""
    current = (
        MonitoringResult.objects.select_for_update(of=("self",))
        .select_related("group", "group__body", "project", "submitted_by")
        .get(pk=result.pk)
    )
    if not authorization.can(actor, authorization.MANAGE_TEAM, current.group.body):
        raise PermissionDenied(_("Only the project office of the group's state body considers its results."))
    if current.status != ResultStatus.SUBMITTED:
        raise ValidationError(_("These results have already been considered."))
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": _("Write the project office's response.")})
    current.response = response
    current.status = ResultStatus.RECEIVED
    current.received_by = actor
    current.received_at = timezone.now()
    save_recorded(current, actor, _("Considered"))
    notify(
        recipients=[current.submitted_by],
        actor=actor,
        kind=KIND_CONSIDERED,
        target=current,
        url=current.get_absolute_url(),
        params=result_params(current),
    )
    return current
