"""Explicit grants on one node: an expert on a project, a public monitoring group on a program (read-only).

They are django-guardian object permissions (``projects.view_project`` on project 5, for a person or a group);
pmis/core/grants.py reads them with the roles, so they reach the node and everything below it.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from pmis.core import grants

from ..models import Person

ACTIONS = ("view", "change")


def _perm(node, action: str) -> str:
    if action not in ACTIONS:
        raise ValidationError({"action": _("An explicit grant is “view” or “change”.")})
    return f"{node._meta.app_label}.{action}_{node._meta.model_name}"


def _holder(person: Person | None, group: Group | None):
    if (person is None) == (group is None):
        raise ValidationError(_("Grant access to one person or to one group."))
    return person or group


@transaction.atomic
def access_grant(
    *, actor, node, action: str = "view", person: Person | None = None, group: Group | None = None
):
    """Let a person or a group `action` ("view", or "change") `node` and everything below it."""
    permission = assign_perm(_perm(node, action), _holder(person, group), node)
    grants.changed()
    return permission


@transaction.atomic
def access_revoke(
    *, actor, node, action: str = "view", person: Person | None = None, group: Group | None = None
):
    remove_perm(_perm(node, action), _holder(person, group), node)
    grants.changed()
