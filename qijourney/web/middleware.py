"""Headers Django does not set itself. (Sign-in for every page is Django's
LoginRequiredMiddleware: views anyone may open are marked ``login_not_required``.)"""

from __future__ import annotations


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages with patients' and staff data must not sit in shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class BodySizeLimitMiddleware:
    """Refuse a request whose body is larger than any the platform takes (413), from its
    Content-Length, before anything reads the body: a page's upload (MAX_PAGE_BODY_BYTES) or
    an API bulk body (MAX_API_BODY_BYTES). The upload form's own size check would only run
    once the whole body had been read. Under /api/ the answer is a JSON problem."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from qijourney.domain.constants import (
            MAX_API_BODY_BYTES,
            MAX_PAGE_BODY_BYTES,
            MAX_UPLOAD_BYTES,
        )

        api = request.path.startswith("/api/")
        most = MAX_API_BODY_BYTES if api else MAX_PAGE_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a malformed length as none
        if length <= most:
            return self.get_response(request)
        return too_large(request, MAX_API_BODY_BYTES if api else MAX_UPLOAD_BYTES, api=api)


def too_large(request, most: int, *, api: bool):
    """413: ``most`` is the limit to tell the person (a page's: its file's)."""
    from django.http import JsonResponse
    from django.shortcuts import render

    megabytes = most // (1024 * 1024)
    if api:
        detail = (
            f"The request body is larger than the API takes ({megabytes} MB), so none of it "
            "was read: send the rows in smaller batches."
        )
        body = {"type": "about:blank", "title": "Content Too Large", "status": 413}
        response = JsonResponse(
            {**body, "detail": detail}, status=413, content_type="application/problem+json"
        )
    else:
        response = render(request, "web/too_large.jinja", {"megabytes": megabytes}, status=413)
    # No "Connection: close": it is hop-by-hop, which a WSGI app may not set (PEP 3333;
    # waitress answers a bare 500 instead). The server decides whether to keep the connection.
    return response
