"""Pages of projects under /projects/: the generic hierarchy pages, then each part of the workspace."""

from .pages import (
    assignments,
    board,
    changes,
    charter,
    comments,
    documents,
    exports,
    gantt,
    lessons,
    my_tasks,
    risks,
    sprint,
    workload,
)
from .views import PROJECT

urlpatterns = [
    *PROJECT.urlpatterns(),
    *board.urlpatterns,
    *sprint.urlpatterns,
    *gantt.urlpatterns,
    *charter.urlpatterns,
    *risks.urlpatterns,
    *changes.urlpatterns,
    *lessons.urlpatterns,
    *documents.urlpatterns,
    *assignments.urlpatterns,
    *workload.urlpatterns,
    *exports.urlpatterns,
    *comments.urlpatterns,
    *my_tasks.urlpatterns,
]
