"""
The desk's permission matrix: every admin URL, for every role, forged POSTs included.

The roles are the groups of articles/migrations/0005_roles.py, as docs/workflow.md
describes them. Every table below states the secure behaviour.

What a request may answer (`assert_outcome`):

- ALLOWED: 200.
- EDIT / READ, for a change page: 200 with a form that saves / a read-only page.
- DENIED: 403.
- LOGIN: 302 to the admin login page, ?next= the page asked for.
- MISSING: 302 to the admin index with “… doesn’t exist. Perhaps it was deleted?”:
  the object is outside the user's get_queryset. Django's history_view looks the object
  up before it checks permissions, so history answers MISSING rather than DENIED to a
  role with no access to the model when the queryset hides the object anyway.
- ABSENT: 404 (an app's index when the user may see none of its models).
"""

from functools import cached_property
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, Section
from audit import trail
from audit.models import AuditEvent
from organizations.models import Affiliation, Relationship
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    RelationshipFactory,
    SectionFactory,
    UserFactory,
)
from tests.forms import form_data
from tests.helpers import member_of
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

Status = Article.Status

ALLOWED, EDIT, READ, DENIED = "allowed", "edit", "read", "denied"
LOGIN, MISSING, ABSENT = "login", "missing", "absent"

ROLE_GROUPS = {
    "contributor": "Contributor",
    "editor": "Editor",
    "profile_manager": "Profile manager",
    "administrator": "Administrator",
}
ROLES = ["anonymous", *ROLE_GROUPS]
STAFF_ROLES = list(ROLE_GROUPS)

REGISTERED = sorted(model._meta.label_lower for model in admin.site._registry)


class Desk:
    """The matrix's people and objects, each created the first time a test asks for it."""

    def user(self, role):
        return None if role == "anonymous" else getattr(self, role)

    # People.

    @cached_property
    def contributor(self):
        return member_of("Contributor", username="contributor")

    @cached_property
    def other_contributor(self):
        return member_of("Contributor", username="other_contributor")

    @cached_property
    def editor(self):
        return member_of("Editor", username="editor")

    @cached_property
    def profile_manager(self):
        """Manages organization A, not B."""
        return member_of("Profile manager", username="profile_manager")

    @cached_property
    def administrator(self):
        return member_of("Administrator", username="administrator")

    # Articles.

    @cached_property
    def news(self):
        return SectionFactory(name="News", slug="news")

    @cached_property
    def own_draft(self):
        return ArticleFactory(
            headline="The contributor's draft",
            created_by=self.contributor,
            section=self.news,
            bylined=True,
        )

    @cached_property
    def others_draft(self):
        return ArticleFactory(
            headline="Another contributor's draft",
            created_by=self.other_contributor,
            section=self.news,
        )

    @cached_property
    def own_published(self):
        """Written by the contributor and published since: it has left their list."""
        return ArticleFactory(
            published=True,
            headline="The contributor's published story",
            created_by=self.contributor,
            section=self.news,
        )

    @cached_property
    def section(self):
        """A section without articles, so it can be deleted."""
        return SectionFactory(name="Explainers", slug="explainers")

    @cached_property
    def tag(self):
        """A tag readers can follow: a published story uses it."""
        tag = Tag.objects.create(name="Space", slug="space")
        ArticleFactory(published=True, section=self.news).tags.add(tag)
        return tag

    # Profiles.

    @cached_property
    def org_a(self):
        organization = OrganizationFactory(name="Institute A", slug="institute-a")
        organization.managers.add(self.profile_manager)
        return organization

    @cached_property
    def org_b(self):
        return OrganizationFactory(name="Institute B", slug="institute-b")

    @cached_property
    def person(self):
        return PersonFactory(name="Ada Researcher", slug="ada-researcher")

    @cached_property
    def affiliation_b(self):
        """The person's title at B: B's profile, out of A's manager's reach."""
        return AffiliationFactory(person=self.person, organization=self.org_b, title="Director")

    @cached_property
    def relationship(self):
        """From A (the profile manager's) to B."""
        return RelationshipFactory(
            from_organization=self.org_a,
            to_organization=self.org_b,
            kind=Relationship.Kind.PARTNER,
            summary="A partners with B.",
        )

    @cached_property
    def endpoint(self):
        return Endpoint.objects.create(url="https://hooks.example.org/", events=["published"])

    @cached_property
    def delivery(self):
        return Delivery.objects.create(endpoint=self.endpoint, event="published", payload={})

    @cached_property
    def incoming(self):
        """From B to A: shown on A's profile but belongs to B's."""
        return RelationshipFactory(
            from_organization=self.org_b,
            to_organization=self.org_a,
            kind=Relationship.Kind.FUNDER,
            summary="B funds A.",
        )

    # Accounts and the trail.

    @cached_property
    def account(self):
        return UserFactory(username="reader")

    @cached_property
    def group(self):
        return Group.objects.create(name="Interns")

    @cached_property
    def event(self):
        return trail.record(None, AuditEvent.Action.PUBLISH, self.own_published, "Published")


@pytest.fixture
def desk():
    return Desk()


def log_in(client, desk, role):
    user = desk.user(role)
    if user is not None:
        client.force_login(user)
    return user


