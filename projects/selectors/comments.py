"""Reads of comments: the target of a thread, the thread itself, and the comments a person may read.

A comment is read by whoever may view what it is on: its project's team and, for a project assignment, the
head who appoints its executors and the executors (Rules p.81), who see that assignment's thread only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from pmis.core import authorization

from .. import comment_targets as targets
from ..models import Comment, ProjectAssignment


def target_get(user, kind: str, pk) -> Model:
    """The object `kind` / `pk` if `user` may view it, else Http404 (an unknown kind too)."""
    target_kind = targets.target_kind(kind)
    if target_kind is None:
        raise Http404
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    queryset = target_kind.model.objects.all()
    if target_kind.related:
        queryset = queryset.select_related(*target_kind.related)
    target = queryset.filter(pk=pk).first()
    if target is None or not authorization.can(user, authorization.VIEW, target):
        raise Http404
    return target


def _with_people(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    return queryset.select_related("author").prefetch_related("mentions")


def comment_list(user) -> QuerySet[Comment]:
    """Every comment `user` may read: those in projects they may view, and those on the project assignments
    they may view without seeing the project. One query with subqueries, whatever the number of rows."""
    in_projects = Q(pk__in=authorization.restrict(Comment.objects.all(), user).values("pk"))
    on_assignments = Q(
        target_type=ContentType.objects.get_for_model(ProjectAssignment),
        target_id__in=authorization.restrict(ProjectAssignment.objects.all(), user).values("pk"),
    )
    return _with_people(Comment.objects.filter(in_projects | on_assignments))


def comments_on(target: Model) -> QuerySet[Comment]:
    """The comments on `target`, oldest first, with their authors and mentions: two queries. The caller has
    read `target` through `target_get`."""
    return _with_people(
        Comment.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    )


def comment_get(user, pk, *, action: str = authorization.VIEW) -> Comment:
    """One comment `user` may read (else Http404) and may `action` (else PermissionDenied)."""
    comment = comment_list(user).filter(pk=pk).first()
    if comment is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, comment)
    return comment


@dataclass
class Thread:
    """The comments on one object as its thread shows them, each with `may_change` and `may_delete` for the
    reader."""

    kind: str
    target: Model
    project: object
    comments: list[Comment]


def comment_thread(user, kind: str, pk) -> Thread:
    """The thread of `kind` / `pk` for `user` (Http404 when they may not see it): the target, then the comments
    with their authors and mentions — a fixed number of queries for any number of comments."""
    target = target_get(user, kind, pk)
    project = targets.project_of(target)
    comments = list(comments_on(target))
    for comment in comments:
        comment.project = project  # the authorization module reads the project's path from it: no query each
        comment.may_change = comment.author_id == user.pk and authorization.can(
            user, authorization.CHANGE, comment
        )
        comment.may_delete = authorization.can(user, authorization.DELETE, comment)
    return Thread(kind=kind, target=target, project=project, comments=comments)
