"""Reads of programs, basic directions and groups of projects."""

from django.db.models import Count, QuerySet

from pmis.core.selectors import node_get, nodes_visible, with_project_counts

from .models import BasicDirection, Program, ProjectGroup


def program_list(user, *, action: str = "view") -> QuerySet[Program]:
    return with_project_counts(
        nodes_visible(Program, user, action=action).select_related("portfolio")
    ).annotate(direction_count=Count("directions", distinct=True))


def program_get(user, pk, *, action: str = "view") -> Program:
    return node_get(program_list(user), user, pk, action=action)


def direction_list(user, *, action: str = "view") -> QuerySet[BasicDirection]:
    return with_project_counts(
        nodes_visible(BasicDirection, user, action=action).select_related("program", "program__portfolio")
    ).annotate(group_count=Count("groups", distinct=True))


def direction_get(user, pk, *, action: str = "view") -> BasicDirection:
    return node_get(direction_list(user), user, pk, action=action)


def group_list(user, *, action: str = "view") -> QuerySet[ProjectGroup]:
    return with_project_counts(
        nodes_visible(ProjectGroup, user, action=action).select_related(
            "direction", "direction__program", "parent"
        )
    )


def group_get(user, pk, *, action: str = "view") -> ProjectGroup:
    return node_get(group_list(user), user, pk, action=action)
