"""`/healthz`: the liveness answer for load balancers and docker compose.

Open without signing in because orchestrators probe it anonymously; it reveals only "ok"/"error" per
dependency. The Celery round trip (`?celery=1`) enqueues work, so it is reserved to staff.
"""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _redis() -> bool:
    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping())
    except Exception:
        return False


def _celery() -> bool:
    from .tasks import ping

    try:
        return bool(ping.apply_async().get(timeout=10).get("pong"))
    except Exception:
        return False


@never_cache
def healthz(request):
    checks = {"database": _database(), "redis": _redis()}
    if request.GET.get("celery") and request.user.is_authenticated and request.user.is_staff:
        checks["celery"] = _celery()
    healthy = all(checks.values())
    return JsonResponse(
        {name: "ok" if ok else "error" for name, ok in checks.items()}, status=200 if healthy else 503
    )
