"""API of projects and their workspace: ``projects/`` and ``projects/{id}/board``, ``tasks/``, ``risks/``,
``change-requests/``, ``lessons/``, ``project-assignments/``, ``documents/``, ``comments/``, ``charters/``."""

from rest_framework.routers import SimpleRouter

from . import assignments, board, changes, charter, comments, documents, lessons, risks
from .views import ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="api-project")

urlpatterns = [
    *router.urls,
    *board.urlpatterns,
    *charter.urlpatterns,
    *risks.urlpatterns,
    *changes.urlpatterns,
    *lessons.urlpatterns,
    *documents.urlpatterns,
    *assignments.urlpatterns,
    *comments.urlpatterns,
]
