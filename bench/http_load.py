"""
Requests per second under load, against two bare Django baselines in the same run.

    .venv/bin/python bench/http_load.py [--articles 100000] [--database-url URL] [--seconds 10]

Starts gunicorn (2 sync workers) on 127.0.0.1 with the benchmark settings
(`bench/settings.py`: the site plus a view returning "ok" and a view
rendering a 22 KB template with no database work), drives it with wrk
(Debian package `wrk`) and prints requests/s, p50 and p99 latency for each
page and its ratio to the baselines. It runs the server twice: page cache
off (every request renders), then on with Redis (REDIS_URL, default
redis://127.0.0.1:6379/15, flushed first). Only 127.0.0.1 is ever contacted.
"""

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request

from _setup import WORKERS, ensure_corpus, free_port, start_server, stop_server, use_database

CONNECTIONS = 8
# The site plus the two baseline views (bench/settings.py).
APP = "bench.wsgi:application"


def wrk(url, seconds, paths=None):
    """(requests/s, p50 ms, p99 ms, non-2xx/3xx count) for a URL or a rotation of paths."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if paths:
            quoted = ", ".join(f'"{path}"' for path in paths)
            script.write(
                f"local paths = {{{quoted}}}\nlocal i = 0\n"
                "request = function()\n  i = i % #paths + 1\n"
                "  return wrk.format(nil, paths[i])\nend\n"
            )
        script.write(
            "errors = 0\nresponse = function(status)\n"
            "  if status >= 400 then errors = errors + 1 end\nend\n"
            "done = function()\n  io.write(string.format('ERRORS %d\\n', errors))\nend\n"
        )
    try:
        output = subprocess.run(
            [*command, "-s", script.name, url], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(script.name)

    def latency(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = int(re.search(r"ERRORS (\d+)", output).group(1))
    errors += sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    return rate, latency("50"), latency("99"), errors


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    url = use_database(options.database_url, name=f"corpus-{options.articles}")
    ensure_corpus(options.articles)

    from django.db.models import Count

    from articles.models import Article
    from organizations.models import Organization

    slugs = list(
        Article.objects.published().order_by("-published_at").values_list("slug", flat=True)[:200]
    )
    organization = (
        Organization.objects.annotate(n=Count("articles")).order_by("-n").values_list("slug")
    ).first()[0]
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmarks-only-not-a-secret",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    base_env.pop("REDIS_URL", None)
    results = {}
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    server = start_server({**base_env, "PAGE_CACHE_SECONDS": "0"}, port, app=APP)
    try:
        for label, target, paths in [
            ("baseline: HttpResponse('ok')", "/bench/ok", None),
            ("baseline: 22 KB template", "/bench/template", None),
            ("article page, uncached", "/", [f"/articles/{slug}/" for slug in slugs]),
            ("front page, uncached", "/", None),
            ("top organization, uncached", f"/organizations/{organization}/", None),
        ]:
            results[label] = wrk(base + target, options.seconds, paths)
    finally:
        stop_server(server)

    subprocess.run(
        ["redis-cli", "-u", options.redis_url, "FLUSHDB"], check=True, capture_output=True
    )
    server = start_server({**base_env, "REDIS_URL": options.redis_url}, port, app=APP)
    try:
        for slug in slugs:
            urllib.request.urlopen(f"{base}/articles/{slug}/").read()  # fill the cache
        urllib.request.urlopen(f"{base}/").read()
        for label, target, paths in [
            ("article page, warm cache", "/", [f"/articles/{slug}/" for slug in slugs]),
            ("front page, warm cache", "/", None),
        ]:
            results[label] = wrk(base + target, options.seconds, paths)
    finally:
        stop_server(server)

    ok_rate = results["baseline: HttpResponse('ok')"][0]
    template_rate = results["baseline: 22 KB template"][0]
    print(
        f"\n{Article.objects.count()} articles, {url.split('://')[0]}, gunicorn {WORKERS} "
        f"sync workers, wrk {CONNECTIONS} connections, {options.seconds}s each\n"
    )
    print(
        f"{'page':<32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'÷ ok':>6} {'÷ 22KB':>7}"
    )
    for label, (rate, p50, p99, errors) in results.items():
        print(
            f"{label:<32} {rate:>8.1f} {p50:>8.2f} {p99:>8.2f} {errors:>7} "
            f"{rate / ok_rate:>6.2f} {rate / template_rate:>7.2f}"
        )
    targets = [
        ("warm-cache article ≥ 0.8 × ok", results["article page, warm cache"][0] / ok_rate, 0.8),
        (
            "uncached article ≥ 0.5 × 22 KB",
            results["article page, uncached"][0] / template_rate,
            0.5,
        ),
        ("uncached front ≥ 0.3 × 22 KB", results["front page, uncached"][0] / template_rate, 0.3),
    ]
    print()
    for label, ratio, target in targets:
        print(f"{label:<34} {ratio:5.2f}  {'met' if ratio >= target else 'MISSED'}")


if __name__ == "__main__":
    main()
