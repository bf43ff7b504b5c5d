"""
Signatures the Standard Webhooks way (standardwebhooks.com).

Every attempt carries three headers: `webhook-id` (the message's id, the
same on every attempt), `webhook-timestamp` (the attempt's time, in whole
seconds since 1970) and `webhook-signature`: "v1," and the base64 of the
HMAC-SHA256 of "<id>.<timestamp>.<body>", keyed with the endpoint's secret
(the base64 after "whsec_", decoded). A receiver checks it with `verify`,
which uses the standard library only, as docs/webhooks.md shows.
"""

import base64
import hashlib
import hmac
import json
import time

SECRET_PREFIX = "whsec_"
# How far a delivery's timestamp may be from the receiver's clock, in seconds.
TOLERANCE = 300


class InvalidSignature(Exception):
    """The delivery is not signed with this secret, or not recently: refuse it."""


def key(secret):
    """The HMAC key a "whsec_…" secret stands for."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret, message_id, timestamp, body):
    """The `webhook-signature` value for one attempt: "v1,<base64>"."""
    content = b"%s.%d.%s" % (message_id.encode(), timestamp, body)
    digest = hmac.new(key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secret, message_id, timestamp, body):
    """The three Standard Webhooks headers of one attempt posting `body` (bytes)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }


def verify(secret, headers, body, tolerance=TOLERANCE):
    """
    Check a delivery as a receiver gets it and return its JSON payload.

    `headers` is any mapping of the request's headers (names in any case);
    `body` the raw bytes (or text) exactly as received. Raises
    `InvalidSignature` unless one of the `v1` signatures (a rotated secret
    may send several, separated by spaces) matches and the timestamp is
    within `tolerance` seconds of now.
    """
    found = {name.lower(): value for name, value in headers.items()}
    message_id = found.get("webhook-id")
    timestamp = found.get("webhook-timestamp")
    signatures = found.get("webhook-signature")
    if not (message_id and timestamp and signatures):
        raise InvalidSignature("The webhook-id, webhook-timestamp or webhook-signature is missing.")
    try:
        timestamp = int(timestamp)
    except ValueError:
        raise InvalidSignature("The webhook-timestamp is not a number.") from None
    if abs(time.time() - timestamp) > tolerance:
        raise InvalidSignature("The webhook-timestamp is too far from now.")
    if isinstance(body, str):
        body = body.encode()
    expected = signature(secret, message_id, timestamp, body).encode()
    for candidate in signatures.split():
        if candidate.startswith("v1,") and hmac.compare_digest(candidate.encode(), expected):
            return json.loads(body)
    raise InvalidSignature("No signature matches this secret.")
