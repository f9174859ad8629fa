"""Notification kinds of the instructions on control (registered on import)."""

from . import instructions  # noqa: F401
