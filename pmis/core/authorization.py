"""The one place that decides who may do what: `can(user, action, obj)` and `restrict(queryset, user, action)`.

Every page, API endpoint, export, websocket consumer and task asks here. A caller that gets False for "view"
answers 404 (the object is not there for this person); one that may view but not act answers 403.

The policy (Rules p.95–99, DESIGN.md §2 "Authorization"):
- an anonymous or inactive user may do nothing; a superuser may do everything;
- a project role held on a node grants the role's powers (data in the role catalogue) on that node and
  everything below it; a role on a state body reaches its standard basic direction and the programs it owns; a
  role on the Office reaches everything (`grants.py` reads all of this in one query and keeps it for the
  request);
- while a holder is absent, or a role has no holder, the holders of its substitute roles (Appendix 4) have its
  powers (`grants.py`);
- django-guardian object permissions are explicit grants on one node and everything below it;
- a person who may view a node may also view the nodes above it, as the context of their work (breadcrumbs,
  the tree), but not their other branches;
- "add" on a node is adding children under it; "add" on a model class asks whether the person may add such a
  node anywhere (to show a "New" button), and the Office's portfolios need "add" on the Office;
- the organisation (state bodies, units, people, the role catalogue) is visible to every active person; changing
  the catalogue and the substitution scheme needs "change" on the Office or the Django model permission;
- a role assignment is visible where its node is, and is managed with "manage team" on its node; an absence is
  visible and managed by the absent person and by whoever manages the team of one of their roles;
- everything in a project's workspace (a model with `SCOPE_LOOKUP`, the lookup from it to its project's path:
  tasks, columns, sprints, risks, change requests, lessons, documents, comments …) is decided as its project:
  "view" to read, "contribute" for the team's daily work, "change" for what the project manager decides,
  "approve" for decisions, "delete" for removals the catalogue reserves; ancestors' context does not apply;
- an indicator of the goal map, its plans, facts and decomposition links (`SCOPE_LOOKUP` to the path of the
  node it is attached to, and `SCOPE_CONTEXT`) are decided the same way as their node's workspace — "change"
  for the passport, plans and links, "contribute" to enter facts — except that whoever sees a node below may
  also read the indicators above it: the goal map their work serves (Rules p.17);
- a comment is changed or deleted only by its author (or whoever may delete in the project);
- a project assignment (Rules p.81), once sent, is also visible to the head who must appoint its executors and
  to its executors, who may "change" it (appoint, report the result) without any role on the project;
- a scrum schedule and its meetings (agenda, attendance, outcomes) are decided as the node the level meets at —
  "change" there to keep the schedule and run the meetings — and, without any role on the node, the schedule's
  chair, deputy chair and secretary (and a meeting's own secretary) may view and run its meetings, and its
  participants may view them and propose agenda items ("contribute"); approving a schedule is "approve" on its
  program (the scrum services ask);
- a decision of a meeting is also visible to its owner, who may "change" it (report its execution) wherever the
  meeting was (Rules p.45);
- an operational plan, its headings, activities and versions, the units' quarterly information and the
  monitoring reports (a model with `PLAN_LOOKUP`) are decided by `plan_access`: the body's readers and the plan's
  own people (approver, developer unit, monitoring unit) read everything, a unit reads its own activities and
  information and fills it in, its head submits it (OP Rules p.14); "add" on an unsaved plan asks whether the
  person may draft a plan for its body with its developer unit; "add" on the class, whether anywhere;
- an object that names people (a model with `PEOPLE` or `ROLE_PEOPLE`, decided by `people_access`) also gives
  them the actions it names them for, without any role on its node: an initiative's proposer sees and edits it
  (Rules p.22), an instruction's executors see it and report on it and the one who put it on control removes it
  (p.92), an expert council's secretary keeps its discussions (p.75);
- a notification is its recipient's alone.

`PermissionBackend` answers Django's ``user.has_perm(perm, obj)`` for these objects through the same rules.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Model, Q, QuerySet

from . import people_access, plan_access
from .grants import Grants, grants_of
from .nodes import path_prefixes

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
MANAGE_TEAM = "manage_team"
APPROVE = "approve"
CONTRIBUTE = "contribute"
ACTIONS = (VIEW, ADD, CHANGE, DELETE, MANAGE_TEAM, APPROVE, CONTRIBUTE)

# Which kinds of node may be the parent of each kind, and how deep each kind of path prefix sits.
_PARENT_KINDS = {
    "portfolio": ("office",),
    "program": ("portfolio",),
    "direction": ("program", "body"),
    "group": ("direction", "group"),
    "project": ("group",),
}
_DEPTH = {"office": 0, "body": 1, "portfolio": 1, "program": 2, "direction": 3, "group": 4, "project": 5}


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _check(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")


def _model_perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _is_node(model) -> bool:
    from .models import HierarchyNode

    return isinstance(model, type) and issubclass(model, HierarchyNode)


def _prefix_kind(prefix: str) -> str:
    """The kind of the node a prefix ends at: ``"portfolio:1/program:2/"`` → program; ``""`` → office."""
    if not prefix:
        return "office"
    return prefix.rstrip("/").rsplit("/", 1)[-1].split(":", 1)[0]


def _ancestor_paths(prefixes: list[str]) -> set[str]:
    """Every proper ancestor path of the given prefixes, read from the strings themselves."""
    return {path for prefix in prefixes for path in path_prefixes(prefix)[:-1]}


def _in_workspace(model) -> bool:
    return isinstance(model, type) and bool(getattr(model, "SCOPE_LOOKUP", None))


def _with_context(model) -> bool:
    """Is a workspace model also readable from below its node, as context (the goal map's indicators)?"""
    return bool(getattr(model, "SCOPE_CONTEXT", False))


def _lookup_value(obj, lookup: str):
    """Follow ``"project__path"`` (or ``"task__project__path"`` …) from `obj` through its relations."""
    value = obj
    for name in lookup.split("__"):
        value = getattr(value, name)
    return value


def _scope_path(obj) -> str | None:
    """The path at which powers over `obj` are decided, for the objects that sit in the hierarchy."""
    from org.models import RoleAssignment, StateBody

    if _in_workspace(type(obj)):
        return _lookup_value(obj, type(obj).SCOPE_LOOKUP)

    if isinstance(obj, RoleAssignment):
        return "" if obj.scope_kind == "office" else obj.scope_path
    if isinstance(obj, StateBody):
        return "" if obj.kind == "office" else f"body:{obj.pk}/"
    return getattr(obj, "path", None)


def _may_add_kind(grants: Grants, model) -> bool:
    """Could the person add a node of this model under some node they have "add" on?"""
    if grants.everywhere(ADD):
        return True
    parents = _PARENT_KINDS.get(model.KIND, ())
    deepest = max(_DEPTH[kind] for kind in parents)
    for prefix in grants.prefixes(ADD):
        kind = _prefix_kind(prefix)
        if kind == "body" and "body" not in parents and model.KIND != "group" and model.KIND != "project":
            continue  # a state body's own subtree holds only its standard direction and what lies below it
        if _DEPTH[kind] <= deepest:
            return True
    return False


def _absence_can(user, grants: Grants, action: str, absence) -> bool:
    if absence.person_id == user.pk:
        return action in (VIEW, ADD, CHANGE, DELETE)
    if grants.superuser:
        return True
    from org.models import RoleAssignment

    paths = RoleAssignment.objects.filter(person_id=absence.person_id).values_list("scope_kind", "scope_path")
    return any(grants.allows(MANAGE_TEAM, "" if kind == "office" else path) for kind, path in paths)


def _is_assignment(model) -> bool:
    from projects.models import ProjectAssignment

    return model is ProjectAssignment


def _is_comment(model) -> bool:
    from projects.models import Comment

    return model is Comment


#: The scrum models whose people (chair, deputy chair, secretary, participants) act without a role on the node, and
#: the lookup from each to its meeting's schedule ("" for the schedule itself).
_SCRUM_SCHEDULE_LOOKUP = {
    "scrum.schedule": "",
    "scrum.meeting": "schedule",
    "scrum.agendaitem": "meeting__schedule",
    "scrum.attendance": "meeting__schedule",
    "scrum.decision": "meeting__schedule",
}


def _scrum_lookup(model) -> str | None:
    return _SCRUM_SCHEDULE_LOOKUP.get(model._meta.label_lower)


def _scrum_people_can(user, action: str, obj) -> bool:
    """The schedule's own people, without a role on its node: the chair, the deputy chair and the secretary view
    and run the meetings; the participants view them and propose items; a decision's owner reports on it."""
    from scrum.models import Decision, Meeting, Schedule

    if isinstance(obj, Decision) and obj.owner_id == user.pk and action in (VIEW, CHANGE):
        return True
    meeting = obj if isinstance(obj, Meeting) else getattr(obj, "meeting", None)
    schedule = obj if isinstance(obj, Schedule) else meeting.schedule
    runners = {schedule.chair_id, schedule.deputy_chair_id, schedule.secretary_id}
    if meeting is not None:
        runners.add(meeting.secretary_id)
    if user.pk in runners:
        return action in (VIEW, CONTRIBUTE) or (action == CHANGE and not isinstance(obj, Schedule))
    if action in (VIEW, CONTRIBUTE) and schedule.pk is not None:
        return schedule.participants.filter(pk=user.pk).exists()
    return False


def _scrum_people_q(model, user, action: str) -> Q | None:
    """`_scrum_people_can` as one filter on the rows (None when it grants nothing for `action`)."""
    lookup = _scrum_lookup(model)
    if lookup is None or action not in (VIEW, CONTRIBUTE, CHANGE):
        return None
    from scrum.models import Schedule

    prefix = f"{lookup}__" if lookup else ""
    meeting = "" if lookup == "schedule" else ("meeting__" if lookup else None)
    own = (
        Q(**{f"{prefix}chair": user})
        | Q(**{f"{prefix}deputy_chair": user})
        | Q(**{f"{prefix}secretary": user})
    )
    if meeting is not None:
        own |= Q(**{f"{meeting}secretary": user})
    if action == CHANGE:
        condition = None if not lookup else own
    else:
        taking_part = Schedule.participants.through.objects.filter(person=user).values("schedule")
        condition = own | Q(**{f"{lookup or 'pk'}__in": taking_part})
    if model._meta.label_lower == "scrum.decision" and action in (VIEW, CHANGE):
        condition = Q(owner=user) if condition is None else condition | Q(owner=user)
    return condition


def _in_plan(model) -> bool:
    return isinstance(model, type) and hasattr(model, "PLAN_LOOKUP")


def _workspace_can(user, grants: Grants, action: str, obj) -> bool:
    path = _scope_path(obj)
    if _is_comment(type(obj)) and action in (CHANGE, DELETE):
        # Words are their author's: a moderator (delete in the project) may remove a comment, never rewrite it.
        return obj.author_id == user.pk or (action == DELETE and grants.allows(DELETE, path))
    if grants.allows(action, path):
        return True
    if action == VIEW and _with_context(type(obj)) and grants.sees_above(path):
        return True
    if (
        _is_assignment(type(obj))
        and action in (VIEW, CHANGE)
        and obj.pk is not None
        and obj.status != "draft"
    ):
        # A draft is the project's own until the head of the basic direction sends it.
        return obj.addressee_head_id == user.pk or obj.executors.filter(pk=user.pk).exists()
    if _scrum_lookup(type(obj)) is not None:
        return _scrum_people_can(user, action, obj)
    if people_access.declares(type(obj)):
        return people_access.people_can(user, action, obj, grants.day)
    return False


def can(user, action: str, obj, *, on=None) -> bool:
    """May `user` perform `action` on `obj` today (or on the day `on`)?

    `obj` is an instance, or a model class for "add" (anywhere) and for the organisation's catalogues.
    """
    _check(action)
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    model = obj if isinstance(obj, type) else type(obj)
    from org.models import Absence, Notification, RoleAssignment, StateBody

    if model is Notification:
        return not isinstance(obj, type) and obj.recipient_id == user.pk
    if action == VIEW and not (
        _is_node(model) or _in_workspace(model) or _in_plan(model) or model in (Absence, RoleAssignment)
    ):
        return True  # the organisation and its catalogues are open to everyone who works in the PMIS
    grants = grants_of(user, on)
    if _in_plan(model):
        if isinstance(obj, type):  # may the person draft a plan somewhere (to show a "New plan" button)?
            return action == VIEW or plan_access.may_draft_somewhere(user, grants)
        return plan_access.plan_can(user, grants, action, obj)
    if _in_workspace(model):
        if isinstance(obj, type):  # may the person do this in some project (to show a "My tasks" link …)?
            return bool(grants.prefixes(action))
        return _workspace_can(user, grants, action, obj)
    if isinstance(obj, type):
        if _is_node(obj):
            return _may_add_kind(grants, obj) if action == ADD else action == VIEW
        return action == VIEW or grants.everywhere(action) or user.has_perm(_model_perm(model, action))
    if isinstance(obj, Absence):
        return _absence_can(user, grants, action, obj)
    path = _scope_path(obj)
    if isinstance(obj, RoleAssignment):
        if action != VIEW:
            return grants.allows(MANAGE_TEAM, path)
        # The organisational structure of bodies and the Office is open to everyone who works in the PMIS.
        return obj.scope_kind in ("office", "body") or grants.allows(VIEW, path) or grants.sees_above(path)
    if _is_node(model):
        return grants.allows(action, path) or (action == VIEW and grants.sees_above(path))
    if isinstance(obj, StateBody) and action in (MANAGE_TEAM, APPROVE):
        return grants.allows(action, path)
    # The organisation and its catalogues: everyone sees them; the Office or a model permission changes them.
    return action == VIEW or grants.everywhere(action) or user.has_perm(_model_perm(model, action))


_EVERYTHING = object()


def _path_q(grants: Grants, action: str, field: str = "path"):
    """A filter on `field` for the rows under the prefixes where `action` holds (with their ancestors, for
    "view"); `_EVERYTHING` when the action holds everywhere, None when it holds nowhere."""
    if grants.everywhere(action):
        return _EVERYTHING
    prefixes = grants.prefixes(action)
    parts = [Q(**{f"{field}__startswith": prefix}) for prefix in prefixes]
    if action == VIEW:
        ancestors = _ancestor_paths(prefixes)
        if ancestors:
            parts.append(Q(**{f"{field}__in": sorted(ancestors)}))
    return reduce(or_, parts) if parts else None


def _filtered(queryset: QuerySet, condition) -> QuerySet:
    if condition is _EVERYTHING:
        return queryset
    return queryset.none() if condition is None else queryset.filter(condition)


def _restrict_workspace(queryset: QuerySet, user, grants: Grants, action: str) -> QuerySet:
    """Workspace rows of the projects where `action` holds: one filter on the project's path, no ancestors."""
    model = queryset.model
    field = model.SCOPE_LOOKUP
    if _is_comment(model) and action in (CHANGE, DELETE):
        # Only the author edits a comment; whoever may delete in the project may remove it.
        if action == DELETE and grants.everywhere(DELETE):
            return queryset
        parts = [Q(author=user)]
        if action == DELETE:
            parts += [Q(**{f"{field}__startswith": prefix}) for prefix in grants.prefixes(DELETE)]
        return queryset.filter(reduce(or_, parts))
    if grants.everywhere(action):
        return queryset
    prefixes = grants.prefixes(action)
    parts = [Q(**{f"{field}__startswith": prefix}) for prefix in prefixes]
    if action == VIEW and _with_context(model):
        ancestors = _ancestor_paths(prefixes)
        if ancestors:
            parts.append(Q(**{f"{field}__in": sorted(ancestors)}))
    if _is_assignment(model) and action in (VIEW, CHANGE):
        executors = model.executors.through.objects.filter(person=user).values("projectassignment")
        parts.append(~Q(status="draft") & (Q(addressee_head=user) | Q(pk__in=executors)))
    people = _scrum_people_q(model, user, action)
    if people is not None:
        parts.append(people)
    if people_access.declares(model):
        named = people_access.people_q(user, action, model, grants.day)
        if named is not None:
            parts.append(named)
    return queryset.filter(reduce(or_, parts)) if parts else queryset.none()


def restrict(queryset: QuerySet, user, action: str = VIEW, *, on=None) -> QuerySet:
    """The part of `queryset` that `user` may `action`: one SQL filter on the rows, never a loop over them."""
    _check(action)
    if not _active(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    model = queryset.model
    from org.models import Absence, Notification, RoleAssignment

    if model is Notification:
        return queryset.filter(recipient=user)
    if action == VIEW and not (
        _is_node(model) or _in_workspace(model) or _in_plan(model) or model in (Absence, RoleAssignment)
    ):
        return queryset  # the organisation and its catalogues are open to everyone who works in the PMIS
    grants = grants_of(user, on)
    if _in_plan(model):
        condition = plan_access.plan_q(user, grants, action, model)
        return queryset if condition is None else queryset.filter(condition)
    if _is_node(model):
        return _filtered(queryset, _path_q(grants, action))
    if _in_workspace(model):
        return _restrict_workspace(queryset, user, grants, action)
    if model is RoleAssignment:
        if action != VIEW:
            return _filtered(queryset, _path_q(grants, MANAGE_TEAM, "scope_path"))
        nodes = _path_q(grants, VIEW, "scope_path")
        if nodes is _EVERYTHING:
            return queryset
        organisation = Q(scope_kind__in=("office", "body"))
        return queryset.filter(organisation if nodes is None else organisation | nodes)
    if model is Absence:
        managed = _path_q(grants, MANAGE_TEAM, "role_assignments__scope_path")
        if managed is _EVERYTHING:
            return queryset
        condition = Q(person=user)
        if managed is not None:
            from org.models import Person

            condition |= Q(person__in=Person.objects.filter(managed).values("pk"))
        return queryset.filter(condition)
    if action == VIEW or grants.everywhere(action) or user.has_perm(_model_perm(model, action)):
        return queryset
    return queryset.none()


def bodies_where(user, action: str, *, on=None) -> set[int] | None:
    """The ids of the state bodies on which `user` has `action` (their project office's powers: a role on the body
    itself), as `can(user, action, body)` answers for each; None when it is every body (the Office, a superuser).
    Read from the person's kept grants: no query."""
    _check(action)
    if not _active(user):
        return set()
    grants = grants_of(user, on)
    if grants.everywhere(action):
        return None
    return {
        int(prefix[len("body:") : -1])
        for prefix in grants.prefixes(action)
        if prefix.startswith("body:") and prefix.count("/") == 1 and prefix[len("body:") : -1].isdigit()
    }


def require(user, action: str, obj: Model | type, *, on=None) -> None:
    """Raise PermissionDenied (403) unless `user` may `action` `obj`; callers have already checked "view"."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, obj, on=on):
        raise PermissionDenied


class PermissionBackend:
    """Django's ``user.has_perm("projects.change_project", project)`` answered by `can`.

    Only object permissions are answered here (a permission without an object stays with ModelBackend), and only
    for the actions of this module: ``<app>.<action>_<model>``.
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if obj is None or not isinstance(obj, Model):
            return False
        _app, _dot, codename = perm.partition(".")
        suffix = f"_{obj._meta.model_name}"
        if not codename.endswith(suffix):
            return False
        action = codename[: -len(suffix)]
        return action in ACTIONS and can(user_obj, action, obj)

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is None or not isinstance(obj, Model):
            return set()
        meta = obj._meta
        return {
            f"{meta.app_label}.{action}_{meta.model_name}" for action in ACTIONS if can(user_obj, action, obj)
        }
