from django.urls import path
from rest_framework.routers import SimpleRouter

from .notifications import NotificationViewSet
from .views import (
    AbsenceViewSet,
    AccessDetailView,
    AccessListView,
    ActingView,
    AssignmentViewSet,
    BodyViewSet,
    PersonViewSet,
    RoleViewSet,
    SubstitutionViewSet,
    UnitViewSet,
)

router = SimpleRouter()
router.register("bodies", BodyViewSet, basename="api-body")
router.register("units", UnitViewSet, basename="api-unit")
router.register("people", PersonViewSet, basename="api-person")
router.register("roles", RoleViewSet, basename="api-role")
router.register("substitutions", SubstitutionViewSet, basename="api-substitution")
router.register("assignments", AssignmentViewSet, basename="api-assignment")
router.register("absences", AbsenceViewSet, basename="api-absence")
router.register("notifications", NotificationViewSet, basename="api-notification")

urlpatterns = [
    path("acting/", ActingView.as_view(), name="api-acting"),
    path("access/", AccessListView.as_view(), name="api-access"),
    path("access/<int:pk>/", AccessDetailView.as_view(), name="api-access-detail"),
    *router.urls,
]
