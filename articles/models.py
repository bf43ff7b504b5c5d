import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from images.fields import ImagesMixin, ProcessedImageField, focus_field, picture
from organizations.models import Organization, Person
from pagecache.tags import ListingQuerySet
from richtext.fields import RichTextField


class Section(models.Model):
    """A desk of the paper: News, Research, Explainers."""

    # The page cache's tag of pages listing the sections (the navigation).
    LIST_TAG = "list-sections"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed from the lowest number up."
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class ArticleConflict(Exception):
    """The article changed in the database since this copy was loaded."""


class ArticleQuerySet(ListingQuerySet):
    def published(self):
        """
        What readers may see: published, and its publish time has passed.

        This is the only visibility rule. Every public page, list, feed and
        search goes through it, so a scheduled article appears by itself
        when its time comes. A page that lists what it returns is tagged
        "list-articles" for the page cache (`articles.caching`); a lookup
        of one known story says `.listing(None)`.
        """
        return self.filter(published_condition()).listing("list-articles")

    def in_edition(self, language):
        """Stories in `language`, and those with no published version in it, for its lists."""
        group = OuterRef("translation_group")
        version = Article.objects.filter(published_condition(), translation_group=group)
        return self.filter(Q(language=language) | ~Exists(version.filter(language=language)))

    def newest_first(self):
        """Newest publish time first, as every list shows stories (read off an index)."""
        return self.order_by("-published_at", "-pk")

    def scheduled(self):
        """Published with a publish time still to come, the soonest first."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        ).order_by("published_at")


def is_live(status, published_at):
    """The visibility rule for one story's values (`published()` says it for queries)."""
    return (
        status == Article.Status.PUBLISHED
        and published_at is not None
        and published_at <= timezone.now()
    )


def published_condition(prefix=""):
    """
    The visibility rule as a condition, for querying related models through
    a join: `Quote.objects.filter(published_condition("article__"))`.
    """
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


def public_tags():
    """Tags readers may see: those of at least one published story."""
    return Tag.objects.filter(Exists(Article.objects.published().filter(tags=OuterRef("pk"))))


def cites_organization():
    """A Q on Organization: a published story covers it, quotes it or is sourced from it."""
    published = Article.objects.published()
    return (
        Q(Exists(published.filter(organizations=OuterRef("pk"))))
        | Q(Exists(published.filter(source_organization=OuterRef("pk"))))
        | Q(
            Exists(
                Quote.objects.filter(
                    published_condition("article__"), speaker_organization=OuterRef("pk")
                )
            )
        )
    )


def cites_person():
    """A Q on Person: a published story covers them, quotes them or carries their byline."""
    published = Article.objects.published()
    return (
        Q(Exists(published.filter(people=OuterRef("pk"))))
        | Q(Exists(published.filter(bylines__person=OuterRef("pk"))))
        | Q(Exists(Quote.objects.filter(published_condition("article__"), speaker=OuterRef("pk"))))
    )


def status_change_revokes_previews(before, after):
    """
    True when a story moves to or from Published or Archived: preview links
    shared while it was unpublished must not open it again once it is pulled.
    Moving between Draft and In review keeps them; so does a new story.
    """
    unpublished = ("draft", "review")
    if before is None or before == after:
        return False
    return not (before in unpublished and after in unpublished)


