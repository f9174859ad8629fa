"""API of the scrum app under ``/api/v1/scrum/``: ``sprints/``."""

from . import sprints

urlpatterns = [*sprints.urlpatterns]
