"""
The whole site at once: `bump()` makes every cached page stale (a restored
backup, a bulk import that sends no signals, the cache answering again
after an outage, when a purge may have been lost), and `content_version()`
is the version every page carries for it (the `SITE` tag). Everything
finer is in `pagecache.tags`.
"""

import time

from pagecache import tags


def bump():
    """Every cached page is stale from now on, here and at the edge."""
    tags.purge({tags.SITE})


def content_version():
    """The version of the tag every page carries: it changes with each `bump()`."""
    return tags.versions([tags.SITE], (tags.sequence(), time.time()))[tags.SITE]
