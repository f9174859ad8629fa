"""Benchmark of goal maps at national scale (issue 5): the curator's dashboard, the goal map, live fan-out.

Run it from the repository's root against a running PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@%2Fwork%2Fmain%2Fvar%2Fpg/pmis \\
    REDIS_URL=redis://127.0.0.1:6390/0 \\
    .venv/bin/python bench/goal_map.py [--runs 30] [--clients 50] [--writes 30] [--explain]

It creates a throwaway database (``bench_<name of DATABASE_URL's database>``, migrated from scratch, dropped at
the end) and fills it, with COPY and bulk inserts, at the scale of the issue's "Non-functional": 10 portfolios,
60 programs (every fourth a regional development plan), 180 basic directions, 600 groups of projects, 6,000
projects, 20,000 indicators (8 key national indicators per portfolio, 5 per program, 4 per direction, 5 per
group, 2–3 per project), each decomposed to one indicator of the node above with shares adding up to 95 %,
200,000 actual values (annual indicators: 2016–2025; quarterly ones: 2024–2025 by year and by quarter) with the
plans of the same periods and annual plans to 2030 (300,000 plans), and the role of every node held by its own
person (curator, program manager, head of basic direction, head of projects group, project manager). Portfolio
no. 1 is the largest: 17 of the 60 programs and about 28 % of everything below them.

Then, signed in as an Office employee through Django's test client (the whole request: middleware, session,
authorization), for the largest portfolio, in the period the pages open on (the latest year with facts):

- the curator's dashboard API ``GET /api/v1/kpi/dashboards/<id>/`` and page ``/kpi/dashboards/<id>/``, the goal
  map API ``GET /api/v1/kpi/goal-maps/<id>/``: median, p95, SQL statements (a missing endpoint is reported);
- the scores query alone (``kpi_maps.selectors.scores.scores``) and the rule-set lookup;
- live fan-out: the real ASGI application (uvicorn in a thread, the Redis channel layer), `--clients` websocket
  clients on ``/ws/kpi/dashboards/<id>/`` with the Office employee's session; `--writes` times a fact is recorded
  through ``kpi_maps.services.values.value_record`` in a transaction whose first on-commit hook notes the commit
  time; the delay from commit to the first message at each client, p50 / p95 over all deliveries, and the worst
  client. Clients, server and writer share this one process (and its GIL): a pessimistic set-up.

`--explain` prints ``EXPLAIN (ANALYZE, BUFFERS)`` of the scores query. It prints a Markdown table for
``docs/benchmarks.md``; nothing is asserted (the targets are in that file).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import platform
import random
import resource
import statistics
import sys
import threading
import time
from decimal import Decimal

# isort: off
from harness import in_throwaway_database, percentile, timed  # sets Django up: before any Django import
# isort: on

from django.db import connection, transaction
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
)

from pmis.core.threaded_server import serve_in_thread

PORTFOLIOS = 10
#: Programs per portfolio: the first is the largest (17 of 60, about 28 %).
PROGRAMS = [17, 5, 5, 5, 5, 5, 5, 5, 4, 4]
DIRECTIONS_PER_PROGRAM = 3
GROUPS = 600
PROJECTS_PER_GROUP = 10
#: Indicators per node of each kind; a project has 3 when its number modulo 20 is below 13, else 2.
PER_NODE = {"portfolio": 8, "program": 5, "direction": 4, "group": 5}
FIRST_YEAR, LAST_FACT_YEAR, FINAL_YEAR, BASE_YEAR = 2016, 2025, 2030, 2015
KNI_NAMES = [
    ("Доля цифровых государственных услуг", "Цифрлық мемлекеттік қызметтердің үлесі", "%", "higher"),
    ("Ожидаемая продолжительность жизни", "Күтілетін өмір сүру ұзақтығы", "лет", "higher"),
    ("Уровень безработицы", "Жұмыссыздық деңгейі", "%", "lower"),
    ("Инфляция", "Инфляция", "%", "range"),
    ("Рост реального ВВП", "Нақты ЖІӨ өсімі", "%", "higher"),
    ("Доля обрабатывающей промышленности в ВВП", "ЖІӨ-дегі өңдеу өнеркәсібінің үлесі", "%", "higher"),
    ("Уровень бедности", "Кедейлік деңгейі", "%", "lower"),
    ("Индекс качества образования", "Білім сапасының индексі", "балл", "higher"),
]


def _text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY `rows` (tuples in the order of `columns`) into the model's table; the number of rows."""
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_text(value) for value in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", buffer, size=1 << 20
        )
    return count


