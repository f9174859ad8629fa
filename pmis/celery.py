"""The Celery application: tasks live in each app's tasks.py, beat schedules in settings.CELERY_BEAT_SCHEDULE."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmis.settings.local")

app = Celery("pmis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
