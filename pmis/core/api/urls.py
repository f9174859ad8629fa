"""API URLs of the core: a token for a username and password; any node by its identification code."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from .lookup import node_lookup

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-auth-token"),
    path("nodes/by-code/<str:code>/", node_lookup, name="api-node-by-code"),
]