def reserve_ids(model, count: int) -> list[int]:
    """`count` ids from the model's sequence, so that paths and links can be written before the insert."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


class Scale:
    """What the generator made: the nodes by kind (id, path, parent id), the people, the indicators."""

    def __init__(self) -> None:
        self.nodes: dict[str, list[tuple[int, str, int | None]]] = {}
        self.indicators: dict[tuple[str, int], list[int]] = {}
        self.counts: dict[str, int] = {}


def build_nodes(scale: Scale, bodies) -> None:
    """Portfolios → programs → directions → groups → projects, bulk-inserted with their codes and paths."""
    import datetime as dt

    from org.choices import Region
    from pmis.core.choices import Stage
    from portfolios.models import Portfolio
    from programs.choices import ProgramKind
    from programs.models import BasicDirection, Program, ProjectGroup
    from projects.models import Project

    rng = random.Random(5)
    regions = list(Region.values)
    start, end = dt.date(2023, 1, 1), dt.date(2030, 12, 31)

    def common(model, pk, parent_path, number, name):
        return {
            "pk": pk,
            "code": f"{model.CODE_PREFIX}-2026-{pk:05d}",
            "path": f"{parent_path}{model.KIND}:{pk}/",
            "name_ru": f"{name} {number}",
            "name_kk": f"{name} {number} (kk)",
            "name_en": f"{model.KIND.title()} {number}",
            "goal": f"Цель: {name.lower()} {number}",
            "owner_body": bodies[number % len(bodies)],
            "planned_start": start,
            "planned_end": end if model is Portfolio else dt.date(2029, 12, 31),
            "actual_start": start,
            "budget": Decimal(rng.randint(100, 50_000)) * 1_000_000,
            "stage": rng.choice(
                [Stage.PLANNING, Stage.IMPLEMENTATION, Stage.IMPLEMENTATION, Stage.MONITORING]
            ),
        }

    portfolios = [
        Portfolio(**common(Portfolio, pk, "", n + 1, "Портфель национального приоритета"))
        for n, pk in enumerate(reserve_ids(Portfolio, PORTFOLIOS))
    ]
    Portfolio.objects.bulk_create(portfolios)
    programs = []
    program_ids = iter(reserve_ids(Program, sum(PROGRAMS)))
    for portfolio, count in zip(portfolios, PROGRAMS, strict=True):
        for _ in range(count):
            n = len(programs) + 1
            regional = n % 4 == 0
            programs.append(
                Program(
                    portfolio=portfolio,
                    kind=ProgramKind.REGIONAL_PLAN if regional else ProgramKind.NATIONAL_PROJECT,
                    region=regions[(n // 4) % len(regions)] if regional else "",
                    **common(Program, next(program_ids), portfolio.path, n, "Национальный проект"),
                )
            )
    Program.objects.bulk_create(programs)
    direction_ids = iter(reserve_ids(BasicDirection, len(programs) * DIRECTIONS_PER_PROGRAM))
    directions = [
        BasicDirection(
            program=program,
            **common(BasicDirection, next(direction_ids), program.path, n * 10 + k, "Базовое направление"),
        )
        for n, program in enumerate(programs)
        for k in range(DIRECTIONS_PER_PROGRAM)
    ]
    BasicDirection.objects.bulk_create(directions)
    # 600 groups over 180 directions: every third direction has 4, the others 3.
    extra = GROUPS - 3 * len(directions)
    step = len(directions) // extra
    group_ids = iter(reserve_ids(ProjectGroup, GROUPS))
    groups = [
        ProjectGroup(
            direction=direction,
            **common(ProjectGroup, next(group_ids), direction.path, n * 10 + k, "Группа проектов"),
        )
        for n, direction in enumerate(directions)
        for k in range(4 if n % step == 0 and n // step < extra else 3)
    ]
    ProjectGroup.objects.bulk_create(groups, batch_size=1000)
    project_ids = iter(reserve_ids(Project, len(groups) * PROJECTS_PER_GROUP))
    projects = [
        Project(group=group, **common(Project, next(project_ids), group.path, n * 100 + k, "Проект"))
        for n, group in enumerate(groups)
        for k in range(PROJECTS_PER_GROUP)
    ]
    Project.objects.bulk_create(projects, batch_size=2000)
    scale.nodes = {
        "portfolio": [(p.pk, p.path, None) for p in portfolios],
        "program": [(p.pk, p.path, p.portfolio_id) for p in programs],
        "direction": [(d.pk, d.path, d.program_id) for d in directions],
        "group": [(g.pk, g.path, g.direction_id) for g in groups],
        "project": [(p.pk, p.path, p.group_id) for p in projects],
    }
    for kind, rows in scale.nodes.items():
        scale.counts[kind] = len(rows)


def build_people(scale: Scale) -> None:
    """One person per node holding the node's responsible role (kpi_maps.choices.RESPONSIBILITY)."""
    import datetime as dt

    from kpi_maps.choices import RESPONSIBILITY
    from org.choices import BasisKind, Employment
    from org.models import Person, Role, RoleAssignment
    from pmis.core import grants

    roles = {
        role.code: role for role in Role.objects.filter(code__in=[r for _l, r in RESPONSIBILITY.values()])
    }
    last_names = ["Ахметов", "Сапарова", "Омаров", "Абенов", "Жанибеков", "Касымова", "Нургалиев", "Сейтова"]
    first_names = ["Бауыржан", "Гульнар", "Нурлан", "Серик", "Ерлан", "Алия", "Марат", "Дана"]
    people, assignments = [], []
    for kind, rows in scale.nodes.items():
        for n, (pk, path, _parent) in enumerate(rows):
            person = Person(
                username=f"{kind}_{pk}",
                password="!",
                last_name=last_names[n % len(last_names)],
                first_name=first_names[(n // 8) % len(first_names)],
                patronymic="Болатович",
            )
            people.append(person)
            assignments.append(
                RoleAssignment(
                    person=person,
                    role=roles[RESPONSIBILITY[kind][1]],
                    scope_kind=kind,
                    scope_path=path,
                    starts_on=dt.date(2023, 1, 1),
                    basis_kind=BasisKind.ORDER,
                    employment=Employment.COMBINED,
                    **{f"{kind}_id": pk},
                )
            )
    Person.objects.bulk_create(people, batch_size=2000)
    RoleAssignment.objects.bulk_create(assignments, batch_size=2000)
    grants.changed()
    scale.counts["people"] = len(people)


def _trajectory(rng: random.Random, direction: str) -> tuple[float, float]:
    """Base value and final plan of one indicator."""
    if direction == "lower":
        base = rng.uniform(5, 40)
        return base, base * rng.uniform(0.4, 0.8)
    base = rng.uniform(20, 80)
    return base, base * rng.uniform(1.2, 1.8)


def build_indicators(scale: Scale, office) -> None:
    """Indicators on every node, each linked to one of its parent node's, with their plans and facts."""
    from kpi_maps.models import Contribution, Indicator, Target, Value

    rng = random.Random(11)
    now = "2026-01-15 09:00:00+05"
    per_node = []  # (kind, node id, path, parent node key, count)
    parent_kind = {"program": "portfolio", "direction": "program", "group": "direction", "project": "group"}
    for kind, rows in scale.nodes.items():
        for n, (pk, path, parent) in enumerate(rows):
            count = PER_NODE.get(kind) or (3 if n % 20 < 13 else 2)
            per_node.append((kind, pk, path, (parent_kind[kind], parent) if parent else None, count))
    ids = iter(reserve_ids(Indicator, sum(item[4] for item in per_node)))
    indicators, links, targets, values = [], [], [], []
    meta = {}  # id → (direction, periodicity, base, final)
    for kind, pk, path, parent_key, count in per_node:
        own = scale.indicators.setdefault((kind, pk), [])
        for k in range(count):
            iid = next(ids)
            own.append(iid)
            if kind == "portfolio":
                name_ru, name_kk, unit, direction = KNI_NAMES[k % len(KNI_NAMES)]
                code, ind_kind = f"KNI-{pk}.{k + 1}", "kni"
            else:
                direction = rng.choices(["higher", "lower", "range"], [75, 20, 5])[0]
                name_ru, name_kk, unit = f"Показатель {iid}", f"{iid} көрсеткіші", "%"
                code, ind_kind = f"IND-{iid}", "result" if kind == "project" else "target"
            # Key national indicators are annual; a fifth of the others are quarterly.
            periodicity = "quarterly" if kind != "portfolio" and rng.random() < 0.2 else "annual"
            base, final = _trajectory(rng, direction)
            meta[iid] = (direction, periodicity, base, final)
            indicators.append(
                (iid, name_ru, name_kk, name_ru, code, unit, unit, unit, ind_kind, direction, "official", "БНС АСПиР",
                 periodicity, "Методика расчёта", f"{base:.4f}", BASE_YEAR, kind, pk, path, True, 1, office.pk,
                 now, now)
            )  # fmt: skip
        if parent_key is not None:
            parents = scale.indicators[parent_key]
            for k, iid in enumerate(own):
                links.append((parents[(pk + k) % len(parents)], iid))
    # Shares: the children of a parent share 95 % between them, unevenly.
    children: dict[int, list[int]] = {}
    for parent, child in links:
        children.setdefault(parent, []).append(child)
    contribution_rows = []
    for parent, kids in children.items():
        weights = [rng.uniform(0.5, 1.5) for _ in kids]
        total = sum(weights)
        for child, weight in zip(kids, weights, strict=True):
            share = max(
                Decimal("0.01"), (Decimal(95 * weight / total)).quantize(Decimal("0.01"), "ROUND_DOWN")
            )
            contribution_rows.append((parent, child, share, "", office.pk, now))
    for iid, (direction, periodicity, base, final) in meta.items():
        periods = []
        if periodicity == "annual":
            periods = [(year, 0) for year in range(FIRST_YEAR, LAST_FACT_YEAR + 1)]
        else:
            periods = [(2024, 0), (2025, 0)] + [(year, q) for year in (2024, 2025) for q in (1, 2, 3, 4)]
        mood = rng.choices([1.02, 0.97, 0.88, 0.7], [40, 25, 20, 15])[0]  # green, green/amber, amber, red
        for year, quarter in periods:
            t = year - 1 + quarter / 4 if quarter else year
            planned = base + (final - base) * (t - BASE_YEAR) / (FINAL_YEAR - BASE_YEAR)
            if direction == "lower":
                actual = planned / (mood * rng.uniform(0.97, 1.03))
            else:
                actual = planned * mood * rng.uniform(0.97, 1.03)
            high = f"{planned * 1.1:.4f}" if direction == "range" else None
            targets.append(
                (iid, year, quarter, f"{planned:.4f}", high, f"{planned:.4f}", high, "", 1, None, now)
            )
            values.append((iid, year, quarter, f"{actual:.4f}", "БНС АСПиР", "", office.pk, now, 1))
        for year in range(LAST_FACT_YEAR + 1, FINAL_YEAR + 1):
            planned = base + (final - base) * (year - BASE_YEAR) / (FINAL_YEAR - BASE_YEAR)
            high = f"{planned * 1.1:.4f}" if direction == "range" else None
            targets.append((iid, year, 0, f"{planned:.4f}", high, f"{planned:.4f}", high, "", 1, None, now))
    scale.counts["indicators"] = copy_rows(
        Indicator,
        ["id", "name_ru", "name_kk", "name_en", "code", "unit_ru", "unit_kk", "unit_en", "kind", "direction",
         "source_type", "source_name", "periodicity", "methodology", "base_value", "base_year", "node_kind",
         "node_id", "node_path", "is_active", "version", "created_by_id", "created_at", "updated_at"],
        indicators,
    )  # fmt: skip
    scale.counts["contributions"] = copy_rows(
        Contribution,
        ["parent_id", "child_id", "share", "note", "created_by_id", "created_at"],
        contribution_rows,
    )
    scale.counts["plans"] = copy_rows(
        Target,
        ["indicator_id", "year", "quarter", "value", "value_high", "approved_value", "approved_value_high",
         "basis", "version", "updated_by_id", "updated_at"],
        targets,
    )  # fmt: skip
    scale.counts["values"] = copy_rows(
        Value,
        [
            "indicator_id",
            "year",
            "quarter",
            "value",
            "source",
            "evidence",
            "entered_by_id",
            "entered_at",
            "version",
        ],
        values,
    )
    with connection.cursor() as cursor:
        for model in (Indicator, Contribution, Target, Value):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def build() -> tuple[Scale, object]:
    from org.models import StateBody
    from tests.factories import PersonFactory, StateBodyFactory, grant_hierarchy_editing

    scale = Scale()
    start = time.perf_counter()
    bodies = [StateBodyFactory() for _ in range(20)]
    office = grant_hierarchy_editing(
        PersonFactory(username="bench_office", last_name="Омарова", first_name="Айгерим")
    )
    with transaction.atomic():
        build_nodes(scale, bodies)
        build_people(scale)
        build_indicators(scale, office)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    scale.counts["bodies"] = StateBody.objects.count()
    scale.counts["seconds"] = round(time.perf_counter() - start, 1)
    return scale, office


def measure_get(client: Client, url: str, runs: int, diagnose: bool = False):
    """(times, statements, status) of a GET, or (None, None, status) when it does not answer 200.

    With `diagnose`, prints where one request spends its time: its slowest statements, the SQL total against the
    whole request, and a profile of the Python side.
    """
    response = client.get(url)
    if response.status_code != 200:
        return None, None, response.status_code
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        client.get(url)
        total = (time.perf_counter() - start) * 1000
    captured = list(queries)  # before the next request resets the query log
    if diagnose:
        _diagnose(client, url, captured, total)
    return timed(lambda: client.get(url), runs), len(captured), 200


def _diagnose(client: Client, url: str, captured: list[dict], total: float) -> None:
    import cProfile
    import pstats

    sql = sum(float(query["time"]) for query in captured) * 1000
    print(f"\n### {url}: {total:.0f} ms, of which SQL {sql:.0f} ms in {len(captured)} statements")
    for query in sorted(captured, key=lambda q: -float(q["time"]))[:6]:
        print(f"- {float(query['time']) * 1000:.0f} ms: {' '.join(query['sql'].split())[:160]}")
    profile = cProfile.Profile()
    profile.enable()
    client.get(url)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(12)
    print("```\n" + "\n".join(out.getvalue().splitlines()[6:24]) + "\n```")


def explain(root_path: str, year: int, quarter: int, rules) -> str:
    from kpi_maps.selectors import scores as module

    params = {**module.score_params(root_path, year, quarter, rules), "ids": None}
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + module._SQL, params)
        return "\n".join(row[0] for row in cursor.fetchall())


# --- live fan-out --------------------------------------------------------------------------------------------


class Listeners:
    """`count` websocket clients in their own event loop thread; each notes the arrival time of every message."""

    def __init__(self, url: str, cookie: str, origin: str, count: int) -> None:
        self.url, self.cookie, self.origin, self.count = url, cookie, origin, count
        self.arrivals: list[list[float]] = [[] for _ in range(count)]
        self.lock = threading.Lock()
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.loop = asyncio.new_event_loop()
        self.stop_event: asyncio.Event | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        if not self.ready.wait(60):
            raise RuntimeError("the websocket clients did not connect")
        if self.error:
            raise self.error

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._main())

    async def _main(self) -> None:
        from websockets.asyncio.client import connect

        self.stop_event = asyncio.Event()
        headers = {"Cookie": self.cookie, "Origin": self.origin}
        try:
            sockets = [await connect(self.url, additional_headers=headers) for _ in range(self.count)]
        except BaseException as error:  # reported by start()
            self.error = error
            self.ready.set()
            return
        tasks = [asyncio.create_task(self._listen(n, ws)) for n, ws in enumerate(sockets)]
        await asyncio.sleep(0.5)  # let every consumer join its group
        self.ready.set()
        await self.stop_event.wait()
        for task in tasks:
            task.cancel()
        for ws in sockets:
            await ws.close()

    async def _listen(self, number: int, ws) -> None:
        async for _message in ws:
            arrived = time.perf_counter()
            with self.lock:
                self.arrivals[number].append(arrived)

    def received(self) -> list[int]:
        with self.lock:
            return [len(items) for items in self.arrivals]

    def stop(self) -> None:
        if self.stop_event is not None:
            self.loop.call_soon_threadsafe(self.stop_event.set)
        self.thread.join(10)