def row(obj):
    """The object's row as stored now (None once deleted), to compare before and after."""
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def open_form(client, url, form_id):
    """The form as the browser holds it, ready to be posted back (changed)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return form_data(response.content.decode(), form_id)


def assert_outcome(response, outcome, url):
    status = response.status_code
    if outcome == LOGIN:
        assert status == 302
        location = urlsplit(response["Location"])
        assert location.path == reverse("admin:login")
        assert parse_qs(location.query)["next"] == [url]
    elif outcome == MISSING:
        assert status == 302
        assert response["Location"] == reverse("admin:index")
        assert any("doesn’t exist" in message for message in messages_of(response))
    elif outcome == DENIED:
        assert status == 403
    elif outcome == ABSENT:
        assert status == 404
    elif outcome == ALLOWED:
        assert status == 200
    elif outcome in (EDIT, READ):
        assert status == 200
        assert response.context["has_change_permission"] is (outcome == EDIT)
        assert ('name="_save"' in response.text) is (outcome == EDIT)
    else:
        pytest.fail(f"unknown outcome {outcome!r}")


def for_role(role, allowed, refused=DENIED):
    """LOGIN for anonymous users; otherwise ALLOWED or `refused`."""
    if role == "anonymous":
        return LOGIN
    return ALLOWED if allowed else refused


def cases(table):
    """pytest params (role, key, outcome) from {role: {key: outcome}}."""
    params = []
    for role, expectations in table.items():
        for key, outcome in expectations.items():
            name = "-".join([role, *key]) if isinstance(key, tuple) else f"{role}-{key}"
            params.append(pytest.param(role, key, outcome, id=name))
    return params


# The matrix: changelist, add, change, delete and history of every registered model ---------

VIEWS = ("changelist", "add", "change", "delete", "history")

# The object each model's change, delete and history pages are opened on.
MATRIX_OBJECTS = {
    "articles.article": "own_draft",
    "articles.section": "section",
    "auth.group": "group",
    "auth.user": "account",
    "audit.auditevent": "event",  # about an article
    "organizations.organization": "org_a",  # managed by the profile manager
    "organizations.person": "person",
    "organizations.relationship": "relationship",  # from A to B
    "taggit.tag": "tag",
    "webhooks.delivery": "delivery",
    "webhooks.endpoint": "endpoint",
}

#         changelist  add      change  delete   history
FULL = (ALLOWED, ALLOWED, EDIT, ALLOWED, ALLOWED)
VIEW_ONLY = (ALLOWED, DENIED, READ, DENIED, ALLOWED)
NONE = (DENIED, DENIED, DENIED, DENIED, DENIED)
# No access, and the object is outside the queryset, which history_view asks first.
NONE_HIDDEN = (DENIED, DENIED, DENIED, DENIED, MISSING)

ANONYMOUS = dict.fromkeys(REGISTERED, (LOGIN,) * 5)

CONTRIBUTOR = {
    "articles.article": FULL,  # their own draft
    "articles.section": VIEW_ONLY,
    "auth.group": NONE,
    "auth.user": NONE,
    "audit.auditevent": NONE,
    "organizations.organization": VIEW_ONLY,  # the autocomplete widgets need to view them
    "organizations.person": VIEW_ONLY,
    "organizations.relationship": NONE_HIDDEN,
    "taggit.tag": (ALLOWED, ALLOWED, READ, DENIED, ALLOWED),  # tags are created while writing
    "webhooks.delivery": NONE,
    "webhooks.endpoint": NONE,
}

EDITOR = {
    "articles.article": FULL,
    "articles.section": FULL,
    "auth.group": NONE,
    "auth.user": NONE,
    "audit.auditevent": VIEW_ONLY,
    "organizations.organization": FULL,
    "organizations.person": FULL,
    "organizations.relationship": FULL,
    "taggit.tag": FULL,
    "webhooks.delivery": VIEW_ONLY,
    "webhooks.endpoint": FULL,
}

PROFILE_MANAGER = {
    "articles.article": NONE,
    "articles.section": NONE,
    "auth.group": NONE,
    "auth.user": NONE,
    "audit.auditevent": NONE_HIDDEN,  # an article's event: not in their trail
    "organizations.organization": (ALLOWED, DENIED, EDIT, DENIED, ALLOWED),  # their own A
    "organizations.person": VIEW_ONLY,
    "organizations.relationship": FULL,  # from their own A
    "taggit.tag": NONE,
    "webhooks.delivery": NONE,
    "webhooks.endpoint": NONE,
}

ADMINISTRATOR = {
    "articles.article": NONE,
    "articles.section": NONE,
    "auth.group": FULL,
    "auth.user": FULL,
    # An article's event: the trail shows them events about users only.
    "audit.auditevent": (ALLOWED, DENIED, MISSING, DENIED, MISSING),
    "organizations.organization": NONE,
    "organizations.person": NONE,
    "organizations.relationship": NONE_HIDDEN,
    "taggit.tag": NONE,
    "webhooks.delivery": NONE,
    "webhooks.endpoint": NONE,
}

MATRIX = {
    "anonymous": ANONYMOUS,
    "contributor": CONTRIBUTOR,
    "editor": EDITOR,
    "profile_manager": PROFILE_MANAGER,
    "administrator": ADMINISTRATOR,
}


def matrix_cases():
    """One case per role, registered model and view; a model without expectations fails."""
    params = []
    for role, table in MATRIX.items():
        for label in REGISTERED:
            outcomes = table.get(label, (None,) * len(VIEWS))
            for view, outcome in zip(VIEWS, outcomes, strict=True):
                params.append(pytest.param(role, label, view, outcome, id=f"{role}-{label}-{view}"))
    return params


def test_every_registered_model_has_expectations_for_every_role():
    for role, table in MATRIX.items():
        assert sorted(table) == REGISTERED, role
    assert sorted(MATRIX_OBJECTS) == REGISTERED
    assert set(MATRIX) == set(ROLES)


@pytest.mark.parametrize(("role", "label", "view", "outcome"), matrix_cases())
def test_admin_page_answers_each_role_as_the_matrix_says(client, desk, role, label, view, outcome):
    if outcome is None:
        pytest.fail(f"{label} is registered in the admin but has no expectation for {role}")
    args = [] if view in ("changelist", "add") else [getattr(desk, MATRIX_OBJECTS[label]).pk]
    url = admin_url(label, view, *args)
    log_in(client, desk, role)

    response = client.get(url)

    assert_outcome(response, outcome, url)


ARTICLES_OUT_OF_REACH = ["others_draft", "own_published"]


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("article", ARTICLES_OUT_OF_REACH)
def test_contributor_cannot_open_anothers_article_or_a_published_one(client, desk, article, view):
    url = admin_url("articles.article", view, getattr(desk, article).pk)
    client.force_login(desk.contributor)

    response = client.get(url)

    assert_outcome(response, MISSING, url)


def test_contributor_list_shows_only_their_own_drafts_and_articles_in_review(client, desk):
    in_review = ArticleFactory(created_by=desk.contributor, status=Status.REVIEW)
    expected = {desk.own_draft, in_review}
    hidden = {desk.others_draft, desk.own_published}
    client.force_login(desk.contributor)

    response = client.get(admin_url("articles.article", "changelist"))

    assert set(response.context["cl"].result_list) == expected
    assert not hidden & set(response.context["cl"].result_list)


def test_profile_manager_relationship_list_holds_only_relationships_from_their_profile(
    client, desk
):
    shown, hidden = desk.relationship, desk.incoming
    client.force_login(desk.profile_manager)

    other_url = admin_url("organizations.relationship", "change", hidden.pk)

    response = client.get(admin_url("organizations.relationship", "changelist"))
    other = client.get(other_url)

    assert list(response.context["cl"].result_list) == [shown]
    assert_outcome(other, MISSING, other_url)


# The other admin pages: revisions, recovery, comparisons, tag merging, passwords ----------


def extra_url_names():
    """The names of every model admin URL beyond the five standard views."""
    names = set()
    for model, model_admin in admin.site._registry.items():
        standard = {f"{model._meta.app_label}_{model._meta.model_name}_{view}" for view in VIEWS}
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if name and name not in standard:
                names.add(name)
    return names


def saved_revision(article, **changes):
    """Save the article with `changes` as a revision and return that revision's version."""
    for name, value in changes.items():
        setattr(article, name, value)
    with reversion.create_revision():
        article.save()
    return Version.objects.get_for_object(article).order_by("-pk").first()


