"""factory_boy factories for the newsroom's models; every slug is unique by sequence."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Byline, Correction, Quote, Section
from organizations.models import Affiliation, Organization, Person, Relationship


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"editor{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.example")
    password = factory.django.Password("correct horse battery staple")

    class Params:
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    order = factory.Sequence(lambda n: n)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Institute {n}")
    slug = factory.Sequence(lambda n: f"institute-{n}")
    kind = Organization.Kind.RESEARCH_INSTITUTE
    description = "A research institute in the news."
    country = "Canada"
    city = "Montreal"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Director"
    start_date = datetime.date(2020, 1, 1)
    end_date = None


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    from_organization = factory.SubFactory(OrganizationFactory)
    to_organization = factory.SubFactory(OrganizationFactory)
    kind = Relationship.Kind.PARTNER
    summary = "Research partnership."


class ArticleFactory(factory.django.DjangoModelFactory):
    """
    A draft by default; `ArticleFactory(published=True)` is live since an hour
    ago; `bylined=True` gives it a reporter, so the desk may publish it.
    """

    class Meta:
        model = Article
        # A byline (`bylined`) is its own row: the article needs no second save for it.
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    dek = "What happened, in a sentence."
    body = "<p>The story.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT
    published_at = None

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )
        # With a reporter's byline, which the pre-publish checklist asks for.
        bylined = factory.Trait(
            byline=factory.RelatedFactory(
                "tests.factories.BylineFactory", factory_related_name="article"
            )
        )


def published_article(**kwargs):
    """An article readers can see now (published an hour ago unless told otherwise)."""
    return ArticleFactory(published=True, **kwargs)


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    position = 1


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(PersonFactory)
    text = "We are very pleased with this partnership."
    speaker_title = "Director"
    position = factory.Sequence(lambda n: n)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version misspelled the institute's name."
