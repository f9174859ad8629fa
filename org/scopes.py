"""Where a role is held: the Office, a state body or a node, its ``kind:id`` reference and the prefixes it reaches.

Shared by the services (to store an assignment's scope) and the substitution reads (to decide which holders are
on the same branch as a node). The rules mirror pmis/core/grants.py, which decides the same in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pmis.core.nodes import resolve_ref

from .choices import BodyKind, ScopeKind
from .models import StateBody


@dataclass(frozen=True)
class Scope:
    """The Office, a state body or a node, as a role assignment names it."""

    kind: str
    obj: object

    @classmethod
    def of(cls, obj) -> Scope:
        if isinstance(obj, StateBody):
            return cls(ScopeKind.OFFICE if obj.kind == BodyKind.OFFICE else ScopeKind.BODY, obj)
        return cls(obj.KIND, obj)

    @classmethod
    def from_ref(cls, ref: str) -> Scope:
        """``"project:5"``, ``"body:2"`` or ``"office:1"`` → the scope, or a ValidationError naming the ref."""
        return cls.of(resolve_ref(ref))

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.obj.pk}"

    @property
    def path(self) -> str:
        """The path stored on an assignment: the node's own, or ``body:<id>/`` / ``office:<id>/``."""
        if self.kind in (ScopeKind.OFFICE, ScopeKind.BODY):
            return f"{self.kind}:{self.obj.pk}/"
        return self.obj.path

    @property
    def field(self) -> str:
        """The RoleAssignment field that holds this scope."""
        return "body" if self.kind in (ScopeKind.OFFICE, ScopeKind.BODY) else self.kind

    @property
    def name(self) -> str:
        return self.obj.name

    def get_absolute_url(self) -> str:
        return self.obj.get_absolute_url()


def reach(
    scope_kind: str, scope_path: str, owned_program_paths: dict[int, list[str]], body_id=None
) -> list[str]:
    """The path prefixes a role held on a scope reaches: the Office everything (``""``); a state body its own
    subtree and the programs it owns; a node its subtree."""
    if scope_kind == ScopeKind.OFFICE:
        return [""]
    if scope_kind == ScopeKind.BODY:
        return [scope_path, *owned_program_paths.get(body_id, [])]
    return [scope_path]


def same_branch(first: list[str], second: list[str]) -> bool:
    """Does one of the prefixes lie at, above or below one of the others?"""
    return any(a.startswith(b) or b.startswith(a) for a in first for b in second)


def covers(candidate: list[str], own: list[str]) -> bool:
    """Does the scope reaching `candidate` reach everything the scope reaching `own` does (each of own's prefixes
    lies under one of candidate's)? A role held on one program of a state body is at or above that program, but
    does not cover the body, which also reaches its standard direction and its other programs."""
    return all(any(o.startswith(c) for c in candidate) for o in own)


def check_role_fits(role, scope: Scope) -> None:
    """A role is assigned only on the kinds of node the catalogue names for it."""
    if scope.kind not in role.scopes:
        kinds = ", ".join(str(ScopeKind(kind).label) for kind in role.scopes if kind in ScopeKind.values)
        raise ValidationError(
            {
                "role": _("The role “%(role)s” is not assigned on a %(kind)s; it is assigned on: %(kinds)s.")
                % {"role": role.name, "kind": ScopeKind(scope.kind).label.lower(), "kinds": kinds or "—"}
            }
        )
