"""Pages of the weekly scrum: decisions (filled in by its part)."""

urlpatterns: list = []
