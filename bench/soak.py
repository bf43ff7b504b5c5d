"""
A soak: mixed reader traffic for minutes on end while a writer keeps publishing.

    .venv/bin/python bench/soak.py [--seconds 300] [--articles 5000] [--redis/--no-redis]
                                   [--database-url URL] [--connections 8] [--write-every 3]

Starts gunicorn (2 sync workers, the site's own `newsroom.wsgi`, DEBUG off)
on 127.0.0.1 against a benchmark database (`soak-<articles>` under
/tmp/newsroom-bench/ unless --database-url), with the Redis page cache
(REDIS_URL, default redis://127.0.0.1:6379/15, flushed first) when Redis
answers. For the whole run:

- reader threads in this process request a mix of public pages (front page,
  articles, sections, tags, organizations, people, archive, search, feeds,
  sitemaps and a missing page) and record every status and latency;
- a writer publishes a new story every few seconds through the ORM and the
  editorial workflow, edits a live one and unpublishes an older one, so
  every cached page goes stale under load; after each change it checks
  over HTTP that readers see it (the new headline on the front page, the
  unpublished story gone);
- the resident memory of the gunicorn master and each worker is sampled.

It prints a line per sample and a summary, and exits non-zero on any 5xx,
failed request (connection error, timeout, unexpected status), stale page
after a change, writer error, worker restart, error in the server log, or
memory growth over --memory-threshold per cent between the first window
after warm-up and the last. Stories the writer made are deleted and edits
undone at the end, so the corpus can be reused.
"""

import argparse
import contextlib
import http.client
import os
import random
import re
import resource
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from _setup import WORKERS, ensure_corpus, free_port, start_server, stop_server, use_database

SOAK_SLUG_PREFIX = "soak-"

# Share of reader requests per kind of page, and the status each should get.
MIX = {
    "front": (15, 200),
    "article": (44, 200),
    "section": (6, 200),
    "tag": (6, 200),
    "organization": (6, 200),
    "person": (5, 200),
    "archive": (3, 200),
    "search": (4, 200),
    "feed": (4, 200),
    "sitemap": (2, 200),
    "news-sitemap": (2, 200),
    "missing": (3, 404),
}


def get(port, path, timeout=10):
    """(status, headers, body) of one GET, on a connection of its own."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# Memory -------------------------------------------------------------------


def rss_mb(pid):
    """Resident memory of a process in MB, or None once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # "pid (command) state ppid …"; the command may hold spaces or parentheses.
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append(int(entry))
    return sorted(found)


def memory_sample(master):
    """{label: MB} for the master and each worker ("worker <pid>")."""
    sample = {"master": rss_mb(master)}
    for pid in children(master):
        sample[f"worker {pid}"] = rss_mb(pid)
    return {label: mb for label, mb in sample.items() if mb is not None}


def memory_growth(samples, seconds, warmup, window):
    """
    {label: (start MB, end MB)}: each process's mean RSS over the first window
    after warm-up and over the last window of the run, for processes present in both.
    """
    first = [sample for at, sample in samples if warmup <= at < warmup + window]
    last = [sample for at, sample in samples if at >= seconds - window]
    growth = {}
    for label in samples[-1][1]:
        start = [sample[label] for sample in first if label in sample]
        end = [sample[label] for sample in last if label in sample]
        if start and end:
            growth[label] = (statistics.fmean(start), statistics.fmean(end))
    return growth


# Readers ------------------------------------------------------------------


class ReaderStats:
    """What one reader thread saw; read by the main thread only for progress lines."""

    def __init__(self):
        self.requests = 0
        self.statuses = Counter()  # (kind, status)
        self.unexpected = Counter()  # (kind, status, path)
        self.failures = Counter()  # (kind, error, path)
        self.latencies = {kind: [] for kind in MIX}
        self.cache = Counter()  # X-Cache: hit / miss / none


