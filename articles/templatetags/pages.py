"""Filters and tags public pages share: JSON-LD, page links, times, web addresses."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from richtext.text import web_address

register = template.Library()

register.filter("web_address", web_address)

# Characters that could end a <script> element or open a comment inside it.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """Print a dict as a JSON-LD <script> block, safe inside HTML."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with `?page=` set to `number` (other parameters kept)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` with the scheme and host of this request (unchanged if it has them already)."""
    return context["request"].build_absolute_uri(url)


@register.filter
def machine_time(value):
    """A datetime for `<time datetime>`: ISO 8601 to the second, as HTML requires."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
