"""Pages of programs (/programs/), basic directions (/directions/) and groups of projects (/groups/), and the
program's management documents (/programs/<id>/plan/ …)."""

from .pages import certifications, completion, lessons, plan, project_performance, ratios
from .views import DIRECTION, GROUP, PROGRAM

urlpatterns = [
    *PROGRAM.urlpatterns(),
    *DIRECTION.urlpatterns(),
    *GROUP.urlpatterns(),
    *plan.urlpatterns,
    *ratios.urlpatterns,
    *completion.urlpatterns,
    *lessons.urlpatterns,
    *project_performance.urlpatterns,
    *certifications.urlpatterns,
]
