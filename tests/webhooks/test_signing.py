"""Standard Webhooks signatures, as receivers check them."""

import base64
import json
import time

import pytest

from webhooks import signing
from webhooks.models import new_secret

# The example of the Standard Webhooks specification: a signature made here
# checks with every library that follows it, and the other way round.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def signed(secret, body=b'{"type":"article.published"}', at=None):
    return signing.signed_headers(secret, "msg_1", int(at or time.time()), body), body


def test_signatures_match_the_specifications_example():
    assert signing.signature(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE


def test_a_new_secret_is_24_random_bytes_after_whsec():
    secret = new_secret()

    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 24
    assert new_secret() != secret


def test_verify_returns_the_payload_of_a_delivery_signed_with_the_secret():
    secret = new_secret()
    headers, body = signed(secret)

    assert signing.verify(secret, headers, body) == json.loads(body)


def test_verify_reads_header_names_in_any_case_and_a_text_body():
    secret = new_secret()
    headers, body = signed(secret)

    capitalized = {name.title(): value for name, value in headers.items()}

    assert signing.verify(secret, capitalized, body.decode())["type"] == "article.published"


def test_verify_accepts_any_one_of_several_signatures():
    secret, old = new_secret(), new_secret()
    headers, body = signed(secret)
    old_signature = signing.signature(old, "msg_1", int(headers["webhook-timestamp"]), body)
    headers["webhook-signature"] = f"{old_signature} {headers['webhook-signature']}"

    assert signing.verify(secret, headers, body)
    assert signing.verify(old, headers, body)


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda headers, body: (headers, body + b" "), "No signature matches"),
        (lambda headers, body: ({**headers, "webhook-id": "msg_2"}, body), "No signature matches"),
        (
            lambda headers, body: ({**headers, "webhook-signature": "v2,abc"}, body),
            "No signature matches",
        ),
        (lambda headers, body: ({**headers, "webhook-timestamp": "soon"}, body), "not a number"),
        (
            lambda headers, body: ({k: v for k, v in headers.items() if k != "webhook-id"}, body),
            "missing",
        ),
    ],
    ids=["body", "id", "version", "timestamp", "missing-id"],
)
def test_verify_refuses_a_delivery_changed_on_the_way(tamper, reason):
    secret = new_secret()
    headers, body = tamper(*signed(secret))

    with pytest.raises(signing.InvalidSignature, match=reason):
        signing.verify(secret, headers, body)


def test_verify_refuses_another_secret():
    headers, body = signed(new_secret())

    with pytest.raises(signing.InvalidSignature, match="No signature matches"):
        signing.verify(new_secret(), headers, body)


@pytest.mark.parametrize("offset", [-301, 301])
def test_verify_refuses_a_delivery_from_too_long_ago_or_ahead(offset):
    secret = new_secret()
    headers, body = signed(secret, at=time.time() + offset)

    with pytest.raises(signing.InvalidSignature, match="too far from now"):
        signing.verify(secret, headers, body)
    assert signing.verify(secret, headers, body, tolerance=400)
