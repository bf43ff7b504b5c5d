from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.views import article_list_queryset, front_page_sections
from newsroom.context_processors import site_sections


def home(request):
    """The front page: the newest story leads, then the latest of each section."""
    lead = article_list_queryset().prefetch_related("organizations").first()
    sections = front_page_sections(site_sections(), exclude=[lead.pk] if lead else [])
    return render(request, "home.html", {"lead": lead, "sections": sections})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
    into no site.
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
    return JsonResponse(
        {"status": overall, "database": database, "cache": cache_state}, status=code
    )


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
