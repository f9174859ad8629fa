"""Pages of the operational plans under /operational-plans/."""

from .pages import activities, imports, plans, reports, submissions

urlpatterns = [
    *plans.urlpatterns,
    *activities.urlpatterns,
    *imports.urlpatterns,
    *submissions.urlpatterns,
    *reports.urlpatterns,
]