def deleted_version(desk):
    """The last revision of another contributor's draft, deleted since."""
    version = saved_revision(desk.others_draft)
    desk.others_draft.delete()
    return version


EXTRA_URL_ARGS = {
    "articles_article_autosave": lambda desk: [desk.own_draft.pk],
    "articles_article_autosave_new": lambda desk: [],
    "articles_article_live": lambda desk: [desk.own_draft.pk],
    "articles_article_live_new": lambda desk: [],
    "articles_article_presence": lambda desk: [desk.own_draft.pk],
    "articles_article_translate": lambda desk: [desk.own_draft.pk, "fr"],
    "organizations_organization_quick_add": lambda desk: [],
    "organizations_person_quick_add": lambda desk: [],
    "articles_article_compare": lambda desk: [desk.own_draft.pk],
    "articles_article_import": lambda desk: [],
    "articles_article_recover": lambda desk: [deleted_version(desk).pk],
    "articles_article_recoverlist": lambda desk: [],
    "articles_article_revision": lambda desk: [
        desk.own_draft.pk,
        saved_revision(desk.own_draft).pk,
    ],
    "articles_article_tag_autocomplete": lambda desk: [],
    "auth_user_password_change": lambda desk: [desk.account.pk],
    "taggit_tag_merge_tags": lambda desk: [],
}

# The desk form's own endpoints answer the page's script, by POST only.
POSTED = {
    "articles_article_autosave": {"headline": "Typed"},
    "articles_article_autosave_new": {"headline": "Typed"},
    "articles_article_live": {"headline": "Typed"},
    "articles_article_live_new": {"headline": "Typed"},
    "articles_article_presence": {},
    # Who may write the story may start its translation, a draft of their own.
    "articles_article_translate": {},
    "organizations_organization_quick_add": {"name": "Institut Nouveau"},
    "organizations_person_quick_add": {"name": "Ada Nouvelle"},
}
DESK_FORM = {
    # A contributor's own draft, and new stories; directory names to propose.
    "contributor": ALLOWED,
    "editor": ALLOWED,
    "profile_manager": DENIED,
    "administrator": DENIED,
}
QUICK_ADD = {
    # Who may look the directory up may propose a name, flagged for review.
    "contributor": ALLOWED,
    "editor": ALLOWED,
    "profile_manager": ALLOWED,
    "administrator": DENIED,
}

EXTRA_URLS = {
    "anonymous": dict.fromkeys(EXTRA_URL_ARGS, LOGIN),
    "contributor": {
        "articles_article_compare": ALLOWED,  # their own draft
        "articles_article_import": ALLOWED,  # an import is a draft of their own
        "articles_article_recover": DENIED,  # another contributor's deleted draft
        "articles_article_recoverlist": DENIED,
        "articles_article_revision": ALLOWED,  # a revision of their own draft
        "articles_article_tag_autocomplete": ALLOWED,
        "auth_user_password_change": DENIED,
        "taggit_tag_merge_tags": DENIED,
    },
    "editor": {
        "articles_article_compare": ALLOWED,
        "articles_article_import": ALLOWED,
        "articles_article_recover": ALLOWED,
        "articles_article_recoverlist": ALLOWED,
        "articles_article_revision": ALLOWED,
        "articles_article_tag_autocomplete": ALLOWED,
        "auth_user_password_change": DENIED,
        "taggit_tag_merge_tags": ALLOWED,
    },
    "profile_manager": {
        "articles_article_compare": DENIED,
        "articles_article_import": DENIED,
        "articles_article_recover": DENIED,
        "articles_article_recoverlist": DENIED,
        "articles_article_revision": DENIED,
        "articles_article_tag_autocomplete": DENIED,
        "auth_user_password_change": DENIED,
        "taggit_tag_merge_tags": DENIED,
    },
    "administrator": {
        "articles_article_compare": DENIED,
        "articles_article_import": DENIED,
        "articles_article_recover": DENIED,
        "articles_article_recoverlist": DENIED,
        "articles_article_revision": DENIED,
        "articles_article_tag_autocomplete": DENIED,
        "auth_user_password_change": ALLOWED,
        "taggit_tag_merge_tags": DENIED,
    },
}


for role in STAFF_ROLES:
    for name in POSTED:
        EXTRA_URLS[role][name] = (QUICK_ADD if "quick_add" in name else DESK_FORM)[role]


def test_every_extra_admin_url_has_expectations_for_every_role():
    assert set(EXTRA_URL_ARGS) == extra_url_names()
    for role in ROLES:
        assert set(EXTRA_URLS[role]) == set(EXTRA_URL_ARGS), role


@pytest.mark.parametrize(("role", "name", "outcome"), cases(EXTRA_URLS))
def test_extra_admin_page_answers_each_role_as_expected(client, desk, role, name, outcome):
    url = reverse(f"admin:{name}", args=EXTRA_URL_ARGS[name](desk))
    log_in(client, desk, role)

    if name in POSTED:
        response = client.post(url, POSTED[name])
        if outcome == ALLOWED and response.status_code == 201:
            response.status_code = 200  # A name proposed and added.
        if (
            outcome == ALLOWED
            and response.status_code == 302
            and "/change/" in response.get("Location", "")
        ):
            response.status_code = 200  # A translation started: its draft opened.
    else:
        response = client.get(url)

    assert_outcome(response, outcome, url)


def test_contributor_cannot_compare_revisions_of_anothers_article(client, desk):
    url = reverse("admin:articles_article_compare", args=[desk.others_draft.pk])
    client.force_login(desk.contributor)

    response = client.get(url)

    assert_outcome(response, DENIED, url)


# The desk's index, each app's index, and the autocomplete behind the widgets -------------

VISIBLE_APPS = {
    "contributor": {"articles", "organizations", "taggit"},
    "editor": {"articles", "audit", "organizations", "taggit", "webhooks"},
    "profile_manager": {"organizations"},
    "administrator": {"auth", "audit"},
}
APP_LABELS = sorted({label.split(".")[0] for label in REGISTERED})


@pytest.mark.parametrize("role", ROLES)
def test_desk_index_lists_exactly_the_apps_each_role_may_use(client, desk, role):
    url = reverse("admin:index")
    log_in(client, desk, role)

    response = client.get(url)

    if role == "anonymous":
        assert_outcome(response, LOGIN, url)
    else:
        assert_outcome(response, ALLOWED, url)
        apps = {app["app_label"] for app in response.context["app_list"]}
        assert apps == VISIBLE_APPS[role]


