from django.shortcuts import render

from articles.models import Article


def home(request):
    """The front page: the newest story leads, the rest follow."""
    latest = list(Article.objects.published().select_related("section")[:13])
    context = {"lead": latest[0] if latest else None, "latest": latest[1:]}
    return render(request, "home.html", context)
