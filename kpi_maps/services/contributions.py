"""Writes of decomposition links (Rules p.71(1), p.17(3); Methodology p.60–62).

"Change" on the parent indicator's node links a child indicator to it with a share in percent. The child's node
lies strictly below the parent's (so the links never form a cycle), and the shares into one parent add up to at
most 100 %.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.recording import delete_recorded, save_recorded

from ..models import Contribution, Indicator
from ._common import to_decimal

HUNDRED = Decimal(100)


def _plain(number: Decimal) -> str:
    """20.00 → "20", 12.50 → "12.5"."""
    return format(number.normalize(), "f")


def _share(share) -> Decimal:
    number = to_decimal(share, label=_("The share"))
    if number is None or not Decimal(0) < number <= HUNDRED:
        raise ValidationError({"share": _("The share is more than 0 and at most 100 %.")})
    return number


def _check_sum(parent: Indicator, share: Decimal, *, without: int | None = None) -> None:
    others = Contribution.objects.filter(parent=parent).exclude(pk=without)
    current = others.aggregate(total=Sum("share"))["total"] or Decimal(0)
    if current + share > HUNDRED:
        raise ValidationError(
            {
                "share": _(
                    "The shares into %(code)s would add up to more than 100 %%: %(current)s %% is already given, "
                    "%(left)s %% is left."
                )
                % {
                    "code": parent.code,
                    "current": _plain(current),
                    "left": _plain(HUNDRED - current),
                }
            }
        )


@transaction.atomic
def contribution_create(*, actor, parent: Indicator, child: Indicator, share, note: str = "") -> Contribution:
    """Link `child` to `parent` with a share in percent."""
    parent = Indicator.objects.select_for_update().get(
        pk=parent.pk
    )  # one writer of the parent's shares at a time
    authorization.require(actor, authorization.CHANGE, parent)
    authorization.require(actor, authorization.VIEW, child)
    if not (child.node_path.startswith(parent.node_path) and len(child.node_path) > len(parent.node_path)):
        raise ValidationError(
            {
                "child": _(
                    "%(child)s (on %(child_node)s) does not lie below %(parent)s (on %(parent_node)s): an "
                    "indicator contributes only to an indicator of a node above its own."
                )
                % {
                    "child": child.code,
                    "child_node": child.node_ref,
                    "parent": parent.code,
                    "parent_node": parent.node_ref,
                }
            }
        )
    share = _share(share)
    _check_sum(parent, share)
    contribution = Contribution(parent=parent, child=child, share=share, note=note, created_by=actor)
    return save_recorded(contribution, actor, _("Linked"))


@transaction.atomic
def contribution_update(contribution: Contribution, *, actor, share, note: str | None = None) -> Contribution:
    """Change the share (and the note) of a link."""
    parent = Indicator.objects.select_for_update().get(pk=contribution.parent_id)
    contribution = Contribution.objects.select_related("child", "parent").get(pk=contribution.pk)
    authorization.require(actor, authorization.CHANGE, parent)
    share = _share(share)
    _check_sum(parent, share, without=contribution.pk)
    contribution.share = share
    if note is not None:
        contribution.note = note
    return save_recorded(contribution, actor, _("Changed"), exclude=["created_by"])


@transaction.atomic
def contribution_delete(contribution: Contribution, *, actor) -> None:
    """Remove a link."""
    contribution = Contribution.objects.select_related("parent", "child").get(pk=contribution.pk)
    authorization.require(actor, authorization.CHANGE, contribution.parent)
    delete_recorded(contribution, actor, _("Unlinked"))
