from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off; ask your central QI team",
    }

    def clean_username(self):
        # Emails are stored in lower case (set-up, the admin): typed as written, they match.
        return self.cleaned_data["username"].lower()
