"""The front page, robots.txt and the favicon."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.views import article_list_queryset, front_page_sections
from reader.context_processors import site_sections


def home(request):
    """The front page: the newest story leads, then the latest of each section."""
    lead = article_list_queryset().prefetch_related("organizations").first()
    sections = front_page_sections(site_sections(), exclude=[lead.pk] if lead else [])
    return render(request, "reader/home.html", {"lead": lead, "sections": sections})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        # The same stories as JSON: pages are what search engines should index.
        "Disallow: /api/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
