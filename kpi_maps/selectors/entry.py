"""Reads of the bulk entry grid: the indicators under a node that a person may enter facts for, for one period."""

from __future__ import annotations

from dataclasses import dataclass

from pmis.core import authorization

from ..choices import Periodicity
from ..models import Indicator, Target, Value


@dataclass
class GridRow:
    """One row of the grid: the indicator, its plan and its current fact for the period (None when missing)."""

    indicator: Indicator
    target: Target | None
    value: Value | None

    @property
    def version(self) -> int | None:
        return self.value.version if self.value else None


def entry_indicators(user, node, quarter: int):
    """The active indicators under `node` of the period's periodicity that `user` may enter facts for."""
    periodicity = Periodicity.QUARTERLY if quarter else Periodicity.ANNUAL
    queryset = Indicator.objects.filter(
        node_path__startswith=node.path, is_active=True, periodicity=periodicity
    ).order_by("code")
    return authorization.restrict(queryset, user, authorization.CONTRIBUTE)


def entry_grid(user, node, year: int, quarter: int) -> list[GridRow]:
    """The grid's rows (three queries whatever the number of indicators)."""
    indicators = list(entry_indicators(user, node, quarter))
    ids = [indicator.pk for indicator in indicators]
    targets = {
        t.indicator_id: t for t in Target.objects.filter(indicator_id__in=ids, year=year, quarter=quarter)
    }
    values = {
        v.indicator_id: v
        for v in Value.objects.filter(indicator_id__in=ids, year=year, quarter=quarter).select_related(
            "entered_by"
        )
    }
    return [
        GridRow(indicator, targets.get(indicator.pk), values.get(indicator.pk)) for indicator in indicators
    ]
