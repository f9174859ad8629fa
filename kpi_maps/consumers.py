"""Websockets of the goal map: the live curators' dashboard (Rules p.20, p.87(1))."""

from __future__ import annotations

from channels.db import database_sync_to_async

from pmis.core.consumers import AuthorizedConsumer
from portfolios.models import Portfolio

from .access import may_read_subtree
from .live import dashboard_group


class DashboardConsumer(AuthorizedConsumer):
    """``ws/kpi/dashboards/<portfolio_id>/``: the open dashboard of a portfolio hears the `kpi.scores` deltas that
    `kpi_maps.live.values_changed` sends after a fact or a plan is written.

    Only someone who may read the whole portfolio joins (`kpi_maps.access.may_read_subtree`): an outsider, and a
    person who sees the portfolio only as the context of their own work below it, are closed with 4404 as the page
    answers them 404. The socket only listens; after a reconnect the page refetches the dashboard's JSON.
    """

    def get_object(self):
        return Portfolio.objects.filter(pk=self.scope["url_route"]["kwargs"]["portfolio_id"]).first()

    def groups_for(self, obj) -> list[str]:
        return [dashboard_group(obj.KIND, obj.pk)]

    def _permitted(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        portfolio = self.get_object()
        return portfolio if portfolio is not None and may_read_subtree(user, portfolio) else None

    async def connect(self):
        self.groups_joined = []
        portfolio = await database_sync_to_async(self._permitted)()
        if portfolio is None:
            await self.close(code=4404)
            return
        self.groups_joined = self.groups_for(portfolio)
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
