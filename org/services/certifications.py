"""Writes of a person's certificates in project management (Rules p.64, the share of certified personnel): the
person records their own; the Office (or whoever holds the model permission) records anyone's."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..models import Certification, Person

EDITABLE = ("kind", "number", "issued_on", "valid_until")


def may_keep_certificates(actor, person) -> bool:
    """The person themselves, or the Office (``change`` on certificates)."""
    if actor is None or not actor.is_authenticated:
        return False
    return actor.pk == person.pk or authorization.can(actor, authorization.CHANGE, Certification)


def _require(actor, person) -> None:
    if not may_keep_certificates(actor, person):
        raise PermissionDenied(
            _("Only the person themselves or the project Office records their certificates.")
        )


@transaction.atomic
def certification_add(
    *,
    actor: Person,
    person: Person,
    kind: str,
    issued_on: dt.date,
    number: str = "",
    valid_until: dt.date | None = None,
) -> Certification:
    """Record a certificate of `person`."""
    _require(actor, person)
    certification = Certification(
        person=person, kind=kind, number=(number or "").strip(), issued_on=issued_on, valid_until=valid_until
    )
    return save_recorded(certification, actor, _("Added"))


@transaction.atomic
def certification_update(*, actor: Person, certification: Certification, **values) -> Certification:
    """Correct a certificate (kind, number, dates)."""
    refuse_unknown(values, EDITABLE)
    current = Certification.objects.select_for_update().select_related("person").get(pk=certification.pk)
    _require(actor, current.person)
    for name, value in values.items():
        setattr(current, name, (value or "").strip() if name == "number" else value)
    return save_recorded(current, actor, _("Changed"))


@transaction.atomic
def certification_delete(*, actor: Person, certification: Certification) -> None:
    """Remove a certificate recorded by mistake (its history keeps it)."""
    current = Certification.objects.select_for_update().select_related("person").get(pk=certification.pk)
    _require(actor, current.person)
    delete_recorded(current, actor, _("Deleted"))
