"""API: submissions (filled in by its part of issue 7)."""

urlpatterns: list = []
