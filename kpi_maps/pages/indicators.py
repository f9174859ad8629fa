"""Indicator registry, passport, plans and facts pages (helper A)."""

urlpatterns: list = []