def reader(port, paths, timeout, stop, stats, seed):
    rng = random.Random(seed)
    kinds = list(MIX)
    weights = [MIX[kind][0] for kind in kinds]
    # Gunicorn's sync workers close every connection; http.client opens a new one.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    while not stop.is_set():
        kind = rng.choices(kinds, weights)[0]
        path = rng.choice(paths[kind])
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"User-Agent": "newsroom-soak"})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            stats.failures[kind, type(error).__name__, path] += 1
            stats.requests += 1
            continue
        stats.latencies[kind].append(time.perf_counter() - started)
        stats.statuses[kind, response.status] += 1
        stats.cache[response.getheader("X-Cache", "none")] += 1
        if response.status != MIX[kind][1]:
            stats.unexpected[kind, response.status, path] += 1
        stats.requests += 1
    connection.close()


def reader_paths(articles_sample=2000):
    """Paths for each kind of page, drawn from the corpus."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Section
    from demo.corpus import WORDS
    from organizations.models import Organization, Person

    rng = random.Random(6)
    live = list(
        Article.objects.published()
        .exclude(slug__startswith=SOAK_SLUG_PREFIX)
        .values_list("slug", flat=True)
    )
    slugs = rng.sample(live, min(articles_sample, len(live)))
    sections = list(Section.objects.values_list("slug", flat=True))
    tags = list(
        Tag.objects.annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n")
        .values_list("slug", flat=True)[:200]
    )
    organizations = list(
        Organization.objects.annotate(n=Count("articles"))
        .order_by("-n")
        .values_list("slug", flat=True)[:200]
    )
    people = list(Person.objects.order_by("?").values_list("slug", flat=True)[:200])
    return {
        "front": ["/"],
        "article": [f"/articles/{slug}/" for slug in slugs],
        "section": [f"/sections/{slug}/" for slug in sections]
        + [f"/sections/{slug}/?page=2" for slug in sections],
        "tag": [f"/tags/{slug}/" for slug in tags],
        "organization": [f"/organizations/{slug}/" for slug in organizations],
        "person": [f"/people/{slug}/" for slug in people],
        "archive": ["/articles/", "/articles/?page=2", "/articles/?page=5"],
        "search": [f"/search/?q={word}" for word in WORDS[:20]]
        + [f"/search/?q={a}+{b}" for a, b in zip(WORDS[:10], WORDS[10:20], strict=True)],
        "feed": ["/feed/", "/feed/atom/"] + [f"/sections/{slug}/feed/" for slug in sections],
        "sitemap": ["/sitemap.xml"],
        "news-sitemap": ["/news-sitemap.xml"],
        "missing": [f"/articles/no-such-story-{n}/" for n in range(20)],
    }


def warm_up(port, paths, rounds=4):
    """Every kind of page a few times, on both workers, before the clock starts."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(path):
        with contextlib.suppress(OSError, http.client.HTTPException):  # the soak counts them
            get(port, path, timeout=30)

    targets = [path for kind in MIX for path in paths[kind][:rounds]] * 2
    with ThreadPoolExecutor(WORKERS * 2) as pool:
        list(pool.map(fetch, targets))


# Writer -------------------------------------------------------------------


