"""API of the weekly scrum: meetings (filled in by its part)."""

urlpatterns: list = []
