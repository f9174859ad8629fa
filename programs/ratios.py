"""The performance and efficiency ratios of a program (Rules p.64), computed live from its projects and people.

The Rules name the five ratios and leave the methodology to the Office; these definitions are the PMIS's working
ones (configurable by the Office, not an official methodology). A project is a `projects.Project` whose path lies
under the program's path; its `ProjectPerformance` row may be missing (then: not assessed, no consultants, no cost).

1. **Stakeholders' expectations**: projects whose expectations were *met* over the projects whose expectations were
   assessed (met, partly met or not met).
2. **Established terms**: completed projects that ended on or before their planned end over the completed projects
   with an actual end (and a planned end); the active or suspended projects already past their planned end are
   shown apart, as at risk.
3. **Stipulated budget**: completed projects whose actual cost is within their budget over the completed projects
   with an actual cost recorded.
4. **Professional consultants**: projects that involved professional project management consultants (p.101) over
   the program's projects that are not cancelled.
5. **Certified personnel**: the distinct people holding, on the day, a role anywhere in the program's subtree (on
   the program, its directions, groups or projects) with a valid certificate in project management that day
   (issued on or before it, not expired) over all those people.

`program_ratios(program, on=day)` answers the five in two queries, whatever the number of projects and people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmis.core.choices import Status

EXPECTATIONS = "expectations"
TERMS = "terms"
BUDGET = "budget"
CONSULTANTS = "consultants"
CERTIFIED = "certified"
KEYS = (EXPECTATIONS, TERMS, BUDGET, CONSULTANTS, CERTIFIED)

TITLES = {
    EXPECTATIONS: _("Projects meeting stakeholders' expectations"),
    TERMS: _("Projects completed on the established terms"),
    BUDGET: _("Projects completed within the stipulated budget"),
    CONSULTANTS: _("Projects with professional project management consultants"),
    CERTIFIED: _("Certified project personnel"),
}

DEFINITIONS = {
    EXPECTATIONS: _(
        "Projects whose stakeholders' expectations were met, over the projects whose expectations were assessed "
        "(met, partly met or not met)."
    ),
    TERMS: _(
        "Completed projects that ended on or before their planned end, over the completed projects with an actual "
        "end. Active projects already past their planned end are shown apart as at risk."
    ),
    BUDGET: _(
        "Completed projects whose actual cost is within their budget, over the completed projects with an actual "
        "cost recorded."
    ),
    CONSULTANTS: _(
        "Projects that involved professional project management consultants, over the program's projects that "
        "are not cancelled."
    ),
    CERTIFIED: _(
        "People holding a role in the program, its directions, groups or projects on the day with a valid "
        "certificate in project management, over all people holding such a role."
    ),
}


@dataclass(frozen=True)
class Ratio:
    """One ratio: `counted` ids make the numerator, `counted` + `not_counted` the denominator; `subject` says
    whether the ids are projects or people; `at_risk` (terms only) the active projects past their planned end."""

    key: str
    subject: str
    counted: tuple[int, ...]
    not_counted: tuple[int, ...]
    at_risk: tuple[int, ...] = field(default=())

    @property
    def title(self) -> str:
        return str(TITLES[self.key])

    @property
    def definition(self) -> str:
        return str(DEFINITIONS[self.key])

    @property
    def numerator(self) -> int:
        return len(self.counted)

    @property
    def denominator(self) -> int:
        return len(self.counted) + len(self.not_counted)

    @property
    def share(self) -> float | None:
        """numerator / denominator; None when nothing is counted in the denominator."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)

    def as_data(self) -> dict:
        """JSON-ready: what the API answers and what a completion report freezes."""
        return {
            "key": self.key,
            "subject": self.subject,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "share": None if self.share is None else round(self.share, 4),
            "counted": list(self.counted),
            "not_counted": list(self.not_counted),
            "at_risk": list(self.at_risk),
        }


def _project_rows(program) -> list[dict]:
    from projects.models import Project

    return list(
        Project.objects.filter(path__startswith=program.path)
        .order_by("code")
        .values(
            "id",
            "status",
            "planned_end",
            "actual_end",
            "budget",
            "performance__expectations",
            "performance__actual_cost",
            "performance__consultants_involved",
        )
    )


def _people_rows(program, day: dt.date) -> list[tuple[int, bool]]:
    """(person id, certified on the day) of the people holding a live role in the program's subtree."""
    from org.models import Certification, RoleAssignment

    valid = Certification.objects.filter(person=OuterRef("person"), issued_on__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    return list(
        RoleAssignment.objects.filter(scope_path__startswith=program.path, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .annotate(certified=Exists(valid))
        .values_list("person_id", "certified")
        .distinct()
        .order_by("person_id")
    )


def _split(rows, considered, counted) -> tuple[tuple[int, ...], tuple[int, ...]]:
    yes, no = [], []
    for row in rows:
        if considered(row):
            (yes if counted(row) else no).append(row["id"])
    return tuple(yes), tuple(no)


def program_ratios(program, *, on: dt.date | None = None) -> list[Ratio]:
    """The five ratios of Rules p.64 for `program` on the day `on` (today): two queries."""
    day = on or timezone.localdate()
    projects = _project_rows(program)
    completed = Status.COMPLETED

    def expectations(row):
        return row["performance__expectations"] or "not_assessed"

    assessed = _split(
        projects, lambda r: expectations(r) != "not_assessed", lambda r: expectations(r) == "met"
    )
    terms = _split(
        projects,
        lambda r: r["status"] == completed and r["actual_end"] is not None and r["planned_end"] is not None,
        lambda r: r["actual_end"] <= r["planned_end"],
    )
    at_risk = tuple(
        row["id"]
        for row in projects
        if row["status"] in (Status.ACTIVE, Status.SUSPENDED)
        and row["planned_end"] is not None
        and row["planned_end"] < day
        and row["actual_end"] is None
    )
    budget = _split(
        projects,
        lambda r: r["status"] == completed and r["performance__actual_cost"] is not None,
        lambda r: r["performance__actual_cost"] <= r["budget"],
    )
    consultants = _split(
        projects,
        lambda r: r["status"] != Status.CANCELLED,
        lambda r: bool(r["performance__consultants_involved"]),
    )
    people: dict[int, bool] = {}
    for person_id, certified in _people_rows(program, day):
        people[person_id] = people.get(person_id, False) or certified
    return [
        Ratio(EXPECTATIONS, "project", *assessed),
        Ratio(TERMS, "project", *terms, at_risk=at_risk),
        Ratio(BUDGET, "project", *budget),
        Ratio(CONSULTANTS, "project", *consultants),
        Ratio(
            CERTIFIED,
            "person",
            tuple(pk for pk, yes in people.items() if yes),
            tuple(pk for pk, yes in people.items() if not yes),
        ),
    ]


def projects_by_status(program) -> dict[str, int]:
    """How many of the program's projects are in each status (one query)."""
    from django.db.models import Count

    from projects.models import Project

    counts = dict(
        Project.objects.filter(path__startswith=program.path)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Status.values}
