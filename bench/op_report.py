"""Benchmark of the quarterly report on an operational plan (issue 7): a plan of 2,000 activities across 40 units.

    DATABASE_URL=postgres://postgres@%2Fwork%2Fmain%2Fvar%2Fpg/pmis REDIS_URL=redis://127.0.0.1:6390/0 \\
    .venv/bin/python bench/op_report.py [--activities 2000] [--units 40] [--runs 10]

In a throwaway database: the tests' operational-plan cast (tests.factories_op) grown by `make_large_plan` to
`--activities` activities over `--units` units, every unit's information on the third quarter submitted and a
recommendation on every tenth activity. Measured: the consolidation of the Appendix 2 lines
(`selectors.reports.report_lines`), the report page as the monitoring unit sees it (Django's test client, the whole
request), the Appendix 2 XLSX and PDF built from the lines, issuing the report (freezing the lines in Kazakh and
Russian), the issued report's lines, and the Appendix 1 XLSX of the plan. Medians and p95 in milliseconds, with SQL
statements; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.harness import in_throwaway_database, percentile, timed  # noqa: E402  (sets Django up)

QUARTER = 3


def _once(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def report(options) -> None:
    from operational_plans.forms.appendix1 import plan_workbook
    from operational_plans.forms.appendix2 import report_pdf, report_workbook
    from operational_plans.layout import plan_lines
    from operational_plans.models import Report
    from operational_plans.selectors.reports import report_lines
    from operational_plans.services.reports import report_issue
    from projects.exports import workbook_bytes
    from tests.factories_op import make_large_plan, make_op

    op = make_op()
    make_large_plan(op, activities=options.activities, units=options.units, quarter=QUARTER)
    plan, user = op.plan, op.mon
    rows = []

    def lines():
        return report_lines(user, plan, QUARTER, language="ru")

    with CaptureQueriesContext(connection) as queries:
        built = lines()
    rows.append(
        (
            "Appendix 2 lines (live consolidation)",
            timed(lines, options.runs),
            len(queries),
            f"{sum(line.is_activity for line in built)} activities",
        )
    )

    client = Client()
    client.force_login(user)
    url = f"/operational-plans/{plan.pk}/reports/{plan.year}/{QUARTER}/"
    page = client.get(url)
    assert page.status_code == 200
    rows.append(
        (
            "report page (whole request)",
            timed(lambda: client.get(url), options.runs),
            None,
            f"{len(page.content) // 1024} KiB, {page.content.count(b'<tr')} table rows; 11 statements (pinned)",
        )
    )

    def xlsx():
        return workbook_bytes(report_workbook(plan=plan, quarter=QUARTER, lines=lines(), language="ru"))

    size = len(xlsx())
    rows.append(
        ("Appendix 2 XLSX (lines + workbook + bytes)", timed(xlsx, options.runs), None, f"{size // 1024} KiB")
    )

    pdf_runs = max(1, options.runs // 5)
    pdf = [
        _once(lambda: report_pdf(plan=plan, quarter=QUARTER, lines=built, language="ru"))
        for _ in range(pdf_runs)
    ]
    rows.append(("Appendix 2 PDF (from the lines)", pdf, None, f"{pdf_runs} runs"))

    report_row = Report.objects.get(plan=plan, quarter=QUARTER)
    with CaptureQueriesContext(connection) as queries:
        issued = _once(lambda: report_issue(actor=user, report=report_row, force=True))
    rows.append(("issue the report (freeze kk + ru)", [issued], len(queries), "once"))

    with CaptureQueriesContext(connection) as queries:
        lines()
    rows.append(("Appendix 2 lines (issued, frozen)", timed(lines, options.runs), len(queries), ""))

    def plan_xlsx():
        return workbook_bytes(plan_workbook(plan=plan, lines=plan_lines(plan, language="kk"), language="kk"))

    rows.append(
        ("Appendix 1 XLSX (kk)", timed(plan_xlsx, options.runs), None, f"{len(plan_xlsx()) // 1024} KiB")
    )

    print(f"\n{options.activities} activities across {options.units} units, {options.runs} runs\n")
    print("| What | median, ms | p95, ms | SQL statements | note |")
    print("|---|---:|---:|---:|---|")
    for name, values, statements, note in rows:
        print(
            f"| {name} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} | "
            f"{'' if statements is None else statements} | {note} |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--runs", type=int, default=10)
    in_throwaway_database(report, parser.parse_args())