@pytest.mark.parametrize("app_label", APP_LABELS)
@pytest.mark.parametrize("role", ROLES)
def test_app_index_is_there_only_for_roles_that_may_use_the_app(client, desk, role, app_label):
    url = reverse("admin:app_list", args=[app_label])
    log_in(client, desk, role)

    response = client.get(url)

    outcome = for_role(role, app_label in VISIBLE_APPS.get(role, ()), refused=ABSENT)
    assert_outcome(response, outcome, url)


def autocomplete_fields():
    """(source model, field, searched model) for every autocomplete widget on the desk."""
    found = set()
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.inlines]:
            source = model if owner is model_admin else owner.model
            for name in owner.autocomplete_fields:
                related = source._meta.get_field(name).related_model
                found.add((source._meta.label_lower, name, related._meta.label_lower))
    return sorted(found)


# What each role may search for in autocomplete widgets (the searched model's view
# permission decides). Editors cannot search users, so the Managers widget on an
# organization only works for someone who also holds the Administrator role.
SEARCHABLE = {
    "contributor": {
        "articles.article",
        "articles.section",
        "organizations.organization",
        "organizations.person",
    },
    "editor": {
        "articles.article",
        "articles.section",
        "organizations.organization",
        "organizations.person",
    },
    "profile_manager": {"organizations.organization", "organizations.person"},
    "administrator": {"auth.user"},
}


@pytest.mark.parametrize(
    ("source", "field", "searched"),
    autocomplete_fields(),
    ids=[f"{source}.{field}" for source, field, _ in autocomplete_fields()],
)
@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_searches_only_what_the_role_may_view(
    client, desk, role, source, field, searched
):
    app_label, model_name = source.split(".")
    query = {"app_label": app_label, "model_name": model_name, "field_name": field, "term": ""}
    url = f"{reverse('admin:autocomplete')}?{urlencode(query)}"
    log_in(client, desk, role)

    response = client.get(url)

    outcome = for_role(role, searched in SEARCHABLE.get(role, ()))
    assert_outcome(response, outcome, url)


def test_contributor_autocomplete_offers_only_their_own_articles(client, desk):
    mine, others = desk.own_draft, desk.others_draft
    client.force_login(desk.contributor)
    query = {
        "app_label": "articles",
        "model_name": "article",
        "field_name": "pinned_related",
        "term": "draft",
    }

    response = client.get(reverse("admin:autocomplete"), query)

    ids = {result["id"] for result in response.json()["results"]}
    assert ids == {str(mine.pk)}
    assert str(others.pk) not in ids


# Changelist actions, POSTed by each role ---------------------------------------------------

DONE, REFUSED = "done", "refused"

# (model, action): the object it is run on. Anonymous users are always sent to log in.
ACTION_TARGETS = {
    ("articles.article", "archive"): "own_published",
    ("articles.article", "delete_selected"): "own_draft",
    ("articles.article", "publish_now"): "own_draft",
    ("articles.article", "revoke_previews"): "own_draft",
    ("articles.article", "submit_for_review"): "own_draft",
    ("articles.article", "unpublish"): "own_published",
    ("articles.section", "delete_selected"): "section",
    ("auth.group", "delete_selected"): "group",
    ("auth.user", "delete_selected"): "account",
    ("audit.auditevent", "delete_selected"): "event",
    ("organizations.organization", "delete_selected"): "org_a",
    ("organizations.person", "delete_selected"): "person",
    ("organizations.relationship", "delete_selected"): "relationship",
    ("taggit.tag", "delete_selected"): "tag",
    ("taggit.tag", "render_tag_form"): "tag",
    ("webhooks.delivery", "delete_selected"): "delivery",
    ("webhooks.endpoint", "delete_selected"): "endpoint",
    ("webhooks.endpoint", "send_test_event"): "endpoint",
}

# DONE: 302 back to the list and the action's effect in the database. REFUSED: the list
# does not offer that action to the role, so nothing runs: 302 back with “No action
# selected.”, or 200 when the role has no actions there at all. DENIED: 403 (no access to
# the list). In every case but DONE the object's row is unchanged.
ACTIONS = {
    "anonymous": dict.fromkeys(ACTION_TARGETS, LOGIN),
    "contributor": {
        ("articles.article", "archive"): REFUSED,
        ("articles.article", "delete_selected"): DONE,
        ("articles.article", "publish_now"): REFUSED,
        ("articles.article", "revoke_previews"): DONE,
        ("articles.article", "submit_for_review"): DONE,
        ("articles.article", "unpublish"): REFUSED,
        ("articles.section", "delete_selected"): REFUSED,
        ("auth.group", "delete_selected"): DENIED,
        ("auth.user", "delete_selected"): DENIED,
        ("audit.auditevent", "delete_selected"): DENIED,
        ("organizations.organization", "delete_selected"): REFUSED,
        ("organizations.person", "delete_selected"): REFUSED,
        ("organizations.relationship", "delete_selected"): DENIED,
        ("taggit.tag", "delete_selected"): REFUSED,
        ("taggit.tag", "render_tag_form"): REFUSED,
        ("webhooks.delivery", "delete_selected"): DENIED,
        ("webhooks.endpoint", "delete_selected"): DENIED,
        ("webhooks.endpoint", "send_test_event"): DENIED,
    },
    "editor": {
        ("articles.article", "archive"): DONE,
        ("articles.article", "delete_selected"): DONE,
        ("articles.article", "publish_now"): DONE,
        ("articles.article", "revoke_previews"): DONE,
        ("articles.article", "submit_for_review"): DONE,
        ("articles.article", "unpublish"): DONE,
        ("articles.section", "delete_selected"): DONE,
        ("auth.group", "delete_selected"): DENIED,
        ("auth.user", "delete_selected"): DENIED,
        ("audit.auditevent", "delete_selected"): REFUSED,
        ("organizations.organization", "delete_selected"): DONE,
        ("organizations.person", "delete_selected"): DONE,
        ("organizations.relationship", "delete_selected"): DONE,
        ("taggit.tag", "delete_selected"): DONE,
        ("taggit.tag", "render_tag_form"): DONE,
        ("webhooks.delivery", "delete_selected"): REFUSED,
        ("webhooks.endpoint", "delete_selected"): DONE,
        ("webhooks.endpoint", "send_test_event"): DONE,
    },
    "profile_manager": {
        ("articles.article", "archive"): DENIED,
        ("articles.article", "delete_selected"): DENIED,
        ("articles.article", "publish_now"): DENIED,
        ("articles.article", "revoke_previews"): DENIED,
        ("articles.article", "submit_for_review"): DENIED,
        ("articles.article", "unpublish"): DENIED,
        ("articles.section", "delete_selected"): DENIED,
        ("auth.group", "delete_selected"): DENIED,
        ("auth.user", "delete_selected"): DENIED,
        ("audit.auditevent", "delete_selected"): DENIED,
        ("organizations.organization", "delete_selected"): REFUSED,
        ("organizations.person", "delete_selected"): REFUSED,
        ("organizations.relationship", "delete_selected"): DONE,  # from their own A
        ("taggit.tag", "delete_selected"): DENIED,
        ("taggit.tag", "render_tag_form"): DENIED,
        ("webhooks.delivery", "delete_selected"): DENIED,
        ("webhooks.endpoint", "delete_selected"): DENIED,
        ("webhooks.endpoint", "send_test_event"): DENIED,
    },
    "administrator": {
        ("articles.article", "archive"): DENIED,
        ("articles.article", "delete_selected"): DENIED,
        ("articles.article", "publish_now"): DENIED,
        ("articles.article", "revoke_previews"): DENIED,
        ("articles.article", "submit_for_review"): DENIED,
        ("articles.article", "unpublish"): DENIED,
        ("articles.section", "delete_selected"): DENIED,
        ("auth.group", "delete_selected"): DONE,
        ("auth.user", "delete_selected"): DONE,
        ("audit.auditevent", "delete_selected"): REFUSED,
        ("organizations.organization", "delete_selected"): DENIED,
        ("organizations.person", "delete_selected"): DENIED,
        ("organizations.relationship", "delete_selected"): DENIED,
        ("taggit.tag", "delete_selected"): DENIED,
        ("taggit.tag", "render_tag_form"): DENIED,
        ("webhooks.delivery", "delete_selected"): DENIED,
        ("webhooks.endpoint", "delete_selected"): DENIED,
        ("webhooks.endpoint", "send_test_event"): DENIED,
    },
}


