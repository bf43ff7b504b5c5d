from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import F
from django.http import JsonResponse
from django.urls import path
from django.utils.text import capfirst

from audit import trail
from images.pictures import admin_preview
from organizations import adding
from organizations.models import Affiliation, Organization, Person, Relationship
from richtext.admin import NonceMediaMixin


def manages_all(user):
    return user.has_perm("organizations.manage_all_organizations")


def managed_organizations(user):
    """The organizations a user may edit: all for editors, the assigned ones otherwise."""
    if manages_all(user):
        return Organization.objects.all()
    return Organization.objects.filter(managers=user)


def is_autocomplete(request):
    """Choosing an organization to link to may name any of them; editing may not."""
    match = request.resolver_match
    return match is not None and match.url_name == "autocomplete"


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    fields = ["person", "organization", "title", "start_date", "end_date"]


class OrganizationAffiliationInline(AffiliationInline):
    autocomplete_fields = ["person"]
    verbose_name_plural = "people at this organization"


class PersonAffiliationInline(AffiliationInline):
    autocomplete_fields = ["organization"]
    verbose_name_plural = "affiliations"


class RelationshipInline(admin.TabularInline):
    model = Relationship
    extra = 0
    fields = [
        "from_organization",
        "kind",
        "to_organization",
        "since",
        "since_precision",
        "until",
        "until_precision",
        "summary",
    ]
    autocomplete_fields = ["from_organization", "to_organization"]


class OutgoingRelationshipInline(RelationshipInline):
    fk_name = "from_organization"
    verbose_name_plural = "relationships from this organization"


