"""Benchmark of the weekly scrum (issue 6): the project office's agenda over 200 projects, its meeting page and
its protocol.

    DATABASE_URL=postgres://postgres@%2Fwork%2Fmain%2Fvar%2Fpg/pmis REDIS_URL=redis://127.0.0.1:6390/0 \\
    .venv/bin/python bench/scrum_agenda.py [--projects 200] [--runs 20]

In a throwaway database: the tests' scrum cast (tests.factories_scrum) plus `--projects` projects in one more
group of the program, each with an overdue task, a blocked task, a project assignment without an executor and a
risk that occurred (1,010 signals at 200 projects). Measured: the agenda builder's read
(`scrum.selectors.agenda.agenda_signals`), opening the meeting (`meeting_open`: build and store every item), the
meeting page as the head of the project office sees it (Django's test client, the whole request), and the protocol
(PDF and DOCX) of the meeting with its agenda. Medians and p95 in milliseconds, with SQL statements; nothing is
asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.harness import in_throwaway_database, percentile, timed  # noqa: E402  (sets Django up)

TODAY = dt.date(2026, 11, 25)


def report(options) -> None:
    from programs.services import group_create  # noqa: F401  (the services make the paths, as in the tests)
    from scrum.protocols import protocol_docx, protocol_pdf
    from scrum.selectors.agenda import agenda_signals
    from scrum.services.meetings import meeting_open
    from tests.factories import make_group, make_project
    from tests.factories_scrum import make_meeting, make_scrum
    from tests.scrum.test_meet_agenda import _signals_everywhere

    sc = make_scrum()
    group = make_group(direction=sc.direction, name="Большая группа")
    projects = [make_project(group=group, name=f"Проект {n}") for n in range(options.projects)]
    _signals_everywhere([sc.project, sc.project_b, *projects], TODAY)
    meeting = make_meeting(sc.schedules["office"], TODAY)

    rows = []
    with CaptureQueriesContext(connection) as queries:
        signals = agenda_signals(meeting, today=TODAY)
    times = timed(lambda: agenda_signals(meeting, today=TODAY), options.runs)
    rows.append(("agenda builder (read)", times, len(queries), f"{len(signals)} signals"))

    with CaptureQueriesContext(connection) as queries:
        opened = timed_once(lambda: meeting_open(actor=sc.po_head, meeting=meeting, today=TODAY))
    rows.append(
        ("open the meeting (build and store)", [opened], len(queries), f"{meeting.agenda.count()} items")
    )

    client = Client()
    client.force_login(sc.po_head)
    url = f"/scrum/meetings/{meeting.pk}/"
    assert client.get(url).status_code == 200
    # The request reconnects to the database (CONN_MAX_AGE 0), which a capture here would miss: the page's
    # statements are pinned by tests/scrum/test_meet_pages.py instead.
    rows.append(
        ("meeting page", timed(lambda: client.get(url), options.runs), None, "11 statements (pinned)")
    )

    meeting.refresh_from_db()
    pdf = timed(lambda: protocol_pdf(meeting), max(3, options.runs // 4))
    rows.append(("protocol PDF", pdf, None, f"{len(protocol_pdf(meeting)) // 1024} KiB"))
    docx = timed(lambda: protocol_docx(meeting), max(3, options.runs // 4))
    rows.append(("protocol DOCX", docx, None, f"{len(protocol_docx(meeting)) // 1024} KiB"))

    print(f"\n{options.projects + 2} projects in the program, {options.runs} runs\n")
    print("| What | median, ms | p95, ms | SQL statements | size |")
    print("|---|---:|---:|---:|---|")
    for name, values, statements, note in rows:
        print(
            f"| {name} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} | "
            f"{'' if statements is None else statements} | {note} |"
        )


def timed_once(function) -> float:
    import time

    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    in_throwaway_database(report, parser.parse_args())
