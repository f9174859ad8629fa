"""Reads of public monitoring (Rules p.18): the groups, their members and granted projects, and their results.

Who sees what: a group and its results are seen by its members (while the group is active) and by the project
office of its state body — whoever has "manage team" on the body (``authorization.can(user, "manage_team",
body)``: the head of the project office, its chief manager and administrator, the Office). Here that is one
filter on the rows, read from the person's grants (`pmis.core.grants`, kept for the request): a grant of
"manage team" on ``body:<id>/`` or everywhere. A granted project is guardian's ``projects.view_project`` on the
group's Django group; the projects themselves are read through `authorization.restrict` like every node.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from guardian.models import GroupObjectPermission

from org.models import Person, StateBody
from pmis.core import authorization
from projects.models import Project

from ..choices import ResultStatus
from ..models import MonitoringGroup, MonitoringResult


def managed_body_ids(user) -> set[int] | None:
    """The ids of the state bodies whose team `user` manages; None when it is every body (the Office)."""
    return authorization.bodies_where(user, authorization.MANAGE_TEAM)


def managed_bodies(user) -> QuerySet[StateBody]:
    """The state bodies whose public monitoring groups `user` may form and keep."""
    ids = managed_body_ids(user)
    bodies = StateBody.objects.exclude(kind="office").order_by("name_ru", "pk")
    return bodies if ids is None else bodies.filter(pk__in=ids)


def may_form_groups(user) -> bool:
    ids = managed_body_ids(user)
    return ids is None or bool(ids)


def _grant_rows(**filters) -> QuerySet[GroupObjectPermission]:
    return GroupObjectPermission.objects.filter(
        permission__codename="view_project",
        permission__content_type__app_label="projects",
        content_type__app_label="projects",
        content_type__model="project",
        **filters,
    )


def _visible_groups_q(user, prefix: str = "") -> Q | None:
    """The groups `user` sees: of the bodies whose team they manage, or active ones they are a member of."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return None
    ids = managed_body_ids(user)
    if ids is None:
        return Q()
    member = Q(**{f"{prefix}auth_group__in": user.groups.all().values("pk"), f"{prefix}is_active": True})
    return member | Q(**{f"{prefix}body_id__in": sorted(ids)}) if ids else member


