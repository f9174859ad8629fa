"""Notification kinds of governance."""

from . import bodies, expert, monitoring  # noqa: F401
