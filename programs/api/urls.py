from rest_framework.routers import SimpleRouter

from . import performance, plan
from .views import DirectionViewSet, GroupViewSet, ProgramViewSet

router = SimpleRouter()
router.register("programs", ProgramViewSet, basename="api-program")
router.register("directions", DirectionViewSet, basename="api-direction")
router.register("project-groups", GroupViewSet, basename="api-group")

# The management documents' paths (programs/{id}/plan/ …) come first: the router's detail route would not take them.
urlpatterns = [*plan.urlpatterns, *performance.urlpatterns, *router.urls]
