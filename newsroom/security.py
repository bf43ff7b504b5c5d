"""
What protects the site beyond Django's defaults (see README, "Deploying").

- `ContentSecurityPolicyMiddleware`: django-csp's middleware with one rule
  of ours. Scripts run only from the site itself, or inline with the
  request's nonce (the rich-text editor's import map). The desk may use
  inline styles, which the admin's own templates and the editor rely on;
  reader pages may not.
- `NonceMediaMixin`: gives the admin's form media the request's nonce, so
  the rich-text editor's import map runs under that policy.
- `client_ip` and `login_username`: how login throttling (django-axes) tells
  one address and one account from another. An address is the connecting
  peer's, unless `TRUSTED_PROXY_COUNT` proxies of ours stand in front, so a
  forged `X-Forwarded-For` cannot reset the counter; a username is counted
  without regard to case or surrounding spaces.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from js_asset import Media

DESK_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(DESK_PREFIX):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts


class NonceMediaMixin:
    """For a ModelAdmin whose forms use the rich-text editor (it needs an inline import map)."""

    def render_change_form(self, request, context, *args, **kwargs):
        if "media" in context:
            context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)


def client_ip(request):
    """The address a login attempt came from (see the module docstring)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [hop for hop in forwarded if hop]
        # Each trusted proxy appends the address it received the request from.
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def login_username(request, credentials):
    """The account a login attempt is for, counted without regard to case."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return (username or "").strip().casefold() or None
