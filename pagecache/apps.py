from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from pagecache import backend, versions

        # A bump that could not reach the cache during an outage must not
        # leave stale pages behind once it answers again.
        backend.on_recovery(versions.bump)