def live_fan_out(options, scale: Scale, office, client: Client, portfolio_id: int) -> dict:
    """Commit → arrival at each client of `options.writes` recorded facts; the figures, or why there are none."""
    try:
        from kpi_maps.services.values import value_record
    except ImportError:
        return {"missing": "kpi_maps.services.values.value_record (helper A) does not exist"}
    try:
        from kpi_maps import live  # noqa: F401
    except ImportError:
        return {"missing": "kpi_maps.live (helper C) does not exist"}
    from kpi_maps.models import Indicator, Value

    server, thread, port = serve_in_thread()
    listeners = None
    try:
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        listeners = Listeners(
            f"ws://127.0.0.1:{port}/ws/kpi/dashboards/{portfolio_id}/",
            cookie,
            f"http://127.0.0.1:{port}",
            options.clients,
        )
        try:
            listeners.start()
        except Exception as error:
            return {"missing": f"websocket {error!r}"}
        kni_ids = scale.indicators[("portfolio", portfolio_id)]
        indicators = list(Indicator.objects.filter(pk__in=kni_ids).order_by("pk"))
        delays: list[float] = []
        per_client: list[list[float]] = [[] for _ in range(options.clients)]
        lost = 0
        rng = random.Random(3)
        for n in range(options.writes):
            indicator = indicators[n % len(indicators)]
            existing = Value.objects.filter(indicator=indicator, year=LAST_FACT_YEAR, quarter=0).first()
            before = listeners.received()
            committed: list[float] = []
            with transaction.atomic():
                transaction.on_commit(lambda noted=committed: noted.append(time.perf_counter()))
                value_record(
                    **_value_args(
                        value_record, office, indicator, existing, Decimal(f"{rng.uniform(30, 90):.2f}")
                    )
                )
            deadline = time.perf_counter() + 3
            while time.perf_counter() < deadline:
                if all(now > then for now, then in zip(listeners.received(), before, strict=True)):
                    break
                time.sleep(0.002)
            time.sleep(0.05)  # trailing messages of this write stay out of the next one's count
            with listeners.lock:
                for number, items in enumerate(listeners.arrivals):
                    if len(items) > before[number]:
                        delay = (items[before[number]] - committed[0]) * 1000
                        delays.append(delay)
                        per_client[number].append(delay)
                    else:
                        lost += 1
        if not delays:
            return {"missing": "no message reached the clients"}
        worst = max(range(options.clients), key=lambda n: statistics.median(per_client[n] or [0]))
        return {
            "p50": statistics.median(delays),
            "p95": percentile(delays, 0.95),
            "max": max(delays),
            "deliveries": len(delays),
            "lost": lost,
            "worst_client": (statistics.median(per_client[worst]), percentile(per_client[worst], 0.95)),
        }
    finally:
        if listeners is not None:
            listeners.stop()
        server.should_exit = True
        thread.join(10)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def _value_args(service, actor, indicator, existing, figure) -> dict:
    """The keyword arguments of helper A's `value_record` for a new fact or a correction of `existing`."""
    import inspect

    accepted = inspect.signature(service).parameters
    candidates = {
        "actor": actor,
        "indicator": indicator,
        "year": LAST_FACT_YEAR,
        "quarter": 0,
        "value": figure,
        "source": "БНС АСПиР",
        "reason": "Уточнение данных",
        "version": existing.version if existing else None,
        "expected_version": existing.version if existing else None,
    }
    return {name: value for name, value in candidates.items() if name in accepted}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--writes", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the scores query")
    parser.add_argument(
        "--diagnose", action="store_true", help="slowest statements and a profile per endpoint"
    )
    parser.add_argument(
        "--layer",
        choices=["core", "pubsub"],
        default="core",
        help="the channel layer of the run: the settings' RedisChannelLayer (core) or RedisPubSubChannelLayer",
    )
    options = parser.parse_args()
    if options.layer == "pubsub":
        from django.conf import settings

        settings.CHANNEL_LAYERS["default"]["BACKEND"] = "channels_redis.pubsub.RedisPubSubChannelLayer"

    in_throwaway_database(report, options)


