"""Websocket routes of every app."""

from django.urls import path

from org.consumers import NotificationConsumer
from pmis.core.consumers import NodeConsumer
from projects.consumers import BoardConsumer

websocket_urlpatterns = [
    path("ws/nodes/<str:kind>/<int:pk>/", NodeConsumer.as_asgi()),
    path("ws/projects/<int:pk>/board/", BoardConsumer.as_asgi()),
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
