"""Reads of notifications: a person's inbox, its unread count, the latest few for the navbar's bell.

A notification is its recipient's alone (the authorization module restricts to them); each is read with its
actor joined and its message rendered in the active language (org.notification_kinds).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from pmis.core import authorization

from . import notification_kinds
from .models import Notification


def notification_list(user, *, unread: bool | None = None) -> QuerySet[Notification]:
    """`user`'s notifications, newest first, with who caused each; `unread` True / False filters."""
    queryset = authorization.restrict(Notification.objects.select_related("actor"), user)
    if unread is True:
        queryset = queryset.filter(read_at__isnull=True)
    elif unread is False:
        queryset = queryset.filter(read_at__isnull=False)
    return queryset.order_by("-created_at", "-id")


def notification_get(user, pk) -> Notification:
    """One of `user`'s notifications, else Http404 (another person's too)."""
    notification = notification_list(user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def notification_unread_count(user) -> int:
    """How many of `user`'s notifications are unread: one indexed count."""
    return authorization.restrict(Notification.objects.all(), user).filter(read_at__isnull=True).count()


def with_messages(notifications) -> list[Notification]:
    """The notifications as a list, each with `message` (in the active language) and `icon` set."""
    rows = list(notifications)
    for row in rows:
        row.message = notification_kinds.render(row)
        row.icon = notification_kinds.icon(row)
    return rows


def notification_latest(user, *, limit: int = 5) -> list[Notification]:
    """The newest `limit` notifications of `user`, read or not, with their messages."""
    return with_messages(notification_list(user)[:limit])
