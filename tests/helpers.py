"""
Small helpers the suite shares: desk accounts by role, forms as a browser
posts them, and the moment tests stop the clock at (`frozen_now` in
tests/conftest.py).
"""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory
from tests.forms import form_data

# Where `frozen_now` stops the clock, unless a test module sets its own NOW.
NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


def member_of(role, **kwargs):
    """A staff account in one of the newsroom's role groups ("Editor", "Contributor"…)."""
    user = UserFactory(staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


def admin_url(label, view, *args):
    """The desk's URL for a model page: admin_url("articles.article", "change", pk)."""
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def open_form(client, url, form_id):
    """The form as the browser holds it, ready to be posted back (changed)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return form_data(response.content.decode(), form_id)
