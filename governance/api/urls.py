"""API of governance under /api/v1/governance/: governing bodies, expert councils, public monitoring."""

from . import bodies, expert, monitoring

urlpatterns = [*bodies.urlpatterns, *expert.urlpatterns, *monitoring.urlpatterns]