def _merge_page_opened(before, after, response):
    """The tag merge action only hands the selection on to the merge page."""
    return after == before and response["Location"].endswith("/merge-tags/")


# What each action does, judged from the row before and after (and the response).
ACTION_EFFECTS = {
    "archive": lambda before, after, response: after["status"] == Status.ARCHIVED,
    "delete_selected": lambda before, after, response: after is None,
    "publish_now": lambda before, after, response: (
        after["status"] == Status.PUBLISHED and after["published_at"] is not None
    ),
    "render_tag_form": _merge_page_opened,
    "revoke_previews": lambda before, after, response: (
        after["preview_key"] != before["preview_key"]
    ),
    "send_test_event": lambda before, after, response: Delivery.objects.filter(
        endpoint_id=after["id"], event="ping"
    ).exists(),
    "submit_for_review": lambda before, after, response: after["status"] == Status.REVIEW,
    "unpublish": lambda before, after, response: after["status"] == Status.DRAFT,
}


def registered_actions():
    """(model, action) for every action any registered admin defines, site-wide ones included."""
    return {
        (model._meta.label_lower, name)
        for model, model_admin in admin.site._registry.items()
        for _func, name, _description in model_admin._get_base_actions()
    }


def test_every_action_has_a_target_and_expectations_for_every_role():
    assert set(ACTION_TARGETS) == registered_actions()
    assert {action for _, action in ACTION_TARGETS} == set(ACTION_EFFECTS)
    for role in ROLES:
        assert set(ACTIONS[role]) == set(ACTION_TARGETS), role


@pytest.mark.parametrize(("role", "key", "outcome"), cases(ACTIONS))
def test_changelist_action_runs_only_for_roles_allowed_to_run_it(client, desk, role, key, outcome):
    label, action = key
    target = getattr(desk, ACTION_TARGETS[key])
    url = admin_url(label, "changelist")
    log_in(client, desk, role)
    before = row(target)

    # As the list's form posts it, confirmed (“post”) for delete_selected's second step.
    response = client.post(
        url, {"action": action, "_selected_action": [target.pk], "index": "0", "post": "yes"}
    )

    after = row(target)
    if outcome == DONE:
        assert response.status_code == 302
        assert ACTION_EFFECTS[action](before, after, response)
        return
    assert after == before
    if outcome == REFUSED:
        if response.status_code == 302:
            assert response["Location"] == url
            assert "No action selected." in messages_of(response)
        else:
            assert response.status_code == 200
            assert response.context["action_form"] is None  # no actions for this role here
    else:
        assert_outcome(response, outcome, url)


@pytest.mark.parametrize("action", ["submit_for_review", "revoke_previews", "delete_selected"])
def test_contributor_actions_skip_other_contributors_articles(client, desk, action):
    others = desk.others_draft
    before = row(others)
    client.force_login(desk.contributor)

    response = client.post(
        admin_url("articles.article", "changelist"),
        {"action": action, "_selected_action": [others.pk], "index": "0", "post": "yes"},
    )

    assert response.status_code == 302
    assert row(others) == before


def test_contributor_cannot_select_across_into_other_articles(client, desk):
    mine, others = desk.own_draft, desk.others_draft
    before = row(others)
    client.force_login(desk.contributor)

    client.post(
        admin_url("articles.article", "changelist"),
        {
            "action": "submit_for_review",
            "_selected_action": [mine.pk],
            "select_across": "1",
            "index": "0",
        },
    )

    assert row(mine)["status"] == Status.REVIEW
    assert row(others) == before


# Forged article POSTs --------------------------------------------------------------------


