"""The catalogue: read by everyone in the system, kept by the system's own improvement team
(audited, versioned, edit conflicts refused), an indicator removed only once no one feeds it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from qijourney.audit.models import AuditEvent
from qijourney.audit.versions import version_of
from qijourney.system.models import Indicator, IndicatorFeed
from qijourney.system.services import catalogue as services
from tests.factories import PASSWORD, PersonFactory

NEW = {
    "name": "Pressure ulcers",
    "definition": "Category 2 and above, acquired in hospital",
    "numerator_definition": "Pressure ulcers category 2+",
    "denominator_definition": "Occupied bed days",
    "data_type": "RC",
    "direction": "decrease",
    "target": "",
    "frequency": "monthly",
    "combine": "sum",
    "multiplier": "1000",
    "unit": "per 1,000 bed days",
}


def signed_in(person) -> Client:
    client = Client()
    assert client.login(username=person.email, password=PASSWORD)
    return client


def test_everyone_in_the_system_reads_the_catalogue(world):
    IndicatorFeed.objects.create(indicator=world.indicator, provider=world.a.provider)
    IndicatorFeed.objects.create(
        indicator=world.indicator, provider=world.b.provider, shared_with_system=True
    )
    practice_person = PersonFactory(provider=world.practices[0])
    for person in (world.nurse_a, world.ics_viewer, practice_person):
        page = signed_in(person).get("/system/indicators/")
        body = page.content.decode()
        assert page.status_code == 200
        assert "Falls with harm" in body and "Occupied bed days" in body
        assert "<strong>Ratio of two counts" in body and "Lower is better" in body
        assert "2 organisations" in body
        # Named only to those who compare with B: not to A, which keeps its own private.
        assert (world.b.provider.name in body) == (person is not world.nurse_a)
        assert 'href="/system/indicators/new/"' not in body
    # A does not share: counted, never named to B.
    body = signed_in(world.exec_b).get("/system/indicators/").content.decode()
    assert world.a.provider.name not in body
    other = signed_in(world.lead_c).get("/system/indicators/").content.decode()
    assert "Vale ICS" not in other and world.b.provider.name not in other


def test_the_system_team_adds_and_changes_indicators_by_the_pages(world):
    client = signed_in(world.ics_lead)
    assert 'href="/system/indicators/new/"' in client.get("/system/indicators/").content.decode()
    response = client.post("/system/indicators/new/", NEW)
    assert response.status_code == 302
    made = Indicator.objects.get(name="Pressure ulcers")
    assert made.provider == world.ics and made.multiplier == 1000
    assert AuditEvent.objects.filter(subject_type="system_view.Indicator").count() == 1
    opened = version_of(made)
    changed = dict(NEW, target="0.5", version=opened)
    assert client.post(f"/system/indicators/{made.pk}/edit/", changed).status_code == 302
    made.refresh_from_db()
    assert made.target == 0.5 and made.definition == NEW["definition"]
    # A second edit from the page opened before the first is refused with both shown.
    stale = client.post(f"/system/indicators/{made.pk}/edit/", dict(NEW, unit="%", version=opened))
    assert stale.status_code == 409
    made.refresh_from_db()
    assert made.unit == "per 1,000 bed days"
    assert made.history.count() == 2


@pytest.mark.parametrize("who", ["lead_a", "nurse_a", "ics_viewer", "lead_c"])
def test_only_the_system_team_keeps_the_catalogue(world, who):
    person = getattr(world, who)
    client = signed_in(person)
    assert client.post("/system/indicators/new/", NEW).status_code == 403
    status = client.post(f"/system/indicators/{world.indicator.pk}/edit/", NEW).status_code
    assert status == (404 if who == "lead_c" else 403)
    with pytest.raises(PermissionDenied):
        services.update_indicator(actor=person, indicator=world.indicator, fields={"unit": "x"})
    with pytest.raises(PermissionDenied):
        services.remove_indicator(actor=person, indicator=world.indicator)
    assert not Indicator.objects.filter(name="Pressure ulcers").exists()


def test_another_systems_team_cannot_touch_this_catalogue(world):
    far_lead = PersonFactory(provider=world.far_ics, roles=["central_qi_team"])
    with pytest.raises(PermissionDenied, match="Each integrated care system"):
        services.update_indicator(actor=far_lead, indicator=world.indicator, fields={"unit": "x"})
    client = signed_in(far_lead)
    assert client.get(f"/system/indicators/{world.indicator.pk}/edit/").status_code == 404


def test_an_edit_keeps_every_field_it_does_not_change(world):
    before = {f: getattr(world.indicator, f) for f in services.INDICATOR_FIELDS}
    services.update_indicator(actor=world.ics_lead, indicator=world.indicator, fields={"target": 2})
    world.indicator.refresh_from_db()
    after = {f: getattr(world.indicator, f) for f in services.INDICATOR_FIELDS}
    assert after == dict(before, target=2)


def test_removing_asks_first_and_is_refused_while_fed(world):
    client = signed_in(world.ics_lead)
    IndicatorFeed.objects.create(indicator=world.indicator, provider=world.b.provider)
    IndicatorFeed.objects.create(
        indicator=world.indicator, provider=world.a.provider, shared_with_system=True
    )
    page = client.get(f"/system/indicators/{world.indicator.pk}/remove/").content.decode()
    assert "cannot be removed yet" in page and "2 organisations feed it" in page
    # A feeder that does not share is counted, never named; one that shares is named.
    assert world.b.provider.name not in page and world.a.provider.name in page
    assert client.post(f"/system/indicators/{world.indicator.pk}/remove/").status_code == 409
    with pytest.raises(ValidationError, match="fed by 2 organisations"):
        services.remove_indicator(actor=world.ics_lead, indicator=world.indicator)
    assert Indicator.objects.filter(pk=world.indicator.pk).exists()
    world.indicator.feeds.all().delete()
    page = client.get(f"/system/indicators/{world.indicator.pk}/remove/").content.decode()
    assert "Remove Falls with harm from the catalogue?" in page
    response = client.post(f"/system/indicators/{world.indicator.pk}/remove/")
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=world.indicator.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert event.subject_id == str(world.indicator.pk) and event.provider == world.ics
    assert event.changes["name"] == ["Falls with harm", None]


def test_an_indicator_version_is_restored_from_its_history(world):
    services.update_indicator(actor=world.ics_lead, indicator=world.indicator, fields={"target": 2})
    client = signed_in(world.ics_lead)
    page = client.get(f"/history/indicators/{world.indicator.pk}/")
    assert page.status_code == 200
    first = world.indicator.history.order_by("history_id").first()
    response = client.post(
        f"/history/indicators/{world.indicator.pk}/versions/{first.history_id}/",
        {"version": version_of(Indicator.objects.get(pk=world.indicator.pk))},
    )
    assert response.status_code == 302
    world.indicator.refresh_from_db()
    assert world.indicator.target is None
    trust_view = signed_in(world.lead_a).get(f"/history/indicators/{world.indicator.pk}/")
    assert trust_view.status_code == 404  # a trust reads the catalogue, not its history


def test_the_header_shows_system_to_people_of_a_system(world, tree_b):
    assert 'href="/system/indicators/"' in signed_in(world.nurse_a).get("/").content.decode()
    lone = PersonFactory(provider=world.c.provider)
    world.c.provider.parent = None
    world.c.provider.save()
    assert 'href="/system/indicators/"' not in signed_in(lone).get("/").content.decode()
