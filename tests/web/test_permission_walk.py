"""A person of organisation A can neither read nor change organisation B's items, through any
page or API endpoint: every URL pattern of the app is walked, with B's objects in its arguments."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from qijourney.assessment.models import Action, AssessmentRound, Response
from qijourney.assessment.services import install_frameworks
from qijourney.audit.models import AuditEvent
from qijourney.capability.models import (
    CoachingLog,
    Cohort,
    DosingTarget,
    Enrolment,
    Evaluation,
    Ladder,
    Programme,
    Sharing,
    StaffMember,
)
from qijourney.learning.models import Story
from qijourney.measures.models import DataPoint, Measure
from qijourney.organisations.models import Organisation
from qijourney.projects.models import DriverNode, PDSACycle, Project, TeamMember
from qijourney.reporting.models import BoardReport, BoardReportItem, IssuedReport
from qijourney.system.models import Indicator, IndicatorFeed, IndicatorValue
from tests.factories import PASSWORD, MeasureFactory, PersonFactory

# Patterns outside the walk, with the reason.
NOT_WALKED = {
    "favicon.ico": "a redirect to a static file",
    "sign-in/": "public; acts only on the person signing in",
    "sign-out/": "acts only on the person signed in (and would end the walk's session)",
    "account/api-key/": "acts only on the person signed in",
}
# Creations the walk's person may make in their own organisation: the attempt names
# nothing of B's that could be refused, so success (in A) is right.
OWN_CREATES = {"/api/ladders": Ladder}
# Which object a route's <pk> names, by the path segment just before it.
PK_OF = {
    "projects": "project",
    "measures": "measure",
    "pdsa-cycles": "cycle",
    "metrics": "measure",
    "reports": "report",
    "issued": "issued",
    "rounds": "round",
    "programmes": "programme",
    "ladders": "ladder",
    "cohorts": "cohort",
    "targets": "target",
    "enrolments": "enrolment",
    "evaluations": "evaluation",
    "actions": "action",
    "shared": "round",
    "assessment-rounds": "round",
    "assessment-responses": "response",
    "boxes": "node",
    "points": "point",
    "staff": "staff",
    "stories": "story",
    "indicators": "indicator",
    "feeds": "feed",
}


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue  # the Django admin checks is_staff itself (tested below)
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def fill(route: str, objects: dict[str, int]) -> str:
    """A concrete path for a route, in Django's <int:pk> or a router's (?P<pk>...) form."""
    route = route.replace("^", "").replace("$", "")
    before_pk = re.split(r"/(?:<int:pk>|\(\?P<pk>)", route)[0].rsplit("/", 1)[-1]
    owner = PK_OF.get(before_pk, "")

    def value(match):
        name = match.group("name")
        key = f"{owner}:pk" if name == "pk" else name
        if name == "format":
            return "json"
        if name == "kind":
            return "pdf"
        if key not in objects:
            raise AssertionError(
                f"The permission walk does not know how to fill <{name}> in "
                f"{route}; add an organisation-B object for it"
            )
        return str(objects[key])

    # Router patterns first: a format suffix, then named groups; then Django's converters.
    path = re.sub(r"\\\.\(\?P<format>[^)]*\)/\?", ".json", route)
    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, path)
    path = re.sub(r"<(\w+:)?(?P<name>\w+)>", value, path)
    return "/" + path


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
        tuple(BoardReport.objects.filter(provider=project.provider).values_list("id", "title")),
        IssuedReport.objects.filter(provider=project.provider).count(),
        Response.objects.filter(round__provider=project.provider).count(),
        tuple(
            Action.objects.filter(round__provider=project.provider).values_list(
                "id", "text", "status", "owner_id", "due"
            )
        ),
        tuple(
            AssessmentRound.objects.filter(provider=project.provider).values_list(
                "id", "name", "opened", "shared_with_system"
            )
        ),
        AuditEvent.objects.filter(provider=project.provider).count(),
        # Nothing of theirs is deleted, restored or given a version.
        project.history.count(),
        measure.history.count(),
        DataPoint.history.filter(measure_id=measure.pk).count(),
        training_snapshot(project.provider),
        tuple(Story.objects.filter(provider=project.provider).values_list("id", "summary")),
        Story.history.filter(provider_id=project.provider_id).count(),
        Project.objects.filter(copied_from=project).count(),
        system_snapshot(project.provider),
    )


@pytest.fixture
def outsider(tree_a):
    """The most powerful person of organisation A short of a superuser."""
    return PersonFactory(
        provider=tree_a.provider, roles=["central_qi_team", "executive_lead"], is_staff=True
    )


@pytest.fixture
def organisation_b(project_b):
    member = TeamMember.objects.filter(project=project_b).first()
    measure = MeasureFactory(project=project_b)
    point = DataPoint.objects.create(measure=measure, date=dt.date(2025, 1, 1), value=3)
    node = DriverNode.objects.create(project=project_b, level=0, text="B's aim")
    cycle = PDSACycle.objects.create(
        project=project_b, ramp="B ramp", title="B's test", start_date=dt.date(2025, 1, 1)
    )
    report = BoardReport.objects.create(provider=project_b.provider, title="B's board report")
    BoardReportItem.objects.create(report=report, measure=measure)
    issued = IssuedReport.objects.create(
        report=report,
        provider=project_b.provider,
        title="B's issued report",
        period="Jan 2025",
        html_fragment="B",
        html="B",
        pdf=b"B",
        xlsx=b"B",
    )
    assessment = AssessmentRound.objects.create(
        provider=project_b.provider,
        framework=install_frameworks()[0],
        name="B's round",
        opened=dt.date(2025, 1, 1),
        shared_with_system=True,  # shared, but with B's system: A is not in it
    )
    answer = Response.objects.create(
        round=assessment,
        respondent=member.person,
        statement=assessment.framework.domains.first().statements.first(),
        rank=2,
    )
    action = Action.objects.create(
        round=assessment,
        domain=assessment.framework.domains.first(),
        text="B's action",
        owner=member.person,
    )
    training = capability_of(project_b)
    story = Story.objects.create(
        project=project_b,
        provider=project_b.provider,
        summary="B's story",
        published_on=dt.date(2025, 3, 1),
        frozen_on=dt.date(2025, 3, 1),
    )
    return {
        "story:pk": story.pk,
        **training,
        **system_of_b(project_b),
        "unit_pk": project_b.provider.pk,  # a place B feeds figures for
        "round:pk": assessment.pk,
        "action:pk": action.pk,
        "response:pk": answer.pk,
        "report:pk": report.pk,
        "issued:pk": issued.pk,
        "project:pk": project_b.pk,
        "measure:pk": measure.pk,
        "cycle:pk": cycle.pk,
        "member_pk": member.pk,
        "project_pk": project_b.pk,
        "point_pk": point.pk,
        "node_pk": node.pk,
        "cycle_pk": cycle.pk,
        "node:pk": node.pk,
        "point:pk": point.pk,
        "version_pk": project_b.history.order_by("-history_id").first().history_id,
        "_measure": measure,
    }


def capability_of(project) -> dict[str, int]:
    """Organisation B's training records: a programme, a cohort with a trainee, a target."""
    provider = project.provider
    ladder = Ladder.objects.create(provider=provider, slug="b", name="B")
    programme = Programme.objects.create(
        provider=provider, slug="bs-course", name="B's course", ladder=ladder
    )
    cohort = Cohort.objects.create(
        programme=programme, name="B's cohort", starts=dt.date(2025, 1, 1)
    )
    staff = StaffMember.objects.create(
        provider=provider,
        staff_number="B1",
        name="B's nurse",
        role_group="Nursing",
        unit=project.unit,
        start_date=dt.date(2020, 1, 1),
    )
    enrolment = Enrolment.objects.create(cohort=cohort, staff=staff)
    evaluation = Evaluation.objects.create(
        enrolment=enrolment, level=1, score=4, recorded_on=dt.date(2025, 2, 1)
    )
    target = DosingTarget.objects.create(provider=provider, programme=programme, percent=50)
    return {
        "ladder:pk": ladder.pk,
        "programme:pk": programme.pk,
        "cohort:pk": cohort.pk,
        "enrolment:pk": enrolment.pk,
        "evaluation:pk": evaluation.pk,
        "target:pk": target.pk,
        "staff:pk": staff.pk,
    }


