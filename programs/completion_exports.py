"""The completion report's PDF (Rules p.63), made in the background: kind ``program.completion.pdf``, params
``{"program": id}``. The maker reads as the job's owner: the program must be readable as a whole (else 404)."""

from __future__ import annotations

from django.utils import timezone

from pmis.core import exporting
from pmis.core.pdf import render_pdf

from .choices import ReportStatus
from .completion_selectors import completion_report_of, present_figures, program_for_performance
from .completion_services import completion_snapshot

KIND = "program.completion.pdf"


@exporting.register(KIND)
def make_completion_pdf(job, progress) -> tuple[bytes, str]:
    program = program_for_performance(job.owner, job.params.get("program"))
    report = completion_report_of(program)
    issued = report.status == ReportStatus.ISSUED
    progress(0.3)
    content = render_pdf(
        "programs/completion_pdf.html",
        {
            "program": program,
            "report": report,
            "issued": issued,
            "figures": present_figures(report.snapshot if issued else completion_snapshot(program)),
            "incentives": list(report.incentives.all()) if report.pk else [],
            "made_on": timezone.localdate(),
        },
    )
    progress(1.0)
    return content, f"completion-report-{program.code}.pdf"
