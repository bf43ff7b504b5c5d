"""
Health for load balancers and monitoring: `/healthz` (liveness: the
database answers) and `/readyz` (each dependency, as JSON).
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pagecache.status import purge_status


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: 200 when the database answers, 503 when not."""
    if not database_answers():
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_GET
def readyz(request):
    """
    Readiness, dependency by dependency, as JSON for monitoring.

    503 only when the database does not answer (nothing can be served). An
    unreachable cache is reported ("cache": "down", "status": "degraded")
    with 200: the site serves every page uncached and saves go on, so taking
    every instance out of the load balancer over it would turn a slower site
    into no site. `edge_purges` counts the purges waiting for the task
    queue and those given up on in the last day (`manage.py purge_status`).
    """
    database = "up" if database_answers() else "down"
    status = getattr(cache, "status", None)
    cache_state = status() if status else "up"  # memory local to the process
    if database == "down":
        overall, code = "unavailable", 503
    elif cache_state == "down":
        overall, code = "degraded", 200
    else:
        overall, code = "ok", 200
    body = {"status": overall, "database": database, "cache": cache_state}
    if database == "up":
        # Purges the edge gave up on leave pages stale there up to CDN_MAX_AGE.
        purges = purge_status()
        body["edge_purges"] = {"waiting": purges["waiting"], "failed": len(purges["failed"])}
    return JsonResponse(body, status=code)
