from rest_framework.routers import SimpleRouter

from .views import DirectionViewSet, GroupViewSet, ProgramViewSet

router = SimpleRouter()
router.register("programs", ProgramViewSet, basename="api-program")
router.register("directions", DirectionViewSet, basename="api-direction")
router.register("project-groups", GroupViewSet, basename="api-group")

urlpatterns = router.urls
