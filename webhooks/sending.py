"""
One attempt at a delivery: an HTTP POST, with the standard library only.

The URL is checked and its host resolved first (`webhooks.addresses`), and
the connection goes to one of the addresses checked, never through a
second lookup; https is verified against the host name (SNI and the
certificate), as a browser would. Redirects are not followed (a 3xx is a
failed attempt: a redirect could lead anywhere), proxies from the
environment are not used, and only the first few kilobytes of the answer
are read, each read bounded by `TIMEOUT`.
"""

import dataclasses
import http.client
import socket
import ssl

from webhooks import addresses

TIMEOUT = 10  # seconds, for connecting and for each read
USER_AGENT = "Newsroom-Webhooks/1.0"
READ_LIMIT = 4096  # bytes of the answer read, of which the desk keeps an excerpt


class SendFailed(Exception):
    """No answer came: the message says why, for the desk's log of attempts."""


@dataclasses.dataclass(frozen=True)
class Answer:
    status: int
    body: str

    @property
    def ok(self):
        return 200 <= self.status < 300


def post(url, body, headers, timeout=TIMEOUT):
    """POST `body` (bytes) to `url` with `headers`; the receiver's `Answer`, or `SendFailed`."""
    try:
        target = addresses.check_url(url)
    except addresses.UnsafeAddress as error:
        raise SendFailed(str(error)) from error
    connection_class = PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
    connection = connection_class(target, timeout)
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                **headers,
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
            },
        )
        response = connection.getresponse()
        text = response.read(READ_LIMIT).decode("utf-8", errors="replace")
        return Answer(response.status, text)
    except TimeoutError as error:
        raise SendFailed(f"No answer within {timeout} seconds.") from error
    except ssl.SSLCertVerificationError as error:
        raise SendFailed(
            f"The certificate could not be verified: {error.verify_message}."
        ) from error
    except ConnectionRefusedError as error:
        raise SendFailed("The connection was refused.") from error
    except (OSError, http.client.HTTPException) as error:
        raise SendFailed(str(error) or type(error).__name__) from error
    finally:
        connection.close()


def open_socket(target, timeout):
    """A connection to the first of the checked addresses that answers."""
    error = None
    for address in target.addresses:
        try:
            return socket.create_connection((address, target.port), timeout)
        except OSError as refused:
            error = refused
    raise error


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the target's checked addresses, whatever the host name resolves to now."""

    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout)
        self.target = target

    def connect(self):
        self.sock = open_socket(self.target, self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As `PinnedHTTPConnection`, with TLS checked against the host name, not the address."""

    def __init__(self, target, timeout):
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.target = target

    def connect(self):
        self.sock = self.tls.wrap_socket(
            open_socket(self.target, self.timeout), server_hostname=self.host
        )
