"""
What the API says about each record. Read-only: every serializer is built
from querysets the views have already limited to what readers may see.
"""

import html
import re

from django.urls import reverse
from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import (
    ImageSerializer,
    OrganizationReferenceSerializer,
    PersonReferenceSerializer,
    PublicURLField,
    SectionReferenceSerializer,
    TagReferenceSerializer,
    absolute,
    image_data,
)
from articles.models import Article, Correction, Quote, Section
from organizations.models import Affiliation, Organization, Person, Relationship

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figure|figcaption)\s*>|<br\s*/?>", re.I)


def paragraphs(rich_text):
    """Rich text as plain text, a blank line between paragraphs."""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n\n", rich_text or "")))
    blocks = (" ".join(block.split()) for block in text.split("\n\n"))
    return "\n\n".join(block for block in blocks if block)


def api_url(context, name, slug):
    return absolute(context, reverse(f"api:{name}-detail", kwargs={"slug": slug}))


class SectionSerializer(serializers.ModelSerializer):
    url = PublicURLField()

    class Meta:
        model = Section
        fields = ["slug", "name", "description", "url"]


class TagSerializer(TagReferenceSerializer):
    pass


class BylineSerializer(PersonReferenceSerializer):
    """A byline's author, in the order the byline reads."""


class ArticleQuoteSerializer(serializers.ModelSerializer):
    """A quote inside a story: who said it, styled as the story printed it."""

    speaker = PersonReferenceSerializer()
    speaker_title = serializers.CharField(help_text="The title as printed in this story.")
    speaker_organization = OrganizationReferenceSerializer(allow_null=True)
    attribution = serializers.CharField(help_text="Title and organization as printed.")
    translated = serializers.BooleanField(
        source="is_translated", help_text="The words are a translation of what was said."
    )

    class Meta:
        model = Quote
        fields = [
            "id",
            "text",
            "speaker",
            "speaker_title",
            "speaker_organization",
            "attribution",
            "translated",
        ]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["text", "corrected_at"]


class SourceSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The publication the story is based on.")
    url = serializers.CharField(help_text="Its address, or empty.")
    published_on = serializers.DateField(allow_null=True, help_text="The source's own date.")
    organization = OrganizationReferenceSerializer(allow_null=True)


class ArticleSummarySerializer(serializers.ModelSerializer):
    """A story as lists show it."""

    section = SectionReferenceSerializer()
    bylines = serializers.SerializerMethodField()
    lead_image = serializers.SerializerMethodField()
    url = PublicURLField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "headline",
            "dek",
            "language",
            "kind",
            "section",
            "bylines",
            "dateline",
            "published_at",
            "updated_at",
            "lead_image",
            "url",
            "api_url",
        ]

    @extend_schema_field(BylineSerializer(many=True))
    def get_bylines(self, article):
        people = [byline.person for byline in article.bylines.all()]
        return BylineSerializer(people, many=True, context=self.context).data

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_lead_image(self, article):
        data = image_data(self.context, article.lead_picture)
        if data is not None:
            data["caption"] = article.lead_image_caption
            data["credit"] = article.lead_image_credit
        return data

    def get_api_url(self, article) -> str:
        return api_url(self.context, "article", article.slug)


class LeadImageSerializer(ImageSerializer):
    caption = serializers.CharField()
    credit = serializers.CharField()


class RelatedStorySerializer(serializers.Serializer):
    article = ArticleSummarySerializer()
    reason = serializers.CharField(help_text="Why it is related: “Also covers Mila · AI Sweden”.")
    pinned = serializers.BooleanField(help_text="An editor's pick rather than a computed one.")


class TranslationSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["language", "slug", "headline", "url", "api_url"]

    def get_api_url(self, article) -> str:
        return api_url(self.context, "article", article.slug)


class ArticleSerializer(ArticleSummarySerializer):
    """A whole story."""

    body_html = serializers.CharField(source="body", help_text="Sanitized HTML.")
    body_text = serializers.SerializerMethodField(help_text="Paragraphs apart by a blank line.")
    tags = TagReferenceSerializer(many=True, source="tags.all")
    organizations = OrganizationReferenceSerializer(many=True, source="organizations.all")
    people = PersonReferenceSerializer(many=True, source="people.all")
    quotes = ArticleQuoteSerializer(many=True, source="quotes.all")
    corrections = CorrectionSerializer(many=True, source="corrections.all")
    source = serializers.SerializerMethodField()
    canonical_url = serializers.SerializerMethodField(
        help_text="Where the story first ran: elsewhere, or its page here."
    )
    related = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField(
        help_text="The story's published versions in other languages."
    )

    class Meta(ArticleSummarySerializer.Meta):
        fields = [
            *ArticleSummarySerializer.Meta.fields,
            "body_html",
            "body_text",
            "tags",
            "organizations",
            "people",
            "quotes",
            "corrections",
            "source",
            "canonical_url",
            "related",
            "translations",
        ]

    @extend_schema_field(LeadImageSerializer(allow_null=True))
    def get_lead_image(self, article):
        return super().get_lead_image(article)

    def get_body_text(self, article) -> str:
        return paragraphs(article.body)

    @extend_schema_field(SourceSerializer(allow_null=True))
    def get_source(self, article):
        if not (article.source_display_name or article.source_url):
            return None
        organization = article.source_organization
        return {
            "name": article.source_display_name,
            "url": article.source_url,
            "published_on": article.source_published_on,
            "organization": OrganizationReferenceSerializer(organization, context=self.context).data
            if organization
            else None,
        }

    def get_canonical_url(self, article) -> str:
        return article.canonical_url or absolute(self.context, article.get_absolute_url())

    @extend_schema_field(TranslationSerializer(many=True))
    def get_translations(self, article):
        return TranslationSerializer(
            self.context.get("translations", []), many=True, context=self.context
        ).data

    @extend_schema_field(RelatedStorySerializer(many=True))
    def get_related(self, article):
        stories = self.context.get("related", [])
        return [
            {
                "article": ArticleSummarySerializer(story.article, context=self.context).data,
                "reason": story.reason,
                "pinned": story.pinned,
            }
            for story in stories
        ]


