"""
Readers' throughput while the newsroom writes: what cache tags are for.

    .venv/bin/python bench/cache_under_writes.py [--articles 5000] [--seconds 30]
                                                  [--database-url URL] [--no-varnish]

Starts gunicorn (2 sync workers, DEBUG off) with the Redis page cache
(REDIS_URL, default redis://127.0.0.1:6379/14, flushed first) on a
benchmark corpus (`cache-<articles>` under /tmp/newsroom-bench/ unless
--database-url), then drives wrk (Debian's `wrk`) over 400 random article
pages in three phases:

1. no writes;
2. an editor autosaving a draft no reader can see, every 2 s (the desk's
   autosave and a save of the draft story);
3. a new story published every 10 s, covering the corpus's hub
   organizations (the ones most stories cite).

Then, with Debian's varnishd (and the xkey vmod) in front of gunicorn,
phase 1 and phase 3 again, purged by the app as in production.

It prints requests/s and the cache hit rate of each phase, each as a ratio
to the no-writes phase of the same run. Targets (docs/performance.md):
autosaves ≥ 0.95× and a hit rate ≥ 99%; a publish every 10 s ≥ 0.8×;
through Varnish, several times the gunicorn figure.
"""

import argparse
import contextlib
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from _setup import ROOT, ensure_corpus, free_port, start_server, stop_server, use_database

WRK_SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; total = 0 end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
response = function(status, headers, body)
  total = total + 1
  local cache = headers["X-Edge-Cache"] or headers["X-Cache"]
  if cache == "hit" then hits = hits + 1 end
end
done = function(summary, latency, requests)
  local h, t = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); t = t + thread:get("total") end
  io.write(string.format("HITS %%d %%d\\n", h, t))
end
"""


def wrk(base, paths_file, seconds, connections=16):
    """(requests per second, hit rate) of wrk over the paths for `seconds`."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % {"paths": paths_file})
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    script.unlink()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    hits, total = (int(value) for value in re.search(r"HITS (\d+) (\d+)", output).groups())
    return rate, hits / max(total, 1)


def warm(base, paths):
    """Every page requested once, as readers would have before the phase."""
    for path in paths:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(base + path, timeout=30).close()


class Writer(threading.Thread):
    """Writes in this process through the ORM, as the desk does, every `every` seconds."""

    def __init__(self, action, every):
        super().__init__(daemon=True)
        self.action, self.every = action, every
        self.stop = threading.Event()
        self.count = 0

    def run(self):
        from django.db import close_old_connections

        self.error = None
        while True:
            close_old_connections()
            try:
                self.action(self.count)
            except Exception as error:  # Reported by the phase, which then fails.
                self.error = error
                return
            self.count += 1
            if self.stop.wait(self.every):
                return


def autosave_action():
    from django.contrib.auth import get_user_model

    from articles.models import Article, Section
    from desk import autosave

    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    draft = Article.objects.create(
        headline="A draft being written",
        slug=f"bench-draft-{os.getpid()}-{int(time.time())}",
        section=Section.objects.first(),
        body="<p>Typing.</p>",
    )

    def act(count):
        autosave.keep(user, Article, draft.pk, [["body", f"<p>Typing {count}</p>"]])
        draft.body = f"<p>Typing {count}</p>"
        draft.save()

    return act, draft


