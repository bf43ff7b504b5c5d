"""
The desk's article pages: who sees and edits which stories, the workflow
actions, revisions (restore, recover, compare) and the audit trail.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from articles import preview, publishing
from articles.admin import desk, social
from articles.admin.actions import WorkflowActionsMixin
from articles.admin.filters import AuthorFilter, OrganizationFilter, TagFilter
from articles.admin.forms import ArticleAdminForm
from articles.admin.inlines import BylineInline, CorrectionInline, QuoteInline, own_person
from articles.admin.permissions import (
    Status,
    can_edit_any,
    can_publish,
    is_autocomplete,
    is_restore,
)
from articles.admin.revisions import RevisionsMixin
from articles.admin.tags import TagAutocomplete
from articles.admin.translations import TranslationsMixin
from articles.admin.widgets import LabelledSplitDateTime
from articles.checks import article_checklist
from articles.models import (
    Article,
    ArticleConflict,
    Byline,
    Correction,
    Quote,
    Section,
    published_condition,
)
from audit import trail
from desk.admin import DeskFormMixin
from desk.autocomplete import SafeAutocompleteMixin
from images import focal
from richtext.admin import NonceMediaMixin


@admin.register(Article)
class ArticleAdmin(
    TranslationsMixin,
    WorkflowActionsMixin,
    RevisionsMixin,
    DeskFormMixin,
    SafeAutocompleteMixin,
    NonceMediaMixin,
    VersionAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.DateTimeField: {"widget": LabelledSplitDateTime},
    }
    list_display = ["headline", "state", "is_live", "section", "kind", "published_at", "updated_at"]
    list_filter = [
        "status",
        "section",
        AuthorFilter,
        OrganizationFilter,
        TagFilter,
        "kind",
        "published_at",
    ]
    list_select_related = ["section"]
    # Counting the whole archive on every page view costs more than it tells.
    show_full_result_count = False
    search_fields = [
        "headline",
        "dek",
        "slug",
        "body",
        "bylines__person__name",
        "quotes__speaker__name",
        "organizations__name",
        "organizations__short_name",
    ]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = [
        "section",
        "organizations",
        "people",
        "pinned_related",
        "source_organization",
    ]
    history_latest_first = True
    object_history_template = "admin/articles/article/object_history.html"
    # The change form (its template) shows the story first, with its bylines
    # and quotes; "Publishing" is the panel beside it; folded fieldsets last.
    fieldsets = [
        ("Story", {"fields": ["headline", "dek", "body"]}),
        ("Details", {"fields": [("section", "kind", "language"), "dateline", "slug"]}),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_pending",
                    "lead_image_preview",
                    ("lead_image_focus_x", "lead_image_focus_y"),
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ],
                "description": (
                    "Click the image to set its focal point: it keeps the subject in frame "
                    "when the image is cropped for social cards and squares. A story with a "
                    "lead image needs alt text before it is published."
                ),
            },
        ),
        ("In this story", {"fields": ["organizations", "people", "tags", "pinned_related"]}),
        (
            "Search and social",
            {
                "fields": ["seo_title", "seo_description", "social_card_preview"],
                "description": "What search results and link previews show, when it "
                "should differ from the headline and dek.",
                "classes": ["collapse"],
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
                ],
                "classes": ["collapse"],
            },
        ),
        (
            "Record",
            {
                "fields": ["version", "created_by", "updated_by", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
        ("Publishing", {"fields": ["status", "published_at", "preview_link", "opened_version"]}),
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
        readonly += ["preview_link", "lead_image_preview", "social_card_preview"]
        if not can_publish(request.user):
            # Contributors never set a status or a publish time; posted values are ignored.
            readonly += ["status", "published_at"]
        return readonly

    def get_changeform_initial_data(self, request):
        """A new story starts in the section of its writer's last story, else the first one."""
        initial = super().get_changeform_initial_data(request)
        if "section" not in initial:
            last = (
                Article.objects.filter(created_by=request.user, section__isnull=False)
                .order_by("-created_at")
                .values_list("section", flat=True)
                .first()
            )
            initial["section"] = last or Section.objects.values_list("pk", flat=True).first()
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        writer = own_person(request.user) if isinstance(inline, BylineInline) else None
        if writer is not None and obj.pk is None and "data" not in kwargs:
            kwargs["initial"] = [{"person": writer.pk, "position": 1}]
        return kwargs

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
            return "Save once to get a preview link to share; the live preview shows it now."
        if article.is_published:
            return format_html('<a href="{}">View it on the site</a>', article.get_absolute_url())
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview</a> — anyone with this link '
            "can read the unpublished article until it expires or is revoked.",
            preview.preview_url(article),
        )

    def view_on_site(self, article):
        """“View on site”: the story, or its preview while readers cannot see it."""
        return article.get_absolute_url() if article.is_published else preview.preview_url(article)

    @admin.display(description="Link preview")
    def social_card_preview(self, article):
        return social.social_card(article) if article is not None else ""

    @admin.display(description="Focal point")
    def lead_image_preview(self, article):
        return focal.focal_point_picker(
            article.lead_picture if article else None,
            empty="Choose an image and save: then click the subject to set the focal point.",
        )

    # The page: the publishing panel beside the form, its scripts.

    @property
    def media(self):
        # After the admin's autocomplete script, whose widgets it extends.
        desk_form = forms.Media(
            js=["admin/js/jquery.init.js", "admin/js/autocomplete.js", "js/desk-form.js"]
        )
        return super().media + social.MEDIA + desk_form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if form.is_bound:
            story = desk.story_from_form(form, obj)
            checks = desk.story_checklist(story)
            words, minutes = desk.counts(story.body)
        else:
            checks = article_checklist(obj) if obj is not None else []
            words, minutes = desk.counts(obj.body if obj is not None else "")
        context["panel"] = {
            "checks": checks,
            "words": words,
            "minutes": minutes,
            "zone": timezone.get_current_timezone_name(),
            "can_publish": can_publish(request.user) and "status" in form.fields,
            "preview_url": self.view_on_site(obj) if obj is not None and obj.pk else None,
            "live_url": reverse("admin:articles_article_live", args=[obj.pk])
            if obj is not None and obj.pk
            else reverse("admin:articles_article_live_new"),
            "translations": self.translation_panel(request, obj),
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        desk.join_quoted(article)
        desk.tidy_positions(list(Byline.objects.filter(article=article)))
        desk.tidy_positions(list(Quote.objects.filter(article=article)))
        if form.merged is not None:
            kept = ", ".join(form.merged.kept) or "nothing else"
            self.message_user(
                request,
                f"{form.merged.who} saved this story while you had it open; your changes "
                f"were merged with theirs (theirs kept: {kept}).",
                messages.INFO,
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

    # Extra pages: tag autocomplete, comparing two revisions.

    def get_urls(self):
        tag_autocomplete = self.admin_site.admin_view(TagAutocomplete.as_view())
        compare = self.admin_site.admin_view(self.compare_view)
        live = self.admin_site.admin_view(self.live_view)
        return [
            path(
                "tag-autocomplete/",
                tag_autocomplete,
                name="articles_article_tag_autocomplete",
            ),
            path("<path:object_id>/history/compare/", compare, name="articles_article_compare"),
            path("add/live/", live, name="articles_article_live_new"),
            path("<path:object_id>/live/", live, name="articles_article_live"),
            *super().get_urls(),
        ]

    def live_view(self, request, object_id=None):
        """The live preview, checklist and counts for the form as it is on screen (POST)."""
        saved = self._editable(request, object_id)
        if request.method != "POST":
            return JsonResponse({"error": "POST the form's fields."}, status=405)
        form_class = self.get_form(request, saved, change=saved is not None)
        form = form_class(request.POST, instance=saved or Article())
        return desk.live_preview(request, form, saved)
