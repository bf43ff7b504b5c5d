"""The site's URLs plus the baselines the benchmark compares against."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path
from django.views.decorators.cache import never_cache

# About 22 KB of HTML once rendered, and no database work.
PARAGRAPHS = [
    {"number": n, "text": "A paragraph of plain prose for the baseline page. " * 3}
    for n in range(110)
]


@never_cache
def ok(request):
    return HttpResponse("ok")


@never_cache
def template_page(request):
    return render(request, "bench/baseline.html", {"paragraphs": PARAGRAPHS})


urlpatterns = [
    path("bench/ok", ok),
    path("bench/template", template_page),
    path("", include("newsroom.urls")),
]
