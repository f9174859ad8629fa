"""Pages of the weekly scrum: boards (filled in by its part)."""

urlpatterns: list = []
