"""
The desk's article pages: who sees and edits which stories, the workflow
actions, revisions (restore, recover, compare) and the audit trail.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import TaggedItem

from articles import history, preview, publishing
from articles.admin.forms import ArticleAdminForm
from articles.admin.inlines import BylineInline, CorrectionInline, QuoteInline
from articles.admin.permissions import (
    Status,
    can_edit_any,
    can_publish,
    is_autocomplete,
    is_restore,
)
from articles.admin.tags import TagAutocomplete
from articles.admin.widgets import LabelledSplitDateTime
from articles.checks import article_checklist, blocking, refusal
from articles.models import Article, ArticleConflict, Correction, published_condition
from audit import trail
from images.pictures import admin_preview
from richtext.admin import NonceMediaMixin


@admin.register(Article)
class ArticleAdmin(NonceMediaMixin, VersionAdmin):
    form = ArticleAdminForm
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.DateTimeField: {"widget": LabelledSplitDateTime},
    }
    list_display = ["headline", "state", "is_live", "section", "kind", "published_at", "updated_at"]
    list_filter = ["status", "section", "kind", "published_at"]
    list_select_related = ["section"]
    # Counting the whole archive on every page view costs more than it tells.
    show_full_result_count = False
    search_fields = ["headline", "dek", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = [
        "section",
        "organizations",
        "people",
        "pinned_related",
        "source_organization",
    ]
    actions = ["submit_for_review", "publish_now", "unpublish", "archive", "revoke_previews"]
    history_latest_first = True
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "kind", "section", "dateline"]}),
        ("Story", {"fields": ["body"]}),
        ("Publishing", {"fields": ["status", "published_at", "preview_link", "opened_version"]}),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_preview",
                    ("lead_image_focus_x", "lead_image_focus_y"),
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ],
                "description": (
                    "The focal point keeps the subject in frame when the image is cropped "
                    "for social cards and squares. A story with a lead image needs alt text "
                    "before it is published."
                ),
            },
        ),
        ("In this story", {"fields": ["organizations", "people", "tags", "pinned_related"]}),
        (
            "Search and social",
            {
                "fields": ["seo_title", "seo_description"],
                "description": "What search results and link previews show, when it "
                "should differ from the headline and dek.",
            },
        ),
        (
            "Source",
            {
                "fields": [
                    "source_name",
                    "source_published_on",
                    "source_url",
                    "source_organization",
                    "canonical_url",
                ]
            },
        ),
        ("Record", {"fields": ["version", "created_by", "updated_by", "created_at", "updated_at"]}),
    ]
    inlines = [BylineInline, QuoteInline, CorrectionInline]

    # Who sees and edits what.

    def _desk_articles(self, request):
        """The articles a user may open in the desk: all for editors, own drafts otherwise."""
        articles = super().get_queryset(request)
        if can_edit_any(request.user):
            return articles
        return articles.filter(created_by=request.user, status__in=[Status.DRAFT, Status.REVIEW])

    def pinnable_articles(self, request):
        """
        The stories a user may pin as related: those they may open in the desk,
        and every published one. Never an unpublished story of someone else's:
        a pin's headline shows in the form, so pinning would read an embargo.
        """
        return Article.objects.filter(
            Q(pk__in=self._desk_articles(request).values("pk")) | published_condition()
        )

    def get_queryset(self, request):
        if is_autocomplete(request, "pinned_related"):
            return self.pinnable_articles(request)
        return self._desk_articles(request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "pinned_related":
            # An id outside these is a form error ("not one of the available choices").
            kwargs["queryset"] = self.pinnable_articles(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _may_touch(self, request, article):
        if article is None or can_edit_any(request.user):
            return True
        return article.created_by_id == request.user.pk and article.status in (
            Status.DRAFT,
            Status.REVIEW,
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_touch(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["version", "created_by", "updated_by", "created_at", "updated_at"]
        readonly += ["preview_link", "lead_image_preview"]
        if not can_publish(request.user):
            # Contributors never set a status or a publish time; posted values are ignored.
            readonly += ["status", "published_at"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if is_restore(request):
            form = type(form.__name__, (form,), {"check_conflicts": False})
        return form

    # Columns and read-only fields.

    @admin.display(description="State", ordering="status")
    def state(self, article):
        if article.is_scheduled:
            when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
            return format_html('<strong class="scheduled">Scheduled</strong> for {}', when)
        return article.get_status_display()

    @admin.display(description="Live", boolean=True, ordering="published_at")
    def is_live(self, article):
        return article.is_published

    @admin.display(description="Preview")
    def preview_link(self, article):
        if article is None or article.pk is None:
            return "Save the article to get a preview link."
        if article.is_published:
            return format_html('<a href="{}">View it on the site</a>', article.get_absolute_url())
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview</a> — anyone with this link '
            "can read the unpublished article until it expires or is revoked.",
            preview.preview_url(article),
        )

    @admin.display(description="Current image")
    def lead_image_preview(self, article):
        return admin_preview(article.lead_picture if article else None)

    # Saving and deleting.

    def save_model(self, request, obj, form, change):
        loaded = obj.as_loaded
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        publishing.record_transition(
            request.user, loaded.get("status"), loaded.get("published_at"), obj
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Correction:
            for correction in formset.new_objects:
                trail.record(request.user, "correct", correction.article, correction.text)

    def delete_model(self, request, obj):
        trail.record(request.user, "delete", obj, "Deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            trail.record(request.user, "delete", article, "Deleted")
        super().delete_queryset(request, queryset)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ArticleConflict:
            # Saved by someone else between this form's checks and its save.
            self.message_user(
                request,
                "Someone saved this article at the same moment; your save was refused so "
                "nothing was overwritten. Reload to see their version.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)

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
                corrections = history.recover_corrections(recovered)
                trail.record(
                    request.user,
                    "restore",
                    recovered,
                    "Recovered after deletion"
                    + (f", with {corrections} correction(s)" if corrections else ""),
                )
        return response

    # Workflow actions.

    def _run(self, request, queryset, transition, done, skipped):
        moved = [article for article in queryset if transition(article, request.user)]
        if moved:
            self.message_user(request, f"{len(moved)} {done}.", messages.SUCCESS)
        if len(moved) < len(queryset):
            self.message_user(request, f"{len(queryset) - len(moved)} {skipped}.", messages.WARNING)

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run(
            request,
            queryset,
            publishing.submit_for_review,
            "submitted for review",
            "skipped (only drafts can be submitted)",
        )

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        held = []
        for article in queryset:
            if not article.is_published and (problems := blocking(article_checklist(article))):
                held.append(article.pk)
                self.message_user(
                    request, f"“{article.headline}”: {refusal(problems)}", messages.WARNING
                )
        queryset = queryset.exclude(pk__in=held)
        self._run(request, queryset, publishing.publish_now, "published", "skipped (already live)")

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(
            request,
            queryset,
            publishing.unpublish,
            "unpublished",
            "skipped (not published or scheduled)",
        )

    @admin.action(description="Archive", permissions=["publish"])
    def archive(self, request, queryset):
        self._run(request, queryset, publishing.archive, "archived", "skipped (already archived)")

    @admin.action(description="Revoke preview links", permissions=["change"])
    def revoke_previews(self, request, queryset):
        for article in queryset:
            preview.revoke(article)
        self.message_user(
            request, f"Preview links revoked for {len(queryset)} article(s).", messages.SUCCESS
        )

    # Extra pages: tag autocomplete, comparing two revisions.

    def get_urls(self):
        tag_autocomplete = self.admin_site.admin_view(TagAutocomplete.as_view())
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path(
                "tag-autocomplete/",
                tag_autocomplete,
                name="articles_article_tag_autocomplete",
            ),
            path("<path:object_id>/history/compare/", compare, name="articles_article_compare"),
            *super().get_urls(),
        ]

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
