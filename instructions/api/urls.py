"""API of the instructions on control under /api/v1/ (DESIGN.md §4: ``instructions``)."""

from . import instructions, templates

urlpatterns = [*instructions.urlpatterns, *templates.urlpatterns]
