"""Writes of the program's completion report and lessons log (Rules p.63, p.100, p.102).

The project office ("change" on the program) drafts the report: the summary of results, the deviations, the people
recommended for incentive measures (p.100, chosen among those who held roles in the program's subtree) and the
nomination for the National competition (p.102). Issuing freezes the figures (the p.64 ratios, the projects by
status, the lessons count) in `snapshot`; an issued report is read-only until "approve" on the program reopens it.
The lessons log of the program is kept with "change" on the program.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person, RoleAssignment
from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from .choices import ReportStatus
from .models import CompletionReport, Program, ProgramLesson
from .ratios import program_ratios, projects_by_status

LESSON_FIELDS = ("stage", "title", "went_well", "situation", "recommendation")


def completion_report_get_or_create(program: Program) -> CompletionReport:
    """The program's completion report, a draft created on first use."""
    report, _created = CompletionReport.objects.get_or_create(program=program)
    return report


def _require_change(actor, program: Program, message: str) -> None:
    if not authorization.can(actor, authorization.CHANGE, program):
        raise PermissionDenied(message)


def _lock(program: Program) -> CompletionReport:
    completion_report_get_or_create(program)
    return CompletionReport.objects.select_for_update().get(program=program)


def role_holders(program: Program):
    """The people who have held (at any time) a role on the program or anything below it."""
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.filter(scope_path__startswith=program.path).values("person")
    )


@transaction.atomic
def completion_report_update(
    *,
    actor: Person,
    program: Program,
    version: int | None = None,
    summary: str | None = None,
    deviations: str | None = None,
    incentives: Iterable[int] | None = None,
    competition_nominated: bool | None = None,
) -> CompletionReport:
    """Edit the draft; a value left None is kept. Refused once the report is issued."""
    _require_change(actor, program, _("Only the project office drafts the program's completion report."))
    report = _lock(program)
    check_version(report, version)
    if report.status == ReportStatus.ISSUED:
        raise ValidationError(_("The report is issued and read-only: reopen it to change it."))
    if summary is not None:
        report.summary = summary.strip()
    if deviations is not None:
        report.deviations = deviations.strip()
    if competition_nominated is not None:
        report.competition_nominated = bool(competition_nominated)
    people = None
    if incentives is not None:
        wanted = {int(pk) for pk in incentives}
        people = list(role_holders(program).filter(pk__in=wanted))
        if len(people) != len(wanted):
            raise ValidationError(
                {
                    "incentives": _(
                        "Incentive measures are recommended only for people who held roles in the program."
                    )
                }
            )
    report.version += 1
    save_recorded(report, actor, _("Drafted"))
    if people is not None:
        report.incentives.set(people)
    return report


def completion_snapshot(program: Program) -> dict:
    """The figures an issued report keeps: the ratios, the projects by status and the lessons count."""
    from projects.models import Lesson

    return {
        "on": timezone.localdate().isoformat(),
        "ratios": [ratio.as_data() for ratio in program_ratios(program)],
        "projects_by_status": projects_by_status(program),
        "program_lessons": ProgramLesson.objects.filter(program=program).count(),
        "project_lessons": Lesson.objects.filter(project__path__startswith=program.path).count(),
    }


@transaction.atomic
def completion_report_issue(
    *, actor: Person, program: Program, version: int | None = None
) -> CompletionReport:
    """Issue the report: its figures are frozen as of today and it becomes read-only."""
    _require_change(actor, program, _("Only the project office issues the program's completion report."))
    report = _lock(program)
    check_version(report, version)
    if report.status == ReportStatus.ISSUED:
        raise ValidationError(_("The report is already issued."))
    if not report.summary:
        raise ValidationError({"summary": _("Write the summary of results before issuing the report.")})
    report.snapshot = completion_snapshot(program)
    report.status = ReportStatus.ISSUED
    report.issued_by = actor
    report.issued_at = timezone.now()
    report.version += 1
    return save_recorded(report, actor, _("Issued"))


@transaction.atomic
def completion_report_reopen(
    *, actor: Person, program: Program, reason: str, version: int | None = None
) -> CompletionReport:
    """Reopen an issued report for corrections ("approve" on the program); its figures are live again."""
    if not authorization.can(actor, authorization.APPROVE, program):
        raise PermissionDenied(_("Only whoever approves on the program may reopen its completion report."))
    report = _lock(program)
    check_version(report, version)
    if report.status != ReportStatus.ISSUED:
        raise ValidationError(_("Only an issued report is reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is reopened.")})
    report.status = ReportStatus.DRAFT
    report.snapshot = {}
    report.issued_by = None
    report.issued_at = None
    report.version += 1
    return save_recorded(report, actor, (_("Reopened: %(reason)s") % {"reason": reason})[:100])


@transaction.atomic
def program_lesson_create(
    *,
    actor: Person,
    program: Program,
    stage: str,
    title: str,
    situation: str,
    recommendation: str,
    went_well: bool = False,
) -> ProgramLesson:
    """Record a lesson learned on the program as a whole."""
    _require_change(actor, program, _("Only the project office keeps the program's lessons log."))
    lesson = ProgramLesson(
        program=program,
        stage=stage,
        title=(title or "").strip(),
        went_well=bool(went_well),
        situation=(situation or "").strip(),
        recommendation=(recommendation or "").strip(),
        recorded_by=actor,
    )
    return save_recorded(lesson, actor, _("Recorded"))


@transaction.atomic
def program_lesson_update(*, actor: Person, lesson: ProgramLesson, **values) -> ProgramLesson:
    refuse_unknown(values, LESSON_FIELDS)
    current = ProgramLesson.objects.select_for_update().select_related("program").get(pk=lesson.pk)
    _require_change(actor, current.program, _("Only the project office keeps the program's lessons log."))
    for name, value in values.items():
        setattr(current, name, bool(value) if name == "went_well" else (value or "").strip())
    return save_recorded(current, actor, _("Changed"))


@transaction.atomic
def program_lesson_delete(*, actor: Person, lesson: ProgramLesson) -> None:
    current = ProgramLesson.objects.select_for_update().select_related("program").get(pk=lesson.pk)
    _require_change(actor, current.program, _("Only the project office keeps the program's lessons log."))
    delete_recorded(current, actor, _("Deleted"))
