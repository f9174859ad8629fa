"""API: kpi/indicators, kpi/targets, kpi/values, kpi/contributions (helper A)."""

urlpatterns: list = []
