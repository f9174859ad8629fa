"""API URLs of the core: a token for a username and password; any node by its identification code; the person's
exports made in the background."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import SimpleRouter

from .exports import ExportJobViewSet
from .lookup import node_lookup

router = SimpleRouter()
router.register("exports", ExportJobViewSet, basename="api-export")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-auth-token"),
    path("nodes/by-code/<str:code>/", node_lookup, name="api-node-by-code"),
    *router.urls,
]
