"""Signing in and out, and the organisation's strategy page."""

from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qijourney.audit.services import record
from qijourney.organisations import presenters
from qijourney.organisations.forms import SignInForm


class SignInView(LoginView):
    template_name = "organisations/sign_in.jinja"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record(
            actor=self.request.user,
            action="sign_in",
            subject=self.request.user,
            provider=self.request.user.provider,
        )
        return response


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        record(
            actor=request.user,
            action="sign_out",
            subject=request.user,
            provider=request.user.provider,
        )
    logout(request)
    return redirect("sign-in")


def api_token(request):
    """Create or replace the person's API key; the key is shown once, when it is made."""
    from rest_framework.authtoken.models import Token

    new_key = None
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        new_key = Token.objects.create(user=request.user).key
        record(
            actor=request.user,
            action="create",
            subject=request.user,
            provider=request.user.provider,
            label=f"API key for {request.user}",
        )
    has_key = Token.objects.filter(user=request.user).exists()
    return render(
        request, "organisations/api_token.jinja", {"new_key": new_key, "has_key": has_key}
    )


def organisation(request):
    return render(
        request,
        "organisations/organisation.jinja",
        {"page": presenters.organisation_page(request.user)},
    )