def system_of_b(project) -> dict[str, int]:
    """B in a system of its own: an indicator of its catalogue, B's shared feed and a figure."""
    provider = project.provider
    provider.parent = Organisation.objects.create(name="B's ICS", kind=Organisation.Kind.SYSTEM)
    provider.save()
    indicator = Indicator.objects.create(
        provider=provider.parent,
        name="B's indicator",
        definition="B's",
        numerator_definition="n",
        denominator_definition="d",
        data_type=Indicator.DataType.PROPORTION,
    )
    feed = IndicatorFeed.objects.create(
        indicator=indicator, provider=provider, shared_with_system=True
    )
    IndicatorValue.objects.create(
        feed=feed, unit=provider, period=dt.date(2025, 1, 1), numerator=1, denominator=2
    )
    return {"indicator:pk": indicator.pk, "feed:pk": feed.pk}


def system_snapshot(provider) -> tuple:
    return (
        tuple(
            Indicator.objects.filter(provider=provider.parent).values_list(
                "id", "name", "target", "unit"
            )
        ),
        tuple(
            IndicatorFeed.objects.filter(provider=provider).values_list(
                "id", "measure_id", "shared_with_system"
            )
        ),
        tuple(
            IndicatorValue.objects.filter(feed__provider=provider).values_list(
                "unit_id", "period", "numerator", "denominator"
            )
        ),
        IndicatorValue.history.filter(feed__provider=provider).count(),
    )


