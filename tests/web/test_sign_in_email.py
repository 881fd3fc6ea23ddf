"""An email typed as the person writes it (capitals, spaces) signs in: it is stored in lower
case, at set-up and in the admin."""

from django.test import Client

from tests.factories import PASSWORD


def test_an_email_with_capitals_and_spaces_signs_in(nurse_a):
    client = Client()
    typed = f"  {nurse_a.email.upper()} "
    answer = client.post("/sign-in/", {"username": typed, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:300]
    assert client.get("/").status_code == 200
