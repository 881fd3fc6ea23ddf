"""The catalogue and the figures in the API: the caller's system's indicators only; figures
sent in bulk into the caller's organisation's feeds, all or nothing, each refused item named
by its index in a problem+json answer."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.audit.models import AuditEvent
from qijourney.system.models import IndicatorFeed, IndicatorValue

PROBLEM = "application/problem+json"


def api(person) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=person)[0].key}")


def post(client, items):
    return client.post("/api/indicator-values/", items, content_type="application/json")


def test_the_catalogue_is_the_callers_systems(world):
    found = api(world.nurse_a).get("/api/indicators/").json()
    assert [i["name"] for i in found["results"]] == ["Falls with harm"]
    assert found["results"][0]["data_type"] == "RC" and found["results"][0]["data_type_meaning"]
    assert api(world.lead_c).get(f"/api/indicators/{world.indicator.pk}/").status_code == 404


def test_a_pipeline_upserts_figures_into_its_own_feed(world):
    client = api(world.lead_a)
    items = [
        {
            "indicator": world.indicator.pk,
            "unit": world.a.provider.code,
            "period": "2025-04",
            "numerator": 3,
            "denominator": 1200,
        },
        {
            "indicator": world.indicator.pk,
            "unit": world.a.ward.pk,
            "period": "2025-04",
            "numerator": "1",
            "denominator": "300",
        },
    ]
    response = post(client, items)
    assert response.status_code == 200, response.content
    assert response.json() == {"added": 2, "replaced": 0, "unchanged": 0}
    feed = IndicatorFeed.objects.get(provider=world.a.provider)
    assert not feed.shared_with_system
    again = post(
        client,
        [dict(items[0], numerator=4, period="2025-04-17"), dict(items[1], period="2025-04-01")],
    )
    assert again.json() == {"added": 0, "replaced": 1, "unchanged": 1}
    listed = client.get(f"/api/indicator-values/?indicator={world.indicator.pk}").json()
    assert sorted(v["numerator"] for v in listed["results"]) == [1, 4]
    assert api(world.exec_b).get("/api/indicator-values/").json()["results"] == []
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 2


def test_every_refused_item_is_named_and_nothing_is_saved(world):
    client = api(world.lead_a)
    good = {
        "indicator": world.indicator.pk,
        "unit": world.a.provider.code,
        "period": "2025-04",
        "numerator": 3,
        "denominator": 1200,
    }
    response = post(
        client,
        [
            good,
            dict(good, unit=world.b.provider.code),  # another trust's place
            dict(good, indicator=world.far_indicator.pk),  # another system's indicator
            dict(good, period="2025-05", numerator=-1, denominator=0),
            dict(good, period="2025-06", numerator="lots"),
            good,  # the same place and month twice
        ],
    )
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 400 and "none was saved" in body["detail"]
    by_index = {e["index"]: e["errors"] for e in body["errors"]}
    # Field types first (as every bulk endpoint): "lots" is not a number.
    assert by_index == {4: {"numerator": ["A valid number is required."]}}
    assert IndicatorValue.objects.count() == 0 and not IndicatorFeed.objects.exists()


def test_service_checks_name_each_item(world):
    client = api(world.lead_a)
    good = {
        "indicator": world.indicator.pk,
        "unit": world.a.provider.code,
        "period": "2025-04",
        "numerator": 3,
        "denominator": 1200,
    }
    response = post(
        client,
        [
            good,
            dict(good, unit=world.b.provider.code),
            dict(good, indicator=world.far_indicator.pk),
            dict(good, period="2025-05", numerator=-1, denominator=0),
            good,
        ],
    )
    by_index = {e["index"]: " ".join(e["errors"]) for e in response.json()["errors"]}
    assert set(by_index) == {1, 2, 3, 4}
    assert "not the ODS code" in by_index[1]
    assert "not in your system's catalogue" in by_index[2]
    assert "negative" in by_index[3] and "more than 0" in by_index[3]
    assert "also item 0" in by_index[4]
    assert not IndicatorFeed.objects.exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [([], 400), ({"indicator": 1}, 400), ([{"indicator": "x"}], 400)],
)
def test_malformed_bodies_are_problems(world, body, status):
    response = post(api(world.lead_a), body)
    assert response.status_code == status and response["Content-Type"] == PROBLEM


def test_who_may_not_feed_is_refused_before_the_body_is_read(world):
    response = post(api(world.nurse_a), [{"nonsense": True}])
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert "feed" in response.json()["detail"]


def test_the_system_feeds_its_practices_through_the_api(world):
    item = {
        "indicator": world.indicator.pk,
        "unit": world.practices[1].code,
        "period": "2025-04",
        "numerator": 2,
        "denominator": 700,
    }
    assert post(api(world.ics_lead), [item]).json()["added"] == 1
    refused = post(api(world.ics_lead), [dict(item, unit=world.a.ward.pk)])
    assert refused.status_code == 400
    assert "GP practices" in " ".join(refused.json()["errors"][0]["errors"])
