"""Notification kinds of bodies (registered on import)."""
