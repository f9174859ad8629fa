"""What the viewsets under ``operational-plans/{plan_pk}/`` share: their plan."""

from __future__ import annotations

from functools import cached_property

from ..models import OperationalPlan
from ..selectors.plans import plan_get


class InPlan:
    """A viewset of the rows of one plan: `plan` is read once per request through the selector (404 when the
    person may not see it)."""

    @cached_property
    def plan(self) -> OperationalPlan:
        return plan_get(self.request.user, self.kwargs["plan_pk"])