class Writer:
    """
    Publishes a story on every tick, edits a live corpus story, and unpublishes
    the oldest of its own live stories once more than three are live; then checks
    over HTTP that readers see each change.
    """

    def __init__(self, port, edit_slugs, run):
        from django.contrib.auth import get_user_model

        from articles.models import Section
        from organizations.models import Organization, Person

        self.port = port
        self.run = run
        self.rng = random.Random(7)
        self.user, _ = get_user_model().objects.get_or_create(
            username="soak-writer", defaults={"is_staff": True}
        )
        self.sections = list(Section.objects.all())
        self.organizations = list(Organization.objects.order_by("?")[:50])
        self.people = list(Person.objects.order_by("?")[:50])
        self.edit_slugs = edit_slugs
        self.original_deks = {}
        self.live = []  # (slug, headline) of its own live stories, oldest first
        self.published = self.edited = self.unpublished = 0
        self.checks = 0
        self.stale = []
        self.errors = []
        self.durations = []  # seconds of ORM work per tick, without the HTTP checks
        self.checking = 0.0
        self.last_published = None

    def run_until(self, stop, every):
        """Tick every `every` seconds (at once when behind) until `stop` is set."""
        next_tick = time.monotonic() + every
        while not stop.wait(max(0.0, next_tick - time.monotonic())):
            self.tick()
            next_tick += every

    def tick(self):
        started = time.perf_counter()
        self.checking = 0.0
        try:
            self.publish()
            self.edit()
            if len(self.live) > 3:
                self.unpublish()
        except Exception as error:  # reported in the summary; the soak goes on
            self.errors.append(f"{type(error).__name__}: {error}")
        finally:
            from django.db import connection

            connection.close()  # as a request would; no lock is held between ticks
        self.durations.append(time.perf_counter() - started - self.checking)

    def publish(self):
        import reversion

        from articles import publishing
        from articles.models import Article

        number = self.published + 1
        headline = f"Soak story {number} of run {self.run}"
        with reversion.create_revision():
            article = Article.objects.create(
                headline=headline,
                slug=f"{SOAK_SLUG_PREFIX}{self.run}-{number:05d}",
                dek="Published by bench/soak.py while readers keep reading.",
                body="<p>A story written during the soak, to make every cached page stale.</p>",
                section=self.rng.choice(self.sections),
                created_by=self.user,
            )
            article.organizations.add(self.rng.choice(self.organizations))
            article.people.add(self.rng.choice(self.people))
            article.tags.add("soak")
            reversion.set_user(self.user)
        if not publishing.publish_now(article, self.user):
            raise RuntimeError(f"could not publish {article.slug}")
        self.published += 1
        self.live.append((article.slug, headline))
        self.last_published = (article.slug, headline)
        self.expect("/", headline, present=True)
        self.expect(article.get_absolute_url(), headline, present=True)

    def edit(self):
        import reversion

        from articles.models import Article

        article = Article.objects.get(slug=self.rng.choice(self.edit_slugs))
        original = self.original_deks.setdefault(article.pk, article.dek)
        # A new text every time, so a stale page cannot pass for the edited one.
        article.dek = f"{original} (Update {self.edited + 1} of soak run {self.run}.)"
        with reversion.create_revision():
            article.save()
            reversion.set_user(self.user)
        self.edited += 1
        self.expect(article.get_absolute_url(), article.dek, present=True)

    def unpublish(self):
        from articles import publishing
        from articles.models import Article

        slug, headline = self.live.pop(0)
        if not publishing.unpublish(Article.objects.get(slug=slug), self.user):
            raise RuntimeError(f"could not unpublish {slug}")
        self.unpublished += 1
        self.expect("/", headline, present=False)
        self.expect(f"/articles/{slug}/", None, status=404)

    def expect(self, path, text, present=True, status=200):
        """Readers must see the change at once: the writer's save bumped the content version."""
        self.checks += 1
        started = time.perf_counter()
        try:
            got, _headers, body = get(self.port, path)
        except (OSError, http.client.HTTPException) as error:
            self.stale.append(f"{path}: {type(error).__name__}")
            return
        finally:
            self.checking += time.perf_counter() - started
        if got != status:
            self.stale.append(f"{path}: status {got}, expected {status}")
        elif text is not None and (text.encode() in body) != present:
            self.stale.append(f"{path}: {text!r} {'missing' if present else 'still there'}")

    def clean_up(self):
        """Delete the stories it wrote and undo its edits (rows only; no signals)."""
        from articles.models import Article

        for pk, dek in self.original_deks.items():
            Article.objects.filter(pk=pk).update(dek=dek)
        remove_soak_articles()


def remove_soak_articles():
    from articles.models import Article

    Article.objects.filter(slug__startswith=SOAK_SLUG_PREFIX).delete()


