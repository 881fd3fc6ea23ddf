"""Pages of API lists: ?limit= and ?offset=, checked before they reach the database."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from qijourney.domain.constants import MAX_API_PAGE
from qijourney.formatting import parse_id

LARGEST = 10**18 - 1  # what parse_id reads: within 64 bits, so no database overflows


class Pages(LimitOffsetPagination):
    """DRF's limit and offset, but text, negative or 64-bit-overflowing values are refused
    (400, naming the parameter) rather than quietly ignored or sent on to the database, and a
    limit above ``MAX_API_PAGE`` is cut to it, as DRF's ``max_limit`` does."""

    max_limit = MAX_API_PAGE
    limit_query_description = (
        f"Number of results to return per page, from 1; at most {MAX_API_PAGE:,} are returned"
    )
    offset_query_description = "Index of the first result to return, from 0"

    def get_limit(self, request):
        limit = self._number(request, self.limit_query_param, least=1)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):
        return self._number(request, self.offset_query_param, least=0) or 0

    @staticmethod
    def _number(request, name: str, *, least: int) -> int | None:
        text = request.query_params.get(name)
        if text is None or text == "":
            return None
        value = parse_id(text)
        if value is None or value < least:
            raise ValidationError(
                {name: f"Give {name} as a whole number from {least} to {LARGEST:,}"}
            )
        return value

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: 1, self.offset_query_param: 0}
        for parameter in parameters:
            parameter["schema"]["minimum"] = bounds[parameter["name"]]
            parameter["schema"]["maximum"] = LARGEST
        return parameters
