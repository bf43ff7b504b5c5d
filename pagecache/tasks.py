"""
Edge purges as background tasks (django-tasks): one task per configured
edge and purge, retried with a growing delay, and failed for good (an
error in the log, a failed task in the database for `purge_status`) only
after `ATTEMPTS`. In development tasks run at once, in the request
(`TASKS` in settings); in production `manage.py db_worker` runs them.
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from pagecache import purgers

logger = logging.getLogger(__name__)

ATTEMPTS = 5
FIRST_RETRY = datetime.timedelta(seconds=5)


@task()
def purge_edge(edge, tags, attempt=1):
    """Purge `tags` from the edge named `edge` (`purgers.configured()`)."""
    purger = purgers.configured().get(edge)
    if purger is None:
        logger.warning("Purge for %s dropped: the edge is no longer configured", edge)
        return
    try:
        purger.purge(tags)
    except purgers.PurgeFailed as error:
        if attempt >= ATTEMPTS:
            logger.error(
                "Purging %d tag(s) from %s failed %d times, giving up: %s. Pages stay stale "
                "there for up to CDN_MAX_AGE.",
                len(tags),
                edge,
                attempt,
                error,
            )
            raise
        if not purge_edge.get_backend().supports_defer:
            # Tasks run at once (development): no queue to retry from later.
            logger.error("Purging %d tag(s) from %s failed: %s", len(tags), edge, error)
            raise
        delay = FIRST_RETRY * 3 ** (attempt - 1)
        logger.warning("Purging from %s failed (%s); retrying in %s", edge, error, delay)
        purge_edge.using(run_after=timezone.now() + delay).enqueue(edge, tags, attempt + 1)


def enqueue(tags):
    """Tell every configured edge to purge `tags` (registered with `pagecache.tags.on_purge`)."""
    for edge in purgers.configured():
        purge_edge.enqueue(edge, list(tags))
