"""A person of organisation A can neither read nor change organisation B's items, through any
page: every URL pattern of the app is walked, with B's objects in its arguments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from qijourney.audit.models import AuditEvent
from qijourney.measures.models import DataPoint, Measure
from qijourney.projects.models import DriverNode, PDSACycle, Project, TeamMember
from tests.factories import PASSWORD, MeasureFactory, PersonFactory

# Patterns outside the walk, with the reason.
NOT_WALKED = {
    "admin": "the Django admin, which checks is_staff itself (tested separately)",
    "favicon.ico": "a redirect to a static file",
    "sign-in/": "public; acts only on the person signing in",
    "sign-out/": "acts only on the person signed in (and would end the walk's session)",
}


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def fill(route: str, objects: dict[str, int]) -> str:
    """A concrete path for a route like 'projects/<int:pk>/team/<int:member_pk>/remove/'.

    ``pk`` names the object of the route's first segment (projects/ or measures/).
    """
    import re

    def value(match):
        name = match.group(2)
        if name == "pk":
            name = route.split("/")[0] + ":pk"
        if name not in objects:
            raise AssertionError(
                f"The permission walk does not know how to fill <{name}> in "
                f"{route}; add an organisation-B object for it"
            )
        return str(objects[name])

    return "/" + re.sub(r"<(\w+:)?(\w+)>", value, route)


def fields(obj) -> tuple:
    obj.refresh_from_db()
    return tuple((f.name, getattr(obj, f.attname)) for f in obj._meta.concrete_fields)


def snapshot(project: Project, measure: Measure) -> tuple:
    return (
        fields(project),
        fields(measure),
        tuple(project.team.values_list("person_id", "role")),
        project.progress_history.count(),
        tuple(DataPoint.objects.filter(measure=measure).values_list("date", "value")),
        tuple(project.driver_nodes.values_list("id", "text")),
        tuple(project.pdsa_cycles.values_list("id", "title")),
        AuditEvent.objects.filter(provider=project.provider).count(),
    )


@pytest.fixture
def outsider(tree_a):
    """The most powerful person of organisation A short of a superuser."""
    return PersonFactory(
        provider=tree_a.provider, roles=["central_qi_team", "executive_lead"], is_staff=True
    )


def test_every_route_keeps_organisation_b_private(outsider, project_b, tree_b):
    member = TeamMember.objects.filter(project=project_b).first()
    measure = MeasureFactory(project=project_b)
    point = DataPoint.objects.create(measure=measure, date=dt.date(2025, 1, 1), value=3)
    node = DriverNode.objects.create(project=project_b, level=0, text="B's aim")
    cycle = PDSACycle.objects.create(
        project=project_b, ramp="B ramp", title="B's test", start_date=dt.date(2025, 1, 1)
    )
    objects = {
        "projects:pk": project_b.pk,
        "measures:pk": measure.pk,
        "member_pk": member.pk,
        "project_pk": project_b.pk,
        "point_pk": point.pk,
        "node_pk": node.pk,
        "cycle_pk": cycle.pk,
    }
    client = Client()
    assert client.login(username=outsider.email, password=PASSWORD)
    before = snapshot(project_b, measure)
    walked = []
    for route, _pattern in all_patterns():
        if route in NOT_WALKED or route.startswith("static/"):
            continue
        path = fill(route, objects)
        walked.append(route)
        for method in ("get", "post"):
            response = getattr(client, method)(
                path,
                data={
                    "title": "Taken over",
                    "unit": tree_b.ward.pk,
                    "score": "5.0",
                    "person": outsider.pk,
                    "role": "member",
                },
            )
            if "<" in route:  # a route naming one of B's objects
                assert response.status_code in (403, 404, 405), (method, path, response)
            else:
                body = response.content.decode(errors="replace")
                assert project_b.title not in body, (method, path)
                assert tree_b.provider.name not in body, (method, path)
    assert snapshot(project_b, measure) == before
    named = {name for name, _ in all_patterns() if "<" in name}
    assert named <= set(walked)
    assert len(walked) >= 10


def test_admin_is_only_for_staff(nurse_a, client):
    client.login(username=nurse_a.email, password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_person_without_an_organisation_sees_nothing(project_a, client, db):
    drifter = PersonFactory(provider=None)
    client.login(username=drifter.email, password=PASSWORD)
    assert client.get(f"/projects/{project_a.pk}/").status_code == 404
    assert project_a.title not in client.get("/projects/").content.decode()
