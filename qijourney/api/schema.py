"""The OpenAPI schema declares the API's errors: each operation's problem responses
(``application/problem+json``, see ``problems.py``) beside its own answers."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from qijourney.api.problems import CONTENT_TYPE

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class ProblemSerializer(serializers.Serializer):
    """An error (RFC 9457)."""

    type = serializers.CharField(help_text="about:blank: the status says what happened")
    title = serializers.CharField(help_text="the HTTP status's phrase")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="what happened, and what to do, for a person")
    code = serializers.CharField(required=False, help_text="a stable code, e.g. not_found")
    errors = serializers.JSONField(
        required=False,
        help_text="refused input (400): messages by field name, or [{index, errors}] for a list",
    )

    class Meta:
        ref_name = "Problem"


class ProblemAutoSchema(AutoSchema):
    def problems(self) -> dict[str, str]:
        codes = {
            "401": "No valid token: send the header Authorization: Token <key>",
            "403": "You may not do this",
        }
        if "{" in self.path:
            codes["404"] = "Not found, or not your organisation's"
        if self.method in WRITES:
            codes["400"] = "Refused input: see errors; nothing was saved"
            codes["503"] = "The database was busy: nothing was saved; send again after Retry-After"
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self.problems().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ProblemSerializer, description=description),
                    code,
                    media_types=[CONTENT_TYPE],
                    direction=direction,
                )
        return dict(sorted(responses.items()))
