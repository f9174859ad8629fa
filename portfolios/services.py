"""Writes of portfolios."""

from __future__ import annotations

from typing import Unpack

from django.db import transaction

from org.models import Person
from pmis.core.hierarchy import check_children_deadline
from pmis.core.node_services import NodeFields, node_create, node_delete, node_update

from .models import Portfolio


def portfolio_create(*, actor: Person | None, reason: str = "", **fields: Unpack[NodeFields]) -> Portfolio:
    """Create the portfolio of a national priority; it is a root of the hierarchy."""
    return node_create(Portfolio, actor=actor, parent_path="", links={}, fields=fields, reason=reason)


@transaction.atomic
def portfolio_update(
    *, actor: Person | None, portfolio: Portfolio, reason: str = "", **fields: Unpack[NodeFields]
) -> Portfolio:
    """Change a portfolio; its end may not move before a program or project inside it ends (Rules p.9)."""
    portfolio = node_update(portfolio, actor=actor, fields=fields, reason=reason)
    check_children_deadline(portfolio)
    return portfolio


def portfolio_delete(*, actor: Person | None, portfolio: Portfolio, reason: str = "") -> None:
    node_delete(portfolio, actor=actor, reason=reason)
