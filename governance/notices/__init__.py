"""Notification kinds of governance."""
