"""Reads of projects."""

from django.db.models import QuerySet

from pmis.core.selectors import node_get, nodes_visible

from ..models import Project


def project_list(user, *, action: str = "view") -> QuerySet[Project]:
    return nodes_visible(Project, user, action=action).select_related("group", "group__direction")


def project_get(user, pk, *, action: str = "view") -> Project:
    return node_get(project_list(user), user, pk, action=action)
