"""
Which addresses deliveries may go to.

An endpoint is an address editors type, and the server posts to it: left
unchecked, the desk could be turned against the network it runs in (the
database, a cloud's metadata service at 169.254.169.254, an admin page on
localhost). So an endpoint's host is resolved, and every address it
resolves to must be public; one loopback, private, link-local, reserved,
multicast or unspecified address refuses the whole host, IPv4 addresses
inside IPv6 ones (::ffff:10.0.0.1, 6to4, Teredo, NAT64) included. The check
runs when the endpoint is saved and again before every attempt, and the
attempt connects to the addresses checked, never to a second lookup's
(`webhooks.sending`), so a name that resolves differently the next time
cannot slip through. `WEBHOOKS_ALLOW_PRIVATE_ADDRESSES` lifts the rule, for
development and tests.
"""

import dataclasses
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnsafeAddress(Exception):
    """The URL is not one deliveries may be posted to; the message says why, for editors."""


@dataclasses.dataclass(frozen=True)
class Target:
    """Where one attempt goes: the URL's parts and the checked addresses to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple


def check_url(url):
    """The `Target` of `url`, resolved and checked; `UnsafeAddress` when it may not be called."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeAddress("This is not a valid web address.") from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise UnsafeAddress("Only http and https addresses can receive webhooks.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress(
            "Leave the user name and password out of the address: every delivery is "
            "signed with the endpoint's secret instead."
        )
    host = parts.hostname
    if not host:
        raise UnsafeAddress("The address needs a host name.")
    port = port or DEFAULT_PORTS[scheme]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, host, port, path, allowed_addresses(host, port))


def lookup(host, port):
    """Every address `host` resolves to, in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def allowed_addresses(host, port):
    """The addresses of `host`, all public (unless the setting allows private ones)."""
    try:
        found = lookup(host, port)
    except (OSError, UnicodeError) as error:
        raise UnsafeAddress(f"The host {host} could not be found.") from error
    if not found:
        raise UnsafeAddress(f"The host {host} could not be found.")
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        refused = [address for address in found if not is_public(address)]
        if refused:
            raise UnsafeAddress(
                f"{host} leads to {refused[0]}, an address on a private network or this "
                "machine; webhooks only go to public addresses."
            )
    return tuple(found)


def is_public(address):
    """True when `address` (and any IPv4 address carried inside it) is on the public internet."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6:
        # An IPv4 address written as IPv6 (::ffff:a.b.c.d, a DNS64 resolver's
        # 64:ff9b::a.b.c.d) is as public as the IPv4 address it carries.
        if ip.ipv4_mapped is not None:
            return _is_public(ip.ipv4_mapped)
        if ip in NAT64:
            return _is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        carried = [ip, ip.sixtofour, *(ip.teredo or ())]
        return all(_is_public(candidate) for candidate in carried if candidate is not None)
    return _is_public(ip)


def _is_public(ip):
    return ip.is_global and not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )
