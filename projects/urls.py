"""Pages of projects under /projects/."""

from .views import PROJECT

urlpatterns = PROJECT.urlpatterns()
