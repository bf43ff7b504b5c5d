"""
Server time of relationship maps (organizations/maps.py) on a large directory.

    .venv/bin/python bench/maps.py [--articles 100000] [--database-url URL]

The corpus (`manage.py generate_corpus`) holds one organization per 50
articles (2,000 at the default 100,000) and no relationships between them.
This adds a seeded web of them once — preferential attachment, so a few hubs
gather dozens while most organizations have one to three, of every kind, one
in ten ended — in a database of its own (`maps-<articles>` under
/tmp/newsroom-bench/, started as a copy of bench/server_time.py's
`corpus-<articles>` when there is one), so no other benchmark changes.

Then it times in process, the map cache emptied before every render, as the
pages will: gathering the graph and drawing its SVG for the profile map of
the organization with the most relationships (one and two steps out) and
for the directory map. Targets, uncached: 200 ms for a profile's map, 1 s
for the directory's. Prints median and slowest milliseconds and queries.
"""

import argparse
import datetime
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from _setup import ensure_corpus, use_database

REPEAT = 10
PROFILE_TARGET_MS, DIRECTORY_TARGET_MS = 200, 1000
KINDS = ["partner"] * 4 + ["funder"] * 3 + ["member"] * 2 + ["hosts", "subsidiary"]


def start_from_corpus(articles):
    """Copy server_time.py's corpus to `maps-<articles>` unless there is one already."""
    folder = Path(tempfile.gettempdir()) / "newsroom-bench"
    corpus, maps = folder / f"corpus-{articles}.sqlite3", folder / f"maps-{articles}.sqlite3"
    if corpus.exists() and not maps.exists():
        shutil.copyfile(corpus, maps)


def ensure_relationships(seed=1):
    """A seeded web of relationships among the corpus's organizations, once."""
    from organizations.dates import DatePrecision
    from organizations.models import Organization, Relationship

    if Relationship.objects.exists():
        return
    rng = random.Random(seed)
    ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    ends, seen, relationships = ids[:3], set(), []
    for pk in ids[3:]:
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            other, kind = rng.choice(ends), rng.choice(KINDS)
            source, target = (pk, other) if rng.random() < 0.5 else (other, pk)
            pair = (min(source, target), max(source, target), kind)
            if other == pk or pair in seen:
                continue
            seen.add(pair)
            ends += [source, target]
            since = datetime.date(rng.randint(2005, 2023), rng.choice([1, 3, 6, 9]), 1)
            ended = rng.random() < 0.1
            relationships.append(
                Relationship(
                    from_organization_id=source,
                    to_organization_id=target,
                    kind=kind,
                    since=since,
                    since_precision=rng.choice(list(DatePrecision)),
                    until=datetime.date(since.year + rng.randint(1, 3), 1, 1) if ended else None,
                    until_precision=DatePrecision.YEAR,
                    summary="A synthetic relationship for benchmarks.",
                )
            )
    Relationship.objects.bulk_create(relationships, batch_size=2000)


def measure(render):
    """(median ms, slowest ms, queries, graph) of `render()` with the map cache empty."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], []
    for _ in range(REPEAT):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            graph, svg = render()
            timings.append((time.perf_counter() - started) * 1000)
        if svg is None:
            raise SystemExit("The map was not drawn: is Debian's graphviz package installed?")
        queries.append(len(captured))
    return statistics.median(timings), max(timings), max(queries), graph


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    if not options.database_url:
        start_from_corpus(options.articles)
    url = use_database(options.database_url, name=f"maps-{options.articles}")
    ensure_corpus(options.articles)
    ensure_relationships()

    from django.db import connection
    from django.db.models import Count

    from organizations.map_drawing import render_svg
    from organizations.maps import directory_graph, neighbourhood
    from organizations.models import Organization, Relationship

    hub = (
        Organization.objects.annotate(
            n=Count("outgoing_relationships", distinct=True)
            + Count("incoming_relationships", distinct=True)
        )
        .order_by("-n", "pk")
        .first()
    )

    def profile(hops):
        def render():
            graph = neighbourhood(hub, hops=hops)
            return graph, render_svg(graph, f"{hub.name}'s relationships", "A map.")

        return render

    def directory():
        graph = directory_graph()
        return graph, render_svg(graph, "The directory's relationships", "A map.")

    print(
        f"\n{connection.vendor}, {Organization.objects.count()} organizations, "
        f"{Relationship.objects.count()} relationships ({url.split('@')[-1]})\n"
        f"biggest hub: {hub.name}, {hub.n} relationships\n"
    )
    print(f"{'map, uncached':<28} {'median ms':>10} {'max ms':>8} {'queries':>8} {'target':>7}")
    for label, render, target in [
        ("profile, 1 step out", profile(1), PROFILE_TARGET_MS),
        ("profile, 2 steps out", profile(2), PROFILE_TARGET_MS),
        ("directory", directory, DIRECTORY_TARGET_MS),
    ]:
        median, slowest, queries, graph = measure(render)
        verdict = "ok" if median <= target else "SLOW"
        print(
            f"{label:<28} {median:>10.1f} {slowest:>8.1f} {queries:>8} {target:>7} {verdict}"
            f"   ({len(graph.nodes)} organizations, {len(graph.edges)} relationships drawn; "
            f"left out {graph.omitted['organizations']} and {graph.omitted['relationships']})"
        )


if __name__ == "__main__":
    main()