def publish_action(hubs, label):
    from django.utils import timezone

    from articles.models import Article, Section

    section = Section.objects.first()
    made = []

    def act(count):
        article = Article.objects.create(
            headline=f"Bench story {count} about the hubs",
            slug=f"bench-story-{label}-{os.getpid()}-{count}",
            section=section,
            body="<p>News.</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        article.organizations.add(*hubs)
        made.append(article)

    return act, made


def hub_organizations(count=3):
    from django.db.models import Count

    from organizations.models import Organization

    return list(
        Organization.objects.annotate(stories=Count("articles")).order_by("-stories")[:count]
    )


def start_varnish(backend_port, workdir):
    from pagecache.management.commands.varnish_vcl import render

    vcl = Path(workdir) / "bench.vcl"
    vcl.write_text(
        render([("127.0.0.1", backend_port)], ["127.0.0.1"], os.environ["VARNISH_PURGE_SECRET"])
    )
    port = free_port()
    process = subprocess.Popen(
        [
            shutil.which("varnishd") or "/usr/sbin/varnishd",
            "-F",
            "-j",
            "none",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-n",
            str(Path(workdir) / "varnish"),
            "-s",
            "malloc,256m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("varnishd did not start")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=30, help="per phase")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--varnish", action=argparse.BooleanOptionalAction, default=True)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("This benchmark drives Debian's wrk: apt-get install wrk")

    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="false",
        SECRET_KEY="benchmarks-only-not-a-secret",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=options.redis_url,
        TASKS_IMMEDIATE="true",
        VARNISH_PURGE_SECRET="benchmarks-only-purge-secret",
    )
    use_database(options.database_url, name=f"cache-{options.articles}")
    ensure_corpus(options.articles)
    import redis

    redis.Redis.from_url(options.redis_url).flushdb()
    from django.db import connection

    from articles.models import Article

    slugs = list(Article.objects.published().values_list("slug", flat=True))
    paths = [f"/articles/{slug}/" for slug in random.Random(1).sample(slugs, min(400, len(slugs)))]
    paths_file = Path(tempfile.mkstemp(suffix=".txt")[1])
    paths_file.write_text("\n".join(paths) + "\n")
    hubs = hub_organizations()
    connection.close()

    workdir = tempfile.mkdtemp(prefix="newsroom-cache-bench-")
    port = free_port()
    server = start_server(dict(os.environ), port, log=str(Path(workdir) / "gunicorn.log"))
    results = []
    cleanup = []
    try:
        base = f"http://127.0.0.1:{port}"

        def phase(name, base, writer=None):
            warm(base, paths)
            if writer:
                writer.start()
            rate, hits = wrk(base, paths_file, options.seconds)
            if writer:
                writer.stop.set()
                writer.join()
                if writer.error is not None:
                    raise SystemExit(f"The writer failed in {name!r}: {writer.error!r}")
            results.append((name, rate, hits, writer.count if writer else 0))
            print(f"  {name}: {rate:,.0f} requests/s, hit rate {hits:.1%}", flush=True)

        print(
            f"{options.articles} articles, {len(paths)} article pages, gunicorn 2 sync workers, "
            f"Redis page cache, {options.seconds} s per phase"
        )
        phase("gunicorn, no writes", base)
        act, draft = autosave_action()
        cleanup.append(draft.delete)
        phase("gunicorn, a draft autosaved every 2 s", base, Writer(act, 2))
        act, made = publish_action(hubs, "gunicorn")
        cleanup.append(lambda: [article.delete() for article in made])
        phase("gunicorn, a story published every 10 s", base, Writer(act, 10))
        # The machine's own drift over the run, measured: the baseline is both.
        phase("gunicorn, no writes (again)", base)

        if options.varnish:
            varnish, varnish_port = start_varnish(port, workdir)
            edge = f"http://127.0.0.1:{varnish_port}"
            from django.conf import settings

            settings.VARNISH_PURGE_URLS = [edge + "/"]

            def stop_varnish():
                settings.VARNISH_PURGE_URLS = []
                varnish.terminate()

            cleanup.append(stop_varnish)
            phase("Varnish, no writes", edge)
            act, more = publish_action(hubs, "varnish")
            cleanup.append(lambda: [article.delete() for article in more])
            phase("Varnish, a story published every 10 s", edge, Writer(act, 10))
    finally:
        for step in reversed(cleanup):
            step()
        stop_server(server)
        paths_file.unlink()

    baseline = (results[0][1] + results[3][1]) / 2
    print(
        "\nRatios are to the mean of the two no-writes phases on gunicorn.\n"
        "phase                                      requests/s   ratio   hit rate   writes"
    )
    for name, rate, hits, writes in results:
        print(f"{name:<42} {rate:>10,.0f}   {rate / baseline:>5.2f}×   {hits:>7.1%}   {writes:>6}")
    figures = {name: (rate / baseline, hits) for name, rate, hits, _ in results}
    autosave_ratio, autosave_hits = figures["gunicorn, a draft autosaved every 2 s"]
    publish_ratio, _ = figures["gunicorn, a story published every 10 s"]
    failed = []
    if autosave_ratio < 0.95 or autosave_hits < 0.99:
        failed.append("draft autosaves below 0.95× or a 99% hit rate")
    if publish_ratio < 0.8:
        failed.append("a publish every 10 s below 0.8×")
    if options.varnish and figures["Varnish, no writes"][0] < 2:
        failed.append("Varnish not several times gunicorn")
    print("\nTargets met." if not failed else "\nMissed: " + "; ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
