"""API of instructions under /api/v1/."""

urlpatterns: list = []
