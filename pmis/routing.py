"""Websocket routes of every app."""

from django.urls import path

from pmis.core.consumers import NodeConsumer

websocket_urlpatterns = [
    path("ws/nodes/<str:kind>/<int:pk>/", NodeConsumer.as_asgi()),
]
