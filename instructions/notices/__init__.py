"""Notification kinds of the instructions on control (registered on import)."""
