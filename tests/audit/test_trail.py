import asyncio

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.http import HttpResponse
from django.urls import reverse

from audit.middleware import AuditActorMiddleware
from audit.models import AuditEvent
from audit.trail import acting_as, current_actor, record
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action

AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
AUDIT_MIDDLEWARE = "audit.middleware.AuditActorMiddleware"


@pytest.fixture
def audit_middleware(settings):
    """The audit middleware where settings.py lists it: right after authentication."""
    middleware = [name for name in settings.MIDDLEWARE if name != AUDIT_MIDDLEWARE]
    middleware.insert(middleware.index(AUTHENTICATION_MIDDLEWARE) + 1, AUDIT_MIDDLEWARE)
    settings.MIDDLEWARE = middleware


def role_changes(user):
    """(who, what) for each role change recorded about `user`, oldest first."""
    return list(
        AuditEvent.objects.for_target(user)
        .filter(action=Action.ROLE_CHANGE)
        .order_by("pk")
        .values_list("actor_name", "message")
    )


def permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def user_change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def user_change_form(user, *, groups=(), permissions=(), **flags):
    """What the desk's user form submits: the user as is, with `flags` and the given roles."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": [str(group.pk) for group in groups],
        "user_permissions": [str(perm.pk) for perm in permissions],
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if flags.get(flag, getattr(user, flag)):
            data[flag] = "on"
    return data


class TestRecord:
    def test_record_stores_actor_action_target_and_message(self):
        editor = UserFactory(username="chief")
        article = ArticleFactory(headline="Mila partners with AI Sweden")

        event = record(editor, Action.SCHEDULE, article, "Scheduled for 2026-12-01 09:00 UTC")

        event.refresh_from_db()
        assert event.actor == editor
        assert event.actor_name == "chief"
        assert event.action == "schedule"
        assert event.target == article
        assert event.target_repr == "Mila partners with AI Sweden"
        assert event.message == "Scheduled for 2026-12-01 09:00 UTC"
        assert event.when is not None
        assert str(event) == "chief · Scheduled · Mila partners with AI Sweden"

    def test_an_objects_history_holds_only_its_own_events(self):
        editor = UserFactory()
        record(editor, Action.PUBLISH, ArticleFactory(), "Published")
        # An article and a user with the same pk: same object id, different content types.
        article = ArticleFactory(pk=987_654)
        namesake = UserFactory(pk=987_654, staff=True)
        published = record(editor, Action.PUBLISH, article, "Published")
        archived = record(editor, Action.ARCHIVE, article, "Archived")

        assert list(AuditEvent.objects.for_target(article)) == [archived, published]
        assert [event.message for event in AuditEvent.objects.for_target(namesake)] == [
            "Granted staff status"
        ]

    @pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
    def test_events_without_a_signed_in_user_are_attributed_to_system(self, actor):
        event = record(actor, Action.PUBLISH, ArticleFactory())

        assert event.actor is None
        assert event.actor_name == "system"

    def test_deleting_the_actor_keeps_their_name_on_the_event(self):
        editor = UserFactory(username="former-editor")
        event = record(editor, Action.PUBLISH, ArticleFactory(), "Published")

        editor.delete()

        event.refresh_from_db()
        assert event.actor is None
        assert event.actor_name == "former-editor"

    def test_event_keeps_the_targets_name_after_the_target_is_deleted(self):
        article = ArticleFactory(headline="Retracted story")
        event = record(UserFactory(), Action.DELETE, article, "Deleted")

        article.delete()

        event.refresh_from_db()
        assert event.target is None
        assert event.target_repr == "Retracted story"

    def test_recording_an_unsaved_target_is_refused(self):
        with pytest.raises(ValueError, match="record a deletion before deleting"):
            record(UserFactory(), Action.DELETE, ArticleFactory.build())

    def test_events_cannot_be_edited(self):
        event = record(UserFactory(), Action.PUBLISH, ArticleFactory(), "Published")

        event.message = "Never happened"
        with pytest.raises(ValueError, match="append-only"):
            event.save()

        event.refresh_from_db()
        assert event.message == "Published"


class TestRoleChangesOnTheDesk:
    """A superuser changing someone's roles in the user admin leaves a trail in their name."""

    def test_adding_a_user_to_a_group_is_recorded(self, admin_client, audit_middleware):
        reporter = UserFactory(staff=True)
        night_desk = Group.objects.create(name="Night desk")

        response = admin_client.post(
            user_change_url(reporter), user_change_form(reporter, groups=[night_desk])
        )

        assert response.status_code == 302, response.context["adminform"].form.errors
        assert ("admin", "Added to group Night desk") in role_changes(reporter)

    def test_removing_a_user_from_a_group_is_recorded(self, admin_client, audit_middleware):
        reporter = UserFactory(staff=True)
        night_desk = Group.objects.create(name="Night desk")
        reporter.groups.add(night_desk)

        admin_client.post(user_change_url(reporter), user_change_form(reporter, groups=[]))

        assert role_changes(reporter)[-1] == ("admin", "Removed from group Night desk")

    def test_granting_staff_and_superuser_status_is_recorded(self, admin_client, audit_middleware):
        reporter = UserFactory()

        admin_client.post(
            user_change_url(reporter),
            user_change_form(reporter, is_staff=True, is_superuser=True),
        )

        assert role_changes(reporter) == [
            ("admin", "Granted staff status"),
            ("admin", "Granted superuser status"),
        ]

    def test_revoking_staff_status_and_deactivating_is_recorded(
        self, admin_client, audit_middleware
    ):
        reporter = UserFactory(staff=True)

        admin_client.post(
            user_change_url(reporter),
            user_change_form(reporter, is_staff=False, is_active=False),
        )

        assert role_changes(reporter)[-2:] == [
            ("admin", "Revoked staff status"),
            ("admin", "Deactivated the account"),
        ]

    def test_granting_a_permission_is_recorded(self, admin_client, audit_middleware):
        reporter = UserFactory(staff=True)

        admin_client.post(
            user_change_url(reporter),
            user_change_form(reporter, permissions=[permission("articles.view_article")]),
        )

        assert role_changes(reporter)[-1] == ("admin", "Granted permission articles.view_article")

    def test_saving_a_user_without_changing_roles_records_nothing(
        self, admin_client, audit_middleware
    ):
        reporter = UserFactory(staff=True)
        reporter.groups.add(Group.objects.create(name="Night desk"))
        before = role_changes(reporter)

        admin_client.post(
            user_change_url(reporter),
            {**user_change_form(reporter, groups=reporter.groups.all()), "email": "new@x.example"},
        )

        reporter.refresh_from_db()
        assert reporter.email == "new@x.example"
        assert role_changes(reporter) == before


