"""Pages of instructions."""

urlpatterns: list = []
