"""Writes of indicators' passports (Rules p.17, Appendix 2; Methodology summary §2).

An indicator is attached to one node of the hierarchy; "change" on that node creates and edits the passport,
"delete" removes it. An edit names the version it was made on (a stale one raises `StaleVersion`). An indicator
never moves to another node: its plans, facts and links belong to that node's goal. It cannot be removed while
it has facts or takes part in the decomposition.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..choices import RESPONSIBILITY, Direction, IndicatorKind, Periodicity, SourceType
from ..models import Contribution, Indicator, Target, Value

#: What an edit of the passport may change; the node, the path and the bookkeeping are not among them.
EDITABLE = (
    "code",
    "name_kk",
    "name_ru",
    "name_en",
    "unit_kk",
    "unit_ru",
    "unit_en",
    "kind",
    "direction",
    "source_type",
    "source_name",
    "periodicity",
    "methodology",
    "base_value",
    "base_year",
    "is_active",
)
NODE_FIELDS = ("node", "node_kind", "node_id", "node_path")


def _check(indicator: Indicator) -> None:
    if not (indicator.name_kk or indicator.name_ru or indicator.name_en):
        raise ValidationError({"name_ru": _("Give the indicator's name in at least one language.")})
    if (indicator.base_value is None) != (indicator.base_year is None):
        raise ValidationError({"base_year": _("Give the base value and its year together, or neither.")})


@transaction.atomic
def indicator_create(
    *,
    actor,
    node,
    code: str,
    name_kk: str = "",
    name_ru: str = "",
    name_en: str = "",
    unit_kk: str = "",
    unit_ru: str = "",
    unit_en: str = "",
    kind: str = IndicatorKind.KNI,
    direction: str = Direction.HIGHER,
    source_type: str = SourceType.OFFICIAL,
    source_name: str = "",
    periodicity: str = Periodicity.ANNUAL,
    methodology: str = "",
    base_value: Decimal | None = None,
    base_year: int | None = None,
) -> Indicator:
    """Attach a new indicator to `node` (a portfolio, program, basic direction, group or project)."""
    if getattr(node, "KIND", None) not in RESPONSIBILITY:
        raise ValidationError(
            {"node": _("Indicators are attached to a portfolio, program, basic direction, group or project.")}
        )
    authorization.require(actor, authorization.CHANGE, node)
    indicator = Indicator(
        code=(code or "").strip(),
        name_kk=name_kk,
        name_ru=name_ru,
        name_en=name_en,
        unit_kk=unit_kk,
        unit_ru=unit_ru,
        unit_en=unit_en,
        kind=kind,
        direction=direction,
        source_type=source_type,
        source_name=source_name,
        periodicity=periodicity,
        methodology=methodology,
        base_value=base_value,
        base_year=base_year,
        node_kind=node.KIND,
        node_id=node.pk,
        node_path=node.path,
        created_by=actor,
    )
    _check(indicator)
    return save_recorded(indicator, actor, _("Created"))


def _check_plans_fit(indicator: Indicator) -> None:
    """A change of direction or periodicity must not leave plans or facts the passport no longer allows."""
    if indicator.direction != Direction.RANGE:
        ranged = Target.objects.filter(indicator=indicator, value_high__isnull=False).count()
        if ranged:
            raise ValidationError(
                {
                    "direction": _(
                        "%(count)s plans of this indicator are ranges; remove their upper bounds before "
                        "changing the direction."
                    )
                    % {"count": ranged}
                }
            )
    other = {"quarter": 0} if indicator.periodicity == Periodicity.QUARTERLY else {"quarter__gt": 0}
    count = Target.objects.filter(indicator=indicator, **other).count()
    count += Value.objects.filter(indicator=indicator, **other).count()
    if count:
        raise ValidationError(
            {
                "periodicity": _(
                    "The indicator has %(count)s plans or facts of the other periodicity; remove them first."
                )
                % {"count": count}
            }
        )


@transaction.atomic
def indicator_update(indicator: Indicator, *, actor, version: int | None = None, reason: str = "", **fields):
    """Change the passport; the indicator stays on its node."""
    if set(fields) & set(NODE_FIELDS):
        raise ValidationError(
            {"node": _("An indicator cannot move to another node; create a new one there instead.")}
        )
    refuse_unknown(fields, EDITABLE)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    authorization.require(actor, authorization.CHANGE, indicator)
    check_version(indicator, version)
    before = (indicator.direction, indicator.periodicity)
    for name, value in fields.items():
        setattr(indicator, name, value.strip() if name == "code" and isinstance(value, str) else value)
    _check(indicator)
    if (indicator.direction, indicator.periodicity) != before:
        _check_plans_fit(indicator)
    indicator.version += 1
    return save_recorded(indicator, actor, reason or _("Changed"), exclude=["created_by"])


@transaction.atomic
def indicator_delete(indicator: Indicator, *, actor, reason: str = "") -> None:
    """Remove an indicator without facts that takes no part in the decomposition (its plans go with it)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    authorization.require(actor, authorization.DELETE, indicator)
    facts = Value.objects.filter(indicator=indicator).count()
    if facts:
        raise ValidationError(
            _("The indicator has %(count)s actual values; it cannot be removed. Mark it inactive instead.")
            % {"count": facts}
        )
    links = (
        Contribution.objects.filter(parent=indicator).count()
        + Contribution.objects.filter(child=indicator).count()
    )
    if links:
        raise ValidationError(
            _("The indicator takes part in %(count)s decomposition links; remove them first.")
            % {"count": links}
        )
    for target in Target.objects.filter(indicator=indicator):
        delete_recorded(target, actor, reason or _("Deleted with the indicator"))
    delete_recorded(indicator, actor, reason or _("Deleted"))