class TestRoleChangesInCode:
    def test_changes_outside_a_request_are_attributed_to_system(self):
        reporter = UserFactory()

        reporter.groups.add(Group.objects.create(name="Night desk"))

        assert role_changes(reporter) == [("system", "Added to group Night desk")]

    def test_acting_as_attributes_changes_to_that_user(self):
        administrator = UserFactory(username="administrator")
        reporter = UserFactory()

        with acting_as(administrator):
            reporter.groups.add(Group.objects.create(name="Night desk"))

        assert role_changes(reporter) == [("administrator", "Added to group Night desk")]
        assert current_actor() is None

    def test_adding_from_the_groups_side_is_recorded_for_each_user(self):
        night_desk = Group.objects.create(name="Night desk")
        first, second = UserFactory(), UserFactory()

        night_desk.user_set.add(first, second)

        assert role_changes(first) == [("system", "Added to group Night desk")]
        assert role_changes(second) == [("system", "Added to group Night desk")]

    def test_clearing_a_group_is_recorded_for_each_former_member(self):
        night_desk = Group.objects.create(name="Night desk")
        member, outsider = UserFactory(), UserFactory()
        night_desk.user_set.add(member)

        night_desk.user_set.clear()

        assert role_changes(member)[-1] == ("system", "Removed from group Night desk")
        assert role_changes(outsider) == []

    def test_clearing_a_users_groups_is_recorded_once(self):
        reporter = UserFactory()
        reporter.groups.add(
            *(Group.objects.create(name=name) for name in ("Night desk", "Sports desk"))
        )

        reporter.groups.clear()

        assert role_changes(reporter)[2:] == [("system", "Removed from all groups")]

    def test_removing_a_group_the_user_was_not_in_records_nothing(self):
        reporter = UserFactory()

        reporter.groups.remove(Group.objects.create(name="Night desk"))
        reporter.groups.clear()

        assert role_changes(reporter) == []

    def test_revoking_permissions_is_recorded(self):
        reporter = UserFactory()
        reporter.user_permissions.add(permission("articles.view_article"))

        reporter.user_permissions.remove(permission("articles.view_article"))
        reporter.user_permissions.add(permission("auth.view_user"))
        reporter.user_permissions.clear()

        assert role_changes(reporter)[1:] == [
            ("system", "Revoked permission articles.view_article"),
            ("system", "Granted permission auth.view_user"),
            ("system", "Revoked all permissions"),
        ]

    def test_creating_a_superuser_is_recorded_as_a_grant(self):
        administrator = UserFactory(superuser=True)

        assert role_changes(administrator) == [
            ("system", "Granted staff status"),
            ("system", "Granted superuser status"),
        ]

    def test_logging_in_records_nothing(self, client):
        reporter = UserFactory(staff=True)
        before = role_changes(reporter)

        response = client.post(
            reverse("admin:login"),
            {"username": reporter.username, "password": "correct horse battery staple"},
        )

        assert response.status_code == 302

        reporter.refresh_from_db()
        assert reporter.last_login is not None
        assert role_changes(reporter) == before


