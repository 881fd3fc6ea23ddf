"""What the OpenAPI schema says beside each operation's success: the errors it may answer
with, so a client (and the fuzzing in tests/api/test_fuzz.py) knows every status it can get."""

from __future__ import annotations

ERROR = "Error"
INVALID = "ValidationErrors"

COMPONENTS = {
    ERROR: {
        "type": "object",
        "description": "Why the request was not done",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    INVALID: {
        "description": "What was wrong with what was sent: messages by field name, a list of "
        "messages, or for bulk uploads the errors of each failing item by its index",
        "oneOf": [
            {"type": "object", "additionalProperties": True},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
}


def _response(description: str, component: str) -> dict:
    schema = {"$ref": f"#/components/schemas/{component}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors_for(method: str, operation: dict) -> dict[str, dict]:
    """The error answers an operation may give, by status code."""
    located = {p.get("in") for p in operation.get("parameters", [])}
    errors = {
        # Any request may be refused for what it sent: a NUL in a query parameter, if nothing
        # else (api/text.py).
        "400": _response("What was sent is not valid", INVALID),
        "401": _response("No valid token (or session) was sent", ERROR),
        "403": _response("You may not do this", ERROR),
    }
    if "path" in located:
        errors["404"] = _response("There is no such item in your organisation", ERROR)
    if method in ("put", "patch"):
        errors["412"] = _response("The item changed since it was read (If-Match)", ERROR)
    return errors


def error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation's error answers, documented."""
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for code, response in errors_for(method, operation).items():
                responses.setdefault(code, response)
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    return result
