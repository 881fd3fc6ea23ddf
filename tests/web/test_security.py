"""Security from the start: sign-in everywhere, CSRF, headers, argon2, the audit trail."""

import re

import pytest
from django.contrib.auth.hashers import get_hasher
from django.test import Client

from qijourney.audit.models import AuditEvent
from tests.factories import PASSWORD


def test_anonymous_requests_go_to_sign_in(db, client):
    for path in ("/", "/projects/", "/projects/new/", "/organisation/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/?next=")


def test_health_check_is_public(db, client):
    assert client.get("/health/").json() == {"status": "ok"}


def test_passwords_are_hashed_with_argon2(nurse_a):
    assert nurse_a.password.startswith("argon2")
    assert get_hasher().algorithm == "argon2"


def test_security_headers_on_every_page(nurse_a, client):
    client.login(username=nurse_a.email, password=PASSWORD)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp  # the template's one inline script has a nonce
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_every_form_needs_a_csrf_token(tree_a, nurse_a):
    client = Client(enforce_csrf_checks=True)
    client.login(username=nurse_a.email, password=PASSWORD)
    response = client.post("/projects/new/", {"title": "Sneaky", "unit": tree_a.ward.pk})
    assert response.status_code == 403
    page = client.get("/projects/new/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.parametrize("path", ["/", "/projects/", "/organisation/", "/projects/new/"])
def test_pages_are_plain_and_offline(nurse_a, client, path):
    client.login(username=nurse_a.email, password=PASSWORD)
    page = client.get(path).content.decode()
    assert "https://" not in page.replace("https://www.w3.org", "")
    assert '<html lang="en-GB"' in page
    assert 'href="#maincontent"' in page  # skip link for keyboard users


def test_signing_in_and_out_is_audited(nurse_a, client):
    response = client.post("/sign-in/", {"username": nurse_a.email, "password": PASSWORD})
    assert response.status_code == 302
    client.post("/sign-out/")
    actions = list(AuditEvent.objects.filter(actor=nurse_a).values_list("action", flat=True))
    assert "sign_in" in actions and "sign_out" in actions


def test_wrong_password_is_refused_politely(nurse_a, client):
    response = client.post("/sign-in/", {"username": nurse_a.email, "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


def test_the_api_documentation_needs_sign_in(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_strategy_page_counts_only_its_own_organisation(tree_a, project_a, project_b, client):
    from qijourney.organisations.models import Person
    from qijourney.projects.models import Project

    Project.objects.filter(pk__in=[project_a.pk, project_b.pk]).update(priority=None)
    boss = Person.objects.create_superuser(
        email="root@example.nhs.uk", password=PASSWORD, full_name="Root", provider=tree_a.provider
    )
    client.login(username=boss.email, password=PASSWORD)
    page = client.get("/organisation/").content.decode()
    unaligned = re.search(r'aligned=no">Not linked to a priority</a></td>\s*<td[^>]*>(\d+)<', page)
    assert unaligned.group(1) == "1"  # project A; project B is another organisation's