class TestAuditActorMiddleware:
    def test_signal_events_in_a_request_are_attributed_to_its_user(self, rf):
        administrator = UserFactory(username="administrator")
        reporter = UserFactory()
        night_desk = Group.objects.create(name="Night desk")
        request = rf.post("/admin/auth/user/")
        request.user = administrator

        def view(request):
            reporter.groups.add(night_desk)
            reporter.is_staff = True
            reporter.save()
            return HttpResponse()

        AuditActorMiddleware(view)(request)

        assert role_changes(reporter) == [
            ("administrator", "Added to group Night desk"),
            ("administrator", "Granted staff status"),
        ]

    def test_the_actor_is_forgotten_after_the_request(self, rf):
        request = rf.get("/")
        request.user = UserFactory()

        seen = AuditActorMiddleware(lambda request: HttpResponse(current_actor().username))(request)

        assert seen.content.decode() == request.user.username
        assert current_actor() is None

    def test_anonymous_requests_have_no_actor(self, rf):
        request = rf.get("/")
        request.user = AnonymousUser()

        response = AuditActorMiddleware(lambda request: HttpResponse(repr(current_actor())))(
            request
        )

        assert response.content == b"None"

    def test_public_pages_stay_cacheable_with_the_middleware_installed(
        self, client, audit_middleware
    ):
        client.force_login(UserFactory())

        response = client.get(reverse("home"))

        # The user is looked up only when an event is recorded, so the session is not
        # read and the page is not marked as varying by cookie for shared caches.
        assert response.status_code == 200
        assert "Cookie" not in response.get("Vary", "")

    def test_concurrent_async_requests_each_keep_their_own_actor(self, rf):
        alice, bob = UserFactory.build(username="alice"), UserFactory.build(username="bob")

        async def view(request):
            await asyncio.sleep(0)  # let the other request run in between
            return current_actor()

        middleware = AuditActorMiddleware(view)

        def request_by(user):
            request = rf.get("/")
            request.user = user
            return middleware(request)

        async def both():
            return await asyncio.gather(request_by(alice), request_by(bob))

        assert asyncio.run(both()) == [alice, bob]
        assert current_actor() is None


def desk_user(*permissions):
    """A staff account holding exactly these permissions (e.g. "articles.view_article")."""
    user = UserFactory(staff=True)
    user.user_permissions.add(*(permission(label) for label in permissions))
    return user


CHANGELIST = "admin:audit_auditevent_changelist"


