"""Websockets of the weekly scrum (filled in by the meetings part)."""
