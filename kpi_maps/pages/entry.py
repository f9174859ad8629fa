"""Bulk data entry grid and XLSX import pages (helper A)."""

urlpatterns: list = []
