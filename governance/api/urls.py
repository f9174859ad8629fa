"""API of governance under /api/v1/."""

urlpatterns: list = []
