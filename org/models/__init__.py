"""Models of the organisation: state bodies and units, people, project roles, role assignments, absences and
notifications."""

from .assignments import Absence, RoleAssignment
from .certification import Certification
from .notifications import Notification
from .people import Person
from .roles import Role, Substitution
from .structure import StateBody, Unit

__all__ = [
    "Absence",
    "Certification",
    "Notification",
    "Person",
    "Role",
    "RoleAssignment",
    "StateBody",
    "Substitution",
    "Unit",
]
