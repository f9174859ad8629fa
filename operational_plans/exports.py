"""The makers of the official forms' files, registered with `pmis.core.exporting` (issue 7 item 4).

- ``op.plan.xlsx`` / ``op.plan.pdf`` (params ``{"plan": id}``): the plan as Appendix 1;
- ``op.report.xlsx`` / ``op.report.pdf`` (params ``{"plan": id, "quarter": q}``): the quarter's report as
  Appendix 2.

Each maker reads as the job's owner through the authorization module, so a file never shows what its owner may
not see: the plan must be visible (else the job fails: 404), a unit's people get their own activities only
(the form pruned to the headings above them), and the report needs the power to read the whole plan's reports.
Lines are built in the job's language.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from pmis.core import authorization, exporting
from projects.exports import workbook_bytes

from .choices import QUARTERS
from .forms import appendix1, appendix2
from .layout import Line, plan_lines
from .models import Activity, OperationalPlan, Report
from .selectors.plans import plan_get, reads_whole_plan

PLAN_KINDS = {"xlsx": "op.plan.xlsx", "pdf": "op.plan.pdf"}
REPORT_KINDS = {"xlsx": "op.report.xlsx", "pdf": "op.report.pdf"}
LANGUAGES = ("kk", "ru")


def require_report_access(user, plan: OperationalPlan) -> None:
    """403 for a person who sees the plan but not its reports (a unit's people see their own rows only)."""
    if not reads_whole_plan(user, plan):
        raise PermissionDenied(_("Only those who read the whole plan see its quarterly reports."))


def visible_plan_lines(user, plan: OperationalPlan, *, language: str) -> list[Line]:
    """Appendix 1's lines of `plan` as `user` may see them, in `language`: the whole plan, or for a unit's people
    their own activities under the headings they sit in. Three queries."""
    activities = authorization.restrict(
        Activity.objects.filter(plan=plan, is_active=True).select_related("unit"), user, authorization.VIEW
    )
    return plan_lines(
        plan, activities=list(activities), language=language, prune=not reads_whole_plan(user, plan)
    )


def _language(job) -> str:
    return job.language if job.language in LANGUAGES else "ru"


def _quarter(job) -> int:
    quarter = job.params.get("quarter")
    if quarter not in QUARTERS:
        raise ValidationError(_("The quarter is 1 to 4."))
    return quarter


def plan_filename(plan: OperationalPlan, language: str, extension: str) -> str:
    return f"operational-plan-{plan.body.code}-{plan.year}-{language}.{extension}"


def report_filename(plan: OperationalPlan, quarter: int, language: str, extension: str) -> str:
    return f"operational-plan-report-{plan.body.code}-{plan.year}-q{quarter}-{language}.{extension}"


def _plan_job(job, progress):
    plan = plan_get(job.owner, job.params.get("plan"))
    language = _language(job)
    lines = visible_plan_lines(job.owner, plan, language=language)
    progress(0.1)
    return plan, lines, language


def _report_job(job, progress):
    plan = plan_get(job.owner, job.params.get("plan"))
    quarter = _quarter(job)
    require_report_access(job.owner, plan)
    from .selectors.reports import (
        report_lines,
    )  # the reports part's selector: the consolidated Appendix 2 lines

    language = _language(job)
    lines = report_lines(job.owner, plan, quarter, language=language)
    progress(0.1)
    issued = Report.objects.filter(plan=plan, quarter=quarter).values_list("issued_at", flat=True).first()
    return plan, quarter, lines, language, issued.date() if issued else None


@exporting.register(PLAN_KINDS["xlsx"])
def plan_xlsx(job, progress):
    plan, lines, language = _plan_job(job, progress)
    workbook = appendix1.plan_workbook(
        plan=plan, lines=lines, language=language, progress=lambda f: progress(0.1 + f * 0.8)
    )
    return workbook_bytes(workbook), plan_filename(plan, language, "xlsx")


@exporting.register(PLAN_KINDS["pdf"])
def plan_pdf(job, progress):
    plan, lines, language = _plan_job(job, progress)
    return appendix1.plan_pdf(plan=plan, lines=lines, language=language), plan_filename(plan, language, "pdf")


@exporting.register(REPORT_KINDS["xlsx"])
def report_xlsx(job, progress):
    plan, quarter, lines, language, issued_on = _report_job(job, progress)
    workbook = appendix2.report_workbook(
        plan=plan,
        quarter=quarter,
        lines=lines,
        language=language,
        issued_on=issued_on,
        progress=lambda f: progress(0.1 + f * 0.8),
    )
    return workbook_bytes(workbook), report_filename(plan, quarter, language, "xlsx")


@exporting.register(REPORT_KINDS["pdf"])
def report_pdf(job, progress):
    plan, quarter, lines, language, issued_on = _report_job(job, progress)
    content = appendix2.report_pdf(
        plan=plan, quarter=quarter, lines=lines, language=language, issued_on=issued_on
    )
    return content, report_filename(plan, quarter, language, "pdf")


def export_form(
    *, owner, plan: OperationalPlan, form: str, fmt: str, language: str, quarter: int | None = None
):
    """Queue the file of a form of `plan` for `owner` (the caller has checked they may see it): the plan
    (Appendix 1) or the report of `quarter` (Appendix 2), as XLSX or PDF, in Kazakh or Russian."""
    if fmt not in PLAN_KINDS:
        raise ValidationError({"format": _("Choose XLSX or PDF.")})
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose Kazakh or Russian.")})
    if form == "plan":
        kind, params = PLAN_KINDS[fmt], {"plan": plan.pk}
        title = _("Operational plan %(body)s %(year)s") % {"body": plan.body.code, "year": plan.year}
    elif form == "report":
        if quarter not in QUARTERS:
            raise ValidationError({"quarter": _("The quarter is 1 to 4.")})
        require_report_access(owner, plan)
        kind, params = REPORT_KINDS[fmt], {"plan": plan.pk, "quarter": quarter}
        title = _("Report on the operational plan %(body)s %(year)s, quarter %(quarter)s") % {
            "body": plan.body.code,
            "year": plan.year,
            "quarter": quarter,
        }
    else:
        raise ValidationError({"form": _("Choose the plan or the report.")})
    return exporting.export_start(
        owner=owner, kind=kind, params=params, title=f"{title} ({fmt.upper()}, {language})", language=language
    )
