"""Ladders and programmes keep their slugs and their ladder through every page and API path."""

from __future__ import annotations

import json

from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.audit.models import AuditEvent
from qijourney.capability import services
from qijourney.capability.models import Ladder, Programme
from qijourney.organisations.models import Person
from tests.factories import PASSWORD, PersonFactory


def api(person) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=person)[0].key}")


def send(client, path, data, method="post"):
    return getattr(client, method)(path, json.dumps(data), content_type="application/json")


def shown_form(programme) -> dict:
    """The programme's page form, sent back exactly as it is shown."""
    return {
        "name": programme.name,
        "ladder": programme.ladder_id,
        "tier": programme.tier,
        "audience": programme.audience,
        "description": programme.description,
        "hours": programme.hours or "",
        "qualifies_as": programme.qualifies_as,
    }


def test_saving_a_programme_unchanged_keeps_its_ladder(client, qi_lead_a):
    """A ladder whose slug is not made from its name (the API's choice, or the migration's
    -2) stays the programme's ladder when its page is saved as shown."""
    made = send(
        api(qi_lead_a),
        "/api/programmes/",
        {"name": "Gold", "ladder": "metals", "ladder_name": "Bronze, silver, gold", "tier": 3},
    )
    assert made.status_code == 201, made.json()
    programme = Programme.objects.get(pk=made.json()["id"])
    client.login(username=qi_lead_a.email, password=PASSWORD)
    response = client.post(f"/capability/programmes/{programme.pk}/", shown_form(programme))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.ladder.slug, Ladder.objects.count()) == ("metals", 1)


def test_a_ladder_named_without_letters_or_digits_is_made(client, qi_lead_a):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    response = client.post(
        "/capability/programmes/", {"name": "Stars", "new_ladder": "★★★", "tier": 1}
    )
    assert response.status_code == 302
    programme = Programme.objects.get(name="Stars")
    assert (programme.ladder.name, programme.ladder.slug, programme.slug) == (
        "★★★",
        "ladder",
        "stars",
    )
    assert AuditEvent.objects.filter(subject_type="capability.Ladder").count() == 1


def test_a_programme_form_asks_for_one_ladder(client, qi_lead_a, ladder):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    neither = client.post("/capability/programmes/", {"name": "Loose", "tier": 1})
    assert "Choose the programme&#39;s ladder, or name a new one" in neither.content.decode()
    coach = ladder["Improvement coach"]
    both = client.post(
        "/capability/programmes/",
        {"name": "Twice", "tier": 1, "ladder": coach.ladder_id, "new_ladder": "Other"},
    )
    assert "not both" in both.content.decode()
    assert not Programme.objects.filter(name__in=["Loose", "Twice"]).exists()


def test_renaming_a_ladder_keeps_its_programmes_and_slug(client, qi_lead_a, ladder):
    tiers = ladder["Improvement coach"].ladder
    client.login(username=qi_lead_a.email, password=PASSWORD)
    response = client.post(
        "/capability/programmes/ladders/", {"rename-ladder": tiers.pk, "rename-name": "Doses"}
    )
    assert response.status_code == 302
    tiers.refresh_from_db()
    assert (tiers.name, tiers.slug, tiers.programmes.count()) == ("Doses", "dosing-tiers", 4)
    event = AuditEvent.objects.filter(subject_type="capability.Ladder").latest("id")
    assert event.changes == {"name": ["Dosing tiers", "Doses"]}


def test_reinstalling_an_example_keeps_renamed_programmes(qi_lead_a, ladder):
    coach = ladder["Improvement coach"]
    services.save_programme(actor=qi_lead_a, programme=coach, fields={"name": "Coaching"})
    assert services.install_example(actor=qi_lead_a, example="dosing-tiers") == []
    assert not Programme.objects.filter(slug="improvement-coach-2").exists()


def test_the_api_names_ladders_by_slug_and_refuses_what_could_be_read_two_ways(qi_lead_a, ladder):
    client = api(qi_lead_a)
    coach = ladder["Improvement coach"]
    no_ladder = send(client, "/api/programmes/", {"name": "X", "ladder_name": "Dosing tiers"})
    assert no_ladder.status_code == 400 and "ladder" in no_ladder.json()["errors"]
    name_only = send(
        client, f"/api/programmes/{coach.pk}/", {"ladder_name": "Doses"}, method="patch"
    )
    assert name_only.status_code == 400 and "slug" in str(name_only.json())
    other_name = send(
        client,
        f"/api/programmes/{coach.pk}/",
        {"ladder": "dosing-tiers", "ladder_name": "Doses"},
        method="patch",
    )
    assert other_name.status_code == 400 and "/api/ladders/" in str(other_name.json())
    same = send(
        client,
        f"/api/programmes/{coach.pk}/",
        {"ladder": "dosing-tiers", "ladder_name": "Dosing tiers", "tier": 3},
        method="patch",
    )
    assert same.status_code == 200
    made = send(client, "/api/ladders/", {"name": "Metals"})
    assert made.status_code == 201 and made.json()["slug"] == "metals"
    renamed = send(client, f"/api/ladders/{made.json()['id']}/", {"name": "Metal"}, "patch")
    assert renamed.json() == {"id": made.json()["id"], "slug": "metals", "name": "Metal"}
    moved = send(client, f"/api/ladders/{made.json()['id']}/", {"slug": "x"}, "patch")
    assert moved.status_code == 400


def test_a_slug_two_organisations_use_is_refused_not_guessed(qi_lead_a, ladder, tree_b):
    lead_b = PersonFactory(provider=tree_b.provider, roles=["central_qi_team"])
    services.install_example(actor=lead_b, example="dosing-tiers")
    boss = Person.objects.create_superuser(
        email="root@example.nhs.uk", password=PASSWORD, full_name="Root"
    )
    response = send(
        api(boss),
        "/api/cohorts/",
        {"programme": "improvement-coach", "name": "Spring", "starts": "2026-03-01"},
    )
    assert response.status_code == 400 and "Several organisations" in str(response.json())


def test_staff_are_refused_before_what_they_sent_is_checked(nurse_a, ladder):
    response = send(api(nurse_a), "/api/programmes/", {"name": "Mine", "ladder": "nope"})
    assert response.status_code == 403


def test_a_new_ladder_cannot_be_told_apart_from_an_old_one_only_by_case(client, qi_lead_a, ladder):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    page = client.post(
        "/capability/programmes/", {"name": "Extra", "new_ladder": "dosing tiers", "tier": 1}
    )
    assert "There is already a ladder called" in page.content.decode()
    assert Ladder.objects.filter(name__iexact="dosing tiers").count() == 1
    upper = send(
        api(qi_lead_a),
        "/api/programmes/",
        {"name": "Extra", "ladder": "Dosing-Tiers", "ladder_name": "Doses", "tier": 1},
    )
    assert upper.status_code == 400 and "lower-case" in str(upper.json())
