"""API of initiatives under /api/v1/."""

urlpatterns: list = []
