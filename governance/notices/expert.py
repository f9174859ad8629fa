"""Notification kinds of expert (registered on import)."""
