"""Pages of programs (/programs/), basic directions (/directions/) and groups of projects (/groups/)."""

from .views import DIRECTION, GROUP, PROGRAM

urlpatterns = [*PROGRAM.urlpatterns(), *DIRECTION.urlpatterns(), *GROUP.urlpatterns()]
