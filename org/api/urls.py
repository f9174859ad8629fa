from rest_framework.routers import SimpleRouter

from .views import BodyViewSet, PersonViewSet, RoleViewSet, UnitViewSet

router = SimpleRouter()
router.register("bodies", BodyViewSet, basename="api-body")
router.register("units", UnitViewSet, basename="api-unit")
router.register("people", PersonViewSet, basename="api-person")
router.register("roles", RoleViewSet, basename="api-role")

urlpatterns = router.urls
