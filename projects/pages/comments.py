"""The comment thread under any object of a project's workspace (Rules p.15, p.89), as an HTMX fragment.

``GET /projects/comments/<kind>/<id>/`` renders the thread (the host page's ``projects/_comments_slot.html``
loads it after the page); ``POST`` to the same URL comments and answers the thread again (400 with the message
for an empty comment, nothing saved); ``/projects/comments/<pk>/edit/`` and ``…/delete/`` (POST) edit and delete
one comment and answer its thread. An object the reader may not see, or an unknown kind, is a 404.
"""

from __future__ import annotations

import re

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views import View

from pmis.core import authorization

from .. import comment_targets as targets
from ..selectors.comments import comment_get, comment_thread, target_get
from ..services.comments import MAX_LENGTH, MENTION_RE, comment_add, comment_delete, comment_edit

URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address it follows.
_URL_TAIL = ".,;:!?)]}»\u201d'"
_TOKEN_RE = re.compile(f"(?P<url>{URL_RE.pattern})|{MENTION_RE.pattern}", re.IGNORECASE)


def render_body(body: str, mentions) -> SafeString:
    """The comment's text as HTML: everything escaped, then addresses made links (http and https only) and the
    ``@username`` of a mentioned person a link to their page; line breaks kept."""
    people = {person.username.lower(): person for person in mentions}
    parts: list[str] = []
    position = 0
    for match in _TOKEN_RE.finditer(body):
        parts.append(escape(body[position : match.start()]))
        position = match.end()
        if match.group("url"):
            url = match.group("url")
            tail = ""
            while url and url[-1] in _URL_TAIL:
                tail = url[-1] + tail
                url = url[:-1]
            parts.append(
                format_html('<a href="{0}" rel="nofollow noopener noreferrer" target="_blank">{0}</a>', url)
            )
            parts.append(escape(tail))
            continue
        person = people.get(match.group(2).lower())
        if person is None:
            parts.append(escape(match.group(0)))
        else:
            parts.append(
                format_html(
                    '<a class="comment-mention fw-medium bg-primary-subtle rounded px-1 text-decoration-none" href="{}" title="{}">@{}</a>',
                    reverse("person-detail", args=[person.pk]),
                    person.full_name,
                    match.group(2),
                )
            )
    parts.append(escape(body[position:]))
    html = "".join(str(part) for part in parts)
    return mark_safe(
        html.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    )  # every part was escaped above


def _render_thread(
    request, kind: str, pk, *, body: str = "", errors=None, not_notified=None, status: int = 200
):
    thread = comment_thread(request.user, kind, pk)
    for comment in thread.comments:
        comment.html = render_body(comment.body, comment.mentions.all())
    return render(
        request,
        "projects/_comments_thread.html",
        {
            "thread": thread,
            "kind": thread.kind,
            "target_id": thread.target.pk,
            "body": body,
            "errors": errors or [],
            "not_notified": not_notified or [],
            "max_length": MAX_LENGTH,
        },
        status=status,
    )


class CommentThreadView(LoginRequiredMixin, View):
    """The thread of one object; POST adds a comment to it."""

    def get(self, request, kind, id):
        return _render_thread(request, kind, id)

    def post(self, request, kind, id):
        target = target_get(request.user, kind, id)
        body = request.POST.get("body", "")
        try:
            comment = comment_add(actor=request.user, target=target, body=body)
        except ValidationError as error:
            return _render_thread(request, kind, id, body=body, errors=error.messages, status=400)
        return _render_thread(request, kind, id, not_notified=comment.not_notified)


def _thread_of(comment) -> tuple[str, int]:
    return targets.kind_of_type(comment.target_type_id), comment.target_id


class CommentEditView(LoginRequiredMixin, View):
    """POST: the author changes their comment's text; answers the thread (400 with the message when empty)."""

    def post(self, request, pk):
        comment = comment_get(request.user, pk, action=authorization.CHANGE)
        kind, target_id = _thread_of(comment)
        try:
            comment = comment_edit(actor=request.user, comment=comment, body=request.POST.get("body", ""))
        except ValidationError as error:
            return _render_thread(request, kind, target_id, errors=error.messages, status=400)
        return _render_thread(request, kind, target_id, not_notified=comment.not_notified)


class CommentDeleteView(LoginRequiredMixin, View):
    """POST: the author (or whoever may delete in the project) removes a comment; answers the thread."""

    def post(self, request, pk):
        comment = comment_get(request.user, pk, action=authorization.DELETE)
        kind, target_id = _thread_of(comment)
        comment_delete(actor=request.user, comment=comment)
        return _render_thread(request, kind, target_id)


urlpatterns = [
    path("projects/comments/<int:pk>/edit/", CommentEditView.as_view(), name="comment-edit"),
    path("projects/comments/<int:pk>/delete/", CommentDeleteView.as_view(), name="comment-delete"),
    path("projects/comments/<str:kind>/<int:id>/", CommentThreadView.as_view(), name="comments-thread"),
]
