"""Headers Django does not set itself, and sign-in for every page but a few."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login

# Pages anyone may open: signing in, the static files, the health check.
PUBLIC_PREFIXES = ("/sign-in/", "/static/", "/health/", "/admin/login/", "/favicon.ico")


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


class SignInRequiredMiddleware:
    """Anonymous requests go to the sign-in page (the API answers 401 itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if request.path.startswith("/api/"):
                return self.get_response(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
