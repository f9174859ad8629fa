"""PMIS: the project-management information system of the state bodies of Kazakhstan."""

from .celery import app as celery_app

__all__ = ["celery_app"]
