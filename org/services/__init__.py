"""Writes of the organisation app, one module a concept; import them from here."""

from .absences import absence_create, absence_delete, absence_update
from .access import access_grant, access_revoke
from .assignments import (
    assignment_create,
    assignment_delete,
    assignment_update,
    check_charter_roles,
    check_one_active_project,
)
from .catalogue import (
    role_create,
    role_update,
    roles_load_catalogue,
    substitution_add,
    substitution_load_scheme,
    substitution_remove,
)
from .certifications import certification_add, certification_delete, certification_update
from .people import person_set_language

__all__ = [
    "absence_create",
    "absence_delete",
    "absence_update",
    "access_grant",
    "access_revoke",
    "assignment_create",
    "assignment_delete",
    "assignment_update",
    "certification_add",
    "certification_delete",
    "certification_update",
    "check_charter_roles",
    "check_one_active_project",
    "person_set_language",
    "role_create",
    "role_update",
    "roles_load_catalogue",
    "substitution_add",
    "substitution_load_scheme",
    "substitution_remove",
]
