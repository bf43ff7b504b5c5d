import ipaddress
from pathlib import Path
from string import Template

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "varnish" / "newsroom.vcl"


def host_and_port(value):
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--backend wants HOST:PORT, not {value!r}")
    return host.strip("[]"), int(port)


def render(backends, purgers, secret):
    """deploy/varnish/newsroom.vcl for these app addresses, purging hosts and secret."""
    if not secret or '"' in secret or "\n" in secret:
        raise CommandError("Set VARNISH_PURGE_SECRET (no quotes or line breaks) first.")
    for address in purgers:
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError as error:
            raise CommandError(f"--purger wants an IP address or network: {error}") from error
    lines, director = [], []
    for number, (host, port) in enumerate(backends, start=1):
        lines.append(
            f'backend app{number} {{\n    .host = "{host}";\n    .port = "{port}";\n'
            "    .connect_timeout = 2s;\n    .first_byte_timeout = 30s;\n}"
        )
        director.append(f"    app.add_backend(app{number});")
    acl = []
    for address in purgers:
        network = ipaddress.ip_network(address, strict=False)
        acl.append(f'    "{network.network_address}"/{network.prefixlen};')
    return Template(TEMPLATE.read_text()).substitute(
        backends="\n\n".join(lines),
        purgers="\n".join(acl),
        director="\n".join(director),
        secret=secret,
    )


class Command(BaseCommand):
    help = (
        "Print Varnish's configuration for this site (deploy/varnish/newsroom.vcl) with the "
        "app's addresses, the addresses allowed to purge and VARNISH_PURGE_SECRET."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            action="append",
            default=[],
            help="An app server, HOST:PORT (repeat for each; default 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--purger",
            action="append",
            default=[],
            help="An address or network that may purge (repeat; default 127.0.0.1).",
        )

    def handle(self, *args, backend, purger, **options):
        backends = [host_and_port(value) for value in backend or ["127.0.0.1:8000"]]
        self.stdout.write(
            render(backends, purger or ["127.0.0.1"], settings.VARNISH_PURGE_SECRET), ending=""
        )