class Article(ImagesMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        EXPLAINER = "explainer", "Explainer"
        ANALYSIS = "analysis", "Analysis"

    headline = models.CharField(max_length=250)
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language the story is written in; readers find it in that edition.",
    )
    # Shared by a story and its translations (`articles.translating`).
    translation_group = models.UUIDField(default=uuid.uuid4, editable=False)
    slug = models.SlugField(
        max_length=250,
        unique=True,
        help_text="The story's web address. Filled in from the headline; keep it short.",
    )
    kind = models.CharField(
        max_length=16,
        choices=Kind.choices,
        default=Kind.NEWS,
        help_text="Explainers are background pieces and are labelled as such for readers.",
    )
    dek = models.CharField(
        max_length=400,
        blank=True,
        help_text="The one- or two-sentence summary under the headline.",
    )
    body = RichTextField(blank=True)
    seo_title = models.CharField(
        "SEO title",
        max_length=70,
        blank=True,
        help_text="What search results and link previews show as the title; the headline if empty.",
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=160,
        blank=True,
        help_text="What search results and link previews show under the title; the dek if empty.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    status = models.CharField(
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Readers see only Published articles whose publish time has passed.",
    )
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text=(
            "Visible to readers only when Published and this time has passed. "
            "A future time schedules the story; empty means now, on publishing."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    dateline = models.CharField(
        max_length=100,
        blank=True,
        help_text="Where the story is reported from, e.g. “US and Canada”.",
    )
    source_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The publication the story is based on, credited to readers.",
    )
    source_url = models.URLField(blank=True, max_length=500)
    source_published_on = models.DateField(
        "source's date",
        null=True,
        blank=True,
        help_text="The date the source gives (a release's own date); kept by story imports.",
    )
    source_organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sourced_articles",
        help_text="The source's publisher, when it is in the directory.",
    )
    canonical_url = models.URLField(
        blank=True,
        max_length=500,
        help_text="Only when the story first ran elsewhere; search engines credit that address.",
    )
    lead_image = ProcessedImageField(
        upload_to="articles/lead",
        blank=True,
        help_text="Camera and location data are removed; sizes for every screen are made.",
    )
    lead_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    lead_image_focus_x = focus_field(
        "focal point across",
        "Where the subject is, from 0 (left edge) to 1 (right edge). Crops for social "
        "cards and squares keep it in frame.",
    )
    lead_image_focus_y = focus_field(
        "focal point down", "Where the subject is, from 0 (top) to 1 (bottom)."
    )
    lead_image_alt = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text=(
            "What the image shows, for readers who cannot see it. "
            "Required to publish a story with a lead image."
        ),
    )
    lead_image_caption = models.CharField("caption", max_length=500, blank=True)
    lead_image_credit = models.CharField("credit", max_length=200, blank=True)
    authors = models.ManyToManyField(
        Person,
        through="Byline",
        related_name="authored_articles",
        blank=True,
    )
    organizations = models.ManyToManyField(
        Organization,
        related_name="articles",
        blank=True,
        help_text="Every organization the story covers; readers can follow each one.",
    )
    people = models.ManyToManyField(
        Person,
        related_name="articles",
        blank=True,
        help_text="Every person the story covers or quotes.",
    )
    tags = TaggableManager(blank=True, help_text="Topics readers can follow.")
    # The rows behind `tags`, so revisions can keep and restore them.
    tagged_items = GenericRelation(TaggedItem, related_query_name="article")
    pinned_related = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="pinned_by",
        blank=True,
        verbose_name="pinned related stories",
        help_text="Shown first under Related stories, before the automatic picks.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up on every save, so two conflicting edits can be told apart.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="created_articles",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="updated_articles",
    )
    import_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=(
            "SHA-256 of the plain text this draft was imported from, so the same text "
            "is not imported twice. Empty for stories written on the desk."
        ),
    )
    preview_key = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Part of every preview link; a new key revokes the links shared so far.",
    )

    objects = ArticleQuerySet.as_manager()

    # Remembered as loaded (`as_loaded`): a live article's slug changing leaves
    # a redirect, and a change of status is a workflow transition.
    TRACKED_FIELDS = ("slug", "status", "published_at", "section_id")
    # {field: value} of TRACKED_FIELDS as the row held them when this copy was
    # loaded or last saved; empty for an article not yet saved.
    as_loaded = {}

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["-published_at", "-id"], name="article_published_newest"),
            models.Index(
                fields=["section", "status", "-published_at"], name="article_section_published"
            ),
            models.Index(fields=["translation_group", "language"], name="article_translations"),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and archive articles"),
            ("edit_any_article", "Can edit every article, not only their own drafts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_publish_time",
                violation_error_message="A published article needs a publish time.",
            ),
            models.CheckConstraint(
                condition=Q(lead_image_focus_x__gte=0, lead_image_focus_x__lte=1)
                & Q(lead_image_focus_y__gte=0, lead_image_focus_y__lte=1),
                name="article_lead_image_focus_inside",
                violation_error_message="The focal point is between 0 and 1 each way.",
            ),
            models.UniqueConstraint(
                fields=["translation_group", "language"],
                name="article_one_version_per_language",
                violation_error_message="The story already has a version in this language.",
            ),
            models.UniqueConstraint(
                fields=["import_hash"],
                condition=~Q(import_hash=""),
                name="article_import_hash_unique",
                violation_error_message="This text has already been imported.",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        """
        Save, refusing to overwrite a newer copy: the UPDATE only matches the row
        while its version is still the one this copy was loaded (or edited) at,
        and raises `ArticleConflict` otherwise.
        """
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if status_change_revokes_previews(self.as_loaded.get("status"), self.status):
            self.preview_key = uuid.uuid4()
            if update_fields := kwargs.get("update_fields"):
                kwargs["update_fields"] = {*update_fields, "preview_key"}
        if self.pk is not None and not self._state.adding:
            self._expected_version = self.version
            self.version += 1
            if update_fields := kwargs.get("update_fields"):
                kwargs["update_fields"] = {*update_fields, "version"}
        try:
            super().save(*args, **kwargs)
        except ArticleConflict:
            self.version = self._expected_version
            raise
        finally:
            self.__dict__.pop("_expected_version", None)
        self._remember_old_slug()
        self.as_loaded = {name: getattr(self, name) for name in self.TRACKED_FIELDS}

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("articles:detail", kwargs={"slug": self.slug})

    def translations(self, include_unpublished=False):
        """The story's versions in other languages: published ones, or every one."""
        versions = Article.objects.filter(translation_group=self.translation_group)
        if not include_unpublished:
            versions = versions.filter(published_condition())
        return versions.exclude(pk=self.pk).order_by("language")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the row held when loaded: a changed slug of a live article redirects.
        instance.as_loaded = {name: instance.__dict__.get(name) for name in cls.TRACKED_FIELDS}
        return instance

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise ArticleConflict(f"Article {pk_val} changed since version {expected}.")
        return updated

    def _remember_old_slug(self):
        """Keep a changed slug of a live article working, as a redirect."""
        loaded = self.as_loaded
        old_slug = loaded.get("slug")
        if old_slug == self.slug:
            return
        # The slug is this article's again: its own old redirect goes. Another
        # story's redirect is never removed here (`validate_unique` refuses the slug).
        ArticleRedirect.objects.filter(old_slug=self.slug, article=self).delete()
        if old_slug and is_live(loaded.get("status"), loaded.get("published_at")):
            ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})

    def validate_unique(self, exclude=None):
        """
        Also refuse a slug that is another story's old address: its redirect
        keeps that story's inbound links, and a new story must not take them.
        """
        errors = {}
        try:
            super().validate_unique(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if (
            "slug" not in (exclude or ())
            and "slug" not in errors
            and ArticleRedirect.objects.filter(old_slug=self.slug).exclude(article=self.pk).exists()
        ):
            errors["slug"] = [
                ValidationError(
                    "This address belonged to another story and still leads readers to it. "
                    "Choose another slug.",
                    code="old_address",
                )
            ]
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        # Publishing with the time left empty means "now", in forms as in save().
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status == self.Status.PUBLISHED and self.needs_alt_text:
            message = (
                "Describe the lead image for readers who cannot see it before publishing "
                "(or scheduling) the story."
            )
            raise ValidationError(
                {"lead_image_alt": ValidationError(message, code="alt_text_required")}
            )

    @property
    def lead_picture(self):
        """The lead image as pages show it (renditions, sizes, alt text), or None."""
        return picture(self, "lead_image", alt=self.lead_image_alt)

    @property
    def needs_alt_text(self):
        """A lead image without alt text: the story cannot be published yet."""
        return bool(self.lead_image) and not self.lead_image_alt.strip()

    @property
    def is_published(self):
        """True when readers can see it now (the same rule as `published()`)."""
        return is_live(self.status, self.published_at)

    @property
    def is_scheduled(self):
        """Published with a publish time still to come (the rule of `scheduled()`)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and not self.is_published
        )

    @property
    def was_updated(self):
        """Edited after it went live (at least a minute later), so readers see “Updated”."""
        if self.published_at is None or self.updated_at is None:
            return False
        live_since = max(self.published_at, self.created_at)
        return (self.updated_at - live_since).total_seconds() > 60

    @property
    def state(self):
        """The workflow state as the desk says it: “Scheduled” is published in the future."""
        if self.is_scheduled:
            return "Scheduled"
        return self.get_status_display()

    @property
    def search_title(self):
        """The title search engines and link previews show."""
        return self.seo_title or self.headline

    @property
    def search_description(self):
        """The description search engines and link previews show."""
        return self.seo_description or self.dek or self.headline

    @property
    def source_display_name(self):
        if self.source_name:
            return self.source_name
        return self.source_organization.name if self.source_organization_id else ""


class ArticleRedirect(models.Model):
    """An old slug of a published article, answered with a permanent redirect."""

    old_slug = models.SlugField(max_length=250, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class Byline(models.Model):
    """One author of an article, in the order the byline reads."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"],
                name="byline_person_once_per_article",
                violation_error_message="This person is already in the byline.",
            ),
        ]

    def __str__(self):
        return f"{self.person} on {self.article}"


