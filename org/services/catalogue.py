"""Writes of the role catalogue and the substitution scheme, which are data because the Rules change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmis.core import grants
from pmis.core.recording import refuse_unknown

from ..choices import Power, RoleLevel, ScopeKind
from ..models import Role, Substitution
from ..roles_catalogue import read_catalogue, read_substitution, role_values


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
        _role, was_created = Role.objects.update_or_create(code=row["code"], defaults=role_values(row))
        created += was_created
        updated += not was_created
    grants.changed()
    return created, updated


@transaction.atomic
def substitution_load_scheme(*, pairs: list[tuple[str, str]] | None = None) -> int:
    """Add the cells of Appendix 4 (org/data/role_substitution.csv) that are missing; return how many."""
    pairs = read_substitution() if pairs is None else pairs
    roles = {role.code: role for role in Role.objects.all()}
    added = 0
    for substitute, substituted in pairs:
        unknown = [code for code in (substitute, substituted) if code not in roles]
        if unknown:
            raise ValidationError(_("Unknown role: %(codes)s.") % {"codes": ", ".join(unknown)})
        _row, was_added = Substitution.objects.get_or_create(
            substitute=roles[substitute], substituted=roles[substituted]
        )
        added += was_added
    grants.changed()
    return added


def _clean_role(role: Role) -> None:
    errors = {}
    unknown_scopes = sorted(set(role.scopes) - set(ScopeKind.values))
    if not role.scopes or unknown_scopes:
        errors["scopes"] = _("Name at least one kind of node, from: %(kinds)s.") % {
            "kinds": ", ".join(ScopeKind.values)
        }
    unknown_powers = sorted(set(role.powers) - set(Power.values))
    if unknown_powers:
        errors["powers"] = _("Unknown powers: %(powers)s.") % {"powers": ", ".join(unknown_powers)}
    if errors:
        raise ValidationError(errors)
    role.scopes = list(dict.fromkeys(role.scopes))
    role.powers = list(dict.fromkeys(role.powers))
    role.full_clean()


ROLE_FIELDS = (
    "code",
    "level",
    "name_en",
    "name_ru",
    "name_kk",
    "source",
    "scopes",
    "powers",
    "max_holders",
    "employment",
    "one_active_project",
    "charter_required",
    "is_active",
)


@transaction.atomic
def role_create(*, actor, **values) -> Role:
    """Add a role to the catalogue (the Rules introduced a new one)."""
    refuse_unknown(values, ROLE_FIELDS)
    role = Role(**values)
    _clean_role(role)
    role._history_user = actor
    role.save()
    grants.changed()
    return role


@transaction.atomic
def role_update(*, actor, role: Role, **values) -> Role:
    """Change a role of the catalogue: its names, where it is assigned, its powers, its rules."""
    refuse_unknown(values, ROLE_FIELDS)
    if values.get("code", role.code) != role.code:
        raise ValidationError({"code": _("The code of a role cannot be changed: other records name it.")})
    role = Role.objects.select_for_update().get(pk=role.pk)
    for name, value in values.items():
        setattr(role, name, value)
    _clean_role(role)
    role._history_user = actor
    role.save()
    grants.changed()
    return role


@transaction.atomic
def substitution_add(*, actor, substitute: Role, substituted: Role) -> Substitution:
    """Add a "+" cell to the substitution scheme: holders of `substitute` act for `substituted`."""
    if Substitution.objects.filter(substitute=substitute, substituted=substituted).exists():
        raise ValidationError(_("This substitution is already in the scheme."))
    row = Substitution(substitute=substitute, substituted=substituted)
    row._history_user = actor
    row.save()
    grants.changed()
    return row


@transaction.atomic
def substitution_remove(*, actor, substitution: Substitution) -> None:
    substitution._history_user = actor
    substitution.delete()
    grants.changed()
