"""Every page type is valid HTML, as judged by the Nu Html Checker (vnu-jar, run with Java)."""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGES = {
    "home": "/",
    "archive": "/articles/",
    "article": "/articles/mila-partners-with-ai-sweden/",
    "explainer": "/articles/what-is-ai-sweden/",
    "section": "/sections/news/",
    "tag": "/tags/sweden/",
    "directory": "/organizations/",
    "organization": "/organizations/mila/",
    "person": "/people/yoshua-bengio/",
    "search": "/search/?q=Vinnova",
    "search-empty": "/search/",
    "not-found": "/articles/no-such-story/",
}


def test_every_page_type_passes_the_nu_html_checker(client, tmp_path):
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu Html Checker"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm ci` (make test does)"
    call_command("load_demo", stdout=io.StringIO())

    files = []
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))

    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
