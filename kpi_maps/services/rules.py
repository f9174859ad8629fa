"""Writes of the achievement rule sets: the Office configures how achievement is scored (Rules p.64, p.66(7))."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.recording import save_recorded

from ..models import RuleSet

FIELDS = (
    "name_kk",
    "name_ru",
    "name_en",
    "portfolio",
    "higher_formula",
    "lower_formula",
    "cap",
    "green",
    "amber",
    "basis",
)


def _require_office(actor) -> None:
    """Only who may change everything (the Office) or holds the model permission sets how the country is scored."""
    if not authorization.can(actor, authorization.CHANGE, RuleSet):
        raise PermissionDenied(_("Only the Office may change how achievement is scored."))


@transaction.atomic
def rule_set_save(rule_set: RuleSet, *, actor, reason: str = "") -> RuleSet:
    """Validate and save a rule set (new or changed) with its history; dashboards score by it from the next read."""
    _require_office(actor)
    return save_recorded(rule_set, actor, reason or (_("Changed") if rule_set.pk else _("Created")))


@transaction.atomic
def rule_set_delete(rule_set: RuleSet, *, actor, reason: str = "") -> None:
    """Remove a portfolio's own rule set (it is scored by the default again); the default stays."""
    from django.core.exceptions import ValidationError

    from pmis.core.recording import delete_recorded

    _require_office(actor)
    if rule_set.portfolio_id is None:
        raise ValidationError(_("The default rule set cannot be deleted; change it instead."))
    delete_recorded(rule_set, actor, reason or _("Deleted"))
