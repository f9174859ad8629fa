"""API of the operational plans under ``/api/v1/`` (DESIGN.md §4): ``operational-plans/``,
``operational-plans/{id}/activities/``, ``operational-plans/{id}/submissions/``,
``operational-plans/{id}/reports/{year}/{quarter}/``."""

from . import activities, imports, plans, reports, submissions

urlpatterns = [
    *plans.urlpatterns,
    *activities.urlpatterns,
    *imports.urlpatterns,
    *submissions.urlpatterns,
    *reports.urlpatterns,
]
