"""Filters of the portfolio list."""

from pmis.core.api.filters import NodeFilterSet

from ..models import Portfolio


class PortfolioFilter(NodeFilterSet):
    class Meta(NodeFilterSet.Meta):
        model = Portfolio
