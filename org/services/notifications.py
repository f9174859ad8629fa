"""Telling people that something needs them: one Notification row each, pushed live to their open pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from pmis.core import events

from ..models import Notification, Person


def project_params(project) -> dict:
    """How a notification names a project: its code and its names in every language, so each reader sees the
    name in their own (org.notification_kinds picks it when the message is shown)."""
    return {
        "project": project.code,
        "project_names": {"kk": project.name_kk, "ru": project.name_ru, "en": project.name_en},
    }


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Person],
    actor: Person | None,
    kind: str,
    target: Model | None = None,
    url: str = "",
    params: dict | None = None,
    email: bool = False,
) -> list[Notification]:
    """Notify each recipient once (never the actor about their own act) of `kind` about `target`.

    `params` are what the message is rendered from in the reader's language (see org.notification_kinds); the
    rows are written in one statement and every recipient's open pages hear ``notification.new`` on commit.
    With `email`, each recipient who has an address also gets the message by e-mail, in their own language,
    once the transaction commits (reminders sent from Celery tasks use it).
    """
    seen: set[int] = set()
    people = []
    for person in recipients:
        if person is None or person.pk in seen or (actor is not None and person.pk == actor.pk):
            continue
        seen.add(person.pk)
        people.append(person)
    if not people:
        return []
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            actor=actor,
            kind=kind,
            params=params or {},
            target_type=target_type,
            target_id=target.pk if target is not None else None,
            url=url,
        )
        for person in people
    )
    for row in rows:
        events.publish(
            [events.user_group(row.recipient_id)],
            "notification.new",
            {"id": row.pk, "kind": kind, "url": url, "actor": actor.pk if actor else None},
        )
    if email:
        transaction.on_commit(lambda: mail_notifications(rows))
    return rows


def mail_notifications(rows: list[Notification]) -> int:
    """Send each notification to its recipient's e-mail address, rendered in the recipient's language; the
    number sent. A recipient without an address is skipped (they still see it in the PMIS)."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection
    from django.utils import translation

    from ..notification_kinds import render

    messages = []
    for row in rows:
        person = row.recipient
        if not person.email:
            continue
        with translation.override(person.language or settings.LANGUAGE_CODE):
            text = render(row)
            link = f"{settings.PMIS_BASE_URL.rstrip('/')}{row.url}" if row.url else settings.PMIS_BASE_URL
            body = f"{text}\n\n{link}\n"
        messages.append(EmailMessage(subject=f"PMIS: {text}"[:200], body=body, to=[person.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@transaction.atomic
def notification_read(*, actor: Person, notification: Notification) -> Notification:
    """Mark one of `actor`'s notifications read (reading it again changes nothing)."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        _tell_read(actor, [notification.pk])
    return notification


@transaction.atomic
def notification_read_all(*, actor: Person) -> int:
    """Mark every unread notification of `actor` read; the number marked."""
    ids = list(
        Notification.objects.filter(recipient=actor, read_at__isnull=True).values_list("pk", flat=True)
    )
    if ids:
        Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
        _tell_read(actor, ids)
    return len(ids)


def _tell_read(actor: Person, ids: list[int]) -> None:
    # The person's other open pages update their bell too.
    events.publish([events.user_group(actor.pk)], "notification.read", {"ids": ids[:100], "count": len(ids)})
