from django.shortcuts import render

from articles.models import Article


def home(request):
    latest = Article.objects.published().select_related("section")[:20]
    return render(request, "home.html", {"lead": latest[:1], "latest": latest[1:]})
