"""API: kpi/ratings (helper B)."""

urlpatterns: list = []
