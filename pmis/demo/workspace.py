"""The demo project's workspace: charter, board, sprints, registers, assignments and comments.

The demo branch's first project (the one with a full team, `pmis.demo.teams`) gets a living workspace, so the
project manager's login opens a board with work on it. Each part fills itself through its own services and does
nothing when its rows already exist, so a second run changes nothing.
"""

from __future__ import annotations

from django.utils import timezone

from org.models import Person

from . import assignments, board, charter, comments, registers, sprints
from .teams import demo_project

#: The roles whose holders work on the demo project's tasks, first the manager.
TEAM_ROLES = ("project_manager", "team_member", "task_executor", "project_coordinator")
#: In this order: the board's tasks exist before sprints plan them and comments mention them.
PARTS = (charter, board, sprints, registers, assignments, comments)


def demo_workspace(*, actor: Person, people: dict[str, Person]) -> None:
    project = demo_project()
    if project is None:
        return
    team = [people[code] for code in TEAM_ROLES if code in people]
    manager = people.get("project_manager", actor)
    today = timezone.localdate()
    for part in PARTS:
        part.build(project=project, actor=manager, team=team, today=today)