class TestAuditTrailOnTheDesk:
    @pytest.fixture
    def events(self):
        """One article event and one role change, neither about the desk users in these tests."""
        editor = UserFactory(username="chief")
        article = ArticleFactory(headline="Mila partners with AI Sweden")
        return {
            "article": record(editor, Action.PUBLISH, article, "Published"),
            "role": record(editor, Action.ROLE_CHANGE, UserFactory(), "Added to group Night desk"),
        }

    def test_user_who_may_view_articles_sees_article_events_but_not_role_changes(
        self, client, events
    ):
        client.force_login(desk_user("audit.view_auditevent", "articles.view_article"))

        response = client.get(reverse(CHANGELIST))

        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [events["article"]]
        assert "Mila partners with AI Sweden" in response.text
        assert "Added to group Night desk" not in response.text

    def test_user_who_may_view_users_also_sees_role_changes(self, client, events):
        client.force_login(
            desk_user("audit.view_auditevent", "articles.view_article", "auth.view_user")
        )

        response = client.get(reverse(CHANGELIST))

        results = list(response.context["cl"].result_list)
        assert events["article"] in results
        assert events["role"] in results
        assert "Added to group Night desk" in response.text

    def test_user_without_view_permission_on_any_target_sees_no_events(self, client, events):
        client.force_login(desk_user("audit.view_auditevent"))

        response = client.get(reverse(CHANGELIST))

        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []

    def test_event_about_a_hidden_target_cannot_be_opened_by_its_address(self, client, events):
        client.force_login(desk_user("audit.view_auditevent", "articles.view_article"))

        hidden = client.get(reverse("admin:audit_auditevent_change", args=[events["role"].pk]))
        shown = client.get(reverse("admin:audit_auditevent_change", args=[events["article"].pk]))

        assert hidden.status_code == 302  # "doesn't exist", back to the index
        assert shown.status_code == 200
        assert "Published" in shown.text

    def test_superuser_sees_every_event_with_a_link_to_its_target(self, admin_client, events):
        response = admin_client.get(reverse(CHANGELIST))

        results = list(response.context["cl"].result_list)
        assert events["article"] in results
        assert events["role"] in results
        article_url = reverse("admin:articles_article_change", args=[events["article"].object_id])
        assert f'href="{article_url}"' in response.text

    def test_filtering_by_action_and_searching(self, admin_client, events):
        by_action = admin_client.get(reverse(CHANGELIST), {"action__exact": "publish"})
        by_search = admin_client.get(reverse(CHANGELIST), {"q": "AI Sweden"})

        assert list(by_action.context["cl"].result_list) == [events["article"]]
        assert list(by_search.context["cl"].result_list) == [events["article"]]

    def test_changelist_queries_do_not_grow_with_the_trail(
        self, client, django_assert_max_num_queries
    ):
        editor = UserFactory()
        for _ in range(30):
            record(editor, Action.PUBLISH, ArticleFactory(), "Published")
        client.force_login(desk_user("audit.view_auditevent", "articles.view_article"))

        # Guards against a permission check or content type lookup per row: session, user,
        # two permission reads, count, page, date hierarchy (two), one content type lookup.
        with django_assert_max_num_queries(9):
            response = client.get(reverse(CHANGELIST))

        assert len(response.context["cl"].result_list) == 30


class TestAuditTrailIsReadOnly:
    """Nobody, not even a superuser, can add, edit or delete events on the desk."""

    def test_add_page_is_refused(self, admin_client):
        response = admin_client.get(reverse("admin:audit_auditevent_add"))

        assert response.status_code == 403

    def test_forged_edit_is_refused(self, admin_client):
        event = record(UserFactory(), Action.PUBLISH, ArticleFactory(), "Published")

        response = admin_client.post(
            reverse("admin:audit_auditevent_change", args=[event.pk]),
            {"message": "Never happened", "action": "publish", "actor_name": "nobody"},
        )

        assert response.status_code == 403
        event.refresh_from_db()
        assert event.message == "Published"

    def test_forged_delete_is_refused(self, admin_client):
        event = record(UserFactory(), Action.PUBLISH, ArticleFactory(), "Published")

        response = admin_client.post(
            reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
        )

        assert response.status_code == 403
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_bulk_delete_is_neither_offered_nor_accepted(self, admin_client):
        event = record(UserFactory(), Action.PUBLISH, ArticleFactory(), "Published")

        page = admin_client.get(reverse(CHANGELIST))
        admin_client.post(
            reverse(CHANGELIST),
            {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
        )

        assert page.context["action_form"] is None  # no actions menu at all
        assert AuditEvent.objects.filter(pk=event.pk).exists()
