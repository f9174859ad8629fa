"""API of the weekly scrum: schedules (filled in by its part)."""

urlpatterns: list = []
