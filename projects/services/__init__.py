"""Writes of projects and their workspace: one module per concept (``projects.services.tasks`` …).

The project's own services are re-exported here, as the rest of the PMIS has always imported them.
"""

from .project import project_create, project_delete, project_update

__all__ = ["project_create", "project_delete", "project_update"]
