"""Notification kinds of initiatives."""
