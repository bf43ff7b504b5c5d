"""
The OpenAPI document: drf-spectacular's, with the errors every operation
can answer (problem details, `api.problems`) written into each operation.
"""

from drf_spectacular.openapi import AutoSchema

from api.problems import MEDIA_TYPE, ProblemSerializer

ERRORS = {
    "400": "A query parameter is not valid.",
    "404": "No such record, or not (or no longer) published; or an invalid cursor.",
    "406": "The Accept header asks for something other than JSON.",
    "429": "Too many requests from this address; try again after Retry-After seconds.",
}


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, description in ERRORS.items():
            documented = self._get_response_for_code(
                ProblemSerializer, status, media_types=[MEDIA_TYPE], direction=direction
            )
            documented["description"] = description
            responses.setdefault(status, documented)
        return responses
