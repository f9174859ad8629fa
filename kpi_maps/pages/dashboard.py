"""Curators' dashboard page (helper C)."""

urlpatterns: list = []
