"""API of the goal map under /api/v1/kpi/ (DESIGN.md §4)."""

from . import dashboards, goal_maps, indicators, ratings

urlpatterns = [
    *indicators.urlpatterns,
    *goal_maps.urlpatterns,
    *ratings.urlpatterns,
    *dashboards.urlpatterns,
]