# Running ------------------------------------------------------------------


class Progress:
    """Takes memory samples and prints a line of figures with each."""

    def __init__(self, master, stats, writer, started):
        self.master, self.stats, self.writer, self.started = master, stats, writer, started
        self.last_requests, self.last_at = 0, started
        self.workers_seen = set()
        print(
            f"{'t s':>5} {'req/s':>7} {'5xx':>5} {'failed':>6} {'published':>9} "
            f"{'stale':>5}  RSS MB: master, workers"
        )

    def sample(self, now):
        """(seconds since the start, {process: RSS MB})."""
        sample = memory_sample(self.master)
        workers = {label: mb for label, mb in sample.items() if label != "master"}
        self.workers_seen.update(workers)
        requests = sum(s.requests for s in self.stats)
        errors = sum(
            n for s in self.stats for (_kind, status), n in s.statuses.items() if status >= 500
        )
        failed = sum(sum(s.failures.values()) + sum(s.unexpected.values()) for s in self.stats)
        rate = (requests - self.last_requests) / max(now - self.last_at, 1e-9)
        print(
            f"{now - self.started:>5.0f} {rate:>7.1f} {errors:>5} {failed:>6} "
            f"{self.writer.published:>9} {len(self.writer.stale):>5}  "
            f"{sample.get('master', 0):.1f}, {', '.join(f'{mb:.1f}' for mb in workers.values())}",
            flush=True,
        )
        self.last_requests, self.last_at = requests, now
        return now - self.started, sample


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--redis",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="page cache on Redis (default: when Redis answers)",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--connections", type=int, default=8, help="reader threads")
    parser.add_argument("--write-every", type=float, default=3, help="seconds between writes")
    parser.add_argument(
        "--sample-every", type=float, default=0, help="seconds (default: 10, less for short runs)"
    )
    parser.add_argument("--timeout", type=float, default=10, help="per request, seconds")
    parser.add_argument(
        "--memory-threshold", type=float, default=10, help="per cent growth that fails the run"
    )
    options = parser.parse_args()
    sample_every = options.sample_every or min(10, max(1, options.seconds / 12))
    # Memory is compared between the first window after warm-up and the last:
    # minute 1 against minute 5 in the five-minute soak.
    warmup = window = min(60, options.seconds / 5)

    use_redis = options.redis
    if use_redis is None:
        use_redis = redis_answers(options.redis_url)
        if not use_redis:
            print(f"Redis does not answer at {options.redis_url}: page cache off.")
    elif use_redis and not redis_answers(options.redis_url):
        raise SystemExit(f"Redis does not answer at {options.redis_url}")

    # One configuration for this process (the writer) and the server, set
    # explicitly so a developer's .env cannot change it.
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="false",
        SECRET_KEY="benchmarks-only-not-a-secret",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        REDIS_URL=options.redis_url if use_redis else "",
        CACHE_URL="locmemcache://",
    )
    os.environ.pop("PAGE_CACHE_SECONDS", None)
    url = use_database(options.database_url, name=f"soak-{options.articles}")
    ensure_corpus(options.articles)
    remove_soak_articles()  # left by an interrupted run
    if use_redis:
        import redis

        redis.Redis.from_url(options.redis_url).flushdb()

    from django.db import connection

    paths = reader_paths()
    connection.close()

    run = secrets.token_hex(3)
    port = free_port()
    descriptor, log = tempfile.mkstemp(prefix="newsroom-soak-", suffix=".log")
    os.close(descriptor)
    stop = threading.Event()
    stats = [ReaderStats() for _ in range(options.connections)]
    threads = []
    samples = []
    writer = writing = None
    server = None
    # Stopped by Ctrl-C or a TERM, even when started in the background, it still cleans up.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        server = start_server(dict(os.environ), port, log=log)
        warm_up(port, paths)
        get(port, "/")  # fills the cache; the second request should be a hit
        cache_state = get(port, "/")[1].get("X-Cache", "none")
        writer = Writer(port, [path.split("/")[2] for path in paths["article"][:200]], run)
        print(
            f"Soak: {options.seconds:.0f}s, {options.articles} articles "
            f"({url.split('://')[0]}), gunicorn {WORKERS} sync workers on 127.0.0.1:{port}, "
            f"page cache {'on, Redis' if use_redis else 'off'} (second GET / was "
            f"X-Cache {cache_state}), {options.connections} reader threads, a write every "
            f"{options.write_every:g}s, memory every {sample_every:g}s; server log {log}\n"
        )
        if use_redis and cache_state != "hit":
            raise SystemExit("The page cache is not serving hits; check the settings.")

        version_before = content_version_now()
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.monotonic()
        progress = Progress(server.pid, stats, writer, started)
        samples.append(progress.sample(started))
        for number, reader_stats in enumerate(stats):
            thread = threading.Thread(
                target=reader,
                args=(port, paths, options.timeout, stop, reader_stats, number),
                daemon=True,
            )
            thread.start()
            threads.append(thread)

        # The writer has a thread of its own, so that memory is sampled on time.
        writing = threading.Thread(target=writer.run_until, args=(stop, options.write_every))
        writing.start()
        threads.append(writing)
        end = started + options.seconds
        next_sample = started + sample_every
        while next_sample < end - sample_every / 2:
            time.sleep(max(0.0, next_sample - time.monotonic()))
            samples.append(progress.sample(time.monotonic()))
            next_sample += sample_every
        time.sleep(max(0.0, end - time.monotonic()))
        samples.append(progress.sample(started + options.seconds))
        elapsed = time.monotonic() - started
        stop.set()
        for thread in threads:
            thread.join(options.timeout + 5)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        figures = {
            "elapsed": elapsed,
            "workers seen": progress.workers_seen,
            "cpu": (cpu_after.ru_utime + cpu_after.ru_stime)
            - (cpu_before.ru_utime + cpu_before.ru_stime),
            "site purged": content_version_now() != version_before if use_redis else None,
        }
        # After the load: the last story published is on the front page.
        if writer.last_published:
            writer.expect("/", writer.last_published[1], present=True)
    except KeyboardInterrupt:
        print("\nInterrupted.")
        os.unlink(log)
        return 130
    finally:
        stop.set()
        if writing is not None:
            writing.join()  # its tick finishes before the server stops and the clean-up
        if server is not None:
            stop_server(server)
        signal.signal(signal.SIGTERM, previous)
        if writer is not None:
            writer.clean_up()

    return report(options, stats, writer, samples, figures, warmup, window, log)


