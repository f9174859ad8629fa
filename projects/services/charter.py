"""Writes of the project charter: its content, the Office's additional requirements, its approval, the budget by
funding source and the schedule of milestones (Rules p.2(30), p.77, p.78).

Permissions are the callers' (pages and API ask pmis.core.authorization first); these functions hold the rules.
Once a charter is approved and the Office requires change control (Rules p.78(6)), every later change of its
content, budget or schedule writes a line to the project's change log.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core.concurrency import StaleVersion
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..models import Charter, FundingLine, Milestone, Project
from .changes import change_log_add

#: What the project manager writes in the charter (goal, dates and budget are the project node's own fields).
CHARTER_FIELDS = ("content", "results", "stakeholders")
FUNDING_FIELDS = ("source", "year", "amount", "note")
MILESTONE_FIELDS = ("title", "due_on", "note")


def _under_change_control(project: Project) -> bool:
    """Is the project's approved charter under the change control the Office required (Rules p.78(6))?"""
    charter = Charter.objects.filter(project=project).only("approved_on", "requires_change_control").first()
    return bool(charter and charter.approved_on and charter.requires_change_control)


def _log_change(project: Project, actor, summary: str) -> None:
    if _under_change_control(project):
        change_log_add(project=project, actor=actor, event="charter", summary=summary)


@transaction.atomic
def charter_get_or_create(*, project: Project, actor: Person | None = None) -> Charter:
    """The project's charter, created empty on its first edit (a project may exist without one)."""
    charter = Charter.objects.filter(project=project).first()
    if charter is not None:
        return charter
    charter = Charter(project=project)
    charter._history_user = actor
    charter._change_reason = _("Created")
    try:
        with transaction.atomic():
            charter.save()
    except IntegrityError:  # someone else created it a moment ago
        return Charter.objects.get(project=project)
    return charter


def _locked(charter: Charter) -> Charter:
    return Charter.objects.select_for_update().select_related("project").get(pk=charter.pk)


@transaction.atomic
def charter_update(
    *, actor: Person | None, project: Project, version: int | None = None, reason: str = "", **values
) -> Charter:
    """Change the charter's content, results or stakeholders; `version` is the one the editor read (a stale one
    raises StaleVersion). After approval under change control the change is written to the change log."""
    refuse_unknown(values, CHARTER_FIELDS)
    charter = _locked(charter_get_or_create(project=project, actor=actor))
    if version is not None and version != charter.version:
        raise StaleVersion(charter, _("Someone else has changed the charter since you opened it."))
    changed = [name for name, value in values.items() if getattr(charter, name) != value]
    if not changed:
        return charter
    for name, value in values.items():
        setattr(charter, name, value)
    charter.version += 1
    save_recorded(charter, actor=actor, reason=reason or _("Changed"))
    if charter.approved_on and charter.requires_change_control:
        labels = ", ".join(str(Charter._meta.get_field(name).verbose_name) for name in changed)
        summary = _("The approved charter was changed: %(fields)s.") % {"fields": labels}
        if reason:
            summary = f"{summary} {reason}"
        change_log_add(project=project, actor=actor, event="charter", summary=summary)
    return charter


@transaction.atomic
def charter_set_requirements(
    *,
    actor: Person | None,
    project: Project,
    requires_kickoff_protocol: bool,
    requires_change_control: bool,
) -> Charter:
    """The Office's additional requirements for the project (Rules p.78(5), p.78(6)); callers let only those who
    may change the Office set them."""
    charter = _locked(charter_get_or_create(project=project, actor=actor))
    if (
        charter.requires_kickoff_protocol == requires_kickoff_protocol
        and charter.requires_change_control == requires_change_control
    ):
        return charter
    charter.requires_kickoff_protocol = requires_kickoff_protocol
    charter.requires_change_control = requires_change_control
    charter.version += 1
    save_recorded(charter, actor=actor, reason=_("The Office's requirements changed"))
    return charter


