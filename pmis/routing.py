"""Websocket routes of every app."""

from django.urls import path

from kpi_maps.consumers import DashboardConsumer
from org.consumers import NotificationConsumer
from pmis.core.consumers import NodeConsumer
from projects.consumers import BoardConsumer
from scrum.consumers import MeetingConsumer

websocket_urlpatterns = [
    path("ws/nodes/<str:kind>/<int:pk>/", NodeConsumer.as_asgi()),
    path("ws/projects/<int:pk>/board/", BoardConsumer.as_asgi()),
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/kpi/dashboards/<int:portfolio_id>/", DashboardConsumer.as_asgi()),
    path("ws/scrum/meetings/<int:pk>/", MeetingConsumer.as_asgi()),
]
