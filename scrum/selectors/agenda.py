"""The agenda builder: the week's signals a meeting should discuss, and a meeting's stored agenda for its page.

A meeting discusses the problems and obstacles of everything under the node its level meets at (Rules p.68(3),
p.70(5), p.72(3), p.84(3)): the project team its project, the projects group its projects (subgroups included),
the implementation group, the project office and the governing committee everything under the direction or the
program, the governing council the whole portfolio. The signals, each named by a ``signal_key`` so a rebuild adds
only new ones:

1. ESCALATION — open escalations that stand at this level and node (p.72(2), p.98);
2. DECISION — open binding outcomes of earlier meetings of the same schedule, until done (p.45), overdue first;
3. OVERDUE_TASK — tasks past their due date and not in a "done" column;
4. BLOCKED_TASK — tasks flagged blocked, or blocked by a task that is not done;
5. UNASSIGNED — project assignments sent and still without an executor (p.81);
6. KNI_OFF_TRACK — indicators attached in the subtree scored red for the period (kpi_maps.selectors.scores);
7. RISK_ISSUE — risks that occurred (became issues) and are not closed.

Each signal carries its project and projects group (the innermost group of its path) and its presenter: the
escalation's author, the decision's owner, the task's assignee, the risk's owner, else the project's manager.
The builder reads a fixed number of queries whatever the size of the subtree (pinned in the tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from org.models import Person, RoleAssignment
from org.substitution import live_assignments
from pmis.core.nodes import ancestor_id, last_ref, nearest_prefix
from pmis.core.workdays import short_date
from projects.choices import AssignmentStatus, ColumnKind, RiskStatus
from projects.models import Project, ProjectAssignment, Risk, Task

from ..choices import BINDING_KINDS, AgendaSource, DecisionStatus, EscalationStatus
from ..models import AgendaItem, Decision, Escalation, Meeting

#: The order of the sources within a project: what the levels below could not solve comes first.
SOURCE_ORDER = {source: rank for rank, source in enumerate(AgendaSource.values)}

TITLE_LENGTH = 500


@dataclass
class Signal:
    """One thing the meeting should discuss, before it is put on the agenda as an `AgendaItem`.

    `refs` names the object behind it by the AgendaItem's field (``{"task": task}``); `path` is the path of the
    node it belongs to (its project, else its node), which orders the agenda by group and project.
    """

    source: str
    signal_key: str
    title: str
    details: str = ""
    project: Project | None = None
    group_id: int | None = None
    presenter: Person | None = None
    refs: dict = field(default_factory=dict)
    path: str = ""
    rank: tuple = ()

    @property
    def minutes(self) -> int:
        """The default time-box: ten minutes for an escalated problem, five for anything else."""
        return 10 if self.source == AgendaSource.ESCALATION else 5


def _title(text: str) -> str:
    return Truncator(text).chars(TITLE_LENGTH)


def innermost_group_id(path: str) -> int | None:
    """The id of the last projects group on a path (a project's own group), or None."""
    prefix = nearest_prefix(path, "group")
    return last_ref(prefix)[1] if prefix else None


class _Scope:
    """The subtree a meeting discusses: its projects (one query) and their managers on the day (one query)."""

    def __init__(self, path: str, today: dt.date):
        self.path = path
        self.projects = {
            project.pk: project
            for project in Project.objects.filter(path__startswith=path).only(
                "id", "code", "path", "group_id", "name_kk", "name_ru", "name_en"
            )
        }
        self.managers: dict[int, Person] = {}
        rows = (
            RoleAssignment.objects.filter(
                live_assignments(today),
                role__code="project_manager",
                scope_kind="project",
                scope_path__startswith=path,
            )
            .select_related("person")
            .order_by("starts_on", "pk")
        )
        for row in rows:
            self.managers.setdefault(row.project_id, row.person)

    def signal(self, source: str, key: str, title: str, *, project_id=None, node_path="", **values) -> Signal:
        """A signal of `project_id` (or of the node at `node_path`), presented by the project's manager unless
        `values` name someone."""
        project = self.projects.get(project_id)
        path = project.path if project is not None else (node_path or self.path)
        presenter = values.pop("presenter", None) or (self.managers.get(project.pk) if project else None)
        return Signal(
            source=source,
            signal_key=key,
            title=_title(title),
            project=project,
            group_id=project.group_id if project is not None else innermost_group_id(path),
            presenter=presenter,
            path=path,
            **values,
        )


def _escalations(scope: _Scope, meeting: Meeting) -> list[Signal]:
    schedule = meeting.schedule
    rows = (
        Escalation.objects.filter(
            status=EscalationStatus.OPEN, level=schedule.level, node_path=schedule.node_path
        )
        .select_related("raised_by", "task", "risk", "assignment", "decision")
        .order_by("raised_at", "pk")
    )
    signals = []
    for escalation in rows:
        subject = escalation.task or escalation.risk or escalation.assignment or escalation.decision
        project_id = getattr(subject, "project_id", None) or ancestor_id(escalation.origin_path, "project")
        signals.append(
            scope.signal(
                AgendaSource.ESCALATION,
                f"escalation:{escalation.pk}",
                escalation.title,
                project_id=project_id,
                node_path=escalation.origin_path,
                details=escalation.description,
                presenter=escalation.raised_by,
                refs={"escalation": escalation},
                rank=(escalation.raised_at,),
            )
        )
    return signals


def _decisions(scope: _Scope, meeting: Meeting, today: dt.date) -> list[Signal]:
    rows = (
        Decision.objects.filter(
            meeting__schedule_id=meeting.schedule_id,
            meeting__date__lt=meeting.date,
            status=DecisionStatus.OPEN,
            kind__in=BINDING_KINDS,
        )
        .select_related("owner", "meeting")
        .order_by("due_on", "meeting__date", "number")
    )
    signals = []
    for decision in rows:
        overdue = decision.due_on is not None and decision.due_on < today
        signals.append(
            scope.signal(
                AgendaSource.DECISION,
                f"decision:{decision.pk}",
                _("No. %(number)s of %(date)s: %(text)s")
                % {
                    "number": decision.number,
                    "date": short_date(decision.meeting.date, "—"),
                    "text": decision.text,
                },
                project_id=decision.project_id,
                details=(_("Overdue. ") if overdue else "")
                + _("Owner: %(owner)s. Deadline: %(due)s.")
                % {
                    "owner": decision.owner.full_name if decision.owner else "—",
                    "due": short_date(decision.due_on, "—"),
                },
                presenter=decision.owner,
                refs={"decision": decision},
                rank=(not overdue, decision.due_on or dt.date.max),
            )
        )
    return signals


def _open_tasks(scope: _Scope):
    return Task.objects.filter(project__path__startswith=scope.path).exclude(column__kind=ColumnKind.DONE)


def _task_signal(scope: _Scope, source: str, task: Task, title: str, details: str) -> Signal:
    return scope.signal(
        source,
        f"task:{task.pk}",
        title,
        project_id=task.project_id,
        details=details,
        presenter=task.assignee,
        refs={"task": task},
        rank=(task.due_on or dt.date.max, task.number),
    )


def _overdue_tasks(scope: _Scope, today: dt.date) -> list[Signal]:
    rows = _open_tasks(scope).filter(due_on__lt=today).select_related("assignee").order_by("due_on", "pk")
    return [
        _task_signal(
            scope,
            AgendaSource.OVERDUE_TASK,
            task,
            f"#{task.number} {task.title}",
            _("Due %(due)s, %(days)s days late. Assignee: %(assignee)s.")
            % {
                "due": short_date(task.due_on, "—"),
                "days": (today - task.due_on).days,
                "assignee": task.assignee.full_name if task.assignee else _("nobody"),
            },
        )
        for task in rows
    ]


def _blocked_tasks(scope: _Scope) -> list[Signal]:
    # The numbers of the unfinished tasks each one waits for, inside the same query (as with_blocked_ids does).
    waits_for = Task.blocked_by.through.objects.filter(from_task=OuterRef("pk")).exclude(
        to_task__column__kind=ColumnKind.DONE
    )
    rows = (
        _open_tasks(scope)
        .annotate(waits_for=ArraySubquery(waits_for.order_by("to_task__number").values("to_task__number")))
        .filter(Q(blocked=True) | Exists(waits_for))
        .select_related("assignee")
        .order_by("pk")
    )
    signals = []
    for task in rows:
        reasons = [task.blocked_reason] if task.blocked else []
        if task.waits_for:
            reasons.append(
                _("Waits for %(tasks)s.") % {"tasks": ", ".join(f"#{number}" for number in task.waits_for)}
            )
        signals.append(
            _task_signal(
                scope,
                AgendaSource.BLOCKED_TASK,
                task,
                f"#{task.number} {task.title}",
                " ".join(reason for reason in reasons if reason),
            )
        )
    return signals


def _unassigned(scope: _Scope) -> list[Signal]:
    rows = (
        ProjectAssignment.objects.filter(project__path__startswith=scope.path, status=AssignmentStatus.SENT)
        .select_related("addressee_head")
        .order_by("appoint_by", "pk")
    )
    return [
        scope.signal(
            AgendaSource.UNASSIGNED,
            f"assignment:{assignment.pk}",
            f"PA-{assignment.number} {assignment.title}",
            project_id=assignment.project_id,
            details=_("Sent to %(head)s; executors were due by %(day)s.")
            % {
                "head": assignment.addressee_head.full_name if assignment.addressee_head else "—",
                "day": short_date(assignment.appoint_by, "—"),
            },
            refs={"assignment": assignment},
            rank=(assignment.appoint_by or dt.date.max,),
        )
        for assignment in rows
    ]


def _indicators_off_track(scope: _Scope) -> list[Signal]:
    from kpi_maps.choices import Colour
    from kpi_maps.models import Indicator
    from kpi_maps.selectors.scores import default_period, rules_at, scores

    year, quarter = default_period(scope.path)
    rules = rules_at(scope.path)
    indicators = {
        row.pk: row
        for row in Indicator.objects.filter(is_active=True, node_path__startswith=scope.path).only(
            "id", "code", "node_kind", "node_id", "node_path", "name_kk", "name_ru", "name_en"
        )
    }
    found = scores(scope.path, year, quarter, rules, ids=list(indicators))
    signals = []
    for pk, score in sorted(found.items(), key=lambda pair: (pair[1].achievement or 0, pair[0])):
        if score.colour != Colour.RED or pk not in indicators:
            continue
        indicator = indicators[pk]
        period = str(year) if not quarter else _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
        signals.append(
            scope.signal(
                AgendaSource.KNI_OFF_TRACK,
                f"indicator:{pk}",
                f"{indicator.code} {indicator.name}",
                project_id=indicator.node_id if indicator.node_kind == "project" else None,
                node_path=indicator.node_path,
                details=_("%(period)s: plan %(plan)s, fact %(fact)s, achievement %(achievement)s%%.")
                % {
                    "period": period,
                    "plan": score.plan if score.plan is not None else "—",
                    "fact": score.fact if score.fact is not None else "—",
                    "achievement": round(score.achievement * 100, 1)
                    if score.achievement is not None
                    else "—",
                },
                refs={"indicator": indicator},
                rank=(score.achievement or 0,),
            )
        )
    return signals


def _risk_issues(scope: _Scope) -> list[Signal]:
    rows = (
        Risk.objects.filter(project__path__startswith=scope.path, status=RiskStatus.OCCURRED)
        .select_related("owner")
        .order_by("-score", "pk")
    )
    return [
        scope.signal(
            AgendaSource.RISK_ISSUE,
            f"risk:{risk.pk}",
            f"R-{risk.number} {risk.title}",
            project_id=risk.project_id,
            details=risk.response_plan or risk.description,
            presenter=risk.owner,
            refs={"risk": risk},
            rank=(-risk.score,),
        )
        for risk in rows
    ]


def agenda_signals(meeting: Meeting, *, today: dt.date) -> list[Signal]:
    """The signals of the meeting's subtree on `today`, ordered by the node they belong to (groups, then their
    projects) and, within it, escalations and decisions first. A fixed number of queries (twelve)."""
    scope = _Scope(meeting.schedule.node_path, today)
    signals = [
        *_escalations(scope, meeting),
        *_decisions(scope, meeting, today),
        *_overdue_tasks(scope, today),
        *_blocked_tasks(scope),
        *_unassigned(scope),
        *_indicators_off_track(scope),
        *_risk_issues(scope),
    ]
    signals.sort(
        key=lambda signal: (signal.path, SOURCE_ORDER[signal.source], signal.rank, signal.signal_key)
    )
    return signals


# --- the stored agenda ------------------------------------------------------------------------------------------


@dataclass
class ProjectBlock:
    project: Project | None
    items: list[AgendaItem]


@dataclass
class GroupBlock:
    group: object | None
    projects: list[ProjectBlock]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for block in self.projects for item in block.items)


def agenda_items(meeting: Meeting):
    """The meeting's items in agenda order with what the page and the protocol show (one query)."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("project", "group", "presenter", "task", "escalation", "decision")
        .order_by("position", "pk")
    )


def agenda_for(meeting: Meeting, items: list[AgendaItem] | None = None) -> list[GroupBlock]:
    """The stored agenda grouped by projects group, then project, in the order of the items' positions (a
    group comes where its first item stands). Each item gets ``running_total``: the minutes up to its end.
    One query (none when `items` are given)."""
    items = list(agenda_items(meeting)) if items is None else items
    groups: dict[int | None, GroupBlock] = {}
    total = 0
    for item in items:
        total += item.minutes
        item.running_total = total
        block = groups.get(item.group_id)
        if block is None:
            block = groups[item.group_id] = GroupBlock(group=item.group, projects=[])
        project_block = next((b for b in block.projects if b.project == item.project), None)
        if project_block is None:
            project_block = ProjectBlock(project=item.project, items=[])
            block.projects.append(project_block)
        project_block.items.append(item)
    return list(groups.values())
