"""
Six editors save six different stories at the same moment, on a SQLite file.

Run by tests/security/test_availability.py in its own process (the suite's
SQLite database is in memory; this needs a real file, as `make run` has).
Prints one JSON object: each save's status code and the stories' dek after.
"""

import json
import os
import sys
import threading

import django

EDITORS = 6


def main(database_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()

    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article, Section
    from tests.forms import form_data

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    section = Section.objects.create(name="News", slug="news")
    editors = Group.objects.get(name="Editor")
    clients, forms, articles = [], [], []
    for number in range(EDITORS):
        user = User.objects.create_user(f"editor{number}", password="x", is_staff=True)
        user.groups.add(editors)
        article = Article.objects.create(
            headline=f"Story {number}", slug=f"story-{number}", section=section
        )
        client = Client()
        client.force_login(user)
        url = f"/admin/articles/article/{article.pk}/change/"
        forms.append((url, form_data(client.get(url).content.decode(), "article_form")))
        clients.append(client)
        articles.append(article)
    connection.close()

    start = threading.Barrier(EDITORS)
    statuses = [None] * EDITORS

    def save(number):
        url, data = forms[number]
        start.wait()
        try:
            response = clients[number].post(url, {**data, "dek": f"Saved by editor {number}."})
            statuses[number] = response.status_code
        except Exception as error:  # what a reader of the server log would see
            statuses[number] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(number,)) for number in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deks = [Article.objects.get(pk=article.pk).dek for article in articles]
    print(json.dumps({"statuses": statuses, "deks": deks}))


if __name__ == "__main__":
    main(sys.argv[1])
