"""History pages, restoring a version (refused on a concurrent edit), soft delete and
Recently deleted, the API's history, and that another organisation's history is not found."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from qijourney.audit.models import AuditEvent
from qijourney.domain.constants import RESTORE_DAYS
from qijourney.measures import services as measure_services
from qijourney.measures.models import DataPoint, Measure
from qijourney.projects import services as project_services
from qijourney.projects.models import PDSACycle, Project
from qijourney.web.history.services import purge_expired
from tests.factories import PASSWORD, MeasureFactory, PersonFactory


@pytest.fixture
def lead(project_a, nurse_a):
    client = Client()
    assert client.login(username=nurse_a.email, password=PASSWORD)
    return client


def retitle(project, actor, title):
    project_services.update_project(actor=actor, project=project, fields={"title": title})


def test_the_history_page_lists_versions_in_words(lead, project_a, nurse_a):
    old_title = project_a.title
    retitle(project_a, nurse_a, "Fewer falls")
    project_services.update_project(
        actor=nurse_a, project=project_a, fields={"status": Project.Status.ON_HOLD}
    )
    page = lead.get(f"/history/projects/{project_a.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<caption" in text and 'scope="row"' in text
    assert "Status" in text and "Active" in text and "On hold" in text  # labels, not codes
    body = text[text.index("<h1>") :]
    assert body.index("On hold") < body.index(old_title)  # newest first
    assert str(nurse_a) in text
    detail = lead.get(f"/projects/{project_a.pk}/").content.decode()
    assert f"/history/projects/{project_a.pk}/" in detail


def test_restoring_a_version_shows_what_will_change_and_writes_it_back(lead, project_a, nurse_a):
    old_title = project_a.title
    retitle(project_a, nurse_a, "Fewer falls")
    first = project_a.history.order_by("history_id").first()
    path = f"/history/projects/{project_a.pk}/versions/{first.history_id}/"
    confirm = lead.get(path).content.decode()
    assert "What will change" in confirm and old_title in confirm and "Fewer falls" in confirm
    version = re.search(r'name="version" value="([0-9a-f]+)"', confirm).group(1)
    events = AuditEvent.objects.count()
    assert lead.post(path, {"version": version}).status_code == 302
    project_a.refresh_from_db()
    assert project_a.title == old_title
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1
    assert event.action == AuditEvent.Action.RESTORE
    assert event.changes == {"title": ["Fewer falls", old_title]}
    assert project_a.history.order_by("-history_id").first().audit_event_id == event.pk


def test_restoring_is_refused_when_someone_changed_it_since(lead, project_a, nurse_a):
    retitle(project_a, nurse_a, "Fewer falls")
    first = project_a.history.order_by("history_id").first()
    path = f"/history/projects/{project_a.pk}/versions/{first.history_id}/"
    seen = re.search(r'name="version" value="([0-9a-f]+)"', lead.get(path).content.decode())
    retitle(project_a, nurse_a, "No falls")  # a colleague saves meanwhile
    answer = lead.post(path, {"version": seen.group(1)})
    assert answer.status_code == 302 and answer["Location"] == path
    project_a.refresh_from_db()
    assert project_a.title == "No falls"


def test_a_deleted_point_leaves_the_chart_and_the_api_and_comes_back(lead, project_a, nurse_a):
    measure = MeasureFactory(project=project_a)
    point = measure_services.save_point(actor=nurse_a, measure=measure, date=dt.date(2025, 1, 6))
    lead.post(f"/measures/{measure.pk}/points/{point.pk}/delete/")
    assert not DataPoint.objects.filter(pk=point.pk).exists()
    assert DataPoint.all_objects.get(pk=point.pk).deleted_at is not None
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=nurse_a).key}")
    assert api.get(f"/api/measures/{measure.pk}/points/").json() == []
    deleted = lead.get("/recently-deleted/").content.decode()
    assert f"/recently-deleted/points/{point.pk}/restore/" in deleted
    # A new point on that date may be added meanwhile; restoring the old one is then refused.
    lead.post(f"/recently-deleted/points/{point.pk}/restore/")
    assert DataPoint.objects.filter(pk=point.pk).exists()
    actions = list(
        AuditEvent.objects.filter(subject_id=str(point.pk), subject_type="measures.DataPoint")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "delete", "restore"]


def test_a_deleted_project_leaves_every_list_until_restored(lead, project_a, nurse_a):
    measure = MeasureFactory(project=project_a)
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=nurse_a).key}")
    confirm = lead.get(f"/delete/projects/{project_a.pk}/")
    assert confirm.status_code == 200 and f"{RESTORE_DAYS} days" in confirm.content.decode()
    lead.post(f"/delete/projects/{project_a.pk}/")
    assert lead.get(f"/projects/{project_a.pk}/").status_code == 404
    assert project_a.title not in lead.get("/projects/").content.decode()
    listed = api.get("/api/projects/").json()
    ids = [p["id"] for p in (listed["results"] if isinstance(listed, dict) else listed)]
    assert project_a.pk not in ids
    assert not Measure.objects.filter(pk=measure.pk).exists()  # its measures go with it
    assert project_a.title in lead.get("/recently-deleted/").content.decode()
    lead.post(f"/recently-deleted/projects/{project_a.pk}/restore/")
    assert lead.get(f"/projects/{project_a.pk}/").status_code == 200
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_a_deleted_pdsa_cycle_is_restorable_only_within_the_retention(lead, project_a, nurse_a):
    cycle = project_services.save_pdsa(
        actor=nurse_a,
        project=project_a,
        fields={"ramp": "R", "title": "Test", "start_date": dt.date(2025, 1, 1)},
    )
    lead.post(f"/delete/pdsa-cycles/{cycle.pk}/")
    assert not PDSACycle.objects.filter(pk=cycle.pk).exists()
    PDSACycle.all_objects.filter(pk=cycle.pk).update(
        deleted_at=timezone.now() - dt.timedelta(days=RESTORE_DAYS + 1)
    )
    assert lead.post(f"/recently-deleted/pdsa-cycles/{cycle.pk}/restore/").status_code == 404
    assert purge_expired() == 1
    assert not PDSACycle.all_objects.filter(pk=cycle.pk).exists()
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditEvent.Action.PURGE and event.subject_id == str(cycle.pk)
    # Its versions outlive it, the last one saying it was removed.
    assert PDSACycle.history.filter(id=cycle.pk).order_by("-history_id")[0].history_type == "-"


def test_another_organisations_history_is_not_found(project_b, tree_a, client):
    outsider = PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])
    client.login(username=outsider.email, password=PASSWORD)
    assert client.get(f"/history/projects/{project_b.pk}/").status_code == 404
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=outsider).key}")
    assert api.get(f"/api/projects/{project_b.pk}/history/").status_code == 404


def test_someone_who_may_not_change_it_may_not_read_its_history(project_a, tree_a, client):
    colleague = PersonFactory(provider=tree_a.provider)
    client.login(username=colleague.email, password=PASSWORD)
    assert client.get(f"/history/projects/{project_a.pk}/").status_code == 403


def test_the_api_lists_versions_of_a_measure_and_its_points(project_a, nurse_a):
    measure = MeasureFactory(project=project_a)
    measure_services.import_points(
        actor=nurse_a,
        measure=measure,
        rows=[{"date": dt.date(2025, 1, 6), "value": 1.0}, {"date": dt.date(2025, 1, 13)}],
        source="a test",
    )
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=nurse_a).key}")
    found = api.get(f"/api/measures/{measure.pk}/history/").json()
    points = [v for v in found if v["item_type"] == "measures.DataPoint"]
    assert len(points) == 2 and {v["action"] for v in points} == {"import"}
    assert all(v["by"] == nurse_a.email for v in points)
    assert points[0]["changes"]["date"][0] is None
    project = api.get(f"/api/projects/{project_a.pk}/history/")
    assert project.status_code == 200


def test_deleting_a_pdsa_cycle_goes_to_its_project_not_to_its_own_missing_page(
    lead, project_a, nurse_a
):
    cycle = project_services.save_pdsa(
        actor=nurse_a,
        project=project_a,
        fields={"ramp": "R", "title": "Test", "start_date": dt.date(2025, 1, 1)},
    )
    answer = lead.post(f"/delete/pdsa-cycles/{cycle.pk}/", follow=True)
    assert answer.redirect_chain[-1][0] == f"/projects/{project_a.pk}/"
    assert answer.status_code == 200 and "Recently deleted" in answer.content.decode()


def test_only_earlier_versions_offer_restoring(lead, project_a, nurse_a):
    # A cycle with one version (what is saved now) has nothing to restore; the project's
    # page offers its earlier title only
    project_services.save_pdsa(
        actor=nurse_a,
        project=project_a,
        fields={"ramp": "R", "title": "Test", "start_date": dt.date(2025, 1, 1)},
    )
    retitle(project_a, nurse_a, "Fewer falls")
    page = lead.get(f"/history/projects/{project_a.pk}/").content.decode()
    restore = re.findall(r'href="(/history/[a-z-]+/\d+/versions/\d+/)"', page)
    own = f"/history/projects/{project_a.pk}/"
    assert restore and all(link.startswith(own) for link in restore)


def test_recently_deleted_names_a_point_by_its_date_in_words(lead, project_a, nurse_a):
    measure = MeasureFactory(project=project_a, name="Falls")
    point = measure_services.save_point(actor=nurse_a, measure=measure, date=dt.date(2025, 1, 6))
    lead.post(f"/measures/{measure.pk}/points/{point.pk}/delete/")
    assert "Falls: 6 January 2025" in lead.get("/recently-deleted/").content.decode()
    restored = lead.post(f"/recently-deleted/points/{point.pk}/restore/", follow=True)
    assert "The data point “Falls: 6 January 2025” is restored" in restored.content.decode()


def test_the_history_pages_through_older_versions(lead, project_a, nurse_a, monkeypatch):
    from qijourney.web.history import selectors as history_selectors

    monkeypatch.setattr(history_selectors, "HISTORY_PAGE_VERSIONS", 2)
    for n in range(4):
        retitle(project_a, nurse_a, f"Title {n}")  # five versions with the first
    path = f"/history/projects/{project_a.pk}/"
    first = lead.get(path).content.decode()
    assert "Title 3" in first and "Title 1" in first and "Title 0" not in first  # 3, 2
    assert 'aria-label="Pages of versions"' in first and 'href="?page=2"' in first
    assert "Newer versions" not in first
    last = lead.get(path + "?page=3").content.decode()
    assert "Older versions<" not in last and 'href="?page=2"' in last
    # The newest version overall offers no restore; an older page's first one does.
    assert "Restore this version" in lead.get(path + "?page=2").content.decode()
    assert "There are no older versions" in lead.get(path + "?page=99").content.decode()
    assert lead.get(path + "?page=nonsense").status_code == 200
