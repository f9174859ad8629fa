"""Notification kinds of the weekly scrum: boards (filled in by its part)."""
