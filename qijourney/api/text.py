"""Text the API takes in: the NUL character is refused (400) wherever it is sent, in a query
parameter or anywhere in a JSON body, because PostgreSQL cannot store or even compare it."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

NUL = "\x00"
REFUSED = "Text may not contain the NUL character (\\u0000)"


def has_nul(value) -> bool:
    """Whether a parsed JSON value holds NUL in any string, key or item, however deep."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


def refuse_nul_parameters(query_params) -> None:
    """A query parameter whose name or value holds NUL is refused, naming it."""
    for name, values in query_params.lists():
        if has_nul(name) or has_nul(values):
            raise ValidationError({name.replace(NUL, "?"): REFUSED})


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies with NUL in them (the API's only parser)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_nul(data):
            raise ParseError(REFUSED)
        return data
