"""Pages of a person's notifications: the inbox, opening one (which marks it read), marking all read, the
unread count and the latest few for the navbar's bell (both loaded after the page, so no page pays for them),
and the people an ``@`` in a comment may name.

Reads go through org.selectors_notifications, writes through org.services.notifications; a notification is
its recipient's alone (another person's id is a 404).
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from .selectors import person_search
from .selectors_notifications import (
    notification_get,
    notification_latest,
    notification_list,
    notification_unread_count,
    with_messages,
)
from .services.notifications import notification_read, notification_read_all

PAGE_SIZE = 25
MENTION_OPTIONS = 8


class NotificationListView(LoginRequiredMixin, View):
    """``/org/notifications/``: newest first, unread in bold, 25 a page; ``?unread=1`` shows the unread only."""

    def get(self, request):
        unread_only = request.GET.get("unread") == "1"
        page = Paginator(
            notification_list(request.user, unread=True if unread_only else None), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        page.object_list = with_messages(page.object_list)
        return render(
            request,
            "org/notifications.html",
            {"page_obj": page, "unread_only": unread_only, "unread": notification_unread_count(request.user)},
        )


class NotificationOpenView(LoginRequiredMixin, View):
    """``/org/notifications/<id>/open/``: mark it read and go where it points (the inbox when it points
    nowhere, or off this site)."""

    def get(self, request, pk):
        notification = notification_read(actor=request.user, notification=notification_get(request.user, pk))
        url = notification.url
        if not url or not url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            url = reverse("notifications")
        return HttpResponseRedirect(url)


class NotificationReadAllView(LoginRequiredMixin, View):
    """POST ``/org/notifications/read-all/``: every unread notification read; back to the inbox (or, from the
    bell, the bell's list again)."""

    def post(self, request):
        notification_read_all(actor=request.user)
        if request.headers.get("HX-Request") and request.POST.get("from") == "bell":
            return _latest(request)
        return redirect("notifications")


class NotificationCountView(LoginRequiredMixin, View):
    """``/org/notifications/count/``: ``{"unread": n}`` for the bell's badge."""

    def get(self, request):
        return JsonResponse({"unread": notification_unread_count(request.user)})


def _latest(request):
    return render(
        request,
        "org/_notifications_latest.html",
        {
            "notifications": notification_latest(request.user),
            "unread": notification_unread_count(request.user),
        },
    )


class NotificationLatestView(LoginRequiredMixin, View):
    """``/org/notifications/latest/``: the newest five, the bell's dropdown (loaded when it is opened)."""

    def get(self, request):
        return _latest(request)


class PersonMentionView(LoginRequiredMixin, View):
    """``/org/people/mention/?q=ali``: the people an ``@`` may name, as JSON for the comment box's suggestions:
    ``[{"username", "name", "position"}]``, at most eight."""

    def get(self, request):
        query = request.GET.get("q", "").strip().lstrip("@")
        people = person_search(request.user, query, limit=MENTION_OPTIONS) if query else []
        return JsonResponse(
            {
                "results": [
                    {"username": person.username, "name": person.full_name, "position": person.position}
                    for person in people
                ]
            }
        )
