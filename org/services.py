"""Writes of the organisation app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .choices import RoleLevel
from .models import Person, Role
from .roles_catalogue import read_catalogue


@transaction.atomic
def roles_load_catalogue(*, rows: list[dict[str, str]] | None = None) -> tuple[int, int]:
    """Create or update the project roles from the catalogue; return (created, updated).

    Roles not in the catalogue are kept (assignments may point at them) but no longer overwritten.
    """
    rows = read_catalogue() if rows is None else rows
    levels = set(RoleLevel.values)
    created = updated = 0
    for number, row in enumerate(rows, start=2):
        if row["level"] not in levels:
            raise ValidationError(
                _("Line %(line)s: unknown level “%(level)s” of role %(code)s.")
                % {"line": number, "level": row["level"], "code": row["code"]}
            )
        values = {key: row.get(key, "") for key in ("level", "name_en", "name_ru", "name_kk", "source")}
        _role, was_created = Role.objects.update_or_create(code=row["code"], defaults=values)
        created += was_created
        updated += not was_created
    return created, updated


def person_set_language(*, person: Person, language: str) -> Person:
    """Remember the language a person chose in the switcher, so every device opens in it."""
    if language not in dict(Person._meta.get_field("language").choices):
        raise ValidationError({"language": _("Unknown language.")})
    if person.language != language:
        person.language = language
        person.save(update_fields=["language"])
    return person
