"""Settings for the test suite: the same real PostgreSQL and Redis as production, a fast password hasher."""

import os

from .base import *  # noqa: F403
from .base import CHANNEL_LAYERS, REDIS_URL, env

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Parallel pytest workers share one Redis: each gets its own key prefix so their channels and caches never mix.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"pmis-test-{_worker}"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"pmis-test-{_worker}",
    }
}
CELERY_TASK_DEFAULT_QUEUE = f"pmis-test-{_worker}"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", default="en")
# Tests serve static files straight from the finders (node_modules included) without collectstatic.
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = True
