from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from pagecache import backend, tags, tasks, versions

        # A purge that could not reach the cache during an outage must not
        # leave stale pages behind once it answers again.
        backend.on_recovery(versions.bump)
        # The edge (Varnish, a CDN) is told after the page cache, by a task.
        tags.on_purge(tasks.enqueue)