@transaction.atomic
def charter_approve(*, actor: Person | None, project: Project, on: dt.date | None = None) -> Charter:
    """Approve the charter (the sponsor or whoever may approve in the project): its content and results must be
    written first, and an approved charter is not approved twice."""
    charter = _locked(charter_get_or_create(project=project, actor=actor))
    if charter.approved_on is not None:
        raise ValidationError(
            _("The charter was already approved on %(date)s.")
            % {"date": date_format(charter.approved_on, "SHORT_DATE_FORMAT")}
        )
    missing = [
        str(Charter._meta.get_field(name).verbose_name)
        for name in ("content", "results")
        if not getattr(charter, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("The charter cannot be approved before it has: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    charter.approved_on = on or timezone.localdate()
    charter.approved_by = actor
    charter.version += 1
    save_recorded(charter, actor=actor, reason=_("Approved"))
    change_log_add(
        project=project,
        actor=actor,
        event="charter",
        summary=_("The charter was approved on %(date)s.")
        % {"date": date_format(charter.approved_on, "SHORT_DATE_FORMAT")},
    )
    return charter


# --- the budget by funding source and year ---------------------------------------------------------------------


def _check_year(project: Project, year: int | None) -> None:
    if year is None or project.planned_start is None or project.planned_end is None:
        return
    if not project.planned_start.year <= year <= project.planned_end.year:
        raise ValidationError(
            {
                "year": _("The project runs from %(start)s to %(end)s: choose a year in that period.")
                % {"start": project.planned_start.year, "end": project.planned_end.year}
            }
        )


@transaction.atomic
def funding_line_create(
    *,
    actor: Person | None,
    project: Project,
    source: str,
    year: int,
    amount: Decimal,
    note: str = "",
) -> FundingLine:
    """Add the amount one funding source gives the project in one year."""
    _check_year(project, year)
    line = FundingLine(project=project, source=source, year=year, amount=amount, note=note)
    save_recorded(line, actor=actor, reason=_("Created"))
    _log_change(
        project,
        actor,
        _("Budget line added: %(line)s.")
        % {"line": f"{line.get_source_display()} {line.year}, {line.amount}"},
    )
    return line


@transaction.atomic
def funding_line_update(*, actor: Person | None, line: FundingLine, **values) -> FundingLine:
    refuse_unknown(values, FUNDING_FIELDS)
    line = FundingLine.objects.select_for_update().select_related("project").get(pk=line.pk)
    before = f"{line.get_source_display()} {line.year}, {line.amount}"
    for name, value in values.items():
        setattr(line, name, value)
    _check_year(line.project, line.year)
    save_recorded(line, actor=actor, reason=_("Changed"))
    after = f"{line.get_source_display()} {line.year}, {line.amount}"
    if before != after:
        _log_change(
            line.project,
            actor,
            _("Budget line changed: %(before)s → %(after)s.") % {"before": before, "after": after},
        )
    return line


@transaction.atomic
def funding_line_delete(*, actor: Person | None, line: FundingLine) -> None:
    project = line.project
    summary = _("Budget line removed: %(line)s.") % {
        "line": f"{line.get_source_display()} {line.year}, {line.amount}"
    }
    delete_recorded(line, actor, _("Deleted"))
    _log_change(project, actor, summary)


# --- the schedule of milestones --------------------------------------------------------------------------------


def _check_due(project: Project, due_on: dt.date | None) -> None:
    if due_on is None or project.planned_start is None or project.planned_end is None:
        return
    if not project.planned_start <= due_on <= project.planned_end:
        raise ValidationError(
            {
                "due_on": _(
                    "The project runs from %(start)s to %(end)s: a milestone is due within that period."
                )
                % {
                    "start": date_format(project.planned_start, "SHORT_DATE_FORMAT"),
                    "end": date_format(project.planned_end, "SHORT_DATE_FORMAT"),
                }
            }
        )


@transaction.atomic
def milestone_create(
    *, actor: Person | None, project: Project, title: str, due_on: dt.date, note: str = ""
) -> Milestone:
    """Add a control point of the schedule: what must be reached by when (Rules p.2(30))."""
    _check_due(project, due_on)
    milestone = Milestone(project=project, title=title, due_on=due_on, note=note)
    save_recorded(milestone, actor=actor, reason=_("Created"))
    _log_change(
        project,
        actor,
        _("Milestone added: %(title)s, due %(due)s.")
        % {"title": title, "due": date_format(due_on, "SHORT_DATE_FORMAT")},
    )
    return milestone


@transaction.atomic
def milestone_update(*, actor: Person | None, milestone: Milestone, **values) -> Milestone:
    refuse_unknown(values, MILESTONE_FIELDS)
    milestone = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    old_due = milestone.due_on
    for name, value in values.items():
        setattr(milestone, name, value)
    _check_due(milestone.project, milestone.due_on)
    save_recorded(milestone, actor=actor, reason=_("Changed"))
    if old_due != milestone.due_on:
        _log_change(
            milestone.project,
            actor,
            _("Milestone “%(title)s” moved from %(old)s to %(new)s.")
            % {
                "title": milestone.title,
                "old": date_format(old_due, "SHORT_DATE_FORMAT"),
                "new": date_format(milestone.due_on, "SHORT_DATE_FORMAT"),
            },
        )
    return milestone


@transaction.atomic
def milestone_set_reached(
    *, actor: Person | None, milestone: Milestone, done_on: dt.date | None
) -> Milestone:
    """Mark a milestone reached on `done_on` (not in the future), or not reached (None)."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be reached in the future.")})
    milestone.done_on = done_on
    save_recorded(milestone, actor=actor, reason=_("Reached") if done_on else _("Not reached"))
    return milestone


@transaction.atomic
def milestone_delete(*, actor: Person | None, milestone: Milestone) -> None:
    project = milestone.project
    title = milestone.title
    delete_recorded(milestone, actor, _("Deleted"))
    _log_change(project, actor, _("Milestone removed: %(title)s.") % {"title": title})
