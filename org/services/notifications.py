"""Telling people that something needs them: one Notification row each, pushed live to their open pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from pmis.core import events

from ..models import Notification, Person


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Person],
    actor: Person | None,
    kind: str,
    target: Model | None = None,
    url: str = "",
    params: dict | None = None,
) -> list[Notification]:
    """Notify each recipient once (never the actor about their own act) of `kind` about `target`.

    `params` are what the message is rendered from in the reader's language (see org.notification_kinds); the
    rows are written in one statement and every recipient's open pages hear ``notification.new`` on commit.
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
    return rows
