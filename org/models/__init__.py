"""Models of the organisation: state bodies and units, people, project roles, role assignments and absences."""

from .assignments import Absence, RoleAssignment
from .people import Person
from .roles import Role, Substitution
from .structure import StateBody, Unit

__all__ = ["Absence", "Person", "Role", "RoleAssignment", "StateBody", "Substitution", "Unit"]