class Quote(models.Model):
    """Words a person said, attributed as printed when the story ran."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField(help_text="The exact words, without surrounding quotation marks.")
    speaker_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The speaker's title as printed in this story, e.g. “Co-Director”.",
    )
    speaker_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The organization named with the title in this story.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of the quote within the article."
    )
    said_in = models.CharField(
        "said in",
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text="When not the story's language: readers see the words marked as translated.",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text__regex=r"^\s*$"),
                name="quote_text_not_empty",
                violation_error_message="A quote needs its words.",
            ),
        ]

    def __str__(self):
        return f"{self.speaker}: “{self.text[:60]}”"

    @property
    def is_translated(self):
        """Shown in another language than it was said in."""
        return bool(self.said_in) and self.said_in != self.article.language

    @property
    def attribution(self):
        """“Co-Director, AI Sweden” — the title and organization as printed."""
        organization = self.speaker_organization.name if self.speaker_organization_id else ""
        return ", ".join(part for part in (self.speaker_title, organization) if part)


class Correction(models.Model):
    """A published correction; shown on the article, newest first."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(help_text="What was wrong and what is right, in plain sentences.")
    corrected_at = models.DateTimeField("when", default=timezone.now)

    class Meta:
        ordering = ["-corrected_at", "-pk"]

    def __str__(self):
        return f"Correction to {self.article} ({self.corrected_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A correction changes what readers see, so the article counts as modified.
        Article.objects.filter(pk=self.article_id).update(updated_at=timezone.now())
