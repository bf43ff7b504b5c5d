"""
The Content API beside the pages it mirrors.

    .venv/bin/python bench/api.py [--articles 5000] [--seconds 15]
                                  [--sizes 1000,100000] [--redis-url URL]

1. Throughput. gunicorn (2 sync workers, DEBUG off) on a corpus of
   --articles stories (`api-<articles>` under /tmp/newsroom-bench/), and wrk
   (Debian's `wrk`) over 200 random stories, for --seconds each:
   the story page and the story endpoint (`/api/v1/articles/<slug>/`) with
   the page cache off, then both again with the Redis page cache
   (REDIS_URL, default redis://127.0.0.1:6379/14, flushed first), every
   URL requested once before. Each figure is printed as requests/s and as a
   ratio to the uncached story page of the same run. The rate limit is
   raised out of the way: it counts clients, not the server's speed.
2. Query counts. The list endpoint, filtered lists, quotes and a story, in
   process with the page cache off, on corpora of each of --sizes stories
   (`corpus-<n>`, shared with bench/server_time.py). They must not grow.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from _setup import ensure_corpus, free_port, start_server, stop_server, use_database

SAMPLE = 200
LISTS = [
    "/api/v1/articles/",
    "/api/v1/articles/?organization={hub}",
    "/api/v1/articles/?tag={tag}&published_after=2020-01-01",
    "/api/v1/articles/?q=research",
    "/api/v1/quotes/?organization={hub}",
    "/api/v1/organizations/{hub}/",
    "/api/v1/articles/{slug}/",
]
WRK_SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
"""


def wrk(base, paths, seconds):
    """Requests per second of wrk over `paths` (each requested once first)."""
    for path in paths:
        urllib.request.urlopen(base + path, timeout=30).close()
    listing = Path(tempfile.mkstemp(suffix=".txt")[1])
    listing.write_text("\n".join(paths) + "\n")
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % {"paths": listing})
    try:
        output = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(script), base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        listing.unlink()
        script.unlink()
    if "Non-2xx" in output:
        raise SystemExit(f"Some requests failed:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def throughput(options):
    os.environ.update(API_RATE_LIMIT="100000000/min", REDIS_URL=options.redis_url)
    use_database(options.database_url, name=f"api-{options.articles}")
    ensure_corpus(options.articles)
    import redis
    from django.db import connection

    from articles.models import Article

    redis.Redis.from_url(options.redis_url).flushdb()
    slugs = list(Article.objects.published().values_list("slug", flat=True))
    chosen = random.Random(1).sample(slugs, min(SAMPLE, len(slugs)))
    pages = [f"/articles/{slug}/" for slug in chosen]
    endpoints = [f"/api/v1/articles/{slug}/" for slug in chosen]
    connection.close()

    results = {}
    for cached in (False, True):
        env = dict(os.environ, PAGE_CACHE_SECONDS="300" if cached else "0")
        port = free_port()
        log = Path(tempfile.gettempdir()) / "newsroom-bench" / "api-gunicorn.log"
        server = start_server(env, port, log=str(log))
        try:
            base = f"http://127.0.0.1:{port}"
            state = "cached" if cached else "uncached"
            for name, paths in (("story page", pages), ("story endpoint", endpoints)):
                results[f"{name}, {state}"] = wrk(base, paths, options.seconds)
                print(f"  {name}, {state}: {results[f'{name}, {state}']:,.0f} requests/s")
        finally:
            stop_server(server)
    baseline = results["story page, uncached"]
    print(f"\nThroughput, {options.articles:,} stories ({SAMPLE} requested), gunicorn 2 workers:")
    print(f"  {'':<28}{'requests/s':>12}{'× page uncached':>18}")
    for name, rate in results.items():
        print(f"  {name:<28}{rate:>12,.0f}{rate / baseline:>17.2f}×")


def count_queries(articles, database_url):
    """Print {url: queries} as JSON for a corpus of `articles` (run in a child process)."""
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    use_database(database_url, name=f"corpus-{articles}")
    ensure_corpus(articles)
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from organizations.models import Organization

    hub = Organization.objects.annotate(n=Count("articles")).order_by("-n").first()
    story = Article.objects.published().filter(organizations=hub).first()
    tag = story.tags.first()
    client = Client()
    counts = {}
    for template in LISTS:
        url = template.format(hub=hub.slug, tag=tag.slug if tag else "", slug=story.slug)
        client.get(url)  # the caches a running site has warm (entity counts)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[template] = len(captured)
    print(json.dumps(counts))


def query_counts(options):
    sizes = [int(size) for size in options.sizes.split(",")]
    found = {}
    for size in sizes:
        print(f"  counting at {size:,} stories…", flush=True)
        output = subprocess.run(
            [sys.executable, __file__, "--count-queries", str(size)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found[size] = json.loads(output.strip().splitlines()[-1])
    print("\nQueries per request (page cache off):")
    print(f"  {'':<56}" + "".join(f"{size:>10,}" for size in sizes))
    for template in LISTS:
        print(f"  {template:<56}" + "".join(f"{found[size][template]:>10}" for size in sizes))
    grew = [t for t in LISTS if len({found[size][t] for size in sizes}) > 1]
    print("  " + ("flat as the archive grows" if not grew else f"GREW: {', '.join(grew)}"))
    return not grew


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--count-queries", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--skip-throughput", action="store_true")
    options = parser.parse_args()
    if options.count_queries:
        count_queries(options.count_queries, options.database_url)
        return
    flat = query_counts(options)
    if not options.skip_throughput:
        if not shutil.which("wrk"):
            raise SystemExit("The throughput part drives Debian's wrk: apt-get install wrk")
        throughput(options)
    if not flat:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
