"""Pages of governance under /governance/: governing bodies, expert councils, public monitoring."""

from .pages import bodies, expert, monitoring

urlpatterns = [*bodies.urlpatterns, *expert.urlpatterns, *monitoring.urlpatterns]
