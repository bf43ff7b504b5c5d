import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Section
from audit import trail
from audit.models import AuditEvent
from organizations.models import Organization, Person, Relationship
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    BylineFactory,
    CorrectionFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    RelationshipFactory,
    SectionFactory,
    UserFactory,
)
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def make_organization():
    organization = OrganizationFactory(name="Mila", about="<p>Montreal institute.</p>")
    AffiliationFactory(organization=organization, title="Founder and Scientific Director")
    RelationshipFactory(from_organization=organization, kind=Relationship.Kind.HOSTS)
    RelationshipFactory(to_organization=organization, kind=Relationship.Kind.FUNDER)
    return organization


def make_person():
    return AffiliationFactory(person=PersonFactory(name="Yoshua Bengio")).person


def make_article():
    article = ArticleFactory(
        published=True,
        headline="Mila partners with AI Sweden",
        source_organization=OrganizationFactory(),
    )
    article.tags.add("Artificial intelligence", "Sweden")
    article.organizations.add(OrganizationFactory())
    article.people.add(PersonFactory())
    article.pinned_related.add(ArticleFactory(published=True))
    BylineFactory(article=article)
    QuoteFactory(article=article, speaker_organization=OrganizationFactory())
    CorrectionFactory(article=article)
    return article


def make_endpoint():
    return Endpoint.objects.create(
        url="https://hooks.partner.example/newsroom",
        description="The partner site's story mirror",
        events=["published", "unpublished"],
    )


def make_tag():
    tag = Tag.objects.create(name="Deep learning")
    ArticleFactory().tags.add(tag)
    return tag


# One existing object per registered model, built the way the desk would see it.
EXAMPLES = {
    Article: make_article,
    Section: lambda: SectionFactory(name="Explainers"),
    Organization: make_organization,
    Person: make_person,
    Relationship: lambda: RelationshipFactory(kind=Relationship.Kind.PARTNER),
    Tag: make_tag,
    User: lambda: UserFactory(username="reporter"),
    Group: lambda: Group.objects.create(name="Editors"),
    AuditEvent: lambda: trail.record(
        None, "publish", ArticleFactory(headline="Launch"), "Published"
    ),
    Endpoint: make_endpoint,
    Delivery: lambda: Delivery.objects.create(
        endpoint=make_endpoint(), event="published", payload={"type": "article.published"}
    ),
}

# Append-only records: nobody adds them by hand, not even a superuser.
READ_ONLY = {AuditEvent, Delivery}

REGISTERED = [
    pytest.param(model, model_admin, id=model._meta.label)
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    )
]
SEARCHABLE = [param for param in REGISTERED if param.values[1].search_fields]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_registered_model_has_an_example_object():
    assert set(EXAMPLES) == set(admin.site._registry)


def test_desk_is_branded_with_the_newsroom_name(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Newsroom desk" in response.text
    assert admin.site.site_header == "Newsroom desk"


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED)
class TestEveryAdminPageRenders:
    def test_changelist_lists_existing_objects(self, admin_client, model, model_admin):
        obj = EXAMPLES[model]()

        response = admin_client.get(admin_url(model, "changelist"))

        assert response.status_code == 200
        assert obj in response.context["cl"].result_list

    def test_add_page_shows_an_empty_form(self, admin_client, model, model_admin):
        response = admin_client.get(admin_url(model, "add"))

        if model in READ_ONLY:
            assert response.status_code == 403
            return
        assert response.status_code == 200
        assert response.context["adminform"].form.instance.pk is None

    def test_change_page_shows_the_object(self, admin_client, model, model_admin):
        obj = EXAMPLES[model]()

        response = admin_client.get(admin_url(model, "change", obj.pk))

        assert response.status_code == 200
        assert response.context["original"] == obj
        assert str(obj) in response.text


@pytest.mark.parametrize(("model", "model_admin"), SEARCHABLE)
def test_changelist_search_finds_matching_objects(admin_client, model, model_admin):
    obj = EXAMPLES[model]()
    term = str(obj).split()[0]

    response = admin_client.get(admin_url(model, "changelist"), {"q": term})

    assert response.status_code == 200
    assert obj in response.context["cl"].result_list


