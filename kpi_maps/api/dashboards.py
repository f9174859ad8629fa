"""API: kpi/dashboards/{portfolio_id} (helper C)."""

urlpatterns: list = []
