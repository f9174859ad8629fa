"""Pages of the weekly scrum under /scrum/."""

from .pages import boards, decisions, escalations, meetings, schedules

urlpatterns = [
    *schedules.urlpatterns,
    *meetings.urlpatterns,
    *decisions.urlpatterns,
    *escalations.urlpatterns,
    *boards.urlpatterns,
]
