"""The demo charter fills one project through the services, and a second run changes nothing."""

import datetime as dt

import pytest

from pmis.core.choices import Stage
from pmis.demo import charter as demo
from projects.models import Charter, Document, DocumentVersion, FundingLine, Milestone, Project

pytestmark = pytest.mark.django_db


def test_the_demo_charter_is_built_once(ws, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    Project.objects.filter(pk=ws.project.pk).update(stage=Stage.IMPLEMENTATION)
    project = Project.objects.get(pk=ws.project.pk)
    for _run in range(2):
        demo.build(project=project, actor=ws.pm, team=[ws.pm, ws.member], today=dt.date(2026, 11, 21))
    assert FundingLine.objects.count() == 3 and Milestone.objects.count() == 4
    assert Document.objects.count() == 3 and DocumentVersion.objects.count() == 3
    charter = Charter.objects.get()
    assert charter.content and charter.results and charter.approved_on == project.planned_start
    assert Milestone.objects.filter(done_on__isnull=False).count() == 2
