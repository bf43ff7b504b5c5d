import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def ensure_admin(*args):
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


class TestEnsureAdmin:
    def test_creates_a_superuser_whose_printed_password_logs_in(self):
        output = ensure_admin()

        password = re.search(r"password: (\S+)", output).group(1)
        user = authenticate(
            RequestFactory().post("/admin/login/"), username="admin", password=password
        )
        assert user is not None
        assert user.is_superuser and user.is_staff
        assert "http://127.0.0.1:8000/admin/" in output

    def test_printed_password_opens_the_desk(self, client):
        password = re.search(r"password: (\S+)", ensure_admin()).group(1)

        response = client.post(
            reverse("admin:login"),
            {"username": "admin", "password": password, "next": "/admin/"},
            follow=True,
        )

        assert response.redirect_chain[-1][0] == reverse("admin:index")
        assert client.get("/admin/").status_code == 200

    def test_password_is_random_each_time(self):
        first = re.search(r"password: (\S+)", ensure_admin()).group(1)
        User.objects.all().delete()
        second = re.search(r"password: (\S+)", ensure_admin()).group(1)

        assert first != second
        assert len(first) >= 12

    def test_second_run_creates_nothing_and_says_an_account_exists(self):
        ensure_admin()
        password_hash = User.objects.get().password

        output = ensure_admin()

        assert User.objects.count() == 1
        assert User.objects.get().password == password_hash
        assert "Admin account exists" in output
        assert "“admin”" in output
        assert "password:" not in output

    def test_existing_superuser_of_another_name_is_kept(self):
        UserFactory(username="editor-in-chief", superuser=True)

        output = ensure_admin()

        assert list(User.objects.values_list("username", flat=True)) == ["editor-in-chief"]
        assert "“editor-in-chief”" in output
        assert "changepassword editor-in-chief" in output

    def test_staff_account_without_superuser_rights_does_not_count(self):
        UserFactory(username="reporter", staff=True)

        output = ensure_admin("--username", "chief")

        assert User.objects.get(username="chief").is_superuser
        assert "username: chief" in output
