"""
The API's rate limit: `API_RATE_LIMIT` requests per client address
(`TRUSTED_PROXY_COUNT` tells the address behind our proxies), counted in
the shared cache so every web process counts together. Answers from the
page cache cost nothing and are not counted. While the cache is down
nothing is counted: the API stays up, unlimited.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AnonymousRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read on each request, so a changed setting takes effect without a restart of tests.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
