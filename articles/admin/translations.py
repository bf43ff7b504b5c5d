"""
Translating a story from the desk: the publishing panel lists the story's
versions in other languages and starts a missing one as a draft
(`articles.translating`), which then goes through the workflow on its own.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import translation

from articles.translating import TranslationExists, start_translation


def language_name(code):
    """The language's name in the desk's language: “French”, or « français » in French."""
    return translation.gettext(dict(settings.LANGUAGES)[code])


class TranslationsMixin:
    def get_urls(self):
        translate = self.admin_site.admin_view(self.translate_view)
        return [
            path(
                "<path:object_id>/translate/<str:language>/",
                translate,
                name="articles_article_translate",
            ),
            *super().get_urls(),
        ]

    def translation_panel(self, request, obj):
        """The story's language and, per other language, its version or a button to start one."""
        if obj is None or obj.pk is None:
            return None
        versions = {
            version.language: version for version in obj.translations(include_unpublished=True)
        }
        can_start = self.has_add_permission(request)
        rows = []
        for code, _name in settings.LANGUAGES:
            if code == obj.language:
                continue
            version = versions.get(code)
            rows.append(
                {
                    "code": code,
                    "name": language_name(code),
                    "version": version,
                    "url": reverse("admin:articles_article_change", args=[version.pk])
                    if version
                    else None,
                    "start_url": None
                    if version or not can_start
                    else reverse("admin:articles_article_translate", args=[obj.pk, code]),
                }
            )
        return {"language": language_name(obj.language), "rows": rows}

    def translate_view(self, request, object_id, language):
        """POST: start the story's translation into `language` and open the new draft."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        if language not in dict(settings.LANGUAGES):
            raise Http404("No such language.")
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such story.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        try:
            draft = start_translation(article, language, request.user)
        except TranslationExists as exists:
            self.message_user(request, str(exists), messages.WARNING)
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[exists.existing.pk])
            )
        self.message_user(
            request,
            f"A {language_name(language)} version of “{article.headline}” was started as a "
            "draft: translate its headline, dek, body and quotes, then send it through the "
            "workflow like any story.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[draft.pk]))
