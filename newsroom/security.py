"""
What protects the site beyond Django's defaults (see README, "Deploying").

- `ContentSecurityPolicyMiddleware`: django-csp's middleware with one rule
  of ours. Scripts run only from the site itself, or inline with the
  request's nonce (the rich-text editor's import map, which
  `richtext.admin.NonceMediaMixin` gives it). The desk may use
  inline styles, which the admin's own templates and the editor rely on;
  reader pages may not.
- `client_ip` and `login_username`: how login throttling (django-axes) tells
  one address and one account from another. An address is the connecting
  peer's, unless `TRUSTED_PROXY_COUNT` proxies of ours stand in front, so a
  forged `X-Forwarded-For` cannot reset the counter; a username is counted
  without regard to case or surrounding spaces.
- Known devices (`DeviceCookieMiddleware`, `lockout_parameters`): a
  successful sign-in leaves a signed cookie naming the account in that
  browser. Failed attempts from a browser that holds one for the account
  tried are counted for that browser alone, so a stranger who knows an
  editor's username (and locks it out for everyone else) cannot lock the
  editor out of the browser they always sign in from. This is OWASP's
  device-cookie defence against lock-out as a denial of service.
"""

import secrets

from axes.models import AccessBase
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.dispatch import receiver

DESK_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(DESK_PREFIX):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts


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


def _account(request, credentials):
    """The account a login attempt is for, without regard to case or spaces."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return (username or "").strip().casefold() or None


def login_username(request, credentials):
    """
    What django-axes counts failures against: the account, or, from a
    browser known to that account, the account on that device alone.
    """
    account = _account(request, credentials)
    device = known_device(request, account)
    return f"{account}{DEVICE_MARK}{device}" if device else account


def lockout_parameters(request_or_attempt, credentials=None):
    """
    From a known device, only that device's own failures lock it; from
    anywhere else, the account and the address each lock after too many.
    """
    if isinstance(request_or_attempt, AccessBase):
        username = request_or_attempt.username or ""
    else:
        username = login_username(request_or_attempt, credentials) or ""
    if DEVICE_MARK in username:
        return ["username"]
    return ["username", "ip_address"]


# Known devices -----------------------------------------------------------------------------

DEVICE_COOKIE = "newsroom_device"
DEVICE_SALT = "newsroom.security.device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60
# Never part of a username (Django allows letters, digits and @.+-_).
DEVICE_MARK = "#device:"


def known_device(request, account):
    """The id of this browser's device cookie if a sign-in as `account` set it, else None."""
    value = getattr(request, "COOKIES", {}).get(DEVICE_COOKIE)
    if not (value and account):
        return None
    try:
        device = signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(device, dict) or device.get("account") != account:
        return None
    return device.get("id")


@receiver(user_logged_in, dispatch_uid="newsroom_known_device")
def remember_device(sender, request, user, **kwargs):
    """Mark the browser as known to the account once it has signed in with the password."""
    if request is not None:
        account = user.get_username().strip().casefold()
        request.known_device_cookie = signing.dumps(
            {"account": account, "id": secrets.token_urlsafe(12)}, salt=DEVICE_SALT
        )


class DeviceCookieMiddleware:
    """Sets the device cookie that `remember_device` prepared, on the sign-in's response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = getattr(request, "known_device_cookie", None)
        if value:
            response.set_cookie(
                DEVICE_COOKIE,
                value,
                max_age=DEVICE_MAX_AGE,
                path=DESK_PREFIX,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