def group_list(user) -> QuerySet[MonitoringGroup]:
    """The groups `user` sees, active first, with `member_count`, `project_count` and `awaiting` (results not
    yet considered); the body joined. One query."""
    condition = _visible_groups_q(user)
    if condition is None:
        return MonitoringGroup.objects.none()
    projects = (
        _grant_rows(group_id=OuterRef("auth_group_id"))
        .order_by()
        .values("group_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    awaiting = (
        MonitoringResult.objects.filter(group=OuterRef("pk"), status=ResultStatus.SUBMITTED)
        .order_by()
        .values("group")
        .annotate(count=Count("pk"))
        .values("count")
    )
    members = (
        Person.groups.through.objects.filter(group_id=OuterRef("auth_group_id"))
        .order_by()
        .values("group_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        MonitoringGroup.objects.filter(condition)
        .select_related("body")
        .annotate(
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
            project_count=Coalesce(Subquery(projects, output_field=IntegerField()), Value(0)),
            awaiting=Coalesce(Subquery(awaiting, output_field=IntegerField()), Value(0)),
        )
        .order_by("-is_active", "name", "pk")
    )


def group_get(user, pk) -> MonitoringGroup:
    """One group `user` sees (its counts annotated), or Http404."""
    group = group_list(user).filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def may_manage(user, group: MonitoringGroup) -> bool:
    return authorization.can(user, authorization.MANAGE_TEAM, group.body)


def is_member(user, group: MonitoringGroup) -> bool:
    return user.groups.filter(pk=group.auth_group_id).exists()


def members_of(group: MonitoringGroup) -> list[Person]:
    return list(group.auth_group.user_set.select_related("unit").order_by("last_name", "first_name", "pk"))


def _projects_queryset() -> QuerySet[Project]:
    return Project.objects.select_related("group", "group__direction", "group__direction__program").order_by(
        "code", "pk"
    )


def granted_projects(groups) -> dict[int, list[Project]]:
    """The projects granted to each of `groups` by group id, in code order (two queries)."""
    groups = list(groups)
    by_auth = {group.auth_group_id: group.pk for group in groups}
    result: dict[int, list[Project]] = {group.pk: [] for group in groups}
    if not groups:
        return result
    pairs = list(
        _grant_rows(group_id__in=list(by_auth))
        .annotate(project_id=Cast("object_pk", IntegerField()))
        .values_list("group_id", "project_id")
    )
    projects = {
        project.pk: project for project in _projects_queryset().filter(pk__in={pk for _g, pk in pairs})
    }
    for auth_id, project_id in sorted(
        pairs, key=lambda pair: projects[pair[1]].code if pair[1] in projects else ""
    ):
        if project_id in projects:
            result[by_auth[auth_id]].append(projects[project_id])
    return result


def grantable_projects(user, group: MonitoringGroup, *, q: str = "", limit: int = 50) -> list[Project]:
    """Projects of programs whose team `user` manages and the group does not see yet (search by code or name)."""
    granted = (
        _grant_rows(group_id=group.auth_group_id)
        .annotate(pid=Cast("object_pk", IntegerField()))
        .values("pid")
    )
    projects = (
        authorization.restrict(Project.objects.all(), user, authorization.MANAGE_TEAM)
        .filter(path__startswith="portfolio:")
        .exclude(pk__in=granted)
        .order_by("code", "pk")
    )
    for word in (q or "").split()[:3]:
        projects = projects.filter(
            Q(code__icontains=word)
            | Q(name_ru__icontains=word)
            | Q(name_kk__icontains=word)
            | Q(name_en__icontains=word)
        )
    return list(projects[:limit])


def _results_queryset() -> QuerySet[MonitoringResult]:
    return MonitoringResult.objects.select_related(
        "group", "group__body", "project", "submitted_by", "received_by"
    ).order_by("-submitted_at", "-pk")


def result_list(user, *, group=None, project=None, status=None) -> QuerySet[MonitoringResult]:
    """The results `user` sees — their own groups' (members) and their bodies' groups' (the project office) —
    newest first, optionally of one group, one project or one status. One query."""
    condition = _visible_groups_q(user, prefix="group__")
    if condition is None:
        return MonitoringResult.objects.none()
    rows = _results_queryset().filter(condition)
    if group is not None:
        rows = rows.filter(group=group)
    if project is not None:
        rows = rows.filter(project=project)
    if status:
        rows = rows.filter(status=status)
    return rows


def result_get(user, pk) -> MonitoringResult:
    result = result_list(user).filter(pk=pk).first()
    if result is None:
        raise Http404
    return result


def may_consider(user, result: MonitoringResult) -> bool:
    return result.status == ResultStatus.SUBMITTED and authorization.can(
        user, authorization.MANAGE_TEAM, result.group.body
    )


@dataclass
class MonitoredProject:
    """A granted project as its monitor sees it, with the group's last result on it."""

    project: Project
    last_result: MonitoringResult | None = None


@dataclass
class MyGroup:
    group: MonitoringGroup
    projects: list[MonitoredProject] = field(default_factory=list)


def my_monitoring(user) -> list[MyGroup]:
    """The active groups `user` is a member of, each with its granted projects (stage, status, dates, budget)
    and the group's last result on each. Four queries, however many groups and projects."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return []
    groups = list(
        MonitoringGroup.objects.filter(auth_group__in=user.groups.all().values("pk"), is_active=True)
        .select_related("body")
        .order_by("name", "pk")
    )
    if not groups:
        return []
    projects = granted_projects(groups)
    last = {
        (result.group_id, result.project_id): result
        for result in MonitoringResult.objects.filter(group__in=groups)
        .order_by("group_id", "project_id", "-submitted_at", "-pk")
        .distinct("group_id", "project_id")
        .select_related("submitted_by")
    }
    return [
        MyGroup(
            group=group,
            projects=[
                MonitoredProject(project=project, last_result=last.get((group.pk, project.pk)))
                for project in projects[group.pk]
            ],
        )
        for group in groups
    ]


def awaiting_results(user, *, limit: int = 50) -> list[MonitoringResult]:
    """The results of the groups of the bodies whose team `user` manages that are not yet considered."""
    ids = managed_body_ids(user)
    rows = _results_queryset().filter(status=ResultStatus.SUBMITTED)
    if ids is not None:
        if not ids:
            return []
        rows = rows.filter(group__body_id__in=sorted(ids))
    return list(rows.order_by("submitted_at", "pk")[:limit])


def group_members_prefetch() -> Prefetch:
    """Prefetch of a group's members (API rows), surname order."""
    return Prefetch(
        "auth_group__user_set",
        queryset=Person.objects.order_by("last_name", "first_name", "pk"),
        to_attr="member_list",
    )
