"""Every API error as a JSON problem (RFC 9457, ``application/problem+json``): ``type``,
``title``, ``status``, ``detail``, and for refused input ``errors`` naming each field or item.
Never an HTML page, whatever failed: DRF's exceptions (``exception_handler``), and addresses,
methods or crashes outside DRF under /api/ (``ProblemMiddleware``). A database too busy to
answer within its timeout is 503 with Retry-After, so a pipeline knows to send again; pages
get the same 503 as a page that says nothing was saved."""

from __future__ import annotations

import logging
from http import HTTPStatus

from django.db import OperationalError
from django.http import JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"
# Seconds a client is asked to wait before sending a request the database was too busy for.
RETRY_AFTER = 5
# PostgreSQL's "try again" conditions: lock not available, deadlock, serialization failure.
RETRYABLE_SQLSTATES = {"55P03", "40P01", "40001"}

logger = logging.getLogger(__name__)


def problem(status: int, detail: str, **extensions) -> dict:
    """The problem body. ``type`` is about:blank, so ``title`` is the status's own phrase."""
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extensions,
    }


def invalid(errors: list | dict, detail: str) -> Response:
    """400 for refused input, ``errors`` naming what was wrong (e.g. [{index, errors}])."""
    return Response(problem(400, detail, errors=errors), status=400, content_type=CONTENT_TYPE)


def database_busy(error: BaseException) -> bool:
    """Whether ``error`` is the database being too busy (locked) rather than broken."""
    if not isinstance(error, OperationalError):
        return False
    message = str(error).lower()
    cause = error.__cause__
    return "database is locked" in message or getattr(cause, "sqlstate", None) in (
        RETRYABLE_SQLSTATES
    )


BUSY_DETAIL = (
    f"The database is busy with other changes: nothing was saved. Send the request again in "
    f"{RETRY_AFTER} seconds."
)


def _validation_detail(errors) -> str:
    if isinstance(errors, dict):
        return "Some fields are not valid: " + ", ".join(map(str, errors)) + "."
    messages = [str(message) for message in errors if isinstance(message, str)]
    return " ".join(messages) or "The request is not valid."


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: its answer (status, headers such as WWW-Authenticate) with a
    problem body; a busy database is 503; anything else unexpected is left to raise (500)."""
    if database_busy(exc):
        logger.warning("API request refused, database busy: %s", exc)
        response = Response(
            problem(503, BUSY_DETAIL), status=503, headers={"Retry-After": str(RETRY_AFTER)}
        )
        response.content_type = CONTENT_TYPE
        return response
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail
        body = problem(response.status_code, _validation_detail(errors), errors=response.data)
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        body = problem(response.status_code, str(detail or HTTPStatus(response.status_code).phrase))
        code = getattr(getattr(exc, "detail", None), "code", None)
        if code:
            body["code"] = code
    response.data = body
    response.content_type = CONTENT_TYPE
    return response


DETAILS = {
    404: "There is nothing at this address in the API: see /api/docs/.",
    405: "This address does not accept that method.",
    500: "Something went wrong on the server; it has been logged. Nothing was saved.",
}


def problem_response(status: int, detail: str, **headers) -> JsonResponse:
    response = JsonResponse(problem(status, detail), status=status, content_type=CONTENT_TYPE)
    for name, value in headers.items():
        response[name] = value
    return response


class ProblemMiddleware:
    """Under /api/: an error answered outside DRF (no such address, a method a plain view
    refuses, a crash Django turned into its 500 page) becomes a problem; a busy database that
    a view outside DRF met becomes 503. A page that meets a busy database is the busy page
    (503, Retry-After), not the bare 500 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and "json" not in response.get("Content-Type", "")
        ):
            status = response.status_code
            replaced = problem_response(status, DETAILS.get(status, HTTPStatus(status).phrase))
            for name in ("Allow", "Retry-After", "WWW-Authenticate"):
                if name in response:
                    replaced[name] = response[name]
            return replaced
        return response

    def process_exception(self, request, exception):
        if not database_busy(exception):
            return None  # Django logs it and answers 500, which __call__ turns into a problem
        if request.path.startswith(API_PREFIX):
            logger.warning("API request refused, database busy: %s", exception)
            return problem_response(503, BUSY_DETAIL, **{"Retry-After": str(RETRY_AFTER)})
        # A page meets the same busy database: the same 503, as a page.
        logger.warning("Page request refused, database busy: %s", exception)
        return busy_page(request)


def busy_page(request):
    from django.shortcuts import render

    response = render(request, "web/busy.jinja", {"seconds": RETRY_AFTER}, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
