"""Small helpers the suite shares: desk accounts by role, and forms as a browser posts them."""

from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory
from tests.forms import form_data


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
