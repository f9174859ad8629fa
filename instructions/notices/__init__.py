"""Notification kinds of instructions."""
