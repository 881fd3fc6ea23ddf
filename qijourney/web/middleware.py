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
