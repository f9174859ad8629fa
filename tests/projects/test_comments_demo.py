"""The demo's comments: conversations with mentions on the project, its tasks and risks; a second run adds none."""

import datetime as dt

import pytest

from org.models import Notification
from pmis.demo import comments
from projects.models import Comment
from tests.projects.test_comments import make_target

pytestmark = pytest.mark.django_db


def test_demo_comments_are_written_once(ws):
    task = make_target(ws, "task")
    risk = make_target(ws, "risk")
    build = {
        "project": ws.project,
        "actor": ws.pm,
        "team": [ws.pm, ws.member],
        "today": dt.date(2026, 11, 20),
    }

    comments.build(**build)

    assert Comment.objects.filter(project=ws.project).count() == 6
    assert {comment.target for comment in Comment.objects.all()} == {ws.project, task, risk}
    assert Notification.objects.filter(recipient=ws.pm, kind="comment.mention").count() == 2
    assert Notification.objects.filter(recipient=ws.member, kind="comment.mention").count() == 3

    comments.build(**build)
    assert Comment.objects.count() == 6
