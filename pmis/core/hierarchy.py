"""Writes shared by every level of the hierarchy: identity on creation, moving subtrees, the deadline rule.

Called from the services of portfolios, programs and projects inside their transactions; nothing here commits.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .nodes import node_models


def assign_identity(node, parent_path: str) -> None:
    """Give a new node its database id, identification code (Rules p.86(8)) and materialized path before insert.

    The id is taken from the table's sequence first, so the one INSERT (and its history row) already carries the
    final code and path. The code is the kind's prefix, the year and the id: unique, never reused, and readable
    on paper: ``PRJ-2026-00042``.
    """
    table = node._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
        (node.pk,) = cursor.fetchone()
    node.code = f"{node.CODE_PREFIX}-{timezone.localdate():%Y}-{node.pk:05d}"
    node.path = f"{parent_path}{node.KIND}:{node.pk}/"


def move_subtree(old_path: str, new_path: str) -> None:
    """Rewrite the paths of a node's descendants and of the role assignments on them, after a move."""
    if old_path == new_path:
        return
    for model in node_models():
        model.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )
    # Role assignments copy their node's path: the roles move with the subtree, and so do their powers.
    from org.models import RoleAssignment

    from . import grants

    RoleAssignment.objects.filter(scope_path__startswith=old_path).update(
        scope_path=Concat(Value(new_path), Substr("scope_path", len(old_path) + 1))
    )
    # So do the indicators of the goal map attached to the nodes: their powers are their node's.
    from kpi_maps.models import Indicator

    Indicator.objects.filter(node_path__startswith=old_path).update(
        node_path=Concat(Value(new_path), Substr("node_path", len(old_path) + 1))
    )
    # And the scrum schedules of the levels meeting there, and the escalations raised or standing there.
    from scrum.models import Escalation, EscalationStep, Schedule

    for model, fields in (
        (Schedule, ("node_path",)),
        (Escalation, ("origin_path", "node_path")),
        (EscalationStep, ("node_path",)),
    ):
        for field in fields:
            model.objects.filter(**{f"{field}__startswith": old_path}).update(
                **{field: Concat(Value(new_path), Substr(field, len(old_path) + 1))}
            )
    # And the initiatives, instructions and governing bodies decided at a node of the subtree.
    from governance.models import GoverningBody
    from initiatives.models import Initiative
    from instructions.models import Instruction

    for model, field in (
        (Initiative, "scope_path"),
        (Instruction, "scope_path"),
        (GoverningBody, "node_path"),
    ):
        model.objects.filter(**{f"{field}__startswith": old_path}).update(
            **{field: Concat(Value(new_path), Substr(field, len(old_path) + 1))}
        )
    grants.changed()


def portfolio_of_path(path: str):
    """The portfolio a path lies in, or None for the subtree of a state body's standard basic direction."""
    from portfolios.models import Portfolio

    first = path.split("/", 1)[0]
    if not first.startswith("portfolio:"):
        return None
    return Portfolio.objects.filter(pk=int(first.split(":", 1)[1])).first()


def check_portfolio_deadline(
    *, planned_end: date | None, parent_path: str, field: str = "planned_end"
) -> None:
    """Rules p.9: programs and projects of a national-priority portfolio end no later than the portfolio."""
    if planned_end is None:
        return
    portfolio = portfolio_of_path(parent_path)
    if portfolio is None or portfolio.planned_end is None or planned_end <= portfolio.planned_end:
        return
    raise ValidationError(
        {
            field: _(
                "The end date %(date)s is later than the end of the portfolio “%(portfolio)s” (%(end)s): "
                "programs and projects of a national-priority portfolio must end no later than the portfolio "
                "(Rules p.9)."
            )
            % {
                "date": date_format(planned_end, "SHORT_DATE_FORMAT"),
                "portfolio": portfolio.name,
                "end": date_format(portfolio.planned_end, "SHORT_DATE_FORMAT"),
            }
        }
    )


def check_children_deadline(portfolio) -> None:
    """A portfolio's end may not move before the end of a program or project already inside it (Rules p.9)."""
    from programs.models import Program
    from projects.models import Project

    if portfolio.pk is None or portfolio.planned_end is None:
        return
    latest = max(
        (
            model.objects.filter(path__startswith=portfolio.path).aggregate(latest=Max("planned_end"))[
                "latest"
            ]
            for model in (Program, Project)
        ),
        key=lambda value: value or date.min,
    )
    if latest and latest > portfolio.planned_end:
        raise ValidationError(
            {
                "planned_end": _(
                    "Programs or projects of this portfolio end as late as %(latest)s; the portfolio cannot end "
                    "before them (Rules p.9). Move their deadlines first."
                )
                % {"latest": date_format(latest, "SHORT_DATE_FORMAT")}
            }
        )
