from rest_framework.routers import SimpleRouter

from .views import PortfolioViewSet

router = SimpleRouter()
# "api-" keeps the route names clear of the pages' "<kind>-detail" that get_absolute_url reverses.
router.register("portfolios", PortfolioViewSet, basename="api-portfolio")

urlpatterns = router.urls