class TestForgedArticlePosts:
    def test_contributor_posting_a_status_and_publish_time_saves_the_rest_as_a_draft(
        self, client, desk
    ):
        article = desk.own_draft
        url = admin_url("articles.article", "change", article.pk)
        client.force_login(desk.contributor)
        data = open_form(client, url, "article_form")
        assert "status" not in data  # read-only for them: not in the form at all

        response = client.post(
            url,
            {
                **data,
                "headline": "Edited by its writer",
                "status": Status.PUBLISHED,
                "published_at_0": "2024-05-01",
                "published_at_1": "12:00:00",
            },
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Edited by its writer"
        assert article.status == Status.DRAFT
        assert article.published_at is None
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISH).exists()

    def test_contributor_adding_a_published_article_creates_a_draft(self, client, desk):
        url = admin_url("articles.article", "add")
        client.force_login(desk.contributor)
        data = open_form(client, url, "article_form")

        response = client.post(
            url,
            {
                **data,
                "headline": "Straight to the front page",
                "slug": "straight-to-the-front-page",
                "section": str(desk.news.pk),
                "status": Status.PUBLISHED,
                "published_at_0": "2024-05-01",
                "published_at_1": "12:00:00",
            },
        )

        assert response.status_code == 302
        article = Article.objects.get(slug="straight-to-the-front-page")
        assert article.status == Status.DRAFT
        assert article.published_at is None
        assert article.created_by == desk.contributor

    @pytest.mark.parametrize("article", ARTICLES_OUT_OF_REACH)
    def test_contributor_posting_to_an_article_out_of_reach_changes_nothing(
        self, client, desk, article
    ):
        article = getattr(desk, article)
        url = admin_url("articles.article", "change", article.pk)
        client.force_login(desk.editor)
        data = open_form(client, url, "article_form")
        before = row(article)
        client.force_login(desk.contributor)

        response = client.post(
            url, {**data, "headline": "Rewritten", "status": Status.DRAFT, "body": "<p>Gone</p>"}
        )

        assert_outcome(response, MISSING, url)
        assert row(article) == before

    @pytest.mark.parametrize("article", ARTICLES_OUT_OF_REACH)
    def test_contributor_deleting_an_article_out_of_reach_deletes_nothing(
        self, client, desk, article
    ):
        article = getattr(desk, article)
        url = admin_url("articles.article", "delete", article.pk)
        before = row(article)
        client.force_login(desk.contributor)

        response = client.post(url, {"post": "yes"})

        assert_outcome(response, MISSING, url)
        assert row(article) == before

    @pytest.mark.parametrize("role", ["profile_manager", "administrator"])
    @pytest.mark.parametrize(
        ("label", "view", "target"),
        [
            ("articles.article", "add", None),
            ("articles.article", "change", "own_draft"),
            ("articles.article", "delete", "own_draft"),
            ("articles.section", "add", None),
            ("articles.section", "change", "section"),
            ("articles.section", "delete", "section"),
        ],
    )
    def test_roles_without_editorial_access_cannot_post_to_the_articles_admin(
        self, client, desk, role, label, view, target
    ):
        obj = getattr(desk, target) if target else None
        url = admin_url(label, view, *([obj.pk] if obj else []))
        data = {
            "headline": "Forged",
            "slug": "forged",
            "name": "Forged",
            "section": str(desk.news.pk),
            "kind": Article.Kind.NEWS,
            "status": Status.PUBLISHED,
            "order": "1",
            "post": "yes",
        }
        log_in(client, desk, role)
        before = row(obj) if obj else None
        counts = Article.objects.count(), Section.objects.count()

        response = client.post(url, data)

        assert_outcome(response, DENIED, url)
        assert (Article.objects.count(), Section.objects.count()) == counts
        if obj:
            assert row(obj) == before

    @pytest.mark.parametrize(
        ("role", "label", "target"),
        [
            ("contributor", "articles.section", "section"),
            ("contributor", "organizations.organization", "org_b"),
            ("contributor", "organizations.person", "person"),
            ("contributor", "taggit.tag", "tag"),
            ("profile_manager", "organizations.person", "person"),
        ],
    )
    def test_posting_to_a_read_only_page_is_refused(self, client, desk, role, label, target):
        obj = getattr(desk, target)
        url = admin_url(label, "change", obj.pk)
        form_id = f"{label.split('.')[1]}_form"
        client.force_login(desk.editor)
        data = open_form(client, url, form_id)
        before = row(obj)
        log_in(client, desk, role)

        response = client.post(url, {**data, "name": "Renamed", "slug": "renamed"})

        assert_outcome(response, DENIED, url)
        assert row(obj) == before

    def test_contributor_cannot_reorder_sections_from_the_list(self, client, desk):
        section = desk.section
        before = row(section)
        client.force_login(desk.contributor)

        response = client.post(
            admin_url("articles.section", "changelist"),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": str(section.pk),
                "form-0-order": "99",
                "_save": "Save",
            },
        )

        assert response.status_code == 403
        assert row(section) == before


# Revisions and recovery ------------------------------------------------------------------


class TestRevisionsAndRecovery:
    def test_contributor_cannot_restore_a_revision_of_another_contributors_article(
        self, client, desk
    ):
        article = desk.others_draft
        old = saved_revision(article, headline="Old headline")
        saved_revision(article, headline="Current headline")
        before = row(article)
        client.force_login(desk.contributor)

        response = client.post(admin_url("articles.article", "revision", article.pk, old.pk))

        assert response.status_code == 403
        assert row(article) == before

    def test_contributor_cannot_publish_by_restoring_a_published_revision(self, client, desk):
        article = desk.own_published
        published = saved_revision(article)
        saved_revision(article, status=Status.DRAFT)  # unpublished: back in their list
        before = row(article)
        client.force_login(desk.contributor)

        response = client.post(admin_url("articles.article", "revision", article.pk, published.pk))

        assert response.status_code == 403
        assert row(article) == before
        assert not Article.objects.published().filter(pk=article.pk).exists()

    def test_contributor_cannot_unpublish_by_restoring_a_draft_revision(self, client, desk):
        article = desk.own_draft
        draft = saved_revision(article)
        saved_revision(article, status=Status.PUBLISHED)  # published by an editor since
        url = admin_url("articles.article", "revision", article.pk, draft.pk)
        before = row(article)
        client.force_login(desk.contributor)

        # The revision page opens (it shows the article as the draft it was) ...
        data = form_data(client.get(url).content.decode(), "article_form")
        response = client.post(url, data)

        # ... but saving it would take a live story off the site.
        assert response.status_code == 403
        assert row(article) == before
        assert Article.objects.published().filter(pk=article.pk).exists()

    def test_contributor_cannot_recover_a_deleted_article(self, client, desk):
        version = deleted_version(desk)
        client.force_login(desk.contributor)

        response = client.post(admin_url("articles.article", "recover", version.pk))

        assert response.status_code == 403
        assert not Article.objects.filter(pk=version.object_id).exists()

    def test_profile_manager_cannot_restore_revisions(self, client, desk):
        article = desk.own_draft
        old = saved_revision(article, headline="Old headline")
        saved_revision(article, headline="Current headline")
        before = row(article)
        client.force_login(desk.profile_manager)

        response = client.post(admin_url("articles.article", "revision", article.pk, old.pk))

        assert response.status_code == 403
        assert row(article) == before

    def test_editor_can_restore_a_revision(self, client, desk):
        article = desk.others_draft
        old = saved_revision(article, headline="Old headline")
        saved_revision(article, headline="Current headline")
        url = admin_url("articles.article", "revision", article.pk, old.pk)
        client.force_login(desk.editor)

        response = client.post(url, open_form(client, url, "article_form"))

        assert response.status_code == 302
        assert row(article)["headline"] == "Old headline"


# Tag merging -----------------------------------------------------------------------------


