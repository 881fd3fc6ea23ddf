"""The API's documentation page, drawn on the server from the OpenAPI schema (no CDN, no
third-party viewer scripts, so it works offline and under the content security policy)."""

from __future__ import annotations

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator


def api_docs(request):
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("description", "").strip(),
                    "parameters": [p["name"] for p in operation.get("parameters", [])],
                    "body": body["schema"].get("$ref", "").rsplit("/", 1)[-1] if body else "",
                    "responses": ", ".join(operation.get("responses", {})),
                }
            )
    return render(
        request,
        "api/docs.jinja",
        {
            "info": schema["info"],
            "operations": operations,
            "components": schema.get("components", {}).get("schemas", {}),
        },
    )
