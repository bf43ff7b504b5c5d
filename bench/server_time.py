"""
Server time per page on a large archive, with query counts and query plans.

    .venv/bin/python bench/server_time.py                      # SQLite, 100,000 articles
    .venv/bin/python bench/server_time.py --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench

Renders each page in-process (Django's test client, page cache off, so the
view does all its work) and prints a table: median and 95th-percentile
milliseconds and the number of SQL queries. Then prints the query plans of
the queries that must use indexes (related-story candidates, an
organization's coverage, search) and flags any that scans the whole
articles table.
"""

import argparse
import random
import statistics
import time

from _setup import ensure_corpus, use_database

REPEAT = 30


def measure(client, urls, connection):
    from django.test.utils import CaptureQueriesContext

    client.get(urls[0])  # fill the caches a running site has warm
    timings, queries = [], []
    for index in range(REPEAT):
        url = urls[index % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)], max(queries)


def plans(connection):
    """(label, plan text) for the queries that must not scan the articles table."""
    from articles.models import Article
    from articles.related import candidates
    from search.matching import search_articles

    article = Article.objects.published().order_by("-published_at")[50]
    entities = {
        "organizations": list(article.organizations.values_list("pk", flat=True)),
        "people": list(article.people.values_list("pk", flat=True)),
        "tags": list(article.tags.values_list("pk", flat=True)),
    }
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        candidates(article, entities)
    related_sql = captured[-1]["sql"]
    hub = article.organizations.first()
    coverage = (
        Article.objects.published()
        .filter(organizations=hub)
        .select_related("section")
        .order_by("-published_at", "-pk")[:10]
    )
    found = search_articles("research")[:20]
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    results = []
    with connection.cursor() as cursor:
        for label, sql, params in [
            ("related-story candidates", related_sql, None),
            ("organization coverage", *coverage.query.sql_with_params()),
            ("search", *found.query.sql_with_params()),
        ]:
            cursor.execute(explain + sql, params)
            rows = cursor.fetchall()
            text = "\n".join(" ".join(str(col) for col in row) for row in rows)
            results.append((label, text))
    return results


def scans_articles_table(plan, vendor):
    if vendor == "sqlite":
        return any(
            line.strip().endswith(("SCAN articles_article", "SCAN U0", "SCAN V0"))
            for line in plan.splitlines()
        )
    return "Seq Scan on articles_article " in plan


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--plans", action="store_true", help="print the full query plans")
    parser.add_argument(
        "--skip", action="append", default=[], help="leave out pages whose label starts so"
    )
    options = parser.parse_args()
    url = use_database(options.database_url, name=f"corpus-{options.articles}")
    ensure_corpus(options.articles)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from taggit.models import Tag

    from articles.models import Article
    from organizations.models import Organization
    from pagecache.versions import bump

    settings.PAGE_CACHE_SECONDS = 0
    bump()
    rng = random.Random(3)
    published = list(
        Article.objects.published().order_by("-published_at").values_list("slug", "pk")[:2000]
    )
    sample = rng.sample(published, 20)
    top_organization = (
        Organization.objects.annotate(n=Count("articles")).order_by("-n").values_list("slug", "n")
    ).first()
    top_tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    admin_user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )

    reader, desk = Client(), Client()
    desk.force_login(admin_user)
    pages = [
        ("article page", reader, [f"/articles/{slug}/" for slug, _pk in sample]),
        ("front page", reader, ["/"]),
        (
            f"top organization ({top_organization[1]} articles)",
            reader,
            [f"/organizations/{top_organization[0]}/"],
        ),
        ("tag page", reader, [f"/tags/{top_tag.slug}/"]),
        ("search", reader, ["/search/?q=research+funding", "/search/?q=climate"]),
        ("admin article list", desk, ["/admin/articles/article/"]),
        ("admin change form", desk, [f"/admin/articles/article/{pk}/change/" for _s, pk in sample]),
    ]
    total = Article.objects.count()
    print(f"\n{connection.vendor}, {total} articles ({url.split('@')[-1]})\n")
    print(f"{'page':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, client, urls in pages:
        if any(label.startswith(prefix) for prefix in options.skip):
            print(f"{label:<40} {'skipped':>10}")
            continue
        median, p95, queries = measure(client, urls, connection)
        print(f"{label:<40} {median:>10.1f} {p95:>8.1f} {queries:>8}")

    if "plans" in options.skip:
        return
    print("\nquery plans")
    for label, plan in plans(connection):
        verdict = (
            "SCANS articles_article"
            if scans_articles_table(plan, connection.vendor)
            else "uses indexes"
        )
        print(f"  {label:<28} {verdict}")
        if options.plans:
            print("    " + plan.replace("\n", "\n    "))


if __name__ == "__main__":
    main()
