"""Pages of the goal map under /kpi/."""

from .pages import dashboard, entry, goal_map, indicators, ratings

urlpatterns = [
    *indicators.urlpatterns,
    *entry.urlpatterns,
    *goal_map.urlpatterns,
    *ratings.urlpatterns,
    *dashboard.urlpatterns,
]
