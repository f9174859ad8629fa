"""Pages of the operational plans under /operational-plans/: one module per page family, each with `urlpatterns`."""
