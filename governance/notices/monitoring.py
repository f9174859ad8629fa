"""Notification kinds of monitoring (registered on import)."""
