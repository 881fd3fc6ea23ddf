"""Training through the API: the same rules as the pages, in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.capability.models import Enrolment, Evaluation, Programme, StaffMember
from tests.capability.conftest import TODAY, complete


def token_client(person) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")


@pytest.fixture
def manager_api(qi_lead_a):
    return token_client(qi_lead_a)


def post(client, path, data, method="post"):
    return getattr(client, method)(path, data, content_type="application/json")


def test_run_a_cohort_through_the_api(manager_api, ladder, staff_list):
    programme = ladder["Improvement practitioner"]
    cohort = post(
        manager_api,
        "/api/cohorts/",
        {"programme": programme.slug, "name": "API cohort", "starts": "2026-01-10"},
    )
    assert cohort.status_code == 201, cohort.json()
    cohort_id = cohort.json()["id"]
    unknown = post(manager_api, "/api/enrolments/", {"cohort": cohort_id, "staff_number": "NOPE"})
    assert unknown.status_code == 400 and "NOPE" in str(unknown.json())
    place = post(manager_api, "/api/enrolments/", {"cohort": cohort_id, "staff_number": "S001"})
    assert place.status_code == 201, place.json()
    assert place.json()["staff_name"] == "Staff 1" and place.json()["completed_on"] is None
    done = post(
        manager_api,
        f"/api/enrolments/{place.json()['id']}/",
        {"completed_on": "2026-02-01"},
        method="patch",
    )
    assert done.status_code == 200 and done.json()["completed_on"] == "2026-02-01"
    evaluation = post(
        manager_api,
        "/api/evaluations/",
        {"enrolment": place.json()["id"], "level": 2, "score": 4, "recorded_on": "2026-02-02"},
    )
    assert evaluation.status_code == 201, evaluation.json()
    assert Evaluation.objects.get().score == 4
    completions = manager_api.get("/api/completions/?since=2026-01-01").json()["results"]
    assert [c["staff_number"] for c in completions] == ["S001"]
    assert manager_api.get("/api/completions/?since=soon").status_code == 400
    listed = manager_api.get(f"/api/enrolments/?cohort={cohort_id}").json()["results"]
    assert len(listed) == 1


def test_ladders_and_programmes_go_by_their_slugs(manager_api, ladder, staff_list):
    listed = {p["slug"]: p for p in manager_api.get("/api/programmes/").json()["results"]}
    coach = listed["improvement-coach"]
    assert (coach["ladder"], coach["ladder_name"], coach["tier"]) == (
        "dosing-tiers",
        "Dosing tiers",
        3,
    )
    unknown = post(manager_api, "/api/programmes/", {"name": "Gold", "ladder": "metals"})
    assert unknown.status_code == 400 and "ladder" in str(unknown.json())
    made = post(
        manager_api,
        "/api/programmes/",
        {"name": "Gold star", "ladder": "metals", "ladder_name": "Metals", "tier": 3},
    )
    assert made.status_code == 201, made.json()
    assert (made.json()["slug"], made.json()["ladder_name"]) == ("gold-star", "Metals")
    joined = post(manager_api, "/api/programmes/", {"name": "Tin", "ladder": "metals"})
    assert joined.status_code == 201 and joined.json()["ladder_name"] == "Metals"
    # A rename keeps the slug: pipelines that name the programme go on working.
    renamed = post(
        manager_api, f"/api/programmes/{coach['id']}/", {"name": "Coaching"}, method="patch"
    )
    assert renamed.status_code == 200 and renamed.json()["slug"] == "improvement-coach"
    complete(ladder["Improvement introduction"], [staff_list["S001"]], TODAY)
    complete(ladder["Improvement practitioner"], [staff_list["S002"]], TODAY)
    feed = manager_api.get("/api/completions/?programme=improvement-introduction").json()
    assert [(c["staff_number"], c["programme"]) for c in feed["results"]] == [
        ("S001", "improvement-introduction")
    ]


def test_staff_read_but_do_not_change_training(nurse_a, ladder, staff_list):
    api = token_client(nurse_a)
    programmes = api.get("/api/programmes/").json()["results"]
    assert {p["name"] for p in programmes} == set(ladder)
    refused = post(api, "/api/programmes/", {"name": "Mine", "ladder": "x", "tier": 1})
    assert refused.status_code == 403
    cohort = complete(ladder["Improvement introduction"], [staff_list["S002"]], TODAY)
    enrolment = Enrolment.objects.get(cohort=cohort)
    # Who trained is personal: others' places are not even visible to staff.
    assert api.get("/api/enrolments/").json()["results"] == []
    assert api.get("/api/completions/").json()["results"] == []
    refused = post(api, f"/api/enrolments/{enrolment.pk}/", {"withdrawn": True}, method="patch")
    assert refused.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.completed_on == TODAY


def test_another_organisations_training_is_invisible(tree_b, ladder, staff_list):
    from tests.factories import PersonFactory

    outsider = PersonFactory(provider=tree_b.provider, roles=["central_qi_team"])
    api = token_client(outsider)
    assert api.get("/api/programmes/").json()["results"] == []
    some = Programme.objects.filter(provider=ladder["Improvement coach"].provider).first()
    assert api.get(f"/api/programmes/{some.pk}/").status_code == 404
    sneaky = post(
        api, "/api/cohorts/", {"programme": some.slug, "name": "X", "starts": "2026-01-01"}
    )
    assert sneaky.status_code == 400 and "programme" in sneaky.json()["errors"]


def test_training_endpoints_are_in_the_schema(client, qi_lead_a):
    schema = token_client(qi_lead_a).get("/api/openapi.json").json()
    for path in ("/api/programmes/", "/api/cohorts/", "/api/enrolments/", "/api/evaluations/"):
        assert path in schema["paths"], path
    assert "get" in schema["paths"]["/api/completions/"]


def test_a_workforce_system_sends_the_staff_list(manager_api, tree_a, second_directorate, nurse_a):
    people = [
        {
            "staff_number": "W1",
            "name": "Wren",
            "role_group": "Nursing",
            "unit": "THR",
            "start_date": "2024-01-01",
            "manager": True,
        },
        {
            "staff_number": "W2",
            "name": "Wade",
            "role_group": "Medical",
            "unit": "Nowhere",
            "start_date": "2024-01-01",
            "end_date": "2023-01-01",
        },
        {"staff_number": "W1", "name": "Again", "role_group": "X", "unit": "THR"},
    ]
    refused = post(manager_api, "/api/staff-list/", people)
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {"index": 2, "errors": {"start_date": ["This field is required."]}}
    ]
    people[2]["start_date"] = "2024-02-02"
    refused = post(manager_api, "/api/staff-list/", people).json()["errors"]
    assert [e["index"] for e in refused] == [1, 2]
    assert "unit 'Nowhere' is not a directorate or team of the organisation" in refused[0]["errors"]
    assert "end_date is before start_date" in refused[0]["errors"]
    assert "staff_number is also in item 0" in refused[1]["errors"]
    assert not StaffMember.objects.exists()
    people[1].update(unit="Surgery", end_date=None)
    done = post(manager_api, "/api/staff-list/", people[:2])
    assert done.json() == {"added": 2, "updated": 0, "left": 0}
    again = post(manager_api, "/api/staff-list/?whole_list=true", people[:1])
    assert again.json() == {"added": 0, "updated": 0, "left": 1}
    listed = manager_api.get("/api/staff-list/").json()["results"]
    assert [p["staff_number"] for p in listed] == ["W1", "W2"] and listed[0]["is_manager"]
    # Someone who does not manage training neither reads nor sends it.
    nurse_api = token_client(nurse_a)
    assert nurse_api.get("/api/staff-list/").status_code == 403
    assert post(nurse_api, "/api/staff-list/", people[:1]).status_code == 403


def test_staff_see_their_own_training_record(nurse_a, ladder, staff_list):
    staff_list["S003"].person = nurse_a
    staff_list["S003"].save()
    complete(ladder["Improvement introduction"], [staff_list["S003"], staff_list["S004"]], TODAY)
    api = token_client(nurse_a)
    mine = api.get("/api/completions/").json()["results"]
    assert [c["staff_number"] for c in mine] == ["S003"]
    assert [e["staff_number"] for e in api.get("/api/enrolments/").json()["results"]] == ["S003"]


def test_partial_updates_change_only_what_they_name(manager_api, ladder, staff_list):
    cohort = complete(ladder["Improvement introduction"], [staff_list["S005"]], TODAY)
    enrolment = Enrolment.objects.get(cohort=cohort)
    kept = post(manager_api, f"/api/enrolments/{enrolment.pk}/", {"withdrawn": False}, "patch")
    assert kept.status_code == 200 and kept.json()["completed_on"] == TODAY.isoformat()
    both = {"withdrawn": True}
    refused = post(manager_api, f"/api/enrolments/{enrolment.pk}/", both, "patch")
    assert refused.status_code == 400  # withdrawn while a completion date stands
    first = post(
        manager_api,
        "/api/evaluations/",
        {
            "enrolment": enrolment.pk,
            "level": 1,
            "score": 2,
            "recorded_on": "2026-01-01",
            "comment": "Too long",
        },
    )
    assert first.status_code == 201, first.json()
    rescored = post(
        manager_api,
        "/api/evaluations/",
        {
            "enrolment": enrolment.pk,
            "level": 1,
            "score": 4,
            "recorded_on": "2026-01-02",
            "comment": "Better",
        },
    )
    assert rescored.status_code == 201, rescored.json()
    assert Evaluation.objects.get().score == 4
    patched = post(manager_api, f"/api/evaluations/{rescored.json()['id']}/", {"score": 5}, "patch")
    assert patched.status_code == 200 and Evaluation.objects.get().score == 5
    assert Evaluation.objects.get().comment == "Better"  # the patch named only the score
