"""Reads of the goal map: every one restricted by the authorization module, every computation in SQL."""
