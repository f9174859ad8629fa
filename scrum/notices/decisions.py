"""Notification kinds of the weekly scrum: decisions (filled in by its part)."""
