"""API of the scrum app under ``/api/v1/scrum/`` (DESIGN.md §4): ``schedules/``, ``meetings/``, ``decisions/``,
``escalations/``, ``information-boards/``, ``sprints/``."""

from . import boards, decisions, escalations, meetings, schedules, sprints

urlpatterns = [
    *schedules.urlpatterns,
    *meetings.urlpatterns,
    *decisions.urlpatterns,
    *escalations.urlpatterns,
    *boards.urlpatterns,
    *sprints.urlpatterns,
]
