"""Writes of people's own settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Person


def person_set_language(*, person: Person, language: str) -> Person:
    """Remember the language a person chose in the switcher, so every device opens in it."""
    if language not in dict(Person._meta.get_field("language").choices):
        raise ValidationError({"language": _("Unknown language.")})
    if person.language != language:
        person.language = language
        person.save(update_fields=["language"])
    return person
