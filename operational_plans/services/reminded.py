"""What the reminders of the operational plans have already sent: each goes once a day."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from org.models import Notification

from ..models import OperationalPlan


def sent_on(kind: str, plan: OperationalPlan, day: dt.date) -> QuerySet[Notification]:
    """The notifications of `kind` about `plan` sent for `day` (the day is in their params, so a replayed day is
    recognised too)."""
    return Notification.objects.filter(
        kind=kind,
        target_type=ContentType.objects.get_for_model(OperationalPlan),
        target_id=plan.pk,
        params__day=day.isoformat(),
    )
