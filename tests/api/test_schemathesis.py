"""
The Content API fuzzed against its own OpenAPI document (schemathesis): for
every operation, generated requests never get a 5xx, and every answer (its
status, content type, headers and body) is what the document promises.
"""

import io
import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from rest_framework.renderers import JSONRenderer
from schemathesis import checks

from newsroom.wsgi import application as site
from tests.factories import CorrectionFactory

# The document /api/schema/ serves (as the first test checks), built without a
# request so it can be read when tests are collected; requests go to the site
# in-process.
DOCUMENT = json.loads(
    JSONRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
)


def application(environ, start_response):
    """The site, keeping the test's database connection open as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        response = site(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return [body]


schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = application

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    from articles.models import Article

    CorrectionFactory(article=Article.objects.published().first())


def test_the_schema_is_a_valid_openapi_3_document(client, db):
    document = client.get("/api/schema/?format=json").json()

    validate_schema(document)  # raises on any deviation from the OpenAPI 3.0 JSON schema
    assert document["openapi"].startswith("3.")
    assert document == DOCUMENT  # what the fuzzing below is generated from


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case, demo):
    case.call_and_validate(checks=CHECKS, headers={"Host": "testserver"})
