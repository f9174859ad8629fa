"""Reads of projects and their workspace: one module per concept (``projects.selectors.board`` …)."""

from .project import project_get, project_list

__all__ = ["project_get", "project_list"]
