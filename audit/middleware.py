"""The request's user as the actor of events that signals record (see `audit.trail`)."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from audit.trail import actor_from


class AuditActorMiddleware:
    """
    Make the request's user the actor of events recorded by signals.

    Goes after AuthenticationMiddleware. The user is looked up only if an
    event is recorded; the actor is reset when the response is returned.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        with actor_from(lambda: getattr(request, "user", None)):
            return self.get_response(request)

    async def __acall__(self, request):
        with actor_from(lambda: getattr(request, "user", None)):
            return await self.get_response(request)