class IncomingRelationshipInline(RelationshipInline):
    """Belongs to the other organization's profile: read-only for its profile managers."""

    fk_name = "to_organization"
    verbose_name_plural = "relationships to this organization"

    def has_add_permission(self, request, obj=None):
        return manages_all(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return manages_all(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return manages_all(request.user) and super().has_delete_permission(request, obj)


class QuickAddMixin:
    """
    Adding a person or an organization by name from an autocomplete field of
    another form (a byline, a quote's speaker), without leaving it: POST
    `name` to `…/quick-add/`. The name of exactly one existing entry picks
    it; any other adds one, flagged for review (`organizations.adding`).

    Anyone who may look the directory up in the desk may propose a name this
    way, as a story import does: a flagged entry is hidden from readers until
    an editor reviews it or a published story cites it, and a story citing
    one cannot be published before it is reviewed (`articles.checks`). A name
    added by someone who may review the directory (change its entries) is
    theirs to vouch for: it is added reviewed.
    """

    def may_quick_add(self, request):
        return self.has_add_permission(request) or self.has_view_permission(request)

    def get_urls(self):
        opts = self.opts
        view = self.admin_site.admin_view(self.quick_add_view)
        name = f"{opts.app_label}_{opts.model_name}_quick_add"
        return [path("quick-add/", view, name=name), *super().get_urls()]

    def quick_add_view(self, request):
        if not self.may_quick_add(request):
            return JsonResponse({"error": "You may not add to the directory."}, status=403)
        if request.method != "POST":
            return JsonResponse({"error": "POST a name to add."}, status=405)
        name = adding.tidy_name(request.POST.get("name"))
        if not name or len(name) > adding.NAME_MAX_LENGTH or "\x00" in name:
            return JsonResponse(
                {"error": f"A name of 1 to {adding.NAME_MAX_LENGTH} characters, please."},
                status=400,
            )
        same = list(self.model.objects.filter(name__iexact=name)[:2])
        if len(same) == 1:
            return JsonResponse({"id": same[0].pk, "text": str(same[0]), "created": False})
        flagged = not self.has_change_permission(request)
        added = adding.add_flagged(self.model, name, flagged=flagged)
        how = "to review" if flagged else "by someone who may review it"
        trail.record(request.user, "add", added, f"Added by name from a story form, {how}")
        return JsonResponse(
            {"id": added.pk, "text": str(added), "created": True, "flagged": flagged}, status=201
        )


class LanguageLabelsMixin:
    """Texts kept per language are labelled by it: “Description”, “Description in French”."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # a django-modeltranslation field
        if field is not None and language:
            label = capfirst(db_field.translated_field.verbose_name)
            if language != settings.LANGUAGE_CODE:
                label = f"{label} in {dict(settings.LANGUAGES)[language]}"
            field.label = label
        return field


def translated_fieldsets(*fields):
    """A folded fieldset per language other than English, with those fields' translations."""
    return [
        (
            f"In {name}",
            {
                "fields": [f"{field}_{code}" for field in fields],
                "classes": ["collapse"],
                "description": f"Shown to readers of the {name} edition; empty, they see "
                "the English.",
            },
        )
        for code, name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        # The admin's fieldsets decide which fields the form shows.
        fields = ["name"]
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            **{
                f"description_{code}": forms.TextInput(attrs={"size": 90})
                for code, _name in settings.LANGUAGES
            },
        }


@admin.register(Organization)
class OrganizationAdmin(QuickAddMixin, LanguageLabelsMixin, NonceMediaMixin, admin.ModelAdmin):
    form = OrganizationAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "short_name", "kind", "place", "has_logo", "needs_review", "updated_at"]
    list_filter = ["kind", "needs_review", "country"]
    search_fields = ["name", "short_name", "aliases", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["managers"]
    readonly_fields = ["logo_preview", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "needs_review",
                    "short_name",
                    "aliases",
                    "kind",
                    "description_en",
                ]
            },
        ),
        ("Profile", {"fields": ["about_en", "country", "city", "website", "founded"]}),
        *translated_fieldsets("description", "about"),
        ("Logo", {"fields": ["logo", "logo_preview"]}),
        ("Desk", {"fields": ["managers", "created_at", "updated_at"]}),
    ]
    inlines = [
        OrganizationAffiliationInline,
        OutgoingRelationshipInline,
        IncomingRelationshipInline,
    ]

    def _limited_to_assigned(self, request):
        """Profile managers edit, and see, only the organizations assigned to them."""
        user = request.user
        return not manages_all(user) and user.has_perm("organizations.change_organization")

    def get_queryset(self, request):
        organizations = super().get_queryset(request)
        if not self._limited_to_assigned(request) or is_autocomplete(request):
            return organizations
        return organizations.filter(managers=request.user)

    def _may_reach(self, request, organization):
        if organization is None or not self._limited_to_assigned(request):
            return True
        return organization.managers.filter(pk=request.user.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_reach(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_reach(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not manages_all(request.user):
            # Who manages a profile, its address and whether readers may see it
            # are the editors' call.
            readonly += ["slug", "managers", "needs_review"]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if not manages_all(request.user):
            return {}
        return super().get_prepopulated_fields(request, obj)

    @admin.display(description="Place")
    def place(self, organization):
        return organization.place

    @admin.display(description="Logo", boolean=True)
    def has_logo(self, organization):
        return bool(organization.logo)

    @admin.display(description="Current logo")
    def logo_preview(self, organization):
        return admin_preview(organization.logo_picture, empty="No logo yet.")


@admin.register(Person)
class PersonAdmin(QuickAddMixin, LanguageLabelsMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "current_titles", "needs_review", "updated_at"]
    list_filter = ["needs_review"]
    search_fields = ["name", "affiliations__title", "affiliations__organization__name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview", "created_at", "updated_at"]
    fields = [
        "name",
        "slug",
        "needs_review",
        "bio_en",
        "bio_fr",
        "bio_sv",
        "photo",
        "photo_preview",
        ("photo_focus_x", "photo_focus_y"),
        "website",
        "account",
        "created_at",
        "updated_at",
    ]
    autocomplete_fields = ["account"]
    inlines = [PersonAffiliationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("affiliations__organization")

    def get_search_results(self, request, queryset, search_term):
        people, duplicates = super().get_search_results(request, queryset, search_term)
        if is_autocomplete(request) and request.GET.get("model_name") == "byline":
            # Bylines offer the newsroom's own writers first.
            people = people.order_by(F("account").asc(nulls_last=True), "name")
        return people, duplicates

    @admin.display(description="Current portrait")
    def photo_preview(self, person):
        return admin_preview(person.photo_picture, empty="No portrait yet.")

    @admin.display(description="Current titles")
    def current_titles(self, person):
        return "; ".join(
            f"{affiliation.title}, {affiliation.organization.display_name}"
            for affiliation in person.affiliations.all()
            if affiliation.is_current
        )


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["from_organization", "kind", "to_organization", "since_display", "summary"]
    list_filter = ["kind"]
    list_select_related = ["from_organization", "to_organization"]
    search_fields = ["from_organization__name", "to_organization__name", "summary"]
    autocomplete_fields = ["from_organization", "to_organization"]

    @admin.display(description="Since", ordering="since")
    def since_display(self, relationship):
        return relationship.since_display

    def get_queryset(self, request):
        relationships = super().get_queryset(request)
        if manages_all(request.user):
            return relationships
        return relationships.filter(from_organization__in=managed_organizations(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "from_organization":
            kwargs["queryset"] = managed_organizations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