class TestTagMerging:
    def tagged(self, desk):
        desk.own_published.tags.add(desk.tag)
        desk.others_draft.tags.add(desk.tag)
        return [desk.own_published, desk.others_draft]

    def merge(self, client, desk, user):
        client.force_login(user)
        session = client.session
        session["selected_tag_ids"] = str(desk.tag.pk)  # what the merge action leaves there
        session.save()
        return client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Merged"})

    def test_contributor_cannot_merge_tags(self, client, desk):
        articles = self.tagged(desk)

        response = self.merge(client, desk, desk.contributor)

        assert response.status_code == 403
        assert not Tag.objects.filter(name="Merged").exists()
        for article in articles:
            assert list(article.tags.names()) == ["Space"]

    def test_editor_can_merge_tags(self, client, desk):
        articles = self.tagged(desk)

        response = self.merge(client, desk, desk.editor)

        assert response.status_code == 302
        for article in articles:
            assert list(article.tags.names()) == ["Merged"]


# Forged profile POSTs --------------------------------------------------------------------


def organization_url(organization):
    return admin_url("organizations.organization", "change", organization.pk)


class TestForgedProfilePosts:
    def organization_state(self, organization):
        return row(organization), set(organization.managers.values_list("pk", flat=True))

    def test_profile_manager_can_edit_their_own_organization(self, client, desk):
        organization = desk.org_a
        url = organization_url(organization)
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "organization_form")

        response = client.post(url, {**data, "description_en": "Updated by its manager."})

        assert response.status_code == 302
        assert row(organization)["description"] == "Updated by its manager."

    def test_profile_manager_sees_another_organization_read_only_at_most(self, client, desk):
        url = organization_url(desk.org_b)
        client.force_login(desk.profile_manager)

        response = client.get(url)

        if response.status_code == 302:
            assert_outcome(response, MISSING, url)
        else:
            assert_outcome(response, READ, url)

    def test_profile_manager_posting_another_organizations_form_changes_nothing(self, client, desk):
        organization = desk.org_b
        url = organization_url(organization)
        client.force_login(desk.editor)
        data = open_form(client, url, "organization_form")  # B's form, as it stands
        client.force_login(desk.profile_manager)
        before = self.organization_state(organization)

        response = client.post(
            url,
            {
                **data,
                "name": "Institute B, hijacked",
                "description_en": "Rewritten by A's manager.",
                "managers": [str(desk.profile_manager.pk)],
            },
        )

        # Refused either way a fix may choose: 403 from has_change_permission, or
        # “doesn't exist” when get_queryset leaves B out.
        if response.status_code == 302:
            assert_outcome(response, MISSING, url)
        else:
            assert_outcome(response, DENIED, url)
        assert self.organization_state(organization) == before

    def test_profile_manager_cannot_change_who_manages_their_organization(self, client, desk):
        organization = desk.org_a
        url = organization_url(organization)
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "organization_form")

        response = client.post(
            url, {**data, "managers": [str(desk.profile_manager.pk), str(desk.contributor.pk)]}
        )

        assert response.status_code == 302  # the rest of the form saves
        assert list(organization.managers.all()) == [desk.profile_manager]

    def test_profile_manager_cannot_change_their_organizations_slug(self, client, desk):
        organization = desk.org_a
        url = organization_url(organization)
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "organization_form")

        response = client.post(url, {**data, "slug": "renamed-by-its-manager"})

        assert response.status_code == 302
        assert row(organization)["slug"] == "institute-a"

    def test_profile_manager_cannot_change_an_incoming_relationship(self, client, desk):
        incoming = desk.incoming
        url = organization_url(desk.org_a)
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "organization_form")
        before = row(incoming)
        prefix = "incoming_relationships"
        assert data[f"{prefix}-INITIAL_FORMS"] == "1"

        response = client.post(
            url,
            {
                **data,
                f"{prefix}-0-id": str(incoming.pk),
                f"{prefix}-0-to_organization": str(desk.org_a.pk),
                f"{prefix}-0-from_organization": str(desk.org_b.pk),
                f"{prefix}-0-kind": Relationship.Kind.HOSTS,
                f"{prefix}-0-since_precision": "day",
                f"{prefix}-0-until_precision": "day",
                f"{prefix}-0-summary": "B hosts A, says A's manager.",
            },
        )

        assert response.status_code == 302
        assert row(incoming) == before

    def test_profile_manager_cannot_delete_an_incoming_relationship(self, client, desk):
        incoming = desk.incoming
        url = organization_url(desk.org_a)
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "organization_form")

        response = client.post(
            url,
            {
                **data,
                "incoming_relationships-0-id": str(incoming.pk),
                "incoming_relationships-0-DELETE": "on",
            },
        )

        assert response.status_code == 302
        assert Relationship.objects.filter(pk=incoming.pk).exists()

    def test_profile_manager_cannot_add_an_incoming_relationship(self, client, desk):
        url = organization_url(desk.org_a)
        other = OrganizationFactory(name="Institute C")
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "organization_form")
        prefix = "incoming_relationships"
        count = int(data[f"{prefix}-TOTAL_FORMS"])

        response = client.post(
            url,
            {
                **data,
                f"{prefix}-TOTAL_FORMS": str(count + 1),
                f"{prefix}-{count}-to_organization": str(desk.org_a.pk),
                f"{prefix}-{count}-from_organization": str(other.pk),
                f"{prefix}-{count}-kind": Relationship.Kind.FUNDER,
                f"{prefix}-{count}-since_precision": "day",
                f"{prefix}-{count}-until_precision": "day",
                f"{prefix}-{count}-summary": "C funds A, says A's manager.",
            },
        )

        assert response.status_code == 302
        assert not Relationship.objects.filter(from_organization=other).exists()

    def test_profile_manager_cannot_smuggle_another_organizations_affiliation_into_their_form(
        self, client, desk
    ):
        affiliation = desk.affiliation_b
        url = organization_url(desk.org_a)
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "organization_form")
        before = row(affiliation)
        prefix = "affiliations"

        response = client.post(
            url,
            {
                **data,
                f"{prefix}-TOTAL_FORMS": "1",
                f"{prefix}-INITIAL_FORMS": "1",
                f"{prefix}-0-id": str(affiliation.pk),
                f"{prefix}-0-organization": str(desk.org_a.pk),
                f"{prefix}-0-person": str(affiliation.person_id),
                f"{prefix}-0-title": "Moved to A",
            },
        )

        # The row is not one of A's, so the formset treats it as new and drops it.
        assert response.status_code == 302
        assert row(affiliation) == before
        assert not Affiliation.objects.filter(organization=desk.org_a).exists()

    def test_profile_manager_cannot_add_a_relationship_from_another_organization(
        self, client, desk
    ):
        url = admin_url("organizations.relationship", "add")
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "relationship_form")
        count = Relationship.objects.count()

        response = client.post(
            url,
            {
                **data,
                "from_organization": str(desk.org_b.pk),
                "to_organization": str(desk.org_a.pk),
                "kind": Relationship.Kind.MEMBER,
            },
        )

        assert response.status_code == 200
        assert "from_organization" in response.context["adminform"].form.errors
        assert Relationship.objects.count() == count

    def test_profile_manager_can_add_a_relationship_from_their_organization(self, client, desk):
        url = admin_url("organizations.relationship", "add")
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "relationship_form")

        response = client.post(
            url,
            {
                **data,
                "from_organization": str(desk.org_a.pk),
                "to_organization": str(desk.org_b.pk),
                "kind": Relationship.Kind.MEMBER,
            },
        )

        assert response.status_code == 302
        assert Relationship.objects.filter(
            from_organization=desk.org_a, kind=Relationship.Kind.MEMBER
        ).exists()

    def test_profile_manager_cannot_move_a_relationship_to_another_organization(self, client, desk):
        relationship = desk.relationship
        url = admin_url("organizations.relationship", "change", relationship.pk)
        client.force_login(desk.profile_manager)
        data = open_form(client, url, "relationship_form")
        before = row(relationship)

        response = client.post(
            url,
            {
                **data,
                "from_organization": str(desk.org_b.pk),
                "to_organization": str(OrganizationFactory().pk),
            },
        )

        assert response.status_code == 200
        assert "from_organization" in response.context["adminform"].form.errors
        assert row(relationship) == before

    @pytest.mark.parametrize("view", ["change", "delete"])
    def test_profile_manager_posting_to_another_organizations_relationship_changes_nothing(
        self, client, desk, view
    ):
        relationship = desk.incoming  # from B
        url = admin_url("organizations.relationship", view, relationship.pk)
        before = row(relationship)
        client.force_login(desk.profile_manager)

        response = client.post(
            url,
            {
                "from_organization": str(desk.org_a.pk),
                "to_organization": str(desk.org_b.pk),
                "kind": Relationship.Kind.MEMBER,
                "since_precision": "day",
                "until_precision": "day",
                "post": "yes",
            },
        )

        assert_outcome(response, MISSING, url)
        assert row(relationship) == before


