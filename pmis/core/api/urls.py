"""API URLs of the core: signing in for a token (``POST /api/v1/auth/token/`` with username and password)."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-auth-token"),
]
