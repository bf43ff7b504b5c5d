"""
Signed, expiring preview links for unpublished articles.

A token carries the article's id and its `preview_key`, signed with
SECRET_KEY and timestamped. It is refused (404) when tampered with, older
than PREVIEW_MAX_AGE, or revoked — giving the article a new `preview_key`
revokes every link shared so far. Anyone holding a valid link can read the
draft, so a reviewer needs no account.

Publishing, scheduling, archiving or unpublishing a story gives it a new
key (`Article.save`), so a link shared before a story went out never opens
it again once it is pulled; while the story is live, any of its links
simply leads to it.
"""

import uuid

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from articles.models import Article
from articles.views import ArticleDetailView

SALT = "articles.preview"


def make_token(article):
    return signing.dumps([article.pk, article.preview_key.hex], salt=SALT, compress=True)


def preview_url(article):
    return reverse("articles:preview", kwargs={"token": make_token(article)})


def revoke(article):
    """Invalidate every preview link of this article."""
    article.preview_key = uuid.uuid4()
    Article.objects.filter(pk=article.pk).update(preview_key=article.preview_key)


def article_for_token(token):
    """
    The article a token opens: (article, whether the link is still valid).
    Http404 for a tampered, expired or unknown token.
    """
    try:
        pk, key = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_MAX_AGE)
        key = uuid.UUID(hex=key)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404("This preview link is not valid.") from None
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        raise Http404("This preview link is not valid.")
    return article, article.preview_key == key


def preview_view(request, token):
    article, valid = article_for_token(token)
    if article.is_published:
        # Public now, so an old link may lead to the story whatever its key.
        return redirect(article)
    if not valid:
        raise Http404("This preview link has been revoked.")
    view = ArticleDetailView.as_view(preview=True)
    response = view(request, slug=article.slug, pk=article.pk)
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
