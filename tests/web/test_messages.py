"""A message after a redirect says what it is: a refusal is never dressed as "Done"."""

import pytest

from tests.factories import PASSWORD, PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_an_error_message_is_a_problem_banner_and_a_success_is_done(client, tree_a):
    nurse = PersonFactory(provider=tree_a.provider, unit=tree_a.ward)
    project = ProjectFactory(unit=tree_a.ward, lead=nurse)
    client.login(username=nurse.email, password=PASSWORD)
    refused = client.post(f"/projects/{project.pk}/progress/", {"score": ""}, follow=True)
    page = refused.content.decode()
    assert "Choose a progress score" in page
    assert "There is a problem" in page and 'role="alert"' in page
    assert "nhsuk-notification-banner--success" not in page and "Done" not in page
    saved = client.post(
        f"/projects/{project.pk}/progress/", {"score": "2.0", "note": "First cycle"}, follow=True
    )
    page = saved.content.decode()
    assert "Progress score updated" in page and "nhsuk-notification-banner--success" in page


def test_a_signed_in_person_gets_a_page_not_found_with_a_way_home(nurse_a, client):
    assert client.login(username=nurse_a.email, password=PASSWORD)
    response = client.get("/system/indicators/999999/compare/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in body and 'href="/"' in body and "nhsuk-header" in body
