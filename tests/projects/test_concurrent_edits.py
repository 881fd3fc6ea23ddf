"""Two people editing the same item: the second save, based on what they opened, is refused
with both versions shown (pages), or with 412 when an API client sends a stale If-Match."""

from __future__ import annotations

import json
import re

from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.projects.models import Project
from tests.factories import PASSWORD, MeasureFactory, PersonFactory


def opened(client, path: str) -> str:
    """The version a person's edit form was opened at."""
    page = client.get(path).content.decode()
    return re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)


def project_form(project, **changes) -> dict:
    form = {"title": project.title, "unit": project.unit_id, "lead": project.lead_id}
    form.update(method=project.method, phase=project.phase, status=project.status)
    return {**form, **changes}


def test_the_second_save_of_a_project_page_is_shown_both_and_refused(project_a, nurse_a, tree_a):
    colleague = PersonFactory(provider=tree_a.provider)
    project_a.team.create(person=colleague)
    first, second = Client(), Client()
    first.login(username=nurse_a.email, password=PASSWORD)
    second.login(username=colleague.email, password=PASSWORD)
    path = f"/projects/{project_a.pk}/edit/"
    version = opened(first, path)
    assert opened(second, path) == version
    saved = first.post(path, project_form(project_a, title="Fewer falls", version=version))
    assert saved.status_code == 302
    late = second.post(path, project_form(project_a, title="No falls", version=version))
    page = late.content.decode()
    assert late.status_code == 409 and "was changed since you opened it" in page
    assert "Fewer falls" in page and "No falls" in page
    assert Project.objects.get(pk=project_a.pk).title == "Fewer falls"
    # Having seen both, they may still save theirs over the other.
    fresh = re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)
    over = second.post(path, project_form(project_a, title="No falls", version=fresh))
    assert over.status_code == 302
    assert Project.objects.get(pk=project_a.pk).title == "No falls"


def test_a_measure_page_edit_based_on_an_old_version_is_refused(project_a, nurse_a, client):
    measure = MeasureFactory(project=project_a, name="Falls")
    client.login(username=nurse_a.email, password=PASSWORD)
    path = f"/measures/{measure.pk}/edit/"
    version = opened(client, path)
    measure.name = "Falls at night"
    measure.save()
    form = {"name": "Falls per week", "kind": measure.kind, "direction": measure.direction}
    form.update(frequency=measure.frequency, chart_type="xmr", multiplier=1, version=version)
    response = client.post(path, form)
    assert response.status_code == 409 and "Falls at night" in response.content.decode()
    measure.refresh_from_db()
    assert measure.name == "Falls at night"


def test_the_api_gives_etags_and_refuses_a_stale_if_match(project_a, nurse_a):
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=nurse_a).key}")
    path = f"/api/projects/{project_a.pk}/"
    etag = api.get(path)["ETag"]
    changed = api.patch(
        path, json.dumps({"title": "A"}), content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200 and changed["ETag"] != etag
    stale = api.patch(
        path, json.dumps({"title": "B"}), content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert Project.objects.get(pk=project_a.pk).title == "A"
    # A pipeline that sends no If-Match is taken as before.
    blind = api.patch(path, json.dumps({"title": "C"}), content_type="application/json")
    assert blind.status_code == 200
    assert Project.objects.get(pk=project_a.pk).title == "C"
