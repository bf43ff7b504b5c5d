"""
Errors as problem details (RFC 9457): a JSON object with `type`, `title`,
`status` and `detail`, sent as `application/problem+json`, never an HTML
page. Parameters that do not validate add `errors`, each parameter's
messages under its name; a rate limit's 429 carries `Retry-After`.
"""

from http import HTTPStatus

from django.http import JsonResponse
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

MEDIA_TYPE = "application/problem+json"


def problem(status, detail, **extra):
    """The problem details for `status`: its standard title, and `detail` for people."""
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }


def exception_handler(exc, context):
    """DRF's handler, with its answer reshaped as problem details."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: the 500 handler answers (`server_error`)
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            response.status_code, "Some query parameters are not valid.", errors=response.data
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem(response.status_code, str(detail))
    body["instance"] = context["request"].path
    response.data = body
    response.content_type = MEDIA_TYPE
    return response


def response(request, status, detail):
    body = problem(status, detail, instance=request.path)
    return JsonResponse(body, status=status, content_type=MEDIA_TYPE)


def not_found(request, *args, **kwargs):
    """Any address under /api/ that is not an endpoint."""
    return response(request, 404, "There is no such endpoint. /api/schema/ lists them.")


def server_error(request):
    return response(request, 500, "Something went wrong on our side; it has been logged.")


class ProblemSerializer(serializers.Serializer):
    """How every error is described (RFC 9457)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400: each invalid parameter's messages, under its name.",
    )
