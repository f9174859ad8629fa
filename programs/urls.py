"""Pages of programs (/programs/), basic directions (/directions/) and groups of projects (/groups/), and the
program's management documents (/programs/<id>/plan/ …)."""

from .pages import performance, plan
from .views import DIRECTION, GROUP, PROGRAM

urlpatterns = [
    *PROGRAM.urlpatterns(),
    *DIRECTION.urlpatterns(),
    *GROUP.urlpatterns(),
    *plan.urlpatterns,
    *performance.urlpatterns,
]