def test_changelist_search_with_no_match_shows_nothing(admin_client):
    ArticleFactory(headline="Mila partners with AI Sweden")

    response = admin_client.get(admin_url(Article, "changelist"), {"q": "zebra"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def management_form(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def article_form_data():
    """What the desk submits for a new article, with one byline, quote and correction."""
    section = SectionFactory()
    author = PersonFactory(name="Reporter")
    speaker = PersonFactory(name="Martin Svensson")
    ai_sweden = OrganizationFactory(name="AI Sweden")
    return {
        "headline": "Mila and AI Sweden join forces",
        "slug": "mila-and-ai-sweden-join-forces",
        "dek": "A partnership between two AI centres.",
        "kind": Article.Kind.NEWS,
        "section": str(section.pk),
        "dateline": "US and Canada",
        "body": (
            '<p onclick="steal()">Mila and AI Sweden<script>alert(1)</script> '
            '<a href="javascript:alert(1)">signed</a>.</p>'
        ),
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "organizations": [str(ai_sweden.pk)],
        "tags": ["Artificial intelligence", "Research partnerships"],
        "source_name": "CDO Magazine",
        "source_url": "https://www.cdomagazine.tech",
        "source_organization": "",
        "canonical_url": "",
        **management_form("bylines", 1),
        "bylines-0-position": "1",
        "bylines-0-person": str(author.pk),
        **management_form("quotes", 1),
        "quotes-0-position": "1",
        "quotes-0-speaker": str(speaker.pk),
        "quotes-0-speaker_title": "Co-Director",
        "quotes-0-speaker_organization": str(ai_sweden.pk),
        "quotes-0-text": "Through the partnership with Mila, we can connect organizations.",
        **management_form("corrections", 1),
        "corrections-0-corrected_at_0": "2022-02-16",
        "corrections-0-corrected_at_1": "09:00:00",
        "corrections-0-text": "An earlier version misnamed the agency.",
    }


class TestArticleAdminForm:
    def test_desk_creates_an_article_with_byline_and_quote_but_no_correction(
        self, admin_client, article_form_data
    ):
        response = admin_client.post(admin_url(Article, "add"), article_form_data)

        assert response.status_code == 302, response.context["adminform"].form.errors
        article = Article.objects.get(slug="mila-and-ai-sweden-join-forces")
        assert [byline.person.name for byline in article.bylines.all()] == ["Reporter"]
        quote = article.quotes.get()
        assert quote.speaker.name == "Martin Svensson"
        assert quote.attribution == "Co-Director, AI Sweden"
        # Corrections are appended to published stories; a new draft has nothing to correct.
        assert not article.corrections.exists()
        assert sorted(article.tags.names()) == ["Artificial intelligence", "Research partnerships"]
        assert [organization.name for organization in article.organizations.all()] == ["AI Sweden"]

    def test_body_submitted_through_the_desk_is_sanitized(self, admin_client, article_form_data):
        admin_client.post(admin_url(Article, "add"), article_form_data)

        body = Article.objects.get(slug="mila-and-ai-sweden-join-forces").body
        assert body == '<p>Mila and AI Sweden <a rel="noopener noreferrer">signed</a>.</p>'

    def test_editing_an_article_through_the_desk_raises_its_version(
        self, admin_client, article_form_data
    ):
        admin_client.post(admin_url(Article, "add"), article_form_data)
        article = Article.objects.get(slug="mila-and-ai-sweden-join-forces")

        data = {
            **article_form_data,
            "headline": "Mila and AI Sweden sign a partnership",
            **management_form("bylines", 0),
            **management_form("quotes", 0),
            **management_form("corrections", 0),
        }
        response = admin_client.post(admin_url(Article, "change", article.pk), data)

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Mila and AI Sweden sign a partnership"
        assert article.version == 2

    def test_publishing_with_a_future_time_schedules_the_article(
        self, admin_client, article_form_data
    ):
        data = {
            **article_form_data,
            "status": Article.Status.PUBLISHED,
            "published_at_0": "2999-01-01",
            "published_at_1": "08:00:00",
        }

        response = admin_client.post(admin_url(Article, "add"), data)

        assert response.status_code == 302
        article = Article.objects.get(slug="mila-and-ai-sweden-join-forces")
        assert article.is_scheduled
        assert not Article.objects.published().exists()

    def test_publishing_with_the_time_left_empty_publishes_now(
        self, admin_client, article_form_data
    ):
        data = {**article_form_data, "status": Article.Status.PUBLISHED}

        response = admin_client.post(admin_url(Article, "add"), data)

        assert response.status_code == 302
        assert list(Article.objects.published().values_list("slug", flat=True)) == [
            "mila-and-ai-sweden-join-forces"
        ]

    def test_duplicate_byline_is_refused_with_a_message(self, admin_client, article_form_data):
        data = {
            **article_form_data,
            **management_form("bylines", 2),
            "bylines-1-position": "2",
            "bylines-1-person": article_form_data["bylines-0-person"],
        }

        response = admin_client.post(admin_url(Article, "add"), data)

        assert response.status_code == 200
        assert not Article.objects.exists()
        assert "Please correct the duplicate data for person" in response.text


class TestTagAutocomplete:
    def test_staff_get_matching_tags_as_json(self, admin_client):
        for name in ["Artificial intelligence", "Sweden", "Swedish politics", "Montreal"]:
            Tag.objects.create(name=name)

        response = admin_client.get(
            reverse("admin:articles_article_tag_autocomplete"), {"q": "swe"}
        )

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        results = response.json()["results"]
        assert [result["text"] for result in results] == ["Sweden", "Swedish politics"]
        assert [result["id"] for result in results] == ["Sweden", "Swedish politics"]

    def test_anonymous_visitors_are_sent_to_log_in(self, client):
        Tag.objects.create(name="Sweden")
        url = reverse("admin:articles_article_tag_autocomplete")

        response = client.get(url, {"q": "swe"})

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert "Sweden" not in response.text

    def test_logged_in_non_staff_users_are_sent_to_log_in(self, client):
        client.force_login(UserFactory(is_staff=False))

        response = client.get(reverse("admin:articles_article_tag_autocomplete"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


class TestOrganizationAdminForm:
    def test_profile_submitted_through_the_desk_is_sanitized(self, admin_client):
        vinnova = OrganizationFactory(name="Vinnova")
        data = {
            "name": "AI Sweden",
            "slug": "ai-sweden",
            "short_name": "",
            "aliases": "Swedish national center for applied artificial intelligence",
            "kind": Organization.Kind.NATIONAL_AI_CENTRE,
            # The English texts; the French and Swedish ones are folded below them.
            "description_en": "Sweden's national centre for applied AI.",
            "about_en": (
                '<p style="color:red">National centre<script>alert(1)</script></p><img src=x>'
            ),
            "about_fr": "<p>Centre national<script>alert(1)</script></p>",
            "country": "Sweden",
            "city": "",
            "website": "https://www.ai.se",
            "founded": "",
            **management_form("affiliations", 0),
            **management_form("outgoing_relationships", 0),
            **management_form("incoming_relationships", 1),
            "incoming_relationships-0-from_organization": str(vinnova.pk),
            "incoming_relationships-0-kind": Relationship.Kind.FUNDER,
            "incoming_relationships-0-since_precision": "day",
            "incoming_relationships-0-until_precision": "day",
            "incoming_relationships-0-summary": "Partly finances the Montreal office.",
        }

        response = admin_client.post(admin_url(Organization, "add"), data)

        assert response.status_code == 302, response.context["adminform"].form.errors
        ai_sweden = Organization.objects.get(slug="ai-sweden")
        assert ai_sweden.about == "<p>National centre</p>"
        assert ai_sweden.about_fr == "<p>Centre national</p>"
        assert [str(relationship) for relationship in ai_sweden.incoming_relationships.all()] == [
            "Vinnova funds AI Sweden"
        ]