# Forged account POSTs --------------------------------------------------------------------


def memberships():
    return set(User.groups.through.objects.values_list("user_id", "group_id"))


def group_permissions():
    return set(Group.permissions.through.objects.values_list("group_id", "permission_id"))


class TestForgedAccountPosts:
    @pytest.mark.parametrize("role", ["contributor", "editor", "profile_manager"])
    def test_promoting_oneself_to_editor_is_refused(self, client, desk, role):
        user = desk.user(role)
        editors = Group.objects.get(name="Editor")
        url = admin_url("auth.user", "change", user.pk)
        client.force_login(desk.administrator)
        data = open_form(client, url, "user_form")
        client.force_login(user)
        before = memberships(), row(user)

        response = client.post(
            url,
            {
                **data,
                "groups": [str(group.pk) for group in user.groups.all()] + [str(editors.pk)],
                "is_superuser": "on",
            },
        )

        assert_outcome(response, DENIED, url)
        assert (memberships(), row(user)) == before

    @pytest.mark.parametrize("role", ["contributor", "editor", "profile_manager"])
    def test_granting_ones_own_role_more_permissions_is_refused(self, client, desk, role):
        user = desk.user(role)
        group = Group.objects.get(name=ROLE_GROUPS[role])
        url = admin_url("auth.group", "change", group.pk)
        before = group_permissions()
        client.force_login(user)

        response = client.post(
            url,
            {
                "name": group.name,
                "permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)],
            },
        )

        assert_outcome(response, DENIED, url)
        assert group_permissions() == before

    @pytest.mark.parametrize("role", ["contributor", "editor", "profile_manager"])
    @pytest.mark.parametrize("label", ["auth.user", "auth.group"])
    def test_creating_accounts_or_groups_is_refused(self, client, desk, role, label):
        url = admin_url(label, "add")
        log_in(client, desk, role)
        counts = User.objects.count(), Group.objects.count()

        response = client.post(
            url,
            {
                "username": "sleeper",
                "password1": "a long and unusual passphrase",
                "password2": "a long and unusual passphrase",
                "usable_password": "true",
                "name": "Sleepers",
            },
        )

        assert_outcome(response, DENIED, url)
        assert (User.objects.count(), Group.objects.count()) == counts

    @pytest.mark.parametrize("role", ["contributor", "editor", "profile_manager"])
    def test_deleting_an_account_is_refused(self, client, desk, role):
        account = desk.account
        url = admin_url("auth.user", "delete", account.pk)
        log_in(client, desk, role)

        response = client.post(url, {"post": "yes"})

        assert_outcome(response, DENIED, url)
        assert User.objects.filter(pk=account.pk).exists()

    def test_administrator_can_make_a_contributor_an_editor_and_it_is_audited(self, client, desk):
        user = desk.contributor
        editors = Group.objects.get(name="Editor")
        url = admin_url("auth.user", "change", user.pk)
        client.force_login(desk.administrator)
        data = open_form(client, url, "user_form")

        response = client.post(
            url, {**data, "groups": [str(g.pk) for g in user.groups.all()] + [str(editors.pk)]}
        )

        assert response.status_code == 302
        assert user.groups.filter(name="Editor").exists()
        assert (
            AuditEvent.objects.for_target(user)
            .filter(
                action=AuditEvent.Action.ROLE_CHANGE,
                actor=desk.administrator,
                message="Added to group Editor",
            )
            .exists()
        )


# The audit trail cannot be written from the desk -----------------------------------------


@pytest.mark.parametrize("view", ["add", "change", "delete"])
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_nobody_can_add_change_or_delete_audit_events(client, desk, role, view):
    event = desk.event
    url = admin_url("audit.auditevent", view, *([] if view == "add" else [event.pk]))
    log_in(client, desk, role)
    before = row(event), AuditEvent.objects.count()

    response = client.post(
        url,
        {
            "action": AuditEvent.Action.UNPUBLISH,
            "actor_name": "nobody",
            "message": "Never happened",
            "target_repr": "Forged",
            "object_id": str(event.object_id),
            "content_type": str(event.content_type_id),
            "when_0": "2024-05-01",
            "when_1": "12:00:00",
            "post": "yes",
        },
    )

    assert_outcome(response, DENIED, url)
    assert (row(event), AuditEvent.objects.count()) == before


def test_audit_trail_shows_each_role_the_events_it_may_view(client, desk):
    article_event = desk.event
    role_event = trail.record(
        None, AuditEvent.Action.ROLE_CHANGE, desk.account, "Added to group Interns"
    )
    seen = {}
    for role in ("editor", "administrator"):
        client.force_login(desk.user(role))
        response = client.get(admin_url("audit.auditevent", "changelist"))
        seen[role] = set(response.context["cl"].result_list) & {article_event, role_event}

    assert seen == {"editor": {article_event}, "administrator": {role_event}}
