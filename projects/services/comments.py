"""Writes of comments on a project's workspace (Rules p.15, p.89): add, edit, delete, with @mentions.

Whoever may view an object may comment on it; only the author edits a comment; the author or whoever may delete
in the project removes it. A person named with ``@username`` is notified, unless they cannot see the object
(then the comment names them as not notified, so the author can tell them some other way); the object's
watchers hear of every new comment. Open threads, and the board for a task, hear of every change.
"""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from org.models import Person
from org.services.notifications import notify
from pmis.core import authorization, events
from pmis.core.recording import delete_recorded, save_recorded

from .. import comment_targets as targets
from ..models import Comment

MAX_LENGTH = 10_000
#: More names than this in one comment are not looked up: a comment is not a mailing list.
MAX_MENTIONS = 50

# ``@username`` where the @ does not follow a letter, digit or one of the characters of an address (so
# ``ivan@example.kz`` is not a mention) and the name ends with a letter or digit (so ``@aliya,`` and ``@aliya.``
# at the end of a sentence name "aliya"). Usernames may hold letters, digits and . + - _ (Django's rule).
MENTION_RE = re.compile(r"(?<![\w@.+\-/])@([\w.+\-]*\w)")


def mentioned_usernames(text: str) -> list[str]:
    """The names written as ``@username`` in `text`, lower-cased, in order, each once."""
    names: list[str] = []
    for match in MENTION_RE.finditer(text or ""):
        name = match.group(1).lower()
        if name not in names:
            names.append(name)
            if len(names) == MAX_MENTIONS:
                break
    return names


def mentioned_people(text: str) -> list[Person]:
    """The active people named in `text` (case-insensitively; unknown names are ignored), in order of mention."""
    names = mentioned_usernames(text)
    if not names:
        return []
    found = {
        person.lower_username: person
        for person in Person.objects.filter(is_active=True)
        .annotate(lower_username=Lower("username"))
        .filter(lower_username__in=names)
    }
    return [found[name] for name in names if name in found]


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something: an empty comment is not saved.")})
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("A comment may be at most %(limit)s characters long; this one has %(length)s.")
                % {"limit": f"{MAX_LENGTH:,}".replace(",", "\u00a0"), "length": len(body)}
            }
        )
    return body


def _split_by_access(people: list[Person], target: Model) -> tuple[list[Person], list[Person]]:
    """(who may view `target`, who may not)."""
    seeing, blind = [], []
    for person in people:
        (seeing if authorization.can(person, authorization.VIEW, target) else blind).append(person)
    return seeing, blind


def _params(comment: Comment, target: Model) -> dict:
    project = targets.project_of(target)
    return {
        "target_kind": targets.kind_of(target),
        "ref": targets.short_ref(target),
        "title": Truncator(targets.title_of(target)).chars(120),
        "project": project.name,
        "project_id": project.pk,
        "comment_id": comment.pk,
        "excerpt": Truncator(comment.body).chars(140),
    }


def _notify_mentions(comment: Comment, target: Model, actor: Person, people: list[Person]) -> None:
    notify(
        recipients=people,
        actor=actor,
        kind="comment.mention",
        target=target,
        url=targets.url_of(target),
        params=_params(comment, target),
    )


def _publish(comment: Comment, target: Model, event: str) -> None:
    kind = targets.kind_of(target)
    groups = [targets.thread_group(kind, target.pk)]
    if kind == "task":
        groups.append(events.board_group(comment.project_id))
    count = Comment.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).count()
    events.publish(
        groups,
        event,
        {"id": comment.pk, "target": f"{kind}:{target.pk}", "count": count, "actor": comment.author_id},
    )


@transaction.atomic
def comment_add(*, actor: Person, target: Model, body: str) -> Comment:
    """Comment on `target` (a project or an object of its workspace) as `actor`, who must be able to see it.

    The people mentioned who may see the target are notified ("comment.mention") and recorded as the comment's
    mentions; those who may not are returned in ``comment.not_notified``. The target's watchers hear of it
    ("comment.new"); the author hears of nothing.
    """
    if targets.kind_of(target) is None:
        raise ValidationError(_("This cannot be commented on."))
    if not authorization.can(actor, authorization.VIEW, target):
        raise PermissionDenied
    body = _clean_body(body)
    comment = Comment(
        project=targets.project_of(target),
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        author=actor,
        body=body,
    )
    save_recorded(comment, actor, _("Commented"))
    mentioned = [person for person in mentioned_people(body) if person.pk != actor.pk]
    seeing, blind = _split_by_access(mentioned, target)
    comment.mentions.set(seeing)
    _notify_mentions(comment, target, actor, seeing)
    watchers, _blind = _split_by_access(
        [person for person in targets.watchers_of(target) if person not in mentioned], target
    )
    notify(
        recipients=watchers,
        actor=actor,
        kind="comment.new",
        target=target,
        url=targets.url_of(target),
        params=_params(comment, target),
    )
    _publish(comment, target, "comment.added")
    comment.not_notified = blind
    return comment


@transaction.atomic
def comment_edit(*, actor: Person, comment: Comment, body: str) -> Comment:
    """Change the text of `actor`'s own comment; only people mentioned for the first time are notified (and
    those of them who cannot see the target are returned in ``comment.not_notified``)."""
    authorization.require(actor, authorization.CHANGE, comment)
    if comment.author_id != actor.pk:
        # The authorization module lets whoever may delete in the project change a comment too; words are the
        # author's own, so a moderator removes a comment but never rewrites it.
        raise PermissionDenied
    body = _clean_body(body)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    target = comment.target
    before = set(comment.mentions.values_list("pk", flat=True))
    comment.body = body
    comment.edited_at = timezone.now()
    save_recorded(comment, actor, _("Edited"))
    mentioned = [person for person in mentioned_people(body) if person.pk != actor.pk]
    seeing, blind = _split_by_access([person for person in mentioned if person.pk not in before], target)
    # Names taken out of the text are no longer mentions; those still in it stay without a second notice.
    comment.mentions.set([person for person in mentioned if person.pk in before] + seeing)
    _notify_mentions(comment, target, actor, seeing)
    _publish(comment, target, "comment.changed")
    comment.not_notified = blind
    return comment


@transaction.atomic
def comment_delete(*, actor: Person, comment: Comment) -> None:
    """Remove a comment: its author, or whoever may delete in the project."""
    authorization.require(actor, authorization.DELETE, comment)
    target = comment.target
    pk = comment.pk
    delete_recorded(comment, actor, _("Deleted"))
    if target is not None:
        comment.pk = pk  # the event names the comment that went away
        _publish(comment, target, "comment.deleted")
