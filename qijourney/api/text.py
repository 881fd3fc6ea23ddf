"""Text the API takes in: the NUL character is refused (400) wherever it is sent, in a query
parameter or anywhere in a JSON body, because PostgreSQL cannot store or even compare it; and a
body nested deeper than any the API takes is refused (400) rather than recursed into."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

NUL = "\x00"
REFUSED = "Text may not contain the NUL character (\\u0000)"
# The deepest body the API takes is a list of items holding a list or object or two: far
# fewer levels than this. Python's JSON decoder recurses, and fails past about 1,000.
MAX_DEPTH = 32
TOO_DEEP = (
    f"The JSON body is nested more than {MAX_DEPTH} levels deep (lists or objects inside one "
    "another); the API takes a list of flat items: see /api/docs/"
)


def has_nul(value) -> bool:
    """Whether a parsed JSON value holds NUL in any string, key or item, however deep."""
    return checked(value)[0]


def checked(value) -> tuple[bool, int]:
    """Whether a parsed JSON value holds NUL anywhere, and how many lists or objects deep it
    goes: one pass, in a loop rather than recursion, so no depth can exhaust the stack."""
    nul, deepest, waiting = False, 0, [(value, 1)]
    while waiting:
        value, level = waiting.pop()
        if isinstance(value, str):
            nul = nul or NUL in value
        elif isinstance(value, dict | list):
            deepest = max(deepest, level)
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            waiting.extend((item, level + 1) for item in items)
    return nul, deepest


def refuse_nul_parameters(query_params) -> None:
    """A query parameter whose name or value holds NUL is refused, naming it."""
    for name, values in query_params.lists():
        if has_nul(name) or has_nul(values):
            raise ValidationError({name.replace(NUL, "?"): REFUSED})


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies with NUL in them or nested too deep (the API's only
    parser): each a 400 problem, as any other body that is not JSON the API reads."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:  # deeper than the decoder goes: not a ValueError
            raise ParseError(TOO_DEEP) from error
        nul, deepest = checked(data)
        if deepest > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        if nul:
            raise ParseError(REFUSED)
        return data
