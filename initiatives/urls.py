"""Pages of initiatives."""

urlpatterns: list = []
