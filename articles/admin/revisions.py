"""
The article's revisions on the desk: what a revision keeps, restoring one,
recovering a deleted story, and comparing two revisions side by side.
"""

import reversion
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from reversion.models import Version
from taggit.models import TaggedItem

from articles import caching, history
from articles.admin.permissions import can_edit_any, can_publish
from articles.models import Article
from audit import trail


class RevisionsMixin:
    """For ArticleAdmin (a reversion VersionAdmin): who may restore, recover and compare."""

    def reversion_register(self, model, **kwargs):
        if model is Article:
            # Revisions keep the article's tags too, so restoring one brings them back.
            if not reversion.is_registered(TaggedItem):
                reversion.register(TaggedItem)
            # Corrections are a public record: restoring a revision from before
            # one was published must not delete it, so revisions do not follow them.
            follow = [name for name in kwargs.get("follow", ()) if name != "corrections"]
            kwargs["follow"] = (*follow, "tagged_items")
        super().reversion_register(model, **kwargs)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion applies the revision before the change form checks
        # anything, so check here: the user must be able to change the article
        # as it is now, and only those who may publish may restore a revision
        # whose status differs (which would publish or unpublish it).
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(Version, pk=version_id, object_id=str(article.pk))
        if not can_publish(request.user) and (
            version.field_dict.get("status") != article.status
            or version.field_dict.get("published_at") != article.published_at
        ):
            raise PermissionDenied
        response = super().revision_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            trail.record(request.user, "restore", article, history.describe_restore(version))
            # The revision was written raw: readers' pages learn of it here.
            caching.purge_story(article)
        return response

    def recoverlist_view(self, request, extra_context=None):
        if not can_edit_any(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_edit_any(request.user):
            raise PermissionDenied
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            version = Version.objects.get(pk=version_id)
            recovered = Article.objects.filter(pk=version.object_id).first()
            if recovered:
                caching.purge_story(recovered)
                corrections = history.recover_corrections(recovered)
                trail.record(
                    request.user,
                    "restore",
                    recovered,
                    "Recovered after deletion"
                    + (f", with {corrections} correction(s)" if corrections else ""),
                )
        return response

    def compare_view(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = history.versions_of(article)
        chosen = {version.pk: version for version in versions}
        try:
            older = chosen[int(request.GET["from"])]
            newer = chosen[int(request.GET["to"])]
        except (KeyError, ValueError):
            older, newer = (versions[1], versions[0]) if len(versions) > 1 else (None, None)
        if older and older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Compare revisions of “{article}”",
            "article": article,
            "versions": versions,
            "older": older,
            "newer": newer,
            "changes": history.compare(older, newer) if older and newer else [],
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)
