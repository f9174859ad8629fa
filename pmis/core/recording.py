"""How a service writes a row: only the fields it knows, validated, with who and why in the row's history.

Every app's services do this for every write; here it is once. ``refuse_unknown`` guards the ``**values`` of an
update service; ``save_recorded`` / ``delete_recorded`` give django-simple-history the actor and the reason, and
turn a constraint that validation could not see (a concurrent duplicate) into a message instead of a 500.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _


def refuse_unknown(values: Iterable[str], allowed: Iterable[str]) -> None:
    """Refuse a write naming fields the service does not change (a typo, or a field it keeps to itself)."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})


def save_recorded(obj, actor, reason: str, *, clean: bool = True, exclude=None, **save_options):
    """Validate `obj` (unless the caller has), then save it with `actor` and `reason` in its history."""
    if clean:
        obj.full_clean(exclude=exclude)
    obj._history_user = actor
    obj._change_reason = reason
    try:
        obj.save(**save_options)
    except IntegrityError as error:  # a constraint full_clean could not see (a concurrent duplicate)
        raise ValidationError(
            _("The change conflicts with another record: %(error)s") % {"error": error}
        ) from error
    return obj


def delete_recorded(obj, actor, reason: str) -> None:
    """Delete `obj`; its history keeps who deleted it and why."""
    obj._history_user = actor
    obj._change_reason = reason
    obj.delete()
