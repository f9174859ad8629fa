"""The one place that decides who may do what: `can(user, action, obj)` and `restrict(queryset, user, action)`.

Every page, API endpoint, export, websocket consumer and task asks here. A caller that gets False for "view"
answers 404 (the object is not there for this person); one that may view but not act answers 403.

The policy of this version (issue 2, before project roles exist):
- an anonymous or inactive user may do nothing;
- an active person may view every node of the hierarchy and the organisation;
- creating, changing and deleting need the matching Django model permission (``programs.change_program`` …),
  which superusers have and administrators grant to the project-office staff through groups.
The roles issue replaces the body of these functions with role assignments down the materialized path; the
signatures, and so every caller, stay as they are.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _model_perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def can(user, action: str, obj) -> bool:
    """May `user` perform `action` on `obj`? `obj` is an instance, or a model class for "add" and lists."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not _active(user):
        return False
    if action == VIEW:
        return True
    model = obj if isinstance(obj, type) else type(obj)
    return user.has_perm(_model_perm(model, action))


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The part of `queryset` that `user` may `action`: one SQL filter, never a loop over rows."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not _active(user):
        return queryset.none()
    if action == VIEW or user.has_perm(_model_perm(queryset.model, action)):
        return queryset
    return queryset.none()


def require(user, action: str, obj: Model | type) -> None:
    """Raise PermissionDenied (403) unless `user` may `action` `obj`; callers have already checked "view"."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, obj):
        raise PermissionDenied
