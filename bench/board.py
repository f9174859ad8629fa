"""Benchmark of the kanban board with 2,000 tasks (issue 4): board load, a move, and their SQL.

Run it from the repository's root against a running PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@%2Fwork%2Fmain%2Fvar%2Fpg/pmis \\
    REDIS_URL=redis://127.0.0.1:6390/0 \\
    .venv/bin/python bench/board.py [--tasks 2000] [--runs 30]

It creates a throwaway database (``bench_<name of DATABASE_URL's database>``, migrated from scratch, dropped
at the end), a project with its team and `--tasks` cards spread over the five default columns (labels,
assignees, checklists, estimates, some dependencies; bulk-inserted), then measures, signed in as the project
manager through Django's test client (the whole request: middleware, session, authorization):

- the board API ``GET /api/v1/projects/<id>/board/``: median and p95 over `--runs` loads, SQL statements;
- the plain psycopg2 fetch of the same rows (the card columns of the project's tasks, ``fetchall``), and the
  ratio load / fetch;
- JSON bytes per card;
- a move: the service ``task_move`` and the API ``POST /api/v1/tasks/<id>/move/`` (median, p95, statements);
- the board page ``/projects/<id>/board/`` (which embeds the same JSON);
- the process's peak RSS (``resource.getrusage``).

It prints a Markdown table for ``docs/benchmarks.md``; nothing is asserted (the targets are in that file).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import time

# isort: off
from harness import in_throwaway_database, percentile, timed  # sets Django up: before any Django import
# isort: on

from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
)
from django.urls import NoReverseMatch, reverse

LABELS = ["НПА", "закуп", "ИТ", "финансы", "срочно", "риски", "отчёт", "регионы"]
TITLES = [
    "Подготовить проект приказа о создании рабочей группы",
    "Согласовать техническую спецификацию с юридическим департаментом",
    "Провести конкурс по закупу серверного оборудования",
    "Внести изменения в бюджетную заявку на 2027 год",
    "Свод информации от акиматов областей за квартал",
    "Разработать дорожную карту интеграции с egov.kz",
]


def build(tasks: int):
    """A project with its cast and `tasks` cards, bulk-inserted with positions 1024 apart in each column."""
    from projects.models import BoardColumn, Task
    from tests.factories import PersonFactory, assign, make_workspace

    ws = make_workspace()
    team = [ws.pm, ws.member]
    for n in range(8):
        person = PersonFactory(username=f"bench{n}", last_name=f"Исполнитель{n}", first_name="Айдос")
        assign(person, "team_member", ws.project)
        team.append(person)
    columns = list(BoardColumn.objects.filter(project=ws.project).order_by("position"))
    BoardColumn.objects.filter(project=ws.project).update(wip_limit=None)
    rng = random.Random(42)
    rows = []
    for n in range(tasks):
        column = columns[n % len(columns)]
        rows.append(
            Task(
                project=ws.project,
                number=n + 1,
                column=column,
                position=(n // len(columns) + 1) * 1024,
                title=f"{rng.choice(TITLES)} ({n + 1})",
                description="Описание задачи " * 10,
                assignee=rng.choice([*team, None]),
                priority=rng.choice(["low", "normal", "normal", "high", "critical"]),
                labels=rng.sample(LABELS, rng.randint(0, 3)),
                checklist=[
                    {"text": f"Шаг {k}", "done": rng.random() < 0.5} for k in range(rng.randint(0, 4))
                ],
                estimate_hours=rng.choice([None, 2, 4, 8, 16]),
                blocked=n % 25 == 0,
                blocked_reason="Ждём заключение" if n % 25 == 0 else "",
                created_by=ws.pm,
            )
        )
    created = Task.objects.bulk_create(rows, batch_size=500)
    links = Task.blocked_by.through
    links.objects.bulk_create(
        links(from_task_id=created[n].pk, to_task_id=created[n - 7].pk) for n in range(7, tasks, 10)
    )
    return ws, columns, created


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()

    in_throwaway_database(report, options)


def report(options) -> None:
    import psycopg2

    from projects.models import Task
    from projects.services.tasks import task_move

    ws, columns, tasks = build(options.tasks)
    client = Client()
    client.force_login(ws.pm)
    board_url = f"/api/v1/projects/{ws.project.pk}/board/"

    body = client.get(board_url).content
    with CaptureQueriesContext(connection) as board_queries:
        client.get(board_url)
    load = timed(lambda: client.get(board_url), options.runs)

    cards = json.loads(body)["cards"]
    card_bytes = sum(len(json.dumps(c, ensure_ascii=False, separators=(",", ":")).encode()) for c in cards)

    raw = psycopg2.connect(**connection.get_connection_params())
    sql = (
        "SELECT id, number, title, column_id, position, assignee_id, due_on, starts_on, priority, labels, blocked,"
        " estimate_hours, checklist, sprint_id, version FROM projects_task WHERE project_id = %s"
        " ORDER BY column_id, position"
    )

    def fetch():
        with raw.cursor() as cursor:
            cursor.execute(sql, [ws.project.pk])
            cursor.fetchall()

    plain = timed(fetch, options.runs)
    raw.close()

    rng = random.Random(7)
    ids = [task.pk for task in tasks]

    def move_args():
        task = Task.objects.get(pk=rng.choice(ids))
        target = rng.choice(columns)
        neighbours = list(
            Task.objects.filter(column=target).exclude(pk=task.pk).values_list("pk", flat=True)[:200]
        )
        before = rng.choice([*neighbours, None]) if neighbours else None
        return task, target, before

    # How much of a move is the on-commit publishing of its event to Redis (pmis.core.events).
    from pmis.core import events

    publishing: list[float] = []
    send = events._send

    def timed_send(groups, message):
        start = time.perf_counter()
        send(groups, message)
        publishing.append((time.perf_counter() - start) * 1000)

    events._send = timed_send

    service_times, service_counts, service_publish = [], [], []
    for _ in range(options.runs + 2):
        task, target, before = move_args()
        publishing.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            task_move(actor=ws.pm, task=task, column=target, before=before, version=task.version)
            elapsed = (time.perf_counter() - start) * 1000
        service_times.append(elapsed)
        service_counts.append(len(queries))
        service_publish.append(sum(publishing))
    service_times, service_counts, service_publish = (
        service_times[2:],
        service_counts[2:],
        service_publish[2:],
    )
    without_publish = [total - sent for total, sent in zip(service_times, service_publish, strict=True)]

    api_times, api_counts = [], []
    for _ in range(options.runs + 2):
        task, target, before = move_args()
        payload = {"column": target.pk, "before": before, "version": task.version}
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post(f"/api/v1/tasks/{task.pk}/move/", payload, content_type="application/json")
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.content
        api_times.append(elapsed)
        api_counts.append(len(queries))
    api_times, api_counts = api_times[2:], api_counts[2:]

    try:
        page_url = reverse("project-board", args=[ws.project.pk])
        page = timed(lambda: client.get(page_url), options.runs)
        with CaptureQueriesContext(connection) as page_queries:
            page_status = client.get(page_url).status_code
    except NoReverseMatch:
        page, page_queries, page_status = None, None, None

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(cards)
    rows = [
        ("board API load, median / p95", f"{statistics.median(load):.1f} / {percentile(load, 0.95):.1f} ms"),
        ("board API SQL statements (whole request)", str(len(board_queries))),
        ("plain psycopg2 fetch of the rows, median", f"{statistics.median(plain):.1f} ms"),
        (
            "ratio board load / plain fetch (medians)",
            f"{statistics.median(load) / statistics.median(plain):.2f}",
        ),
        ("board JSON, total / per card", f"{len(body) / 1024:.0f} KiB / {card_bytes / n:.0f} bytes"),
        (
            "move (service `task_move`), median / p95",
            f"{statistics.median(service_times):.1f} / {percentile(service_times, 0.95):.1f} ms",
        ),
        (
            "move (service), of which publishing the event, median",
            f"{statistics.median(service_publish):.1f} ms",
        ),
        (
            "move (service) without the publishing, median / p95",
            f"{statistics.median(without_publish):.1f} / {percentile(without_publish, 0.95):.1f} ms",
        ),
        ("move (service) SQL statements, max", f"{max(service_counts)} (incl. the history row)"),
        (
            "move (API `POST /tasks/{id}/move/`), median / p95",
            f"{statistics.median(api_times):.1f} / {percentile(api_times, 0.95):.1f} ms",
        ),
        ("move (API) SQL statements, max", f"{max(api_counts)} (incl. session and authorization)"),
    ]
    if page is not None:
        rows.append(
            ("board page, median / p95", f"{statistics.median(page):.1f} / {percentile(page, 0.95):.1f} ms")
        )
        rows.append(("board page SQL statements (status)", f"{len(page_queries)} ({page_status})"))
    rows.append(("process max RSS", f"{rss_mb:.0f} MB"))

    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nload average at the end of the run: {load_average}")
    print(
        f"\n{n} cards, {options.runs} runs each; {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}, PostgreSQL {connection.pg_version // 10000}\n"
    )
    print("| measure | value |")
    print("| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
