"""Recording absences — leave, business trips, illness — during which substitutes act (Rules p.99)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pmis.core import grants
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..models import Absence, Person

EDITABLE = ("kind", "starts_on", "ends_on", "note")


def _check(absence: Absence) -> None:
    if absence.starts_on is None or absence.ends_on is None:
        return  # full_clean names the missing day
    if absence.ends_on < absence.starts_on:
        raise ValidationError({"ends_on": _("The end of the absence must not be earlier than its start.")})
    clash = (
        Absence.objects.filter(
            person=absence.person, starts_on__lte=absence.ends_on, ends_on__gte=absence.starts_on
        )
        .exclude(pk=absence.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("%(person)s is already away in this period: %(kind)s from %(start)s to %(end)s.")
            % {
                "person": absence.person.short_name,
                "kind": clash.get_kind_display().lower(),
                "start": date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(clash.ends_on, "SHORT_DATE_FORMAT"),
            }
        )


def _save(absence: Absence, actor, reason: str) -> Absence:
    # Our checks first: they put the message beside the field (the model's constraint would put it on top).
    _check(absence)
    save_recorded(absence, actor, reason)
    grants.changed()
    return absence


@transaction.atomic
def absence_create(
    *, actor: Person | None, person: Person, kind: str, starts_on: dt.date, ends_on: dt.date, note: str = ""
) -> Absence:
    """Record that `person` is away from `starts_on` to `ends_on`, both inclusive."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    absence = Absence(
        person=person, kind=kind, starts_on=starts_on, ends_on=ends_on, note=note, created_by=actor
    )
    return _save(absence, actor, _("Recorded"))


@transaction.atomic
def absence_update(*, actor: Person | None, absence: Absence, **values) -> Absence:
    """Change the kind, period or note of an absence (a leave cut short, a trip extended)."""
    refuse_unknown(values, EDITABLE)
    Person.objects.select_for_update().filter(pk=absence.person_id).first()
    absence = Absence.objects.select_related("person").get(pk=absence.pk)
    for name, value in values.items():
        setattr(absence, name, value)
    return _save(absence, actor, _("Changed"))


@transaction.atomic
def absence_delete(*, actor: Person | None, absence: Absence) -> None:
    delete_recorded(absence, actor, _("Deleted"))
    grants.changed()
