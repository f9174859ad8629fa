"""Pages of the initiatives under /initiatives/."""

from .pages import initiatives

urlpatterns = [*initiatives.urlpatterns]