def content_version_now():
    """The version of the tag every page carries, as the server sees it (Redis only)."""
    from django.core.cache import cache

    from pagecache import tags

    return cache.get(tags.key(tags.SITE)) or 0


def report(options, stats, writer, samples, figures, warmup, window, log):
    elapsed, workers_seen = figures["elapsed"], figures["workers seen"]
    statuses = Counter()
    unexpected = Counter()
    failures = Counter()
    cache = Counter()
    latencies = {kind: [] for kind in MIX}
    for s in stats:
        for (_kind, status), n in s.statuses.items():
            statuses[f"{status // 100}xx"] += n
        unexpected.update(s.unexpected)
        failures.update(s.failures)
        cache.update(s.cache)
        for kind, values in s.latencies.items():
            latencies[kind] += values
    every = [value for values in latencies.values() for value in values]
    requests = sum(s.requests for s in stats)
    failed = sum(failures.values())

    print(f"\n{'page':<14} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind in MIX:
        values = latencies[kind]
        print(
            f"{kind:<14} {len(values):>9} {percentile(values, 0.5) * 1000:>8.1f} "
            f"{percentile(values, 0.99) * 1000:>8.1f} {max(values or [0]) * 1000:>8.1f}"
        )

    log_text = Path(log).read_text(errors="replace")
    log_errors = [
        line for line in log_text.splitlines() if re.search(r"\b(ERROR|CRITICAL)\b|Traceback", line)
    ]
    growth = memory_growth(samples, options.seconds, warmup, window)
    hits = cache["hit"] / max(1, cache["hit"] + cache["miss"])
    rows = [
        ("duration", f"{elapsed:.0f} s"),
        ("requests", f"{requests}"),
        ("requests/s", f"{requests / elapsed:.1f}"),
        (
            "latency p50 / p99",
            f"{percentile(every, 0.5) * 1000:.1f} / {percentile(every, 0.99) * 1000:.1f} ms",
        ),
        ("statuses", ", ".join(f"{label} {n}" for label, n in sorted(statuses.items()))),
        ("page cache hits", f"{hits:.0%} of {cache['hit'] + cache['miss']}"),
        ("5xx", f"{statuses['5xx']}"),
        ("failed (connection, timeout)", f"{failed}"),
        ("unexpected status", f"{sum(unexpected.values())}"),
        (
            "writer",
            f"{writer.published} published, {writer.edited} edited, "
            f"{writer.unpublished} unpublished; {len(writer.errors)} errors",
        ),
        (
            "write time p50 / max",
            f"{percentile(writer.durations, 0.5) * 1000:.0f} / "
            f"{max(writer.durations or [0]) * 1000:.0f} ms (ORM, without its HTTP checks)",
        ),
        ("stale after a change", f"{len(writer.stale)} of {writer.checks} checks"),
        (
            "whole site purged",
            "n/a (no shared cache)"
            if figures["site purged"] is None
            else ("yes" if figures["site purged"] else "no (writes purged only their tags)"),
        ),
        (
            "this process's CPU",
            f"{figures['cpu']:.0f} s, {figures['cpu'] / elapsed:.0%} of a core (readers, writer)",
        ),
        ("gunicorn workers", f"{len(workers_seen)} seen ({WORKERS} expected)"),
        ("server log errors", f"{len(log_errors)}"),
    ]
    print()
    for label, value in rows:
        print(f"{label:<30} {value}")

    print(
        f"\nMemory (RSS MB): mean over {warmup:.0f}–{warmup + window:.0f}s "
        f"against the last {window:.0f}s"
    )
    print(f"{'process':<16} {'start':>8} {'end':>8} {'growth':>8} {'%':>7}")
    grown = []
    for label, (start, end) in growth.items():
        percent = (end - start) / start * 100
        if percent > options.memory_threshold:
            grown.append(label)
        print(f"{label:<16} {start:>8.1f} {end:>8.1f} {end - start:>+8.1f} {percent:>+6.1f}%")
    print("series:", "  ".join(f"{at:.0f}s {sum(s.values()):.0f}" for at, s in samples), "(total)")

    problems = []
    if statuses["5xx"]:
        problems.append(f"{statuses['5xx']} responses were 5xx")
    if failed:
        problems.append(f"{failed} requests failed: {dict(failures.most_common(5))}")
    if unexpected:
        problems.append(f"unexpected statuses: {dict(unexpected.most_common(5))}")
    if writer.errors:
        problems.append(f"writer errors: {writer.errors[:5]}")
    if writer.stale:
        problems.append(f"stale after a change: {writer.stale[:5]}")
    if len(workers_seen) != WORKERS:
        problems.append(f"workers restarted ({len(workers_seen)} pids seen)")
    if log_errors:
        problems.append(f"server log errors, e.g. {log_errors[:3]} (see {log})")
    if not growth:
        problems.append("too few memory samples to compare")
    if grown:
        problems.append(f"memory grew more than {options.memory_threshold:g}%: {', '.join(grown)}")
    if not requests:
        problems.append("no requests were made")
    print()
    if problems:
        for problem in problems:
            print(f"FAILED: {problem}")
        print(f"Server log kept: {log}")
        return 1
    os.unlink(log)
    print("PASSED: no 5xx, no failed request, readers saw every change, memory flat.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
