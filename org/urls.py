"""Pages of the organisation under /org/: state bodies and people."""

from django.urls import path

from . import views

urlpatterns = [
    path("bodies/", views.BodyListView.as_view(), name="body-list"),
    path("bodies/<int:pk>/", views.BodyDetailView.as_view(), name="body-detail"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
]
