"""Pages of governance."""

urlpatterns: list = []
