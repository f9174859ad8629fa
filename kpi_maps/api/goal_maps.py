"""API: kpi/goal-maps/{portfolio_id} (helper B)."""

urlpatterns: list = []
