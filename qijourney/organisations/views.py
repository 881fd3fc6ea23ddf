"""Signing in and out, and the person's API key."""

from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qijourney.organisations import selectors, services
from qijourney.organisations.forms import SignInForm


class SignInView(LoginView):
    template_name = "organisations/sign_in.jinja"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.signed_in(self.request.user)
        return response


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.signing_out(request.user)
    logout(request)
    return redirect("sign-in")


def api_token(request):
    """Create or replace the person's API key; the key is shown once, when it is made."""
    new_key = None
    if request.method == "POST":
        new_key = services.replace_api_key(person=request.user)
    return render(
        request,
        "organisations/api_token.jinja",
        {"new_key": new_key, "has_key": selectors.has_api_key(request.user)},
    )
