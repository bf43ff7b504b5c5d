"""Log records that a log collector can search (see LOGGING in settings)."""

import logging


class RequestFields(logging.Filter):
    """
    Replace the request object Django attaches to its error records
    (`django.request`, `django.security.*`) with the fields worth keeping:
    method, path and the client's address. Never the query string, cookies
    or body, which may hold what should not be in logs.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            record.method = request.method
            record.path = request.path
            record.client = request.META.get("REMOTE_ADDR")
            del record.request
        return True
