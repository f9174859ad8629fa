"""Reads of portfolios."""

from django.db.models import Count, QuerySet

from pmis.core.selectors import node_get, nodes_visible, with_project_counts

from .models import Portfolio


def portfolio_list(user, *, action: str = "view") -> QuerySet[Portfolio]:
    return with_project_counts(nodes_visible(Portfolio, user, action=action)).annotate(
        program_count=Count("programs", distinct=True)
    )


def portfolio_get(user, pk, *, action: str = "view") -> Portfolio:
    return node_get(portfolio_list(user), user, pk, action=action)
