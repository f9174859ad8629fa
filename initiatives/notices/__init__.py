"""Notification kinds of the initiatives (registered on import)."""

from . import initiatives  # noqa: F401
