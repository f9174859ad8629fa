"""Notification kinds of the initiatives (registered on import)."""
