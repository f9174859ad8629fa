"""The expert councils' quarterly reminder run by a real Celery worker on the real Redis broker (Rules p.50)."""

import pytest

from governance.tasks import expert_quarter_remind
from org.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_reminds_the_secretary_and_the_project_office_once(gov, celery_worker):
    assert expert_quarter_remind.delay("2026-12-20").get(timeout=60) == 1
    reminders = Notification.objects.filter(kind="governance.expert_quarter_due", params__quarter="2026-Q4")
    assert set(reminders.values_list("recipient", flat=True)) == {gov.secretary.pk, gov.deputy.pk}
    assert expert_quarter_remind.delay("2026-12-21").get(timeout=60) == 0
    assert reminders.count() == 2
