from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from images.fields import ImagesMixin, ProcessedImageField, focus_field, picture
from organizations import visibility
from organizations.dates import DatePrecision, format_partial_date, has_ended
from pagecache.tags import ListingQuerySet
from richtext.fields import RichTextField


class DirectoryQuerySet(ListingQuerySet):
    def public(self):
        """
        What readers may see: reviewed by staff, or cited by a published story
        (see `organizations.visibility`). Every public page, list, sitemap and
        search goes through it; a page listing them is tagged with the list
        (`organizations.caching`).
        """
        return self.filter(visibility.public_condition(self.model)).listing(self.model.LIST_TAG)


def needs_review_field(help_text):
    return models.BooleanField("needs review", default=False, help_text=help_text)


class Organization(ImagesMixin, models.Model):
    """An institution the newsroom covers: a lab, an agency, a company."""

    # The page cache's tag of pages listing organizations (`organizations.caching`).
    LIST_TAG = "list-organizations"

    class Kind(models.TextChoices):
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        NATIONAL_AI_CENTRE = "national_ai_centre", _("National AI centre")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        COMPANY = "company", _("Company")
        PUBLISHER = "publisher", _("Publisher")
        INITIATIVE = "initiative", _("Initiative")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, help_text="Full name, as in the first reference.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Part of the profile's web address. Changing it breaks old links.",
    )
    short_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="Used in tight spaces and second references, e.g. “Mila”.",
    )
    aliases = models.TextField(
        blank=True,
        help_text=(
            "Other names the organization goes by in text, one per line, "
            "e.g. “Sweden's Innovation Agency”."
        ),
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="One line shown under the name in lists and search results.",
    )
    about = RichTextField(blank=True, help_text="The longer profile shown on its page.")
    country = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    logo = ProcessedImageField(
        upload_to="organizations/logos",
        fit="contain",
        blank=True,
        help_text="Shown whole, never cropped; a transparent background is kept.",
    )
    logo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    founded = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2100)],
        help_text="Year founded.",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_organizations",
        help_text="Staff accounts allowed to keep this profile current.",
    )
    needs_review = needs_review_field(
        "Proposed by a story import. Readers see it only once a published story cites it "
        "or this box is unticked: check it is not already in the directory first."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("manage_all_organizations", "Can edit every organization, not only assigned ones"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=1000, founded__lte=2100),
                name="organization_founded_plausible_year",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        """The short name where there is one: “Mila” rather than the full name."""
        return self.short_name or self.name

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def place(self):
        return ", ".join(part for part in (self.city, self.country) if part)

    @property
    def logo_picture(self):
        """The logo as pages show it, described from the name, or None."""
        return picture(self, "logo", alt=f"Logo of {self.name}")


class Person(ImagesMixin, models.Model):
    """Someone the newsroom quotes, covers or employs as a writer."""

    LIST_TAG = "list-people"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True, help_text="A few plain sentences for the person's page.")
    photo = ProcessedImageField(
        "portrait",
        upload_to="people/photos",
        blank=True,
        help_text="Cropped square around the focal point on the person's page.",
    )
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    photo_focus_x = focus_field(
        "focal point across", "Where the face is, from 0 (left edge) to 1 (right edge)."
    )
    photo_focus_y = focus_field(
        "focal point down", "Where the face is, from 0 (top) to 1 (bottom)."
    )
    website = models.URLField(blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="staff account",
        help_text="For someone who writes for the newsroom: their new stories carry their "
        "byline, and bylines offer staff first.",
    )
    needs_review = needs_review_field(
        "Added by a story import from a name in the text. Readers see the person only "
        "once a published story cites them or this box is unticked: check that this is "
        "not someone already in the directory, add a title, then untick."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(photo_focus_x__gte=0, photo_focus_x__lte=1)
                & Q(photo_focus_y__gte=0, photo_focus_y__lte=1),
                name="person_photo_focus_inside",
                violation_error_message="The focal point is between 0 and 1 each way.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:person", kwargs={"slug": self.slug})

    @property
    def photo_picture(self):
        """The portrait as pages show it, described from the name, or None."""
        return picture(self, "photo", alt=f"Portrait of {self.name}")


class AffiliationQuerySet(models.QuerySet):
    def current(self, on=None):
        """Affiliations that have not ended (on a given date, default today)."""
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Affiliation(models.Model):
    """A person's role at an organization, e.g. Founder and Scientific Director at Mila."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    title = models.CharField(max_length=200, help_text="As the organization styles it.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave empty while the person still holds the role."
    )

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = [F("end_date").desc(nulls_first=True), F("start_date").desc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="affiliation_ends_after_it_starts",
                violation_error_message="An affiliation cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["person", "organization", "title"],
                condition=Q(end_date__isnull=True),
                name="affiliation_unique_current_role",
                violation_error_message="This person already holds this title here.",
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.title}, {self.organization}"

    @property
    def is_current(self):
        return self.end_date is None or self.end_date >= timezone.localdate()


class Relationship(models.Model):
    """How one organization relates to another: Vinnova funds AI Sweden."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Funder")
        HOSTS = "hosts", _("Hosts")
        MEMBER = "member", _("Member")
        SUBSIDIARY = "subsidiary", _("Subsidiary")

    # How each kind reads from either end: (from → to, to ← from).
    PHRASES = {
        Kind.PARTNER: (_("partners with"), _("partners with")),
        Kind.FUNDER: (_("funds"), _("funded by")),
        Kind.HOSTS: (_("hosts"), _("hosted by")),
        Kind.MEMBER: (_("member of"), _("has member")),
        Kind.SUBSIDIARY: (_("subsidiary of"), _("parent of")),
    }

    from_organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="outgoing_relationships",
        help_text="Reads as a sentence: FROM funds / hosts / partners with TO.",
    )
    to_organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="incoming_relationships"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    since = models.DateField(
        null=True, blank=True, help_text="First day of the period known, e.g. 2021-09-01."
    )
    since_precision = models.CharField(
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date is known: “fall 2021” is Season.",
    )
    until = models.DateField(null=True, blank=True, help_text="Leave empty while it lasts.")
    until_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One line on what the relationship involves.",
    )

    class Meta:
        ordering = ["kind", F("since").desc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_organization=F("to_organization")),
                name="relationship_not_to_itself",
                violation_error_message="An organization cannot relate to itself.",
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="relationship_ends_after_it_starts",
                violation_error_message="A relationship cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["from_organization", "to_organization", "kind"],
                name="relationship_unique_kind_per_pair",
                violation_error_message="These organizations already have this relationship.",
            ),
            # A partnership reads the same both ways: Mila–AI Sweden is AI Sweden–Mila.
            models.UniqueConstraint(
                Least("from_organization", "to_organization"),
                Greatest("from_organization", "to_organization"),
                condition=Q(kind="partner"),
                name="relationship_one_partnership_per_pair",
                violation_error_message="These organizations are already partners.",
            ),
        ]

    def __str__(self):
        return f"{self.from_organization} {self.phrase} {self.to_organization}"

    @property
    def phrase(self):
        return self.PHRASES[self.kind][0]

    @property
    def inverse_phrase(self):
        return self.PHRASES[self.kind][1]

    @property
    def since_display(self):
        return format_partial_date(self.since, self.since_precision)

    @property
    def until_display(self):
        return format_partial_date(self.until, self.until_precision)

    @property
    def ended(self):
        """Its last day is past: “until 2024” runs to the end of 2024."""
        return has_ended(self.until, self.until_precision)