def _figure(times, count, status) -> tuple[str, str]:
    if times is None:
        return f"missing (HTTP {status})", "—"
    return f"{statistics.median(times):.1f} / {percentile(times, 0.95):.1f} ms", str(count)


def report(options) -> None:
    from kpi_maps.selectors.scores import default_period, rules_for, scores

    print("generating …", file=sys.stderr)
    scale, office = build()
    print(f"generated in {scale.counts['seconds']} s: {scale.counts}", file=sys.stderr)
    largest_id, largest_path, _ = scale.nodes["portfolio"][0]
    largest_share = sum(1 for _pk, path, _p in scale.nodes["project"] if path.startswith(largest_path)) / len(
        scale.nodes["project"]
    )

    client = Client(raise_request_exception=False)  # a page still being written reports its status
    client.force_login(office)
    year, quarter = default_period(largest_path)
    rules, _rule_set = rules_for(largest_id)
    in_largest = len(scores(largest_path, year, quarter, rules))
    raw = timed(lambda: scores(largest_path, year, quarter, rules), options.runs)
    rule_lookup = timed(lambda: rules_for(largest_id), options.runs)

    measured = {
        "dashboard API": measure_get(
            client, f"/api/v1/kpi/dashboards/{largest_id}/", options.runs, options.diagnose
        ),
        "dashboard page": measure_get(
            client, f"/kpi/dashboards/{largest_id}/", options.runs, options.diagnose
        ),
        "goal-map API": measure_get(
            client, f"/api/v1/kpi/goal-maps/{largest_id}/", options.runs, options.diagnose
        ),
    }
    print("live fan-out …", file=sys.stderr)
    live = live_fan_out(options, scale, office, client, largest_id)

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("generation (COPY / bulk inserts, one transaction)", f"{scale.counts['seconds']} s"),
        (
            "largest portfolio: indicators / share of the projects",
            f"{in_largest} / {largest_share:.0%} (period {year}{f' Q{quarter}' if quarter else ''})",
        ),
    ]
    for name, url in [
        ("dashboard API `GET /api/v1/kpi/dashboards/{id}/`", "dashboard API"),
        ("dashboard page `/kpi/dashboards/{id}/`", "dashboard page"),
        ("goal-map API `GET /api/v1/kpi/goal-maps/{id}/`", "goal-map API"),
    ]:
        figure, count = _figure(*measured[url])
        rows.append((f"{name}, median / p95", figure))
        rows.append((f"{name}, SQL statements", count))
    rows.append(
        (
            "scores query alone (`scores()`), median / p95",
            f"{statistics.median(raw):.1f} / {percentile(raw, 0.95):.1f} ms",
        )
    )
    rows.append(("rule set lookup (`rules_for()`), median", f"{statistics.median(rule_lookup):.1f} ms"))
    if "missing" in live:
        rows.append(("live fan-out", f"not measured: {live['missing']}"))
    else:
        rows.append(
            (
                f"live ({options.layer} layer): commit → arrival, {options.clients} clients × {options.writes} writes,"
                " p50 / p95 / max",
                f"{live['p50']:.1f} / {live['p95']:.1f} / {live['max']:.1f} ms",
            )
        )
        rows.append(("live: deliveries / lost", f"{live['deliveries']} / {live['lost']}"))
        rows.append(
            (
                "live: the worst client, median / p95",
                f"{live['worst_client'][0]:.1f} / {live['worst_client'][1]:.1f} ms",
            )
        )
    rows.append(("process max RSS", f"{rss_mb:.0f} MB"))

    if options.explain:
        print(explain(largest_path, year, quarter, rules))
    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nload average at the end of the run: {load_average}")
    counts = ", ".join(f"{key} {value:,}" for key, value in scale.counts.items() if key != "seconds")
    print(
        f"\n{counts}; {options.runs} runs each; {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}, PostgreSQL {connection.pg_version // 10000}\n"
    )
    print("| measure | value |")
    print("| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