def training_snapshot(provider) -> tuple:
    return (
        tuple(Programme.objects.filter(provider=provider).values_list("id", "name", "tier")),
        tuple(Ladder.objects.filter(provider=provider).values_list("id", "slug", "name")),
        tuple(
            Cohort.objects.filter(programme__provider=provider).values_list("id", "name", "starts")
        ),
        tuple(
            Enrolment.objects.filter(staff__provider=provider).values_list(
                "id", "completed_on", "withdrawn"
            )
        ),
        tuple(
            Evaluation.objects.filter(enrolment__staff__provider=provider).values_list(
                "id", "score", "comment"
            )
        ),
        tuple(Sharing.objects.filter(provider=provider).values_list("shared_with_system")),
        tuple(StaffMember.objects.filter(provider=provider).values_list("id", "name", "end_date")),
        tuple(DosingTarget.objects.filter(provider=provider).values_list("id", "percent")),
        CoachingLog.objects.filter(project__provider=provider).count(),
    )


ATTEMPT = {
    "title": "Taken over",
    "score": "5.0",
    "role": "member",
    "date": "2025-02-01",
    "value": "9",
    "level": "0",
    "text": "Taken",
    "name": "Taken",
    "ramp": "X",
    "start_date": "2025-01-01",
    "confirm": "1",
}


def test_every_route_keeps_organisation_b_private(outsider, project_b, tree_b, organisation_b):
    measure = organisation_b.pop("_measure")
    browser = Client()
    assert browser.login(username=outsider.email, password=PASSWORD)
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=outsider).key}")
    before = snapshot(project_b, measure)
    walked = []
    for route, _pattern in all_patterns():
        if route in NOT_WALKED or route.startswith("static/"):
            continue
        path = fill(route, organisation_b)
        walked.append(route)
        is_api = route.startswith("api/")
        client = api if is_api else browser
        names_an_object = "<" in route.replace("(?P<format>", "")
        methods = ("get", "post", "put", "patch", "delete") if is_api else ("get", "post")
        for method in methods:
            data = dict(ATTEMPT, unit=tree_b.ward.pk, person=outsider.pk, project=project_b.pk)
            if is_api and method != "get":
                response = getattr(client, method)(path, data=data, content_type="application/json")
            else:
                response = getattr(client, method)(path, data=data)
            if names_an_object:
                assert response.status_code in (400, 403, 404, 405), (method, path, response)
            else:
                body = response.content.decode(errors="replace")
                assert project_b.title not in body, (method, path)
                assert tree_b.provider.name not in body, (method, path)
                if response.status_code == 201:  # made in the walker's own organisation only
                    [model] = [m for p, m in OWN_CREATES.items() if path.startswith(p)]
                    made = model.objects.get(pk=response.json()["id"])
                    assert made.provider_id == outsider.provider_id, (method, path)
    assert snapshot(project_b, measure) == before
    assert {r for r, _ in all_patterns() if "<" in r and r not in NOT_WALKED} <= set(walked)
    assert sum(r.startswith("api/") for r in walked) >= 6


# Routes anyone may open (marked login_not_required), with the reason.
PUBLIC = {
    "sign-in/": "signing in",
    "health/": "the monitoring health check",
    "favicon.ico": "a redirect to a static file",
}


def test_every_page_needs_sign_in(organisation_b, db):
    """Django's LoginRequiredMiddleware: every page but the public ones sends an anonymous
    visitor to sign in, whatever the method."""
    organisation_b.pop("_measure")
    client = Client()
    for route, _pattern in all_patterns():
        if route.startswith(("api/", "static/")) or route in PUBLIC:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(fill(route, organisation_b))
            assert response.status_code == 302, (method, route, response.status_code)
            assert response["Location"].startswith("/sign-in/?next="), (method, route)
    for route in PUBLIC:
        assert client.get("/" + route).status_code in (200, 301, 302)
    # An address that is no page tells an anonymous visitor nothing either.
    unknown = client.get("/no-such-page/")
    assert unknown.status_code == 302 and unknown["Location"].startswith("/sign-in/?next=")


def test_anonymous_api_requests_are_refused(organisation_b, db):
    organisation_b.pop("_measure")
    client = Client()
    for route, _pattern in all_patterns():
        if not route.startswith("api/") or route == "api/docs/":
            continue
        response = client.get(fill(route, organisation_b))
        assert response.status_code == 401, (route, response.status_code)


def test_admin_is_only_for_staff(nurse_a, client):
    client.login(username=nurse_a.email, password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_person_without_an_organisation_sees_nothing(project_a, client, db):
    drifter = PersonFactory(provider=None)
    client.login(username=drifter.email, password=PASSWORD)
    assert client.get(f"/projects/{project_a.pk}/").status_code == 404
    assert project_a.title not in client.get("/projects/").content.decode()
