"""Pages of the goal map under /kpi/: one module per page family, each exposing `urlpatterns`."""
