"""The demo's goal maps (Rules p.17, Appendix 2): key national indicators of each portfolio, decomposed down to
the projects, with plans 2023–2029 and facts 2023–2025 (quarters of the current year for a quarterly one).

Everything is written through the goal map's services (indicator_create, target_set, value_record,
contribution_create) by the demo's Office employee, so history, checks and live events are the real ones.

Each portfolio of `pmis.demo.data` gets three or four KNIs named in Kazakh, Russian and English, with base values,
plans and facts close to the published figures; the picture they give on the curators' dashboard:
- a mix of on-track, at-risk and off-track indicators at every level;
- «Ожидаемая продолжительность жизни» on track this year but with a forecast that misses its 2029 target;
- «Уровень безработицы», «Уровень бедности», «Младенческая смертность», «Износ тепловых сетей»: lower is better;
- «Инфляция»: kept within a corridor, measured quarterly;
- the two regional development plans (Karaganda and Pavlodar) each carry every KNI of their portfolio, so regions
  can be rated on them (Rules p.34).

Below the KNIs each basic direction, group of projects and project has one indicator, and each program one per
KNI it serves (the other programs share the KNIs, a regional plan serves them all), linked to an indicator of the
node above; the children of an indicator share 90 % of it. Their plans are the cumulative share of the node's
results reached over its planned years.

Idempotent: nothing is done when any indicator exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction

from kpi_maps.choices import Direction, IndicatorKind, Periodicity, SourceType
from kpi_maps.models import Indicator
from kpi_maps.services._periods import period_end
from kpi_maps.services.contributions import contribution_create
from kpi_maps.services.indicators import indicator_create
from kpi_maps.services.targets import target_set
from kpi_maps.services.values import value_record
from org.models import Person
from portfolios.models import Portfolio
from programs.models import BasicDirection, Program, ProjectGroup
from projects.models import Project

from . import data

Names = tuple[str, str, str]  # kk, ru, en
PLAN_YEARS = range(2023, 2030)
FACT_YEARS = range(2023, 2026)
#: The children of an indicator share this much of it; the rest is the gap no project is seen to move (p.74).
SHARED = Decimal(90)
#: Fact ÷ plan of the indicators below the KNIs, in turn: on track, at risk, off track, over-achieved.
MOODS = (Decimal("1.00"), Decimal("0.97"), Decimal("0.90"), Decimal("0.84"), Decimal("0.70"), Decimal("1.04"))
REGIONS: dict[str, Names] = {
    "karaganda": ("Қарағанды облысы", "Карагандинская область", "Karaganda region"),
    "pavlodar": ("Павлодар облысы", "Павлодарская область", "Pavlodar region"),
}
OFFICE_USERNAME = "office_staff"


@dataclass(frozen=True)
class KniSpec:
    code: str
    names: Names
    unit: Names
    direction: str
    source: str
    methodology: str
    base: tuple[str, int]
    plans: dict  # year or (year, quarter) → value, or (low, high) for a range
    facts: dict  # year or (year, quarter) → value
    periodicity: str = Periodicity.ANNUAL


PERCENT: Names = ("%", "%", "%")
STAT = "Бюро национальной статистики АСПиР РК"

SOCIAL_KNIS = (
    KniSpec(
        "KNI-SOC-1",
        ("Жұмыссыздық деңгейі", "Уровень безработицы", "Unemployment rate"),
        PERCENT,
        Direction.LOWER,
        STAT,
        "Доля безработных в численности рабочей силы в возрасте 15 лет и старше.",
        ("4.9", 2022),
        {2023: "4.8", 2024: "4.7", 2025: "4.7", 2026: "4.6", 2027: "4.6", 2028: "4.5", 2029: "4.5"},
        {2023: "4.7", 2024: "4.7", 2025: "4.6"},
    ),
    KniSpec(
        "KNI-SOC-2",
        ("Кедейлік деңгейі", "Уровень бедности", "Poverty rate"),
        PERCENT,
        Direction.LOWER,
        STAT,
        "Доля населения с доходами ниже величины прожиточного минимума.",
        ("6.2", 2022),
        {2023: "5.6", 2024: "5.1", 2025: "4.6", 2026: "4.4", 2027: "4.2", 2028: "4.0", 2029: "3.8"},
        {2023: "5.8", 2024: "5.4", 2025: "5.0"},
    ),
    KniSpec(
        "KNI-SOC-3",
        (
            "Цифрлық мемлекеттік қызметтердің үлесі",
            "Доля цифровых государственных услуг",
            "Share of digital public services",
        ),
        PERCENT,
        Direction.HIGHER,
        "Министерство цифрового развития, инноваций и аэрокосмической промышленности РК",
        "Отношение числа государственных услуг, оказываемых в электронном виде, к их общему числу.",
        ("80", 2022),
        {2023: "82", 2024: "85", 2025: "88", 2026: "90", 2027: "92", 2028: "94", 2029: "95"},
        {2023: "83", 2024: "86.5", 2025: "89.1"},
    ),  # fmt: skip
    KniSpec(
        "KNI-SOC-4",
        ("Инфляция", "Инфляция", "Inflation"),
        PERCENT,
        Direction.RANGE,
        "Национальный банк РК",
        "Прирост индекса потребительских цен в годовом выражении на конец квартала; целевой коридор.",
        ("20.3", 2022),
        {
            (year, quarter): corridor
            for year, corridor in {
                2023: ("9", "10"),
                2024: ("7.5", "8.5"),
                2025: ("5.5", "7.5"),
                2026: ("5", "7"),
                2027: ("4", "6"),
                2028: ("4", "5"),
                2029: ("4", "5"),
            }.items()
            for quarter in (1, 2, 3, 4)
        },
        {
            (2023, 1): "17.9",
            (2023, 2): "14.6",
            (2023, 3): "12.1",
            (2023, 4): "9.8",
            (2024, 1): "9.1",
            (2024, 2): "8.4",
            (2024, 3): "8.3",
            (2024, 4): "8.6",
            (2025, 1): "8.9",
            (2025, 2): "7.3",
            (2025, 3): "7.0",
            (2025, 4): "6.9",
            (2026, 1): "6.8",
            (2026, 2): "6.4",
            (2026, 3): "6.1",
            (2026, 4): "5.9",
        },
        Periodicity.QUARTERLY,
    ),  # fmt: skip
)
HEALTH_KNIS = (
    KniSpec(
        "KNI-HLT-1",
        ("Күтілетін өмір сүру ұзақтығы", "Ожидаемая продолжительность жизни", "Life expectancy at birth"),
        ("жыл", "лет", "years"),
        Direction.HIGHER,
        STAT,
        "Число лет, которое в среднем предстоит прожить родившемуся при неизменных показателях смертности.",
        ("70.2", 2022),
        {2023: "71.0", 2024: "71.8", 2025: "72.5", 2026: "73.2", 2027: "73.8", 2028: "74.4", 2029: "75.0"},
        {2023: "70.9", 2024: "71.2", 2025: "71.4"},  # on track this year, too slow for 2029
    ),
    KniSpec(
        "KNI-HLT-2",
        ("Нәресте өлімі", "Младенческая смертность", "Infant mortality"),
        ("1000 тірі туғанға", "на 1000 родившихся живыми", "per 1,000 live births"),
        Direction.LOWER,
        STAT,
        "Число умерших в возрасте до одного года на 1000 родившихся живыми.",
        ("8.4", 2022),
        {2023: "8.2", 2024: "8.0", 2025: "7.8", 2026: "7.6", 2027: "7.4", 2028: "7.2", 2029: "7.0"},
        {2023: "8.1", 2024: "7.8", 2025: "7.5"},
    ),
    KniSpec(
        "KNI-HLT-3",
        (
            "Медициналық көмектің сапасына қанағаттанған халықтың үлесі",
            "Доля населения, удовлетворённого качеством медицинской помощи",
            "Share of the population satisfied with the quality of medical care",
        ),
        PERCENT,
        Direction.HIGHER,
        "Социологическое исследование Министерства здравоохранения РК",
        "Доля удовлетворённых качеством медицинской помощи среди опрошенных.",
        ("48", 2022),
        {2023: "52", 2024: "56", 2025: "60", 2026: "63", 2027: "66", 2028: "68", 2029: "70"},
        {2023: "53", 2024: "56", 2025: "58"},
    ),  # fmt: skip
)
TERRITORY_KNIS = (
    KniSpec(
        "KNI-TER-1",
        ("Жылу желілерінің тозу деңгейі", "Износ тепловых сетей", "Wear of heating networks"),
        PERCENT,
        Direction.LOWER,
        "Министерство энергетики РК",
        "Доля протяжённости тепловых сетей с истёкшим нормативным сроком службы.",
        ("66", 2022),
        {2023: "64", 2024: "62", 2025: "59", 2026: "56", 2027: "54", 2028: "52", 2029: "50"},
        {2023: "63.5", 2024: "61", 2025: "58"},
    ),
    KniSpec(
        "KNI-TER-2",
        (
            "Газбен жабдықтауға қол жеткізген халықтың үлесі",
            "Доля населения с доступом к газоснабжению",
            "Share of the population with access to gas supply",
        ),
        PERCENT,
        Direction.HIGHER,
        "Министерство энергетики РК",
        "Доля населения, проживающего в газифицированных населённых пунктах.",
        ("58", 2022),
        {2023: "59", 2024: "60", 2025: "62", 2026: "63.5", 2027: "65", 2028: "66.5", 2029: "68"},
        {2023: "59.6", 2024: "61.2", 2025: "62.8"},
    ),  # fmt: skip
    KniSpec(
        "KNI-TER-3",
        (
            "Сапалы ауыз суға қол жеткізген халықтың үлесі",
            "Доля населения с доступом к качественной питьевой воде",
            "Share of the population with access to safe drinking water",
        ),
        PERCENT,
        Direction.HIGHER,
        "Министерство водных ресурсов и ирригации РК",
        "Доля населения, обеспеченного централизованным водоснабжением питьевого качества.",
        ("92", 2022),
        {2023: "94", 2024: "96", 2025: "98", 2026: "99", 2027: "100", 2028: "100", 2029: "100"},
        {2023: "93", 2024: "91", 2025: "90"},
    ),  # fmt: skip
)
#: The KNIs of each portfolio of pmis.demo.data, by its Russian name.
KNIS = {
    data.PORTFOLIOS[0].names[1]: SOCIAL_KNIS,
    data.PORTFOLIOS[1].names[1]: HEALTH_KNIS,
    data.PORTFOLIOS[2].names[1]: TERRITORY_KNIS,
}


def _period(key) -> tuple[int, int]:
    return key if isinstance(key, tuple) else (key, 0)


class _Writer:
    """One run: the actor, and a counter that deals the lower indicators their moods in turn."""

    def __init__(self, actor: Person, today: dt.date) -> None:
        self.actor = actor
        self.today = today
        self.turn = 0

    def kni(self, portfolio: Portfolio, spec: KniSpec) -> Indicator:
        base_value, base_year = spec.base
        indicator = indicator_create(
            actor=self.actor,
            node=portfolio,
            code=spec.code,
            name_kk=spec.names[0],
            name_ru=spec.names[1],
            name_en=spec.names[2],
            unit_kk=spec.unit[0],
            unit_ru=spec.unit[1],
            unit_en=spec.unit[2],
            kind=IndicatorKind.KNI,
            direction=spec.direction,
            source_type=SourceType.OFFICIAL,
            source_name=spec.source,
            periodicity=spec.periodicity,
            methodology=spec.methodology,
            base_value=Decimal(base_value),
            base_year=base_year,
        )
        for key, planned in spec.plans.items():
            year, quarter = _period(key)
            low, high = planned if isinstance(planned, tuple) else (planned, None)
            target_set(
                actor=self.actor,
                indicator=indicator,
                year=year,
                quarter=quarter,
                value=Decimal(low),
                value_high=None if high is None else Decimal(high),
                basis="Национальный план развития РК до 2029 года",
            )
        for key, actual in spec.facts.items():
            year, quarter = _period(key)
            if period_end(year, quarter) < self.today:  # a period that has ended
                value_record(
                    actor=self.actor, indicator=indicator, year=year, quarter=quarter, value=Decimal(actual),
                    source=spec.source,
                )  # fmt: skip
        return indicator

    def lower(self, node, code: str, names: Names, parent: Indicator, kind: str) -> Indicator:
        """A node's indicator: the cumulative share of its results reached, planned over its years."""
        start = max(PLAN_YEARS.start, node.planned_start.year if node.planned_start else PLAN_YEARS.start)
        end = min(PLAN_YEARS.stop - 1, node.planned_end.year if node.planned_end else PLAN_YEARS.stop - 1)
        years = list(range(start, max(start, end) + 1))
        indicator = indicator_create(
            actor=self.actor,
            node=node,
            code=code,
            name_kk=names[0],
            name_ru=names[1],
            name_en=names[2],
            unit_kk="%",
            unit_ru="%",
            unit_en="%",
            kind=kind,
            direction=Direction.HIGHER,
            source_type=SourceType.DEPARTMENTAL,
            source_name="Отчёт о мониторинге реализации",
            methodology="Доля запланированных результатов, достигнутых на конец года, нарастающим итогом.",
            base_value=Decimal(0),
            base_year=start - 1,
        )
        mood = MOODS[self.turn % len(MOODS)]
        self.turn += 1
        for number, year in enumerate(years, start=1):
            planned = (Decimal(100) * number / len(years)).quantize(Decimal("0.1"))
            target_set(actor=self.actor, indicator=indicator, year=year, value=planned)
            if year in FACT_YEARS and year < self.today.year:
                value_record(
                    actor=self.actor, indicator=indicator, year=year, value=(planned * mood).quantize(Decimal("0.1")),
                    source="Отчёт о мониторинге реализации",
                )  # fmt: skip
        return indicator

    def link(self, parent: Indicator, children: list[Indicator]) -> None:
        if not children:
            return
        share = (SHARED / len(children)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        for child in children:
            contribution_create(actor=self.actor, parent=parent, child=child, share=share)


def _program_names(kni: Indicator, program: Program) -> Names:
    region = REGIONS.get(program.region)
    if region is not None:
        return (
            f"{kni.name_kk} ({region[0]})",
            f"{kni.name_ru} ({region[1]})",
            f"{kni.name_en} ({region[2]})",
        )
    return (
        f"{kni.name_kk}: бағдарламаның үлесі",
        f"{kni.name_ru}: вклад программы",
        f"{kni.name_en}: the program's contribution",
    )


def _node_names(node) -> Names:
    if isinstance(node, BasicDirection):
        return (
            f"«{node.name_kk}» бағытының мақсаттарына қол жеткізу",
            f"Достижение целей направления «{node.name_ru}»",
            f"Goals of the direction “{node.name_en}” reached",
        )
    if isinstance(node, ProjectGroup):
        return (
            f"«{node.name_kk}» тобы нәтижелерінің қол жеткізілген үлесі",
            f"Доля достигнутых результатов группы «{node.name_ru}»",
            f"Results of the group “{node.name_en}” reached",
        )
    return (
        f"«{node.name_kk}» жобасы іс-шараларының орындалу үлесі",
        f"Доля выполненных мероприятий проекта «{node.name_ru}»",
        f"Activities of the project “{node.name_en}” completed",
    )


def _portfolio_map(writer: _Writer, portfolio: Portfolio, specs: tuple[KniSpec, ...]) -> None:
    knis = [writer.kni(portfolio, spec) for spec in specs]
    links: dict[int, tuple[Indicator, list[Indicator]]] = {kni.pk: (kni, []) for kni in knis}

    def attach(parent: Indicator, child: Indicator) -> None:
        links.setdefault(parent.pk, (parent, []))[1].append(child)

    annual = [kni for kni in knis if kni.periodicity == Periodicity.ANNUAL]
    programs = list(Program.objects.filter(portfolio=portfolio).order_by("pk"))
    national = [program for program in programs if program.region not in REGIONS]
    for program in programs:
        # A regional plan carries every KNI of its portfolio (region ratings, Rules p.34); the other programs
        # share the KNIs between them, each KNI served by one program.
        if program.region in REGIONS:
            served = annual
        else:
            number = national.index(program)
            served = [kni for k, kni in enumerate(annual) if k % len(national) == number] or annual[:1]
        own = []
        for k, kni in enumerate(served, start=1):
            indicator = writer.lower(
                program,
                f"{kni.code}.{program.code}-{k}",
                _program_names(kni, program),
                kni,
                IndicatorKind.TARGET,
            )
            attach(kni, indicator)
            own.append(indicator)
        # The program's directions take its indicators in turn; one left over is a gap no project moves (p.74).
        for number, direction in enumerate(BasicDirection.objects.filter(program=program).order_by("pk")):
            lead = own[number % len(own)]
            d_ind = writer.lower(
                direction, f"IND-{direction.code}", _node_names(direction), lead, IndicatorKind.TARGET
            )
            attach(lead, d_ind)
            by_group: dict[int, Indicator] = {}
            groups = ProjectGroup.objects.filter(path__startswith=direction.path).order_by("path")
            for group in groups:  # by path: a group comes before the groups nested in it
                parent = by_group.get(group.parent_id, d_ind)
                g_ind = writer.lower(
                    group, f"IND-{group.code}", _node_names(group), parent, IndicatorKind.TARGET
                )
                attach(parent, g_ind)
                by_group[group.pk] = g_ind
            for project in Project.objects.filter(path__startswith=direction.path).order_by("pk"):
                parent = by_group[project.group_id]
                p_ind = writer.lower(
                    project, f"IND-{project.code}", _node_names(project), parent, IndicatorKind.RESULT
                )
                attach(parent, p_ind)
    for parent, children in links.values():
        writer.link(parent, children)


def build(*, today: dt.date) -> None:
    """Create the goal maps of the demo's portfolios through the services; nothing when any indicator exists."""
    if not Indicator.objects.exists():
        _build(today)


@transaction.atomic
def _build(today: dt.date) -> None:
    actor = Person.objects.filter(username=OFFICE_USERNAME).first()
    if actor is None:  # the demo's people and roles come first (pmis.demo.builder)
        return
    writer = _Writer(actor, today)
    portfolios = {portfolio.name_ru: portfolio for portfolio in Portfolio.objects.filter(name_ru__in=KNIS)}
    for name, specs in KNIS.items():
        if name in portfolios:
            _portfolio_map(writer, portfolios[name], specs)
