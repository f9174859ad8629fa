"""Ratings page (helper B)."""

urlpatterns: list = []
