"""What the OpenAPI schema says beside each operation's success: the errors it may answer
with, each a JSON problem (``application/problem+json``, see ``problems.py``), so a client
(and the fuzzing in tests/api/test_fuzz.py) knows every status and body it can get."""

from __future__ import annotations

from qijourney.api.problems import CONTENT_TYPE

PROBLEM = "Problem"

COMPONENTS = {
    PROBLEM: {
        "type": "object",
        "description": "Why the request was not done (RFC 9457)",
        "properties": {
            "type": {"type": "string", "description": "about:blank: the status says what"},
            "title": {"type": "string", "description": "the HTTP status's phrase"},
            "status": {"type": "integer"},
            "detail": {"type": "string", "description": "what happened, and what to do"},
            "code": {"type": "string", "description": "a stable code, e.g. not_found"},
            "errors": {
                "description": "refused input (400): messages by field name, a list of "
                "messages, or for bulk uploads the errors of each failing item by its index",
                "oneOf": [
                    {"type": "object", "additionalProperties": True},
                    {"type": "array"},
                ],
            },
        },
        "required": ["type", "title", "status", "detail"],
    },
}


def _response(description: str) -> dict:
    schema = {"$ref": f"#/components/schemas/{PROBLEM}"}
    return {"description": description, "content": {CONTENT_TYPE: {"schema": schema}}}


def errors_for(method: str, operation: dict) -> dict[str, dict]:
    """The error answers an operation may give, by status code."""
    located = {p.get("in") for p in operation.get("parameters", [])}
    errors = {
        # Any request may be refused for what it sent: a NUL in a query parameter, if nothing
        # else (api/text.py).
        "400": _response("What was sent is not valid: see errors; nothing was saved"),
        "401": _response("No valid token (or session) was sent"),
        "403": _response("You may not do this"),
    }
    if "path" in located:
        errors["404"] = _response("There is no such item in your organisation")
    if method in ("put", "patch"):
        errors["412"] = _response("The item changed since it was read (If-Match)")
    if method in ("post", "put", "patch", "delete"):
        errors["503"] = _response(
            "The database was busy: nothing was saved; send again after Retry-After"
        )
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