class QuoteSerializer(ArticleQuoteSerializer):
    """A quote with the story it ran in."""

    article = serializers.SerializerMethodField()

    class Meta(ArticleQuoteSerializer.Meta):
        fields = [*ArticleQuoteSerializer.Meta.fields, "article"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "slug": {"type": "string"},
                "headline": {"type": "string"},
                "language": {"type": "string"},
                "published_at": {"type": "string", "format": "date-time"},
                "url": {"type": "string", "format": "uri"},
                "api_url": {"type": "string", "format": "uri"},
            },
            "required": ["slug", "headline", "language", "published_at", "url", "api_url"],
        }
    )
    def get_article(self, quote):
        article = quote.article
        return {
            "slug": article.slug,
            "headline": article.headline,
            "language": article.language,
            "published_at": serializers.DateTimeField().to_representation(article.published_at),
            "url": absolute(self.context, article.get_absolute_url()),
            "api_url": api_url(self.context, "article", article.slug),
        }


class OrganizationSummarySerializer(serializers.ModelSerializer):
    url = PublicURLField()
    api_url = serializers.SerializerMethodField()
    logo = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "description",
            "city",
            "country",
            "website",
            "founded",
            "logo",
            "url",
            "api_url",
        ]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_logo(self, organization):
        return image_data(self.context, organization.logo_picture)

    def get_api_url(self, organization) -> str:
        return api_url(self.context, "organization", organization.slug)


class MemberSerializer(serializers.ModelSerializer):
    """Someone at the organization now, with the title it gives them."""

    person = PersonReferenceSerializer()

    class Meta:
        model = Affiliation
        fields = ["person", "title", "start_date"]


class RelationshipSerializer(serializers.ModelSerializer):
    """One relationship as it reads from the organization asked about."""

    direction = serializers.SerializerMethodField(
        help_text="outgoing: this organization is the subject (“Vinnova funds …”)."
    )
    phrase = serializers.SerializerMethodField(
        help_text="“funds”, or from the other end “funded by”."
    )
    organization = serializers.SerializerMethodField()
    since_display = serializers.CharField(help_text="The start as precisely as known: “fall 2021”.")
    until_display = serializers.CharField()
    ended = serializers.BooleanField(help_text="Its last day is past: “until 2024” ends with 2024.")

    class Meta:
        model = Relationship
        fields = [
            "kind",
            "direction",
            "phrase",
            "organization",
            "since",
            "since_precision",
            "since_display",
            "until",
            "until_precision",
            "until_display",
            "ended",
            "summary",
        ]

    def outgoing(self, relationship):
        return relationship.from_organization_id == self.context["organization"].pk

    def get_direction(self, relationship) -> str:
        return "outgoing" if self.outgoing(relationship) else "incoming"

    def get_phrase(self, relationship) -> str:
        return relationship.phrase if self.outgoing(relationship) else relationship.inverse_phrase

    @extend_schema_field(OrganizationReferenceSerializer())
    def get_organization(self, relationship):
        other = (
            relationship.to_organization
            if self.outgoing(relationship)
            else relationship.from_organization
        )
        return OrganizationReferenceSerializer(other, context=self.context).data


class OrganizationSerializer(OrganizationSummarySerializer):
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    about_html = serializers.CharField(source="about", help_text="Sanitized HTML.")
    people = MemberSerializer(many=True, source="current_affiliations")
    relationships = serializers.SerializerMethodField()

    class Meta(OrganizationSummarySerializer.Meta):
        fields = [
            *OrganizationSummarySerializer.Meta.fields,
            "aliases",
            "about_html",
            "people",
            "relationships",
        ]

    @extend_schema_field(RelationshipSerializer(many=True))
    def get_relationships(self, organization):
        both = [
            *organization.outgoing_relationships.all(),
            *organization.incoming_relationships.all(),
        ]
        context = {**self.context, "organization": organization}
        return RelationshipSerializer(both, many=True, context=context).data


class PersonSummarySerializer(serializers.ModelSerializer):
    url = PublicURLField()
    api_url = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["slug", "name", "website", "photo", "url", "api_url"]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_photo(self, person):
        return image_data(self.context, person.photo_picture)

    def get_api_url(self, person) -> str:
        return api_url(self.context, "person", person.slug)


class AffiliationSerializer(serializers.ModelSerializer):
    organization = OrganizationReferenceSerializer()
    current = serializers.BooleanField(source="is_current")

    class Meta:
        model = Affiliation
        fields = ["organization", "title", "start_date", "end_date", "current"]


class PersonSerializer(PersonSummarySerializer):
    affiliations = AffiliationSerializer(many=True, source="public_affiliations")
    quotes = QuoteSerializer(many=True, source="latest_quotes")

    class Meta(PersonSummarySerializer.Meta):
        fields = [*PersonSummarySerializer.Meta.fields, "bio", "affiliations", "quotes"]
