"""Pages of the weekly scrum: escalations (filled in by its part)."""

urlpatterns: list = []
