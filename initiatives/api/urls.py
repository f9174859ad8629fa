"""API of the initiatives under /api/v1/initiatives/ (DESIGN.md §4)."""

from . import initiatives

urlpatterns = [*initiatives.urlpatterns]
